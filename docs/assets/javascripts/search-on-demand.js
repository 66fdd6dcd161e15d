/* Search loads when the reader opens it, not with every page. Material starts its search
   worker and asks for its index (search/search_index.json; from file://, a <script> of
   search/search_index.js) as each page loads: held here until the search field gets the
   focus (click, or the shortcuts « / », « s », « f ») or the page comes from a search
   result (?h=…, highlighted with the index). Runs before Material's bundle. */
(function () {
  "use strict"
  var INDEX = /(^|\/)search\/search_index\.(json|js)(\?|$)/
  var WORKER = /\/workers\/search\.[^/]*\.js(\?|$)/
  var waiting = []
  var opened = new URLSearchParams(location.search).has("h")

  function release() {
    if (opened) return
    opened = true
    waiting.splice(0).forEach(function (go) { go() })
  }

  // The worker (or the iframe-worker shim standing for it): messages wait with it.
  var RealWorker = window.Worker
  if (RealWorker) window.Worker = function (url, options) {
    if (opened || !WORKER.test(String(url))) return new RealWorker(url, options)
    var target = new EventTarget(), queue = [], worker = null
    target.postMessage = function (message) { worker ? worker.postMessage(message) : queue.push(message) }
    target.terminate = function () { if (worker) worker.terminate() }
    waiting.push(function () {
      worker = new RealWorker(url, options)
      worker.addEventListener("message", function (event) {
        target.dispatchEvent(new MessageEvent("message", { data: event.data }))
      })
      worker.addEventListener("error", function (event) {
        target.dispatchEvent(new ErrorEvent("error", { message: event.message, error: event.error }))
      })
      queue.splice(0).forEach(function (message) { worker.postMessage(message) })
    })
    return target
  }

  // Online: the index's XMLHttpRequest.
  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send
  XMLHttpRequest.prototype.open = function (method, url) {
    this.psdsIndex = INDEX.test(String(url))
    return open.apply(this, arguments)
  }
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments
    if (!request.psdsIndex || opened) return send.apply(request, args)
    waiting.push(function () { send.apply(request, args) })
  }

  // From file://: the index's <script>.
  var head = document.head, append = head.appendChild
  head.appendChild = function (node) {
    if (opened || !node || node.tagName !== "SCRIPT" || !INDEX.test(node.src || ""))
      return append.call(head, node)
    waiting.push(function () { append.call(head, node) })
    return node
  }

  function opensSearch(event) {
    var target = event.target
    if (target && target.closest && target.closest(".md-search__input, [for=__search], #__search"))
      release()
  }
  ["focusin", "click", "change"].forEach(function (type) {
    document.addEventListener(type, opensSearch, true)
  })
})();
