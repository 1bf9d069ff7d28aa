// Light up a zone on the knee drawing when its checkbox is ticked (the checkboxes are the form;
// the drawing only mirrors them, so the page works without this script).
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.name !== "regions") return;
  document.querySelectorAll(`.knee-map .zone[data-region="${box.value}"]`).forEach((zone) => {
    zone.classList.toggle("on", box.checked);
  });
});

// Clicking a zone on the drawing ticks (or unticks) its checkbox: the same as ticking the box.
document.addEventListener("click", (event) => {
  const zone = event.target instanceof Element ? event.target.closest(".knee-map .zone") : null;
  if (!zone) return;
  const box = document.querySelector(`input[name="regions"][value="${zone.dataset.region}"]`);
  if (!(box instanceof HTMLInputElement)) return;
  box.checked = !box.checked;
  box.dispatchEvent(new Event("change", { bubbles: true }));
});
