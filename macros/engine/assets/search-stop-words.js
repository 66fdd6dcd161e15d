/* Prendre soin de soi: stop words never match on their own.
   Material's search adds a trailing wildcard to every word typed (« de » becomes « de* »),
   and lunr runs no stop-word filter on a wildcard term: « estime de soi » then ranked first
   the pages with the most words starting with « de ». This runs before Material's search
   worker (the build puts it at the head of that file) and takes out of each query the
   stop words of the index's languages (lunr-languages' lists, which Material loads), and
   one-letter words when other words remain. A query of stop words only finds nothing. */
(function () {
  "use strict"
  var SETUP = 0, QUERY = 2  // Material's SearchMessageType
  var languages = []
  var listen = self.addEventListener

  function isStopWord(word) {
    var lunr = self.lunr
    if (!lunr) return false
    return languages.some(function (lang) {
      var space = lang === "en" ? lunr : lunr[lang]
      return !!(space && space.stopWordFilter) && space.stopWordFilter(word) === undefined
    })
  }

  function withoutStopWords(query) {
    var words = query.trim().split(/\s+/).filter(function (word) {
      // Words with lunr's query syntax (+must -not field: ~fuzzy ^boost *) stay as typed.
      return /^[+\-]|[:~^*"]/.test(word) || !isStopWord(word.toLowerCase())
    })
    if (words.length > 1)
      words = words.filter(function (word) { return word.length > 1 })
    return words.join(" ")
  }

  self.addEventListener = function (type, handler, options) {
    if (type !== "message")
      return listen.call(self, type, handler, options)
    return listen.call(self, type, function (event) {
      var message = event.data
      if (message && message.type === SETUP && message.data && message.data.config)
        languages = message.data.config.lang || []
      if (message && message.type === QUERY && typeof message.data === "string")
        return handler.call(this, { data: { type: QUERY, data: withoutStopWords(message.data) } })
      return handler.call(this, event)
    }, options)
  }
})();
