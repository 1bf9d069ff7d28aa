// Light up a zone on the knee drawing when its checkbox is ticked (the checkboxes are the form;
// the drawing only mirrors them, so the page works without this script).
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.name !== "regions") return;
  document.querySelectorAll(`.knee-map .zone[data-region="${box.value}"]`).forEach((zone) => {
    zone.classList.toggle("on", box.checked);
  });
});
