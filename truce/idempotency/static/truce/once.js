// Disable a write form's submit buttons once it is sent, so that a double click sends it once. The form's
// one-time token (truce/idempotency/forms.py) is what guarantees it; this only spares the second request.
"use strict";
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (event.defaultPrevented || !form.querySelector || !form.querySelector("input[name=form_token]")) {
    return;
  }
  // After the browser has read the form: a disabled button is left out of what is sent.
  window.setTimeout(function () {
    form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach(
      function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      }
    );
  }, 0);
});

// A page the browser brings back from its cache (Back) shows its buttons usable again: sending the form
// once more is then the user's choice, and its token still makes it the same submission.
window.addEventListener("pageshow", function (event) {
  if (!event.persisted) {
    return;
  }
  document.querySelectorAll("form [aria-disabled=true]").forEach(function (button) {
    button.disabled = false;
    button.removeAttribute("aria-disabled");
  });
});
