"""Generated pages: written only when changed, never over or instead of an editor's file."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from macros.data.loader import load_site_data
from macros.content.pages import GeneratedFileConflict, expand_nav, is_generated, write_pages

DATA = load_site_data(ROOT / "resources")


@pytest.fixture
def docs(tmp_path):
    return tmp_path / "docs"


def test_pages_written_for_each_territory_and_language(docs):
    nav = write_pages(DATA, docs)
    for tid in DATA.territories:
        for name in (f"{tid}.md", f"{tid}.en.md"):
            assert is_generated(docs / "territoires" / name)
    assert nav["territoires/*"] == [f"territoires/{tid}.md" for tid in DATA.territories]


def test_unchanged_pages_are_not_rewritten(docs):
    write_pages(DATA, docs)
    path = docs / "territoires" / "carene.md"
    before = path.stat().st_mtime_ns
    write_pages(DATA, docs)
    assert path.stat().st_mtime_ns == before


def test_stale_generated_pages_are_removed_but_editors_files_kept(docs):
    write_pages(DATA, docs)
    stale = docs / "territoires" / "ancien.md"
    stale.write_text((docs / "territoires" / "carene.md").read_text(encoding="utf-8"))
    notes = docs / "territoires" / "notes.md"
    notes.write_text("# Mes notes\n", encoding="utf-8")
    write_pages(DATA, docs)
    assert not stale.exists()
    assert notes.read_text(encoding="utf-8") == "# Mes notes\n"


def test_an_editors_file_with_a_generated_name_is_never_overwritten(docs):
    mine = docs / "territoires" / "carene.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("# Ma page\n", encoding="utf-8")
    with pytest.raises(GeneratedFileConflict, match="docs/territoires/carene.md"):
        write_pages(DATA, docs)
    assert mine.read_text(encoding="utf-8") == "# Ma page\n"


def test_nav_placeholder_expands_in_place():
    nav = ["index.md", {"Territoires": ["territoires.md", "territoires/*"]}, "sources.md"]
    assert expand_nav(nav, {"territoires/*": ["territoires/a.md", "territoires/b.md"]}) == [
        "index.md",
        {"Territoires": ["territoires.md", "territoires/a.md", "territoires/b.md"]},
        "sources.md",
    ]


def test_language_sitemap_uses_each_pages_translation_as_loc():
    from macros.engine.sitemaps import language_sitemap

    root = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
        '<url><loc>https://s/a/</loc>'
        '<xhtml:link rel="alternate" hreflang="fr" href="https://s/a/"/>'
        '<xhtml:link rel="alternate" hreflang="en" href="https://s/en/a/"/></url>'
        '<url><loc>https://s/b/</loc><xhtml:link rel="alternate" hreflang="fr" href="https://s/b/"/></url>'
        "</urlset>"
    )
    english = language_sitemap(root, "en")
    assert "<loc>https://s/en/a/</loc>" in english
    assert "https://s/b/" not in english


def test_the_serve_watcher_lists_docs_without_the_generated_folders(tmp_path):
    from watchdog.utils.dirsnapshot import DirectorySnapshot

    from macros.engine.serve import listdir_without

    docs = tmp_path / "docs"
    for path in ("index.md", "assets/extra.css", "territoires/carene.md", "outils/catalogue.json",
                 "plaquette/p.pdf", "territoires.md"):
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text("x", encoding="utf-8")
    listdir = listdir_without([docs / "territoires", docs / "outils"])
    seen = {Path(p).relative_to(docs).as_posix()
            for p in DirectorySnapshot(str(docs), recursive=True, listdir=listdir).paths if p != str(docs)}
    assert seen == {"index.md", "assets", "assets/extra.css", "plaquette", "plaquette/p.pdf", "territoires.md"}
