// The form's format for resources/*.yml (registered by admin.js before Decap starts; tested
// with Node by tests/content/test_cms_format.py).
// Decap's own YAML writer rewrites a whole file: it drops comments and the first line (the
// `# yaml-language-server: $schema=…` header VS Code reads), re-folds every text, re-quotes
// dates and writes emptied optional fields as "" or [] (which the site's models refuse).
// This format keeps the file as it was and changes only the values the editor changed:
// the text read is carried in the hidden `_source` field, and saving splices each changed
// value into it (one edited field = one changed line; comments, key order, quoting and line
// breaks elsewhere untouched; two list items swapped = their lines swapped). Empty values are
// left out, the files whose root is a list are unwrapped (`_list`), and every new text a
// YAML 1.1 reader such as the site's would take for something else ("no", "on", 2025-10-21
// written as text) is quoted. If a splice would not read back as the form's data, the
// whole file is written afresh instead (never a wrong file).
import { isMap, isScalar, isSeq, parse, parseDocument, stringify } from "./yaml/index.js";

export const HEADER = "_header";
export const SOURCE = "_source";
export const LIST = "_list";
const SCHEMA_LINE = /^# yaml-language-server:.*$/m;
const WIDTH = 100;

function pruned(value) {
  if (Array.isArray(value)) {
    const items = value.map(pruned).filter((item) => item !== undefined);
    return items.length ? items : undefined;
  }
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const [key, item] of Object.entries(value)) {
      const kept = pruned(item);
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string" && value.trim() === "") return undefined;
  return value;
}

function ordered(data, keys) {
  const out = {};
  for (const key of keys || []) if (key in data) out[key] = data[key];
  for (const key of Object.keys(data)) if (!(key in out)) out[key] = data[key];
  return out;
}

function same(a, b) {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && same(a[k], b[k]));
  }
  return false;
}

// ------------------------------------------------------------------ splicing

const lineStart = (src, i) => src.lastIndexOf("\n", i - 1) + 1;
function lineIndent(src, i) {
  let k = lineStart(src, i);
  const start = k;
  while (src[k] === " ") k += 1;
  return k - start;
}
// The end of a node's last line, its newline included.
function afterLine(src, end) {
  if (end > 0 && src[end - 1] === "\n") return end;
  const next = src.indexOf("\n", end);
  return next < 0 ? src.length : next + 1;
}

function render(value, indent) {
  const text = stringify(value, { version: "1.1", lineWidth: Math.max(40, WIDTH - indent) }).replace(/\n$/, "");
  return text.split("\n").map((line, i) => (i && line ? " ".repeat(indent) + line : line)).join("\n");
}

const plain = (value) => value === null || typeof value !== "object";

function replaceNode(src, node, value, edits) {
  const [start, end] = node.range;
  // A block node's range takes in its last line break (and blank lines after it): kept, so
  // the next key stays on its own line.
  const tail = /\n\s*$/.exec(src.slice(start, end));
  const valueEnd = tail ? end - tail[0].length : end;
  if (node.flow) {
    edits.push([start, valueEnd, JSON.stringify(value)]);
  } else if (isScalar(node) && !plain(value)) {
    const indent = lineIndent(src, start) + 2;
    edits.push([start, valueEnd, `\n${" ".repeat(indent)}${render(value, indent)}`]);
  } else {
    const indent = isScalar(node) ? lineIndent(src, start) + 2 : start - lineStart(src, start);
    edits.push([start, valueEnd, render(value, indent)]);
  }
}

function patch(src, node, value, edits) {
  if (same(node.toJSON(), value) || same(pruned(node.toJSON()), value)) return;
  if (isMap(node) && !node.flow && value && typeof value === "object" && !Array.isArray(value)) {
    const column = node.range[0] - lineStart(src, node.range[0]);
    let last = null;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : null;
      if (!pair.value || key === null) throw new Error("unsupported pair");
      last = pair;
      if (key in value) patch(src, pair.value, value[key], edits);
      else if (pruned(pair.value.toJSON()) !== undefined) edits.push([lineStart(src, pair.key.range[0]), afterLine(src, pair.value.range[2]), ""]);
    }
    const known = new Set(node.items.map((pair) => pair.key.value));
    const added = Object.keys(value).filter((key) => !known.has(key));
    if (added.length) {
      if (!last) throw new Error("empty map");
      const at = afterLine(src, last.value.range[2]);
      const text = added.map((key) => " ".repeat(column) + render({ [key]: value[key] }, column)).join("\n");
      edits.push([at, at, `${at > 0 && src[at - 1] !== "\n" ? "\n" : ""}${text}\n`]);
    }
    return;
  }
  if (isSeq(node) && !node.flow && Array.isArray(value) && node.items.length) {
    const old = node.items.map((item) => item.toJSON());
    // The same items in another order: move their lines, comments and all.
    const used = new Set();
    const order = value.map((item) => old.findIndex((o, i) => !used.has(i) && same(o, item) && used.add(i)));
    if (value.length === old.length && order.every((i) => i >= 0)) {
      const starts = node.items.map((item) => lineStart(src, item.range[0]));
      const end = afterLine(src, node.items[node.items.length - 1].range[2]);
      const chunks = starts.map((s, i) => {
        const chunk = src.slice(s, i + 1 < starts.length ? starts[i + 1] : end);
        return chunk.endsWith("\n") ? chunk : `${chunk}\n`;
      });
      edits.push([starts[0], end, order.map((i) => chunks[i]).join("")]);
      return;
    }
    if (value.length === old.length) {
      node.items.forEach((item, i) => patch(src, item, value[i], edits));
      return;
    }
  }
  replaceNode(src, node, value, edits);
}

// The source with `value` spliced in, or null when it cannot be done safely.
export function spliced(src, value) {
  try {
    const doc = parseDocument(src);
    if (doc.errors.length || !doc.contents) return null;
    const edits = [];
    patch(src, doc.contents, value, edits);
    edits.sort((a, b) => b[0] - a[0]);
    let out = src;
    let floor = Infinity;
    for (const [start, end, text] of edits) {
      if (end > floor) return null; // overlapping edits: not expected, not risked
      out = out.slice(0, start) + text + out.slice(end);
      floor = start;
    }
    return same(pruned(parse(out)) ?? {}, value) ? out : null;
  } catch (err) {
    return null;
  }
}

export const format = {
  fromFile(content) {
    // YAML 1.2 core schema: dates stay text ("2025-10-21"), as the date pickers expect.
    const value = parse(content) ?? {};
    const data = Array.isArray(value) ? { [LIST]: value } : value;
    const first = content.split("\n", 1)[0];
    if (SCHEMA_LINE.test(first)) data[HEADER] = first;
    data[SOURCE] = content;
    return data;
  },
  toFile(data, sortedKeys) {
    const { [HEADER]: header, [SOURCE]: source, ...rest } = data;
    let value = pruned(ordered(rest, sortedKeys)) || {};
    if (LIST in value) value = value[LIST];
    const kept = typeof source === "string" ? spliced(source, value) : null;
    if (kept !== null) return kept;
    const text = stringify(value, { version: "1.1", lineWidth: WIDTH });
    return (header ? `${header}\n` : "") + text;
  },
};
