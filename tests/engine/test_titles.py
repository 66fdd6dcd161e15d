"""Every page's <title> and menu label is its real name in its language (issue 24 item 6)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from macros.content.pages import planned_pages
from macros.data.loader import load_site_data
from conftest import ROOT

SITE_NAME = "Prendre soin de soi"
NOT_NAMES = {"fr": {"Home", "Index", "Accueil - Index"}, "en": {"Index", "Accueil"}}


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).replace("¶", "").split())


def page_titles(site: Path):
    """(page, language, name in <title>, text of its first heading) for every page."""
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("admin/", "en/admin/")):
            continue
        source = path.read_text(encoding="utf-8")
        title = _text(re.search(r"<title>(.*?)</title>", source, re.S)[1])
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", source, re.S)
        name = title.removesuffix(f" - {SITE_NAME}")
        yield rel, "en" if rel.startswith("en/") else "fr", name, _text(heading[1]) if heading else None


def test_every_generated_page_has_its_name_in_front_matter():
    data = load_site_data(ROOT / "resources")
    for page in planned_pages(data):
        assert page.title and all(page.title[lang].strip() for lang in ("fr", "en")), page.path


def test_every_title_is_the_page_name_never_its_file_name(real_site):
    pages = list(page_titles(real_site))
    assert len(pages) > 20
    wrong = [(rel, name, heading) for rel, lang, name, heading in pages
             if name in NOT_NAMES[lang] or (name != heading and name != SITE_NAME
                                            and not (lang == "en" and rel == "en/index.html" and name == "Home"))]
    assert not wrong, wrong


def test_menu_labels_are_names_in_the_page_language(real_site):
    for rel, lang in (("index.html", "fr"), ("en/index.html", "en")):
        source = (real_site / rel).read_text(encoding="utf-8")
        nav = source[source.index("md-nav--primary"):]
        labels = [_text(x) for x in re.findall(r'class="md-ellipsis">(.*?)</span>', nav, re.S)]
        assert labels[0] == {"fr": "Accueil", "en": "Home"}[lang], labels[:3]
        assert not set(labels) & NOT_NAMES[lang], labels


def test_a_slug_title_is_caught(tmp_path):
    # The check above on a page MkDocs names from its file name (no front-matter title, no H1 match).
    page = tmp_path / "outils" / "psfp-6-11"
    page.mkdir(parents=True)
    (page / "index.html").write_text("<title>Psfp 6 11 - Prendre soin de soi</title><h1>PSFP 6-11</h1>",
                                     encoding="utf-8")
    [(_, _, name, heading)] = list(page_titles(tmp_path))
    assert name != heading
