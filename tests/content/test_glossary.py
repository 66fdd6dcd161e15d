"""The shared language: glossary page and tooltips generated from resources/glossary.yml."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup, NavigableString

from conftest import ROOT
from macros.content.glossary import abbreviation_definitions, focusable_abbreviations, grouped, sort_key
from macros.data.loader import load_site_data

DATA = load_site_data(ROOT / "resources")
REQUIRED = ["CPS", "ARS", "COPIL", "EPCI", "CLS", "CTG", "CAF", "DSDEN", "MDA", "CEMEA", "ORS",
            "ISTS", "Charte d'Ottawa", "co-intervention"]


def test_glossary_covers_the_terms_people_meet():
    terms = {t.term for t in DATA.glossary.values()}
    assert set(REQUIRED) <= terms
    for term in DATA.glossary.values():
        for text in (term.definition, term.plain):
            assert text.fr and text.en, term.id


def test_abbreviation_definitions_are_in_the_page_language():
    fr = abbreviation_definitions(DATA, "fr").splitlines()
    en = abbreviation_definitions(DATA, "en").splitlines()
    assert "*[CPS]: Compétences psychosociales : Les capacités qui aident" in "\n".join(fr)
    assert "*[CPS]: Psychosocial competences: The abilities that help" in "\n".join(en)
    assert len(fr) == len(en) == sum(len(t.spellings) for t in DATA.glossary.values())


def test_a_term_inside_a_link_does_not_take_focus():
    html = '<a href="x"><abbr title="a">X</abbr></a> <abbr title="a">X</abbr>'
    assert focusable_abbreviations(html) == (
        '<a href="x"><abbr title="a">X</abbr></a> <abbr tabindex="0" title="a">X</abbr>'
    )


def test_only_the_first_use_of_a_term_takes_keyboard_focus():
    html = '<p><abbr title="a">X</abbr> <abbr title="a">X</abbr> <abbr title="b">Y</abbr></p>'
    assert focusable_abbreviations(html) == (
        '<p><abbr tabindex="0" title="a">X</abbr> <abbr title="a">X</abbr> '
        '<abbr tabindex="0" title="b">Y</abbr></p>'
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_glossary_is_alphabetical_by_letter(lang):
    groups = grouped(DATA, lang)
    letters = [letter for letter, _ in groups]
    assert letters == sorted(letters)
    flat = [sort_key(t.name(lang)) for _, terms in groups for t in terms]
    assert flat == sorted(flat)


def _pages(site):
    for path in sorted(site.rglob("index.html")):
        if path.relative_to(site).parts[0] != "admin":  # the form editor, not a page of the site
            yield path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.slow
def test_every_glossary_term_on_every_page_is_an_abbreviation(real_site):
    spellings = sorted({s for t in DATA.glossary.values() for s in t.spellings}, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, spellings)) + r")(?!\w)")
    checked = 0
    for path, soup in _pages(real_site):
        article = soup.select_one("article")
        for node in article.find_all(string=True):
            # SVG text cannot hold an <abbr>: charts and the timeline are images whose facts
            # the page repeats as text next to them (checked here like any other text).
            if not isinstance(node, NavigableString) or node.find_parent(["abbr", "code", "script", "style", "svg"]):
                continue
            if node.find_parent(class_="headerlink"):
                continue
            assert not pattern.search(str(node)), f"{path.relative_to(real_site)}: {node!r}"
        checked += 1
    assert checked >= 2 * (8 + len(DATA.territories) + len(DATA.cps.general))


@pytest.mark.slow
@pytest.mark.parametrize("prefix, expected", [("", "Compétences psychosociales :"),
                                              ("en/", "Psychosocial competences:")])
def test_content_page_abbreviation_carries_its_definition(real_site, prefix, expected):
    soup = BeautifulSoup((real_site / prefix / "programme/index.html").read_text(), "html.parser")
    cps = [a for a in soup.select("article abbr") if a.get_text() == "CPS"]
    assert cps and all(a["title"].startswith(expected) for a in cps)
    assert cps[0].get("tabindex") == "0" and all(a.get("tabindex") is None for a in cps[1:])
