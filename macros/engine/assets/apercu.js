// Under `mkdocs serve` only (macros/engine/serve.py adds it to every page served; never built).
// 1. Live reload, as MkDocs' own inline script (which the pages' Content-Security-Policy
//    refuses): reload the page once a newer build is ready.
// 2. The last rebuild's error, polled every second, shown as a banner at the top of the
//    page until a rebuild succeeds. The message is set as text, never as HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  var epoch = parseFloat(script.dataset.epoch);
  var request = script.dataset.request;
  var statusUrl = script.dataset.status;
  var req, timeout;

  function poll() {
    req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        location.reload();
      } else {
        timeout = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    req.open("GET", "/livereload/" + epoch + "/" + request);
    req.send();
  }
  function stop() {
    if (req) req.abort();
    if (timeout) clearTimeout(timeout);
    req = timeout = undefined;
  }
  window.addEventListener("load", function () {
    if (document.visibilityState === "visible") poll();
  });
  window.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") poll(); else stop();
  });
  window.addEventListener("beforeunload", stop);

  var banner = null;
  var shown = null;

  function element(tag, text) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    return node;
  }

  function show(state) {
    var key = state.build + ":" + state.messages.join("\n");
    if (key === shown) return;
    hide();
    shown = key;
    banner = element("div");
    banner.id = "psds-apercu-erreur";
    banner.setAttribute("role", "alert");
    banner.setAttribute("lang", "fr");
    // Styles set through the DOM: the policy refuses inline style attributes and <style>.
    Object.assign(banner.style, {
      background: "#fdecea", color: "#4a0d0d", borderBottom: "4px solid #a40e0e",
      padding: "0.8rem 1rem", font: "0.85rem/1.45 system-ui, sans-serif",
      position: "relative", zIndex: "10",
    });
    var title = element("p", "Le site n'a pas pu être reconstruit : corrigez le fichier indiqué, puis enregistrez.");
    title.style.fontWeight = "bold";
    title.style.margin = "0 0 0.4rem";
    banner.appendChild(title);
    state.messages.forEach(function (message) {
      var text = element("pre", message);
      Object.assign(text.style, {
        whiteSpace: "pre-wrap", margin: "0 0 0.4rem", font: "inherit", fontFamily: "ui-monospace, monospace",
        background: "#ffffff", color: "#1a1a1a", padding: "0.4rem 0.6rem", border: "1px solid #d9a3a3",
      });
      banner.appendChild(text);
    });
    var note = element("p", "La page affichée est la dernière version construite sans erreur. Ce message disparaît dès que le site est reconstruit (le même message est dans le terminal de « make serve »).");
    note.style.margin = "0";
    banner.appendChild(note);
    document.body.insertBefore(banner, document.body.firstChild);
  }

  function hide() {
    if (banner && banner.parentNode) banner.parentNode.removeChild(banner);
    banner = shown = null;
  }

  function check() {
    fetch(statusUrl, { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (state && state.ok === false) show(state);
        else if (state) hide();
      })
      .catch(function () { /* serve stopped or restarting: try again */ })
      .then(function () { setTimeout(check, 1000); });
  }
  if (document.body) check(); else document.addEventListener("DOMContentLoaded", check);
})();
