"""Renders kept between data loads under serve (macros/data/reads.py): reused only while what
they read is unchanged, and then the same text a fresh render makes."""

from __future__ import annotations

import contextlib
import inspect
import shutil
from pathlib import Path

import pytest
import yaml

from macros.content import generate, pages, render
from macros.data import reads
from macros.data.loader import load_site_data
from macros.data.models import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def resources(tmp_path):
    shutil.copytree(ROOT / "resources", tmp_path / "resources")
    reads.keep_between_loads()
    yield tmp_path / "resources"
    reads.keep_between_loads(False)


def _edit_first_french_text(path: Path) -> None:
    """Append to the first French text of a data file (a value every page could show)."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))

    def visit(node) -> bool:
        if isinstance(node, dict):
            if isinstance(node.get("fr"), str):
                node["fr"] += " (modifié)"
                return True
            return any(visit(value) for value in node.values())
        if isinstance(node, list):
            return any(visit(value) for value in node)
        return False

    assert visit(document), f"{path.name}: no French text to edit"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


@contextlib.contextmanager
def reads_off():
    """Fresh renders, the kept ones left in place."""
    reads._state["on"] = False
    try:
        yield
    finally:
        reads._state["on"] = True


def _macros_without_arguments():
    for name, function in render.MACROS.items():
        extra = list(inspect.signature(function).parameters.values())[3:]
        if all(p.default is not inspect.Parameter.empty for p in extra):
            yield name, function


def _everything(data, kept: bool = True) -> dict:
    """Every generated page, download and macro callable without arguments: through `reads.kept`
    (as under serve), or rendered afresh."""
    out = {}
    for page in pages.planned_pages(data):
        function, _, base, item_id = page.render.args
        for lang in LANGUAGES:
            out[(page.path, lang)] = (page.render(lang) if kept
                                      else function(data, lang, base, item_id, **page.render.keywords))
    for name, function in _macros_without_arguments():
        for lang in LANGUAGES:
            def run(reader, function=function, lang=lang):
                return function(reader, lang, "")
            out[(name, lang)] = reads.kept((name, lang), data, run) if kept else run(data)
    if kept:
        out.update(pages.data_files(data))
    else:
        with reads_off():
            out.update(pages.data_files(data))
    return out


def test_after_each_kind_of_edit_every_kept_render_is_what_a_fresh_render_makes(resources):
    _everything(load_site_data(resources))
    some_tool = sorted((resources / "tools").glob("*.yml"))[0]
    some_territory = sorted((resources / "territories").glob("*.yml"))[0]
    for edited in (some_tool, some_territory, resources / "cps.yml", resources / "programme.yml",
                   resources / "partners.yml", resources / "lessons.yml"):
        _edit_first_french_text(edited)
        data = load_site_data(resources)
        assert _everything(data) == _everything(data, kept=False), f"after an edit of {edited.name}, a kept render is stale"


def test_an_edited_tool_renders_its_fiche_and_the_catalogue_again_not_another_fiche(resources):
    tool_files = sorted((resources / "tools").glob("*.yml"))
    assert len(tool_files) >= 2
    first, other = tool_files[0].stem, tool_files[1].stem
    calls: list = []

    def fiche(tool_id):
        def run(reader):
            calls.append(tool_id)
            return render.tool_page(reader, "fr", "outils", tool_id)
        return reads.kept(("fiche", tool_id), load_site_data(resources), run)

    def catalogue():
        def run(reader):
            calls.append("catalogue")
            return render.tool_catalogue(reader, "fr", "outils")
        return reads.kept("catalogue", load_site_data(resources), run)

    before = fiche(first), fiche(other), catalogue()
    assert calls == [first, other, "catalogue"]
    calls.clear()
    assert (fiche(first), fiche(other), catalogue()) == before  # same data: nothing rendered
    assert calls == []

    _edit_first_french_text(tool_files[1])
    after = fiche(first), fiche(other), catalogue()
    assert calls == [other, "catalogue"]
    assert after[0] == before[0] and after[1] != before[1]


def test_a_tool_added_or_removed_renders_again_what_goes_over_all_tools(resources):
    calls: list = []

    def count():
        def run(reader):
            calls.append(1)
            return len(reader.tools), sorted(reader.tools)
        return reads.kept("count", load_site_data(resources), run)

    number, ids = count()
    copy = resources / "tools" / "zz-copie.yml"
    shutil.copy(resources / "tools" / f"{ids[0]}.yml", copy)
    assert count() == (number + 1, sorted([*ids, "zz-copie"]))
    copy.unlink()
    assert count() == (number, ids)
    assert len(calls) == 3


def test_a_missing_entry_looked_up_renders_again_once_it_exists(resources):
    def lookup():
        return reads.kept("lookup", load_site_data(resources),
                          lambda reader: ("zz-copie" in reader.tools, reader.tools.get("zz-copie") is None))

    assert lookup() == (False, True)
    shutil.copy(sorted((resources / "tools").glob("*.yml"))[0], resources / "tools" / "zz-copie.yml")
    assert lookup() == (True, False)


def test_a_method_of_the_data_is_read_through_the_reader(resources):
    cps_id = load_site_data(resources).cps.general[0].id
    calls: list = []

    def name():
        def run(reader):
            calls.append(1)
            return reader.cps_item(cps_id).name
        return reads.kept("cps", load_site_data(resources), run)

    name()
    _edit_first_french_text(sorted((resources / "tools").glob("*.yml"))[0])
    name()
    assert len(calls) == 1  # it read cps.yml only
    _edit_first_french_text(resources / "cps.yml")
    assert name() == load_site_data(resources).cps_item(cps_id).name
    assert len(calls) == 2


def test_off_outside_serve_every_call_renders():
    reads.keep_between_loads(False)
    calls: list = []
    for _ in range(2):
        reads.kept("k", object(), lambda data: calls.append(1))
    assert len(calls) == 2


def test_an_edited_page_template_makes_the_kept_texts_again(resources, tmp_path):
    """Under serve a template of macros/content/templates/ may change while the data does not."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.md").write_text("avant", encoding="utf-8")
    data = load_site_data(resources)
    generate.forget_texts_if_templates_changed(templates)
    texts = pages.planned_texts(data)
    kept = reads.kept("k", data, lambda reader: object())
    assert pages.planned_texts(data) is texts and reads.kept("k", data, lambda reader: object()) is kept
    assert not generate.forget_texts_if_templates_changed(templates)

    (templates / "page.md").write_text("après", encoding="utf-8")
    assert generate.forget_texts_if_templates_changed(templates)
    assert pages.planned_texts(data) is not texts
    assert reads.kept("k", data, lambda reader: object()) is not kept
