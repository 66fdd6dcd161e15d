// The site's search worker (Material's, with our preludes) under Node: sets up the index
// of a site's `search/search_index.js`, runs the queries, prints each result as JSON.
//   node search_worker.js SITE_DIR INDEX_JS [--without-prebuilt] QUERY...
"use strict"
const fs = require("fs"), path = require("path"), vm = require("vm")
const [site, indexJs, ...rest] = process.argv.slice(2)
const withoutPrebuilt = rest[0] === "--without-prebuilt"
const queries = withoutPrebuilt ? rest.slice(1) : rest
const workers = path.join(site, "assets", "javascripts", "workers")
const listeners = []
let reply = null
globalThis.self = globalThis
globalThis.addEventListener = (type, fn) => { if (type === "message") listeners.push(fn) }
globalThis.postMessage = message => reply && reply(message)
globalThis.importScripts = (...urls) => {
  for (const url of urls) vm.runInThisContext(fs.readFileSync(path.resolve(workers, url), "utf8"))
}
vm.runInThisContext(fs.readFileSync(path.join(workers, fs.readdirSync(workers).find(n => /^search\..*\.js$/.test(n))), "utf8"))
const send = message => new Promise(resolve => { reply = resolve; listeners.forEach(l => l({ data: message })) })
const index = vm.runInNewContext(fs.readFileSync(indexJs, "utf8") + ";__index")
if (withoutPrebuilt) delete index.config.prebuilt
;(async () => {
  await send({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: false } } })
  const out = []
  for (const query of queries) out.push([query, (await send({ type: 2, data: query })).data])
  process.stdout.write(JSON.stringify({ prebuilt: "prebuilt" in index.config, results: out }))
})()
