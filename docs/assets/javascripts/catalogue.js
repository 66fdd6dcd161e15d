/* Tool catalogue filters: combined, counted, kept in the page address (#cps=…&age=…),
   working from file:// with no network. Without JavaScript the full list stays visible. */
(function () {
  "use strict";
  var form = document.querySelector("form.psds-filters");
  if (!form) return;
  var items = Array.prototype.slice.call(document.querySelectorAll(".psds-tool"));
  var count = document.querySelector(".psds-count");
  var names = ["cps", "age", "setting", "type"];

  function state() {
    var out = {};
    names.forEach(function (name) { out[name] = form.elements[name].value; });
    return out;
  }

  function matches(item, f) {
    var data = item.dataset;
    if (f.cps && data.cps.split(" ").indexOf(f.cps) < 0) return false;
    if (f.type && data.type !== f.type) return false;
    if (f.setting && data.settings.split(" ").indexOf(f.setting) < 0) return false;
    if (f.age) {
      var age = Number(f.age);
      // A tool whose ages the source does not give is left out of an age search.
      if (data.ageMin === "" && data.ageMax === "") return false;
      if (data.ageMin !== "" && age < Number(data.ageMin)) return false;
      if (data.ageMax !== "" && age > Number(data.ageMax)) return false;
    }
    return true;
  }

  function apply(save) {
    var f = state();
    var shown = 0;
    items.forEach(function (item) {
      var ok = matches(item, f);
      item.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = count.dataset.template
      .replace("{n}", String(shown)).replace("{total}", String(items.length));
    if (save) {
      var params = new URLSearchParams();
      names.forEach(function (name) { if (f[name]) params.set(name, f[name]); });
      var hash = params.toString();
      history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
    }
  }

  function restore() {
    var params = new URLSearchParams(location.hash.slice(1));
    names.forEach(function (name) {
      var value = params.get(name);
      var select = form.elements[name];
      if (value !== null && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
        select.value = value;
      }
    });
  }

  form.hidden = false;
  restore();
  apply(false);
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
})();
