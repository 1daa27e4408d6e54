// The classiclink console's one script (docs/console.md): live updates and auto-submitting pickers.
// Every element with data-live="URL" is refreshed about once a second from that URL, which answers an
// HTML fragment rendered (and escaped) by the server; polling pauses while the tab is hidden.
"use strict";
(function () {
  var PERIOD_MS = 1000;

  function refresh(element) {
    return fetch(element.dataset.live, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 401) { window.location.reload(); return null; }  // session over: log in
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html !== null && html !== element.dataset.shown) {
          element.innerHTML = html;
          element.dataset.shown = html;
          element.dispatchEvent(new CustomEvent("console:updated", { bubbles: true }));
        }
      })
      .catch(function () { /* the server is restarting: try again next tick */ });
  }

  function tick() {
    if (document.visibilityState === "visible") {
      document.querySelectorAll("[data-live]").forEach(refresh);
    }
    window.setTimeout(tick, PERIOD_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-live]").forEach(function (element) {
      element.dataset.shown = element.innerHTML;
    });
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    window.setTimeout(tick, PERIOD_MS);
  });
})();
