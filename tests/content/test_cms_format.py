"""The form's YAML format (cms/format.js), run with Node on the data files: a file read and
saved unchanged stays byte for byte; one edited field changes one line; two list items
swapped move their lines only; comments, key order and quoting elsewhere are kept; what it
writes reads back, with the site's YAML 1.1 reader, as the form's data."""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT

YAML_DIST = ROOT / "cms" / "node_modules" / "yaml" / "browser" / "dist"

RUNNER = """
import { format } from "./format.js";
import fs from "fs";
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
const at = (data, path) => path.reduce((node, key) => node[key], data);
const out = cases.map(({ content, ops }) => {
  const data = content === null ? {} : format.fromFile(content);
  for (const [op, path, ...args] of ops) {
    const parent = at(data, path.slice(0, -1));
    const key = path[path.length - 1];
    if (op === "set") parent[key] = args[0];
    else if (op === "delete") delete parent[key];
    else if (op === "swap") {
      const list = parent[key];
      [list[args[0]], list[args[1]]] = [list[args[1]], list[args[0]]];
    }
  }
  return format.toFile(data, []);
});
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    if not shutil.which("node") or not (YAML_DIST / "index.js").is_file():
        pytest.fail("Node.js and cms/node_modules are needed: run `make test` (npm ci --prefix cms)")
    folder = tmp_path_factory.mktemp("format")
    shutil.copy2(ROOT / "cms" / "format.js", folder / "format.js")
    (folder / "yaml").symlink_to(YAML_DIST)
    (folder / "package.json").write_text('{"type": "module"}', encoding="utf-8")
    (folder / "run.js").write_text(RUNNER, encoding="utf-8")

    def run(cases: list[tuple[str | None, list]]) -> list[str]:
        result = subprocess.run(["node", "run.js"], cwd=folder, capture_output=True, text=True, timeout=60,
                                input=json.dumps([{"content": c, "ops": o} for c, o in cases]))
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return run


def _changed(before: str, after: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    removed = [d[1:] for d in diff if d.startswith("-") and not d.startswith("---")]
    added = [d[1:] for d in diff if d.startswith("+") and not d.startswith("+++")]
    return removed, added


def _files():
    return sorted((ROOT / "resources").glob("*.yml")) + sorted((ROOT / "resources").glob("*/*.yml"))


def test_a_file_saved_unchanged_stays_byte_for_byte(run):
    files = _files()
    texts = [p.read_text(encoding="utf-8") for p in files]
    for path, text, out in zip(files, texts, run([(t, []) for t in texts]), strict=True):
        assert out == text, path.name


def test_one_edited_text_changes_one_line_and_keeps_every_comment(run):
    cases, expected = [], []
    for path in _files():
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        if not isinstance(data, dict):
            continue
        # The first one-line text of the file (a title, a name…), in French.
        for key, value in data.items():
            if isinstance(value, dict) and isinstance(value.get("fr"), str) and len(value["fr"]) < 60 \
                    and f"  fr: {value['fr']}\n" in text:
                cases.append((text, [["set", [key, "fr"], value["fr"] + " (modifié)"]]))
                expected.append((path, text, key, value["fr"]))
                break
    assert len(cases) >= 5
    for (path, text, key, old), out in zip(expected, run(cases), strict=True):
        removed, added = _changed(text, out)
        assert removed == [f"  fr: {old}"] and added == [f"  fr: {old} (modifié)"], path.name
        assert yaml.safe_load(out)[key]["fr"] == old + " (modifié)"


def test_two_list_items_swapped_move_their_lines_only(run):
    text = (ROOT / "resources" / "modalities.yml").read_text(encoding="utf-8")
    items = yaml.safe_load(text)
    (out,) = run([(text, [["swap", ["_list"], 0, 1]])])
    after = yaml.safe_load(out)
    assert after == [items[1], items[0], *items[2:]]
    assert sorted(out.splitlines()) == sorted(text.splitlines())  # same lines, comments included
    assert out.split("\n", 1)[0] == text.split("\n", 1)[0]


def test_removed_and_added_fields_touch_only_their_lines(run):
    text = (ROOT / "resources" / "tools" / "kiva.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    optional = next(k for k in ("year_note", "age_note", "publisher", "notes") if k in data)
    (removed_out, added_out, tricky) = run([
        (text, [["delete", [optional]]]),
        (text, [["set", ["price"], {"fr": "no", "en": "2025-10-21"}]]),
        (text, [["set", ["title", "en"], "yes: or no # not a comment"]]),
    ])
    removed, added = _changed(text, removed_out)
    assert not added and removed and yaml.safe_load(removed_out) == {k: v for k, v in data.items() if k != optional}
    removed, added = _changed(text, added_out)
    assert not removed and added
    assert yaml.safe_load(added_out)["price"] == {"fr": "no", "en": "2025-10-21"}  # YAML 1.1: still texts
    removed, added = _changed(text, tricky)
    assert len(removed) == len(added) == 1
    assert yaml.safe_load(tricky)["title"]["en"] == "yes: or no # not a comment"


def test_a_new_file_gets_its_header_and_no_empty_values(run):
    header = "# yaml-language-server: $schema=../../schemas/tools.schema.json"
    (out,) = run([(None, [["set", ["_header"], header], ["set", ["title"], {"fr": "Outil", "en": ""}],
                          ["set", ["cps"], []], ["set", ["type"], "jeu"]])])
    assert out.startswith(header + "\n") and yaml.safe_load(out) == {"title": {"fr": "Outil"}, "type": "jeu"}


BLOCKS = """# yaml-language-server: $schema=../../schemas/territories.schema.json
editor_notes: |-
  Première ligne de la note.
  Deuxième ligne, inchangée.

  Un autre paragraphe.
summary:
  fr: >-
    Un résumé replié sur deux lignes, assez long pour que le fichier l'écrive ainsi, en bloc
    replié : la ligne suivante continue la phrase.
  en: Summary.
order: 3
"""


def test_a_block_text_edited_changes_one_line_and_the_next_key_stays_put(run):
    """An editors' note (`|-`) or a folded text (`>-`): the block's last line break is kept
    (it was swallowed, and the whole file written afresh)."""
    note = yaml.safe_load(BLOCKS)["editor_notes"]
    summary = yaml.safe_load(BLOCKS)["summary"]["fr"]
    edited_note = note.replace("Première ligne de la note.", "Première ligne de la note, vérifiée.")
    notes_out, summary_out = run([
        (BLOCKS, [["set", ["editor_notes"], edited_note]]),
        (BLOCKS, [["set", ["summary", "fr"], summary.replace("Un résumé", "Le résumé")]]),
    ])
    removed, added = _changed(BLOCKS, notes_out)
    assert removed == ["  Première ligne de la note."] and added == ["  Première ligne de la note, vérifiée."]
    assert yaml.safe_load(notes_out)["editor_notes"] == edited_note
    removed, added = _changed(BLOCKS, summary_out)  # the folded text is written anew, alone
    assert not [line for line in removed + added if not line.startswith("  fr:") and not line.startswith("    ")]
    assert yaml.safe_load(summary_out)["summary"]["fr"].startswith("Le résumé")
    assert "\n  en: Summary.\norder: 3\n" in summary_out
