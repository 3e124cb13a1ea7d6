// Only makes the plain forms nicer: dropping files on the upload, progress of a
// build without reloading, and focus on the error summary. Everything works without it.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  var zone = document.getElementById("dropzone");
  var input = document.getElementById("files");
  var form = document.getElementById("upload-form");
  if (zone && input && form) {
    var hint = zone.querySelector(".drop-hint");
    if (hint) { hint.hidden = false; }
    zone.addEventListener("dragover", function (event) {
      event.preventDefault();
      zone.classList.add("dragging");
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("dragging"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("dragging");
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        form.submit();
      }
    });
  }

  var status = document.getElementById("build-status");
  if (status && (status.dataset.state === "queued" || status.dataset.state === "running")) {
    var refresh = document.querySelector(".refresh");
    if (refresh) { refresh.hidden = true; }
    var poll = function () {
      fetch(status.dataset.statusUrl, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          status.textContent = data.text;
          if (data.state === "done" || data.state === "failed") {
            window.location.reload();
          } else {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () { if (refresh) { refresh.hidden = false; } });
    };
    window.setTimeout(poll, 500);
  }
}());
