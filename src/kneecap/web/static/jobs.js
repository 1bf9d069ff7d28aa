// Polls each unfinished job on the page and updates its bar; reloads the page when one ends
// so the results appear. No inline script: the CSP allows only files from this app.
(function () {
  "use strict";
  function poll(el) {
    var id = el.getAttribute("data-job-id");
    fetch("/api/v1/jobs/" + id, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (job) {
        if (!job) { return; }
        var bar = el.querySelector("progress");
        bar.value = job.percent;
        bar.textContent = job.percent + "%";
        el.querySelector(".job-percent").textContent = job.percent + "%";
        el.querySelector(".job-message").textContent = job.message;
        if (job.status === "done" || job.status === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(function () { poll(el); }, 1000);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(el); }, 3000); });
  }
  document.querySelectorAll(".job").forEach(function (el) {
    var status = el.getAttribute("data-status");
    if (status === "queued" || status === "running") { poll(el); }
  });
})();
