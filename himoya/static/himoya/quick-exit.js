// Quick exit: leave for a neutral page in one action, without leaving a way back.
//
// location.replace() swaps the current history entry for the neutral page, so Back
// cannot land on this one. Links and GET forms inside Himoya also navigate with
// replace(), so the history never holds more than one Himoya entry to go back to.
(function () {
  "use strict";
  var exitUrl = document.body.getAttribute("data-exit-url");

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.body.style.display = "none";
    window.location.replace(exitUrl);
  }

  var button = document.getElementById("quick-exit");
  if (button) { button.addEventListener("click", leave); }

  // Esc leaves only on visitors' pages: staff press Esc to close pickers and menus
  // while filling forms, and would lose their work. They keep the button.
  if (document.body.hasAttribute("data-escape-exits")) {
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" || event.key === "Esc") { leave(event); }
    });
  }

  function sameSite(url) {
    return url.origin === window.location.origin;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.id === "quick-exit" || link.hasAttribute("download")) { return; }
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
    var url = new URL(link.href, window.location.href);
    if (!sameSite(url) || link.target) { return; }
    if (url.pathname === window.location.pathname && url.hash) { return; }
    event.preventDefault();
    window.location.replace(url.href);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if ((form.method || "get").toLowerCase() !== "get") { return; }
    var url = new URL(form.action || window.location.href, window.location.href);
    if (!sameSite(url)) { return; }
    event.preventDefault();
    url.search = new URLSearchParams(new FormData(form)).toString();
    window.location.replace(url.href);
  });
})();
