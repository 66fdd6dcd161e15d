"""What the experience teaches (resources/lessons.yml), shared by two pages.

- The file loads and validates; a bad one is reported in French with its file, line and field.
- « Démarrer sur votre territoire » (docs/demarrer.md, .en.md) shows, in both languages, every
  point to check once, in the sheet's words with its source link, under the headings the
  capitalisation names (coordination 50 % then 70 %, a local lead per territory, partners,
  committees, policy levers, weaknesses, ways to improve).
- The capitalisation page and this page show the same lessons, from the data.
- The page prints on A4 in Chromium with the checklist and without the navigation.
"""

from __future__ import annotations

import io
import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from macros.data import models as m
from macros.content import render
from macros.data.loader import DataError, load_site_data
from conftest import with_case

DATA = load_site_data(ROOT / "resources")
LESSONS = DATA.lessons.lessons
# In the order of the page: by heading (LessonTopic), then in file order.
CHECKLIST = [lesson for _, items in render.checklist_groups(DATA) for lesson in items]
SHEET = str(DATA.lessons.source.url)


def squash(text: str) -> str:
    """Text without typography or line breaks, to compare data with a page or a PDF."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2011", "-")
    return re.sub(r"\s+", "", text)


def html(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


# ----------------------------------------------------------------------------- the data


def test_the_lessons_file_loads_and_covers_every_part_of_the_sheet():
    assert len(CHECKLIST) == sum(lesson.action is not None for lesson in LESSONS)
    assert {lesson.kind for lesson in LESSONS} == set(m.LessonKind)
    assert {lesson.topic for lesson in CHECKLIST} == set(m.LessonTopic)
    assert len({lesson.id for lesson in LESSONS}) == len(LESSONS)
    weaknesses = [lesson for lesson in LESSONS if lesson.kind is m.LessonKind.faiblesse]
    assert {lesson.scope for lesson in weaknesses} == set(m.LessonScope)
    assert all(lesson.topic is m.LessonTopic.faiblesses for lesson in weaknesses)
    assert all(lesson.quote.en and lesson.text.en and lesson.section.en for lesson in LESSONS)


@pytest.mark.parametrize("topic, words", [
    ("coordination", ["50 %", "70 %"]),
    ("referents", ["référent·e par territoire", "janvier", "mai 2022"]),
    ("partenaires", ["ARS", "Association Addictions France"]),
    ("comites", ["comité de pilotage", "deux fois par an"]),
    ("leviers", ["CLS", "CTG", "instruction interministérielle", "août 2022"]),
])
def test_the_checklist_names_the_conditions_of_the_experience(topic, words):
    actions = " ".join(lesson.action.fr for lesson in CHECKLIST if lesson.topic.value == topic)
    for word in words:
        assert word in actions, f"{topic}: « {word} » missing"


def test_a_bad_lessons_file_is_reported_in_french_with_file_line_and_field(tmp_path):
    resources, _ = with_case(tmp_path, "lessons-missing-quote")
    with pytest.raises(DataError) as raised:
        load_site_data(resources)
    assert str(raised.value) == (
        "2 erreurs dans les données (resources/) :\n"
        "  - resources/lessons.yml, ligne 7, champ « lessons[0].quote » : champ obligatoire manquant\n"
        "  - resources/lessons.yml, ligne 13, champ « lessons[1] » : une faiblesse dit où elle a "
        "été constatée : ajoutez « scope » (territoire, ensemble ou coordination)"
    )


def test_the_lessons_file_is_required_and_its_ids_unique(tmp_path):
    resources, _ = with_case(tmp_path, "lessons-missing-quote")
    (resources / "lessons.yml").unlink()
    with pytest.raises(DataError) as raised:
        load_site_data(resources)
    assert [str(p) for p in raised.value.problems] == [
        "resources/lessons.yml : fichier obligatoire manquant"]
    text = (ROOT / "resources" / "lessons.yml").read_text(encoding="utf-8")
    (resources / "lessons.yml").write_text(
        text.replace("- id: communication\n", "- id: coordination-globale\n"), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_site_data(resources)
    assert "identifiant « coordination-globale » déjà utilisé" in str(raised.value)


# --------------------------------------------------------------------- rendered Markdown


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_checklist_renders_every_point_with_its_quote_and_source_link(lang):
    markdown = render.start_checklist(DATA, lang, "")
    items = [line for line in markdown.splitlines() if line.startswith("- <svg")]
    assert len(items) == len(CHECKLIST)
    blocks = markdown.split("\n- <svg")[1:]
    for lesson, block in zip(CHECKLIST, blocks, strict=True):
        # Each point once: the sheet's words, not a paraphrase beside them.
        assert "**" not in block.split("\n")[0]
        assert markdown.count(render.md_text(render.typeset(*lesson.quote.get(lang)))) == 1
        assert f"]({SHEET})" in block
        for source in lesson.other_sources:
            assert f"]({source.url})" in block
    for topic in m.LessonTopic:
        assert f"{{ #{topic.value} }}" in markdown


def test_an_unknown_part_of_the_sheet_is_an_error():
    with pytest.raises(ValueError):
        render.lessons_list(DATA, "fr", "", "opinion")
    with pytest.raises(ValueError, match="enseignement inconnu"):
        render.lesson_quote(DATA, "fr", "", "inconnu")


# ------------------------------------------------------------------------- built site


def _items(soup: BeautifulSoup) -> list[str]:
    return [squash(li.get_text(" ")) for li in soup.select("article li")]


@pytest.mark.parametrize("prefix, lang", [("", "fr"), ("en/", "en")])
def test_the_page_shows_every_point_and_its_source_link_in_both_languages(real_site, prefix, lang):
    soup = html(real_site, f"{prefix}demarrer")
    assert soup.select_one("h1").get_text(strip=True).rstrip("¶") == (
        "Démarrer sur votre territoire" if lang == "fr" else "Getting started in your area")
    items = [li for li in soup.select("article li") if li.select_one(".psds-tick")]
    assert len(items) == len(CHECKLIST)
    for lesson, li in zip(CHECKLIST, items, strict=True):
        text = squash(li.get_text(" "))
        assert squash(lesson.quote.get(lang)[0]) in text
        links = [a["href"] for a in li.select("a[href]")]
        assert SHEET in links
        assert all(str(s.url) in links for s in lesson.other_sources)
    # The sources, with their addresses written out, for a printed copy.
    assert squash(SHEET) in squash(soup.select_one("article").get_text(" "))


@pytest.mark.parametrize("prefix, lang", [("", "fr"), ("en/", "en")])
def test_capitalisation_and_start_pages_show_the_same_lessons(real_site, prefix, lang):
    capitalisation = _items(html(real_site, f"{prefix}capitalisation"))
    start = " ".join(_items(html(real_site, f"{prefix}demarrer")))
    for lesson in LESSONS:
        # Every lesson of the data, exactly once, as a list item of the capitalisation page.
        assert capitalisation.count(squash(lesson.text.get(lang)[0])) == 1, lesson.id
        if lesson.action is not None:
            assert squash(lesson.quote.get(lang)[0]) in start, lesson.id
    # No hand-written list is left beside them: the page's lists are the data's.
    assert len(capitalisation) == len(LESSONS)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("prefix, lang", [("", "fr"), ("en/", "en")])
def test_the_page_prints_on_a4_with_the_checklist_and_without_navigation(
        chromium, real_site, real_site_url, prefix, lang):
    from pypdf import PdfReader

    page = chromium.new_page()
    page.goto(f"{real_site_url}/{prefix}demarrer/")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    page.close()
    assert 1 <= len(pdf.pages) <= 12
    for sheet in pdf.pages:
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        # A4 is 595 × 842 points (Chromium rounds it to whole device pixels).
        assert abs(width - 595) <= 2 and abs(height - 842) <= 2, (width, height)
    text = squash(" ".join(sheet.extract_text() for sheet in pdf.pages))
    for lesson in CHECKLIST:
        assert squash(lesson.quote.get(lang)[0]) in text, lesson.id
    # The navigation, the header and the footer stay on screen.
    for word in (("Mentions légales", "Données personnelles") if lang == "fr"
                 else ("Legal notice", "Personal data")):
        assert squash(word) not in text
