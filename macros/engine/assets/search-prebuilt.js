/* Prendre soin de soi: search ready at once with a large index (offline zip).
   lunr builds its index in the browser from every page's text: seconds at 2,000 tools, from
   file:// on the page's own thread (the iframe-worker shim). The offline build runs this very
   worker under Node once (search-prebuild.js) and adds to the index the result, compact: the
   terms, each term's documents per field, each document's scored terms per field. Here, when
   the index's config carries it, lunr's builder takes it instead of reading the texts; postings and
   vectors are made when a query needs them. The positions Material highlights with (not
   stored: they would triple the file) are found again for the results only, by the same
   tokenizer and pipeline. Without that field (online, or no Node at build) nothing changes. */
(function () {
  "use strict"
  var SETUP = 0  // Material's SearchMessageType
  var prebuilt = null  // the parsed compact index, for the next build
  var lunrValue

  function patch(lunr) {
    var add = lunr.Builder.prototype.add, build = lunr.Builder.prototype.build

    lunr.Builder.prototype.add = function (doc, attributes) {
      if (!prebuilt) return add.call(this, doc, attributes)
      // Only what highlighting needs later: each field's value and the position table
      // Material's extractor registers for it (filled when the document is a result).
      var entries = []
      for (var name in this._fields) {
        var extractor = this._fields[name].extractor
        var value = extractor ? extractor(doc) : doc[name]
        if (value !== undefined) entries.push({ field: name, value: value, table: lunr.tokenizer.table })
      }
      this.psdsDocs = this.psdsDocs || []
      this.psdsDocs.push({ ref: doc[this._ref], entries: entries })
    }

    lunr.Builder.prototype.build = function () {
      if (!prebuilt) return build.call(this)
      var data = prebuilt, builder = this
      prebuilt = null
      return load(lunr, data, builder)
    }
  }

  function undelta(list) {
    var out = new Array(list.length), at = 0
    for (var i = 0; i < list.length; i++) out[i] = at += list[i]
    return out
  }

  function load(lunr, data, builder) {
    var docs = builder.psdsDocs || [], fields = data.fields, terms = data.terms
    var refs = docs.map(function (doc) { return doc.ref })
    var byRef = new Map(), termNo = new Map()
    docs.forEach(function (doc, i) { byRef.set(doc.ref, i) })
    terms.forEach(function (term, i) { termNo.set(term, i) })
    var postings = Object.create(null), vectors = Object.create(null)

    var invertedIndex = new Proxy(postings, {
      get: function (target, term) {
        if (term in target) return target[term]
        var t = typeof term === "string" ? termNo.get(term) : undefined
        if (t === undefined) return undefined
        var posting = Object.create(null)
        posting._index = data.numbers[t]
        fields.forEach(function (field, f) {
          var byDoc = posting[field] = Object.create(null)
          // Each its own metadata object: lunr hands it to the results, where positions go.
          undelta(data.postings[t][f] || []).forEach(function (d) { byDoc[refs[d]] = Object.create(null) })
        })
        return target[term] = posting
      }
    })
    var fieldVectors = new Proxy(vectors, {
      get: function (target, fieldRef) {
        if (fieldRef in target || typeof fieldRef !== "string") return target[fieldRef]
        var slash = fieldRef.indexOf("/"), f = fields.indexOf(fieldRef.slice(0, slash))
        var d = byRef.get(fieldRef.slice(slash + 1))
        if (f < 0 || d === undefined) return undefined
        var flat = data.vectors[f][d] || [], elements = new Array(flat.length), at = 0
        for (var i = 0; i < flat.length; i += 2) {
          elements[i] = at += flat[i]
          elements[i + 1] = flat[i + 1]
        }
        return target[fieldRef] = new lunr.Vector(elements)
      }
    })
    var index = new lunr.Index({
      invertedIndex: invertedIndex, fieldVectors: fieldVectors, fields: fields,
      tokenSet: lunr.TokenSet.fromArray(terms), pipeline: lunr.Pipeline.load(data.pipeline)
    })

    // Positions of the matched terms, for the results only, as lunr would have stored them.
    var search = index.search
    index.search = function (query) {
      var results = search.call(this, query)
      results.forEach(function (result) {
        var d = byRef.get(result.ref)
        if (d === undefined) return
        var metadata = result.matchData.metadata
        docs[d].entries.forEach(function (entry) {
          if (!entry.positions) {
            entry.positions = new Map()
            lunr.tokenizer.table = entry.table
            entry.table.length = 0
            var tokens = builder.pipeline.run(builder.tokenizer(entry.value, { fields: [entry.field] }))
            tokens.forEach(function (token) {
              var term = token.toString(), list = entry.positions.get(term)
              if (!list) entry.positions.set(term, list = [])
              list.push(token.metadata.position)
            })
          }
          for (var term in metadata) {
            var match = metadata[term][entry.field]
            if (match) match.position = entry.positions.get(term) || []
          }
        })
      })
      return results
    }
    return index
  }

  // Material's bundle sets self.lunr as it starts: lunr is patched then, before any message.
  Object.defineProperty(self, "lunr", {
    configurable: true,
    get: function () { return lunrValue },
    set: function (value) {
      lunrValue = value
      if (value && value.Builder && !value.psdsPatched) {
        value.psdsPatched = true
        patch(value)
      }
    }
  })

  var listen = self.addEventListener
  self.addEventListener = function (type, handler, options) {
    if (type !== "message") return listen.call(self, type, handler, options)
    return listen.call(self, type, function (event) {
      var message = event.data
      // In the index's config: Material passes on only its config, docs and options.
      var config = message && message.type === SETUP && message.data && message.data.config
      if (config && typeof config.prebuilt === "string") {
        try {
          prebuilt = JSON.parse(config.prebuilt)
        } catch (error) {
          prebuilt = null  // lunr builds the index from the texts, as without it
        }
        var rest = {}
        for (var key in config) if (key !== "prebuilt") rest[key] = config[key]
        var data = {}
        for (key in message.data) data[key] = key === "config" ? rest : message.data[key]
        return handler.call(this, { data: { type: SETUP, data: data } })
      }
      return handler.call(this, event)
    }, options)
  }
})();
