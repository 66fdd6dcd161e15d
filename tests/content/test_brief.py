"""The brief for elected officials and funders (issue 25): a web page and a tagged A4 PDF of
at most two pages, from the data. The expected facts are read from resources/, not copied
from today's text."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT
from macros.content import brief as brief_mod
from macros.content import brochure as b
from macros.content.indicators import value_text
from macros.data.loader import load_site_data

DATA = load_site_data(ROOT / "resources")
LANGS = ("fr", "en")
A4 = (595.28, 841.89)  # points


def _squash(text: str) -> str:
    """Without whitespace (PDF lines wrap anywhere; French uses narrow no-break spaces)."""
    return re.sub(r"[\s\u00a0\u202f]+", "", text)


def _figures(indicator_id: str):
    return [f for f in DATA.indicators.figures if f.indicator == indicator_id]


def _indicator(indicator_id: str):
    return next(i for i in DATA.indicators.indicators if i.id == indicator_id)


def expected_facts(lang: str) -> list[str]:
    """What the brief must carry: the coordination time from its first to its last figure,
    the replaced teachers, the four results with what they measure."""
    coordination = _indicator("temps-coordination")
    times = [value_text(f, coordination.unit, lang) for f in _figures("temps-coordination")]
    assert len(times) >= 2, "the coordination time has a start and a later figure"
    teachers = _indicator("enseignants-remplaces")
    facts = [" → ".join(times), *(value_text(f, teachers.unit, lang) for f in _figures(teachers.id)),
             teachers.name.get(lang)[0]]
    content = brief_mod.brief_content(DATA)
    assert len(content.results) == 4
    for indicator, figure in content.results:
        facts += [value_text(figure, indicator.unit, lang), indicator.definition.get(lang)[0]]
    return facts


def test_the_brief_gathers_what_the_issue_names_from_the_data():
    content = brief_mod.brief_content(DATA)
    assert [x.id for x in content.took] == list(brief_mod.TOOK)
    assert all(r[0].unit.value == "pourcentage" for r in content.results)
    assert any("sirena-cps.fr" in str(s.url) for s in content.more)
    assert content.sheet == DATA.lessons.source


def test_a_missing_lesson_stops_the_build_in_french():
    lessons = DATA.lessons.model_copy(update={"lessons": tuple(
        x for x in DATA.lessons.lessons if x.id != brief_mod.TOOK[0])})
    with pytest.raises(brief_mod.BriefError, match="enseignements absents"):
        brief_mod.brief_content(dataclasses.replace(DATA, lessons=lessons))


@pytest.mark.parametrize("lang", LANGS)
def test_the_brief_html_escapes_and_names_its_sources(lang):
    html = b.brief_html(DATA, lang)
    soup = BeautifulSoup(html, "html.parser")
    hrefs = {a["href"] for a in soup.select("a[href]")}
    assert str(DATA.lessons.source.url) in hrefs
    assert all(str(s.url) in hrefs for s in brief_mod.brief_content(DATA).more)
    assert "<script" not in html


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_brief_pdf_is_two_a4_pages_at_most_with_the_facts_and_the_sheet(real_site, lang):
    path = real_site / b.brief_pdf_path(lang)
    reader = PdfReader(path)
    assert 1 <= len(reader.pages) <= 2
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=1)
    text = _squash(" ".join(page.extract_text() for page in reader.pages))
    for fact in expected_facts(lang):
        assert _squash(fact) in text, f"{lang}: « {fact} » is not in the brief"
    links = {annot.get_object()["/A"]["/URI"] for page in reader.pages
             for annot in page.get("/Annots", []) if "/A" in annot.get_object()}
    assert str(DATA.lessons.source.url) in links
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_brief_page_links_its_pdf_and_carries_the_same_facts(real_site, lang):
    page = real_site / ("" if lang == "fr" else "en") / "note-elus" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    pdf = [a["href"] for a in soup.select("article a.md-button") if a["href"].endswith(".pdf")]
    assert len(pdf) == 1 and (page.parent / pdf[0]).resolve() == (real_site / b.brief_pdf_path(lang)).resolve()
    text = _squash(soup.select_one("article").get_text(" "))
    for fact in expected_facts(lang):
        assert _squash(fact) in text, f"{lang}: « {fact} » is not on the page"


def _unhyphenated(text: str) -> str:
    """Squashed, without hyphens: the brochure hyphenates words at line ends."""
    return _squash(text).replace("-", "").replace("\u2010", "")


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_brochure_carries_the_four_results_their_caveat_and_five_lessons(real_site, lang):
    reader = PdfReader(real_site / b.pdf_path(lang))
    assert 1 <= len(reader.pages) <= 3  # two pages before the results and lessons, one more at most
    text = _unhyphenated(" ".join(page.extract_text() for page in reader.pages))
    content = brief_mod.brief_content(DATA)
    for indicator, figure in content.results:
        assert _unhyphenated(value_text(figure, indicator.unit, lang)) in text
        assert _unhyphenated(indicator.definition.get(lang)[0]) in text, indicator.id
    for note in brief_mod.result_notes(content):
        assert _unhyphenated(note.get(lang)[0]) in text
    lessons = brief_mod.brochure_lessons(DATA)
    assert len(lessons) == brief_mod.BROCHURE_LESSONS
    for lesson in lessons:
        assert _unhyphenated(lesson.text.get(lang)[0]) in text, lesson.id


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_every_brief_pdf_page_carries_the_site_address_and_production_date(lang, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14 November 2023
    address = "https://psds.example.org/site/"
    reader = PdfReader(io.BytesIO(b.render_pdf(b.brief_html(DATA, lang, address))))
    day = b.production_date()
    assert day.isoformat() == "2023-11-14"
    line = _squash(b.footer_line(lang, address, day))
    assert "2023" in line
    for page in reader.pages:
        assert line in _squash(page.extract_text())


def test_the_footer_line_is_escaped_for_css():
    quoted = str(b.css_string('a"b</style>\\'))
    assert quoted.startswith('"') and quoted.endswith('"')
    assert '"' not in quoted[1:-1] and "<" not in quoted and quoted.count("\\") == 4
