/* Tool catalogue filters: combined, counted, kept in the page address (#cps=…&age=…),
   working from file:// with no network. Without JavaScript the full list stays visible.
   Each option shows how many tools it would give with the other filters as set, and is
   disabled when it would give none; tools whose age or setting no source gives can be
   included; a search that finds nothing offers to remove each filter.
   On a printed fiche, the date of printing goes into its footer. */
(function () {
  "use strict";

  var lang = document.documentElement.lang || "fr";

  function stampPrintDate() {
    Array.prototype.forEach.call(document.querySelectorAll(".psds-print-date"), function (el) {
      var date = new Date().toLocaleDateString(lang === "fr" ? "fr-FR" : "en-GB",
        { day: "numeric", month: "long", year: "numeric" });
      el.textContent = el.dataset.template.replace("{date}", date);
    });
  }
  stampPrintDate();
  window.addEventListener("beforeprint", stampPrintDate);

  var form = document.querySelector("form.psds-filters");
  if (!form) return;
  var elements = Array.prototype.slice.call(document.querySelectorAll(".psds-tool"));
  var count = document.querySelector(".psds-count");
  var empty = document.querySelector(".psds-empty");
  var widen = document.querySelector(".psds-widen");
  var optionTemplate = form.querySelector("[data-option-template]").dataset.optionTemplate;
  var names = ["cps", "age", "setting", "type", "duration", "group", "cost", "where"];
  var unknown = ["age", "setting", "duration", "group"];  // filters whose value some tools do not give
  var narrow = window.matchMedia("(max-width: 44.9375em)");

  // Each card's facts read once into a plain record: counting every option of every filter
  // (a few thousand checks per change at 2,000 tools) then never touches the DOM.
  function num(value) { return value === "" || value === undefined ? null : Number(value); }
  var items = elements.map(function (el) {
    var d = el.dataset;
    return {
      el: el, cps: d.cps.split(" "), type: d.type, settings: d.settings ? d.settings.split(" ") : [],
      ageMin: num(d.ageMin), ageMax: num(d.ageMax), minutes: num(d.minutes),
      groupMin: num(d.groupMin), groupMax: num(d.groupMax), cost: d.cost, where: d.where
    };
  });

  // Each option's own text, before any count is added to it.
  names.forEach(function (name) {
    Array.prototype.forEach.call(form.elements[name].options, function (option) {
      option.dataset.text = option.textContent;
    });
  });

  function state() {
    var out = {};
    names.forEach(function (name) { out[name] = form.elements[name].value; });
    unknown.forEach(function (name) { out[name + "_unknown"] = form.elements[name + "_unknown"].checked; });
    return out;
  }

  function withValue(f, name, value) {
    var g = {};
    Object.keys(f).forEach(function (key) { g[key] = f[key]; });
    g[name] = value;
    return g;
  }

  var isUnknown = {
    age: function (item) { return item.ageMin === null && item.ageMax === null; },
    setting: function (item) { return item.settings.length === 0; },
    duration: function (item) { return item.minutes === null; },
    group: function (item) { return item.groupMin === null && item.groupMax === null; }
  };

  function within(n, low, high) {
    return (low === null || n >= low) && (high === null || n <= high);
  }

  function matches(item, f) {
    if (f.cps && item.cps.indexOf(f.cps) < 0) return false;
    if (f.type && item.type !== f.type) return false;
    if (f.cost === "free" && item.cost !== "gratuit" && item.cost !== "pret") return false;
    if (f.where === "pdl" && item.where !== "partout" && item.where !== "pays-de-la-loire") return false;
    for (var i = 0; i < unknown.length; i++) {
      var name = unknown[i];
      if (!f[name]) continue;
      if (isUnknown[name](item)) {
        if (!f[name + "_unknown"]) return false;
        continue;
      }
      var n = Number(f[name]);
      if (name === "setting" && item.settings.indexOf(f.setting) < 0) return false;
      if (name === "age" && !within(n, item.ageMin, item.ageMax)) return false;
      if (name === "duration" && item.minutes > n) return false;
      if (name === "group" && !within(n, item.groupMin, item.groupMax)) return false;
    }
    return true;
  }

  function countFor(f) {
    return items.filter(function (item) { return matches(item, f); }).length;
  }

  // "one|many" templates; in French 0 takes the singular (« 0 outil »).
  function plural(template, n) {
    var forms = template.split("|");
    var one = n === 1 || (n === 0 && lang === "fr");
    return (one || forms.length === 1 ? forms[0] : forms[1]).replace("{n}", String(n));
  }

  function selectedText(name) {
    var select = form.elements[name];
    return select.options[select.selectedIndex].dataset.text.replace(/^\u2014\s*/, "");
  }

  function update(f) {
    // Option counts: each option as if chosen, with the other filters as they are.
    names.forEach(function (name) {
      var select = form.elements[name];
      Array.prototype.forEach.call(select.options, function (option) {
        var n = countFor(withValue(f, name, option.value));
        option.textContent = optionTemplate.replace("{label}", option.dataset.text).replace("{n}", String(n));
        option.disabled = n === 0 && option.value !== "" && option.value !== select.value;
      });
    });
    // Tools with no age / setting reported: say how many, offer to include them.
    unknown.forEach(function (name) {
      var box = form.elements[name + "_unknown"];
      var label = box.closest("label");
      var test = isUnknown[name];
      var others = withValue(f, name, "");
      var n = items.filter(function (item) { return test(item) && matches(item, others); }).length;
      label.hidden = !f[name] || n === 0;
      var span = label.querySelector("span");
      span.textContent = plural(span.dataset.template, n);
    });
  }

  function apply(save) {
    unknown.forEach(function (name) {
      if (!form.elements[name].value) form.elements[name + "_unknown"].checked = false;
    });
    var f = state();
    var shown = 0;
    items.forEach(function (item) {
      var ok = matches(item, f);
      if (item.el.hidden === ok) item.el.hidden = !ok;
      if (ok) shown += 1;
    });
    // Tools shown although a set filter's value is unknown for them are counted aloud.
    var included = items.filter(function (item) {
      return !item.el.hidden && unknown.some(function (name) { return f[name] && isUnknown[name](item); });
    }).length;
    count.textContent = plural(count.dataset.template, shown).replace("{total}", String(items.length)) +
      (included ? plural(count.dataset.unknown, included) : "");
    update(f);
    // Nothing found: a button for each way out that gives tools (removing one filter, or
    // including the tools whose value is unknown), else one to clear every filter.
    widen.textContent = "";
    empty.hidden = shown > 0;
    function offer(text, action, focus) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = text;
      button.addEventListener("click", function () { action(); apply(true); focus.focus(); });
      widen.appendChild(button);
    }
    if (shown === 0) {
      names.forEach(function (name) {
        var n = f[name] ? countFor(withValue(f, name, "")) : 0;
        if (!n) return;
        offer(plural(widen.dataset.template, n).replace("{value}", selectedText(name)),
          function () { form.elements[name].value = ""; }, form.elements[name]);
      });
      unknown.forEach(function (name) {
        var box = form.elements[name + "_unknown"];
        if (!f[name] || box.checked) return;
        var n = countFor(withValue(f, name + "_unknown", true));
        if (!n) return;
        offer(plural(widen.dataset.include, n).replace("{what}", box.closest("label").querySelector("span").textContent),
          function () { box.checked = true; }, box);
      });
      if (!widen.firstChild) {
        offer(plural(widen.dataset.clear, items.length), function () { form.reset(); }, form.elements.cps);
      }
    }
    if (save) {
      var params = new URLSearchParams();
      names.forEach(function (name) { if (f[name]) params.set(name, f[name]); });
      unknown.forEach(function (name) { if (f[name + "_unknown"]) params.set(name + "_unknown", "1"); });
      var hash = params.toString();
      history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
    }
  }

  function restore() {
    var params = new URLSearchParams(location.hash.slice(1));
    names.forEach(function (name) {
      var value = params.get(name) || "";
      var select = form.elements[name];
      if (Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
        select.value = value;
      }
    });
    unknown.forEach(function (name) {
      form.elements[name + "_unknown"].checked = params.get(name + "_unknown") === "1";
    });
  }

  // On a phone, once a filter is set, the filters go to the top of the screen (just under
  // the header) and the results follow right below them: every filter stays one tap away
  // and the first results are in view. Nothing folds, nothing moves the focus; a wide
  // screen never scrolls.
  function resultsInView(f) {
    if (!narrow.matches || !names.some(function (name) { return f[name]; })) return;
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var offset = form.querySelector(".psds-filter-row").getBoundingClientRect().top - top - 8;
    if (Math.abs(offset) > 4) window.scrollBy(0, offset);
  }

  form.hidden = false;
  restore();
  apply(false);
  resultsInView(state());  // a shared link with filters opens on its results
  // A link to other filters of this same page (#setting=…) changes only the address.
  window.addEventListener("hashchange", function () { restore(); apply(false); resultsInView(state()); });
  form.addEventListener("change", function () { apply(true); resultsInView(state()); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
})();
