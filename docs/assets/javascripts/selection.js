/* « Ma sélection »: tools and sessions a reader sets aside while browsing, kept in this
   browser's localStorage (no cookie, nothing sent), shown on the selection page in the
   reader's order, reordered from the keyboard, shared by the page address (#ids=a,b,c) and
   printed as a one-page plan. Works from file:// (the offline zip) too. No third-party code. */
(function () {
  "use strict";

  var KEY = "psds-selection";
  var memory = [];  // when the browser refuses storage, the selection lasts for the page

  function load() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(value) ? value.filter(function (id) { return typeof id === "string"; }) : [];
    } catch (error) {
      return memory.slice();
    }
  }

  function save(ids) {
    memory = ids.slice();
    try { window.localStorage.setItem(KEY, JSON.stringify(ids)); } catch (error) { /* memory only */ }
  }

  function plural(template, n) {
    var forms = template.split("|");
    return (n === 1 || forms.length === 1 ? forms[0] : forms[1]).replace("{n}", String(n));
  }

  // One polite live region per page, for what a button did.
  var live = null;
  function announce(text) {
    if (!live) {
      live = document.createElement("p");
      live.className = "md-visually-hidden";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  // ---- « Ajouter à ma sélection » on fiches and catalogue cards.
  var buttons = Array.prototype.slice.call(document.querySelectorAll("button[data-select]"));
  var selectionPage = document.querySelector(".psds-sel");

  function refreshButtons() {
    var ids = load();
    buttons.forEach(function (button) {
      var chosen = ids.indexOf(button.dataset.select) >= 0;
      button.textContent = chosen ? button.dataset.in : button.dataset.add;
      button.classList.toggle("psds-chosen", chosen);
    });
    Array.prototype.forEach.call(document.querySelectorAll(".psds-selection-link"), function (link) {
      if (!link.dataset.text) link.dataset.text = link.textContent;
      link.textContent = link.dataset.text + (ids.length ? " (" + ids.length + ")" : "");
    });
  }

  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      var ids = load();
      var at = ids.indexOf(button.dataset.select);
      if (at >= 0) ids.splice(at, 1); else ids.push(button.dataset.select);
      save(ids);
      refreshButtons();
      announce((at >= 0 ? button.dataset.removed : button.dataset.added).replace("{n}", String(ids.length)));
    });
  });
  refreshButtons();
  // Another tab changed the selection: follow it.
  window.addEventListener("storage", function (event) { if (event.key === KEY) refreshButtons(); });

  if (!selectionPage) return;

  // ---- The selection page.
  var root = selectionPage;
  var t = root.dataset;
  var list = root.querySelector(".psds-sel-list");
  var count = root.querySelector(".psds-sel-count");
  var total = root.querySelector(".psds-sel-total");
  var actions = root.querySelector(".psds-sel-actions");
  var urlField = root.querySelector(".psds-sel-url");
  var pool = {};
  Array.prototype.forEach.call(document.querySelectorAll(".psds-pool .psds-sel-item"), function (item) {
    pool[item.dataset.id] = item;
  });
  root.querySelector(".psds-sel-nojs").hidden = true;

  function known(ids) {
    var seen = {};
    return ids.filter(function (id) {
      if (!pool[id] || seen[id]) return false;
      seen[id] = true;
      return true;
    });
  }

  function nameOf(id) { return pool[id].querySelector(".psds-sel-name a").textContent; }

  function address(ids) {
    var base = location.href.split("#")[0];
    return ids.length ? base + "#ids=" + ids.map(encodeURIComponent).join(",") : base;
  }

  function control(kind, id, label) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button psds-sel-" + kind;
    button.dataset.action = kind;
    button.dataset.id = id;
    button.setAttribute("aria-label", label.replace("{name}", nameOf(id)));
    button.textContent = { up: "↑", down: "↓", remove: "✕" }[kind];
    return button;
  }

  function render(focus) {
    var ids = known(load());
    var fragment = document.createDocumentFragment();
    var minutes = 0;
    var unknown = 0;
    ids.forEach(function (id, index) {
      var li = document.createElement("li");
      li.className = "psds-sel-entry";
      li.dataset.id = id;
      var body = pool[id].cloneNode(true);
      body.removeAttribute("data-id");
      li.appendChild(body);
      var tools = document.createElement("div");
      tools.className = "psds-sel-controls";
      if (index > 0) tools.appendChild(control("up", id, t.up));
      if (index < ids.length - 1) tools.appendChild(control("down", id, t.down));
      tools.appendChild(control("remove", id, t.remove));
      li.appendChild(tools);
      fragment.appendChild(li);
      var m = pool[id].dataset.minutes;
      if (m === "") unknown += 1; else minutes += Number(m);
    });
    list.textContent = "";
    list.appendChild(fragment);
    list.hidden = ids.length === 0;
    actions.hidden = ids.length === 0;
    total.hidden = ids.length === 0;
    total.textContent = ids.length && unknown === ids.length ? t.totalNone :
      t.total.replace("{n}", String(minutes)) + (unknown ? " " + plural(t.totalUnknown, unknown) : "");
    count.textContent = ids.length ? plural(t.count, ids.length) : t.empty;
    var shared = address(ids);
    urlField.value = shared;
    Array.prototype.forEach.call(root.querySelectorAll(".psds-sel-address"), function (el) { el.textContent = shared; });
    history.replaceState(null, "", ids.length ? "#ids=" + ids.map(encodeURIComponent).join(",") : location.pathname + location.search);
    if (focus) {
      var target = list.querySelector('button[data-id="' + focus.id + '"][data-action="' + focus.action + '"]') ||
        list.querySelector('li[data-id="' + focus.id + '"] button') || list.querySelector("button") ||
        root.querySelector(".psds-sel-count");
      if (target) target.focus();
    }
  }

  // A shared link (#ids=…) becomes this browser's selection.
  var match = /(?:^#|&)ids=([^&]*)/.exec(location.hash);
  if (match) {
    save(known(match[1].split(",").filter(Boolean).map(decodeURIComponent)));
  }

  list.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button) return;
    var ids = known(load());
    var at = ids.indexOf(button.dataset.id);
    if (at < 0) return;
    var action = button.dataset.action;
    if (action === "remove") {
      ids.splice(at, 1);
      save(ids);
      var next = ids[Math.min(at, ids.length - 1)];
      render(next ? { id: next, action: "remove" } : null);
      if (!next) count.focus();
      announce(t.statusRemoved.replace("{n}", String(ids.length)));
      return;
    }
    var to = action === "up" ? at - 1 : at + 1;
    ids.splice(to, 0, ids.splice(at, 1)[0]);
    save(ids);
    // Keep the focus on the moved item (its same button, or the other one at an end).
    render({ id: button.dataset.id, action: action });
    announce(t.statusMoved.replace("{name}", nameOf(button.dataset.id)).replace("{n}", String(to + 1)));
  });

  root.querySelector(".psds-sel-print").addEventListener("click", function () { window.print(); });
  root.querySelector(".psds-sel-clear").addEventListener("click", function () {
    save([]);
    render(null);
    count.focus();
    announce(t.empty);
  });
  urlField.addEventListener("focus", function () { urlField.select(); });

  function stamp() {
    var date = new Date().toLocaleDateString(document.documentElement.lang === "en" ? "en-GB" : "fr-FR",
      { day: "numeric", month: "long", year: "numeric" });
    root.querySelector(".psds-sel-date").textContent = t.date.replace("{date}", date);
  }
  stamp();
  window.addEventListener("beforeprint", stamp);
  count.setAttribute("tabindex", "-1");
  render(null);
  window.addEventListener("storage", function (event) { if (event.key === KEY) render(null); });
})();
