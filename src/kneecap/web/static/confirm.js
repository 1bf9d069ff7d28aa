// A form marked data-confirm="…" asks before it is sent (signing and releasing cannot be
// undone: a signed record is amended, never edited; a release is seen by the client at once).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
