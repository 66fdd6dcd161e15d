/* Prendre soin de soi: the search index lunr would build in the browser, built once at build
   time (Node), by the site's own search worker (Material's, with our preludes), so that the
   offline zip's search is ready at once (search-prebuilt.js reads it).

     node search-prebuild.js SITE_DIR INDEX_JSON   ->  the compact index, as JSON, on stdout

   Compact: `terms` sorted, `numbers` lunr's number of each; `postings[term][field]` the
   documents (numbers in the index's `docs` order, delta-coded); `vectors[field][doc]` the
   (term number, score) pairs lunr computed, in its order (scores then add up in the same
   order), numbers delta-coded. Positions are left out (found again for the results). */
"use strict"
const fs = require("fs"), path = require("path"), vm = require("vm")

const [site, indexFile] = process.argv.slice(2)
const workers = path.join(site, "assets", "javascripts", "workers")
const worker = fs.readdirSync(workers).find(name => /^search\..*\.js$/.test(name))

const listeners = []
let reply = null
globalThis.self = globalThis
globalThis.addEventListener = (type, fn) => { if (type === "message") listeners.push(fn) }
globalThis.postMessage = message => reply && reply(message)
globalThis.importScripts = (...urls) => {
  for (const url of urls) vm.runInThisContext(fs.readFileSync(path.resolve(workers, url), "utf8"), { filename: url })
}
vm.runInThisContext(fs.readFileSync(path.join(workers, worker), "utf8"), { filename: worker })

let built = null
const build = self.lunr.Builder.prototype.build
self.lunr.Builder.prototype.build = function () { return built = build.call(this) }

function delta(numbers) {
  let last = 0
  return numbers.map(n => { const d = n - last; last = n; return d })
}

const data = JSON.parse(fs.readFileSync(indexFile, "utf8"))
const refs = data.docs.map(doc => doc.location)
if (new Set(refs).size !== refs.length) {
  process.stderr.write("two search entries share an address: no prebuilt index\n")
  process.exit(3)
}
new Promise(resolve => {
  reply = resolve
  for (const listener of listeners) listener({ data: { type: 0, data: { ...data, options: { suggest: false } } } })
}).then(() => {
  const index = built, fields = index.fields
  const docNo = new Map(refs.map((ref, i) => [ref, i]))
  const terms = Object.keys(index.invertedIndex).sort()
  // lunr's own term numbers: vectors keep their order, so scores add up in the same order.
  const numbers = terms.map(term => index.invertedIndex[term]._index)
  const postings = terms.map(term => fields.map(field =>
    delta(Object.keys(index.invertedIndex[term][field]).map(ref => docNo.get(ref)).sort((a, b) => a - b))))
  const vectors = fields.map(field => refs.map(ref => {
    const vector = index.fieldVectors[`${field}/${ref}`]
    const flat = []
    for (let i = 0, last = 0; vector && i < vector.elements.length; i += 2) {
      flat.push(vector.elements[i] - last, vector.elements[i + 1])
      last = vector.elements[i]
    }
    return flat
  }))
  process.stdout.write(JSON.stringify({ fields, terms, numbers, postings, vectors, pipeline: index.pipeline.toJSON() }))
})
