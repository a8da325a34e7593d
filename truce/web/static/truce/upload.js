// Uploads with a progress bar: a form marked data-progress is sent with XMLHttpRequest and a <progress>
// shows how much has gone. Without this script the form posts as usual. The server answers the page to
// show next (after a redirect) or the form with its errors; either replaces this page.
"use strict";
(function () {
  document.querySelectorAll("form[data-progress]").forEach((form) => {
    const bar = form.querySelector("progress");
    const status = form.querySelector(".upload-status");
    form.addEventListener("submit", (event) => {
      if (typeof FormData === "undefined" || typeof XMLHttpRequest === "undefined") return;
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      if (bar) {
        bar.hidden = false;
        bar.value = 0;
      }
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.upload.addEventListener("progress", (e) => {
        if (!e.lengthComputable || !bar) return;
        bar.max = e.total;
        bar.value = e.loaded;
        if (status) status.textContent = Math.round((100 * e.loaded) / e.total) + "%";
      });
      xhr.addEventListener("load", () => {
        if (bar) bar.value = bar.max;
        // Show the server's answer as the page it is: the report page after the redirect (with its
        // "Evidence added." message, which a second request would no longer carry) or the form with
        // its errors; the address follows.
        if (xhr.responseURL) window.history.replaceState(null, "", xhr.responseURL);
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      xhr.addEventListener("error", () => {
        if (button) button.disabled = false;
        if (status) status.textContent = form.dataset.failed || "The upload failed; try again.";
      });
      xhr.send(new FormData(form));
    });
  });
})();
