/* The search index is fetched when the reader opens search, not with every page.
   Material asks for its index (its language's search/search_index.json, or from file://
   search/search_index.js) as each page loads. This holds that request until the search
   field gets the focus (a click on it or on the magnifier, or Material's keyboard shortcuts
   « / », « s », « f », which focus it), or at once on a page opened from a search result
   (its address carries the searched words, ?h=…, which Material highlights with the index).
   Loaded before Material's bundle. */
(function () {
  "use strict"
  var INDEX = /(^|\/)search\/search_index\.(json|js)(\?|$)/
  var waiting = []
  var opened = new URLSearchParams(location.search).has("h")

  function release() {
    if (opened) return
    opened = true
    waiting.splice(0).forEach(function (go) { go() })
  }

  // Online: Material's XMLHttpRequest for search_index.json.
  var open = XMLHttpRequest.prototype.open
  var send = XMLHttpRequest.prototype.send
  XMLHttpRequest.prototype.open = function (method, url) {
    this.psdsSearchIndex = INDEX.test(String(url))
    return open.apply(this, arguments)
  }
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments
    if (request.psdsSearchIndex && !opened) {
      waiting.push(function () { send.apply(request, args) })
      return
    }
    return send.apply(request, args)
  }

  // From file://: the <script src=".../search_index.js"> Material adds to <head>.
  var head = document.head
  var append = head.appendChild
  head.appendChild = function (node) {
    if (!opened && node && node.tagName === "SCRIPT" && INDEX.test(node.src || "")) {
      waiting.push(function () { append.call(head, node) })
      return node
    }
    return append.call(head, node)
  }

  function opensSearch(event) {
    var target = event.target
    if (target && target.closest && target.closest(".md-search__input, [for=__search], #__search"))
      release()
  }
  document.addEventListener("focusin", opensSearch, true)
  document.addEventListener("click", opensSearch, true)
  document.addEventListener("change", opensSearch, true)
})();
