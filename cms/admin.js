// The admin page's format for resources/*.yml (registered before Decap starts).
// Decap's own YAML writer drops the file's first line, the `# yaml-language-server: $schema=…`
// header VS Code reads, and writes emptied optional fields as "" or [] (which the site's
// models refuse). This format keeps the header (carried in the hidden `_header` field),
// removes empty values, unwraps the files whose root is a list (`_list`), and quotes every
// text that a YAML 1.1 reader such as the site's would take for something else
// ("no", "on", 2025-10-21 written as text in the form).
import { parse, stringify } from "./yaml/index.js";

const HEADER = "_header";
const LIST = "_list";
const SCHEMA_LINE = /^# yaml-language-server:.*$/m;

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

const format = {
  fromFile(content) {
    // YAML 1.2 core schema: dates stay text ("2025-10-21"), as the date pickers expect.
    const value = parse(content) ?? {};
    const data = Array.isArray(value) ? { [LIST]: value } : value;
    const first = content.split("\n", 1)[0];
    if (SCHEMA_LINE.test(first)) data[HEADER] = first;
    return data;
  },
  toFile(data, sortedKeys) {
    const { [HEADER]: header, ...rest } = data;
    let value = pruned(ordered(rest, sortedKeys)) || {};
    if (LIST in value) value = value[LIST];
    const text = stringify(value, { version: "1.1", lineWidth: 100 });
    return (header ? `${header}\n` : "") + text;
  },
};

window.CMS.registerCustomFormat("yaml-psds", "yml", format);
window.CMS.init();
