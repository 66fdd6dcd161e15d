"""Indicators, their tables and charts, and the programme timeline (build-time SVG)."""

from __future__ import annotations

import html
import re
import shutil
from datetime import date
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, add_fixture_territory
from macros.content import charts, render
from macros.content import indicators as ind
from macros.data.loader import DataError, load_site_data

SVG = "{http://www.w3.org/2000/svg}"
REAL = load_site_data(ROOT / "resources")


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    resources = tmp_path_factory.mktemp("data") / "resources"
    shutil.copytree(ROOT / "resources", resources)
    add_fixture_territory(resources, "territory-4")
    return load_site_data(resources)


def svgs(markdown: str) -> list[ET.Element]:
    """Every inline SVG of a page's Markdown, parsed as XML (fails if not well-formed)."""
    return [ET.fromstring(s) for s in re.findall(r"<svg .*?</svg>", markdown)]


def check_named_image(svg: ET.Element) -> tuple[str, str]:
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and title.text and desc is not None and desc.text
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert not svg.findall(f".//{SVG}script")
    return title.text, desc.text


def texts(svg: ET.Element) -> list[str]:
    return [t.text for t in svg.iter(f"{SVG}text")]


def _indicator(data, indicator_id: str):
    return next(i for i in data.indicators.indicators if i.id == indicator_id)


def plain(markdown: str) -> str:
    """Markdown as a reader sees its words: entities decoded, no-break spaces as spaces."""
    return html.unescape(markdown).replace("\u202f", " ").replace("\xa0", " ")


def _published(data, indicator_id: str, lang: str = "fr"):
    items, _ = ind.published(data, lang)
    return next(item for item in items if item.indicator.id == indicator_id)


def test_only_published_figures_are_listed_with_who_and_when(data):
    items, none = ind.published(data, "fr")
    assert [i.id for i in none] == ["structures-impliquees", "enfants-touches"]
    trained = _published(data, "professionnels-formes")
    assert [(k.who, k.year, k.figure.value) for k in trained.known] == [
        ("Pays fictif", "2023-2024", 12), ("Pays fictif", "2024-2025", 20)]
    assert trained.missing == ("La Carène", "Pays de Pontchâteau", "Châteaubriant")
    # A published 0 is a figure, shown as 0; an unknown is no figure at all.
    sessions = _published(data, "seances-co-intervention")
    assert [ind.value_text(k.figure, sessions.indicator.unit, "fr") for k in sessions.known] == ["0"]
    # The 15 teachers are published for two territories together: one line, credited to both.
    teachers = _published(data, "enseignants-remplaces")
    assert [(k.who, k.year) for k in teachers.known] == [
        ("La Carène et Pays de Pontchâteau (ensemble)", "année non précisée")]
    assert teachers.missing == ("Châteaubriant", "Pays fictif")
    items, none = ind.published(REAL, "en")
    assert [i.indicator.id for i in items] == ["enseignants-remplaces"]
    assert len(none) == len(ind.territory_indicators(REAL)) - len(items)


def test_chart_draws_published_values_only(data):
    svg = ET.fromstring(ind.published_chart(_published(data, "professionnels-formes"), "fr", "c"))
    title, desc = check_named_image(svg)
    assert title == "Professionnel·les formé·es, par territoire" and "tableau" in desc
    words = texts(svg)
    assert "Pays fictif" in words and {"12", "20"} <= set(words)
    assert "non renseigné" not in words and "La Carène" not in words  # no bar, no blank
    widths = [float(b.get("width")) for b in svg.findall(f"{SVG}rect")]
    assert len(widths) == 2 and widths[0] < widths[1]  # 12 < 20
    # One value alone is a line of the table, not a chart.
    assert ind.published_chart(_published(data, "ateliers-parents"), "fr", "c") is None
    assert ind.published_chart(_published(REAL, "enseignants-remplaces"), "fr", "c") is None


@pytest.mark.parametrize("lang, sentence", [
    ("fr", "Aucun chiffre publié par territoire pour : professionnel·les formé·es, structures "
           "impliquées, enfants touchés, ateliers parents organisés, séances de co-intervention."),
    ("en", "No figure published by territory for: professionals trained, organisations involved, "
           "children reached, parent workshops held, co-intervention sessions."),
])
def test_overview_says_in_one_sentence_what_is_not_published(lang, sentence):
    markdown = plain(render.indicators_overview(REAL, lang, ""))
    assert sentence in markdown
    assert "non renseigné" not in markdown and "not reported" not in markdown
    assert "| 15 ([source](https://www.capitalisationsante.fr/))" in markdown
    assert svgs(markdown) == []  # one published value: no chart of blanks


def test_territory_page_leads_with_what_is_known(data):
    page = plain(render.territory_page(data, "fr", "territoires", "pays-fictif"))
    [svg] = svgs(page)
    check_named_image(svg)
    assert {"Professionnel·les formé·es", "Ateliers parents organisés", "12", "20", "4"} <= set(texts(svg))
    assert ("Aucun chiffre publié pour ce territoire pour : structures impliquées, enfants touchés, "
            "enseignant·es remplacé·es pour se former aux CPS.") in page
    carene = plain(render.territory_page(data, "fr", "territoires", "carene"))
    assert svgs(carene) == []
    for tid in REAL.territories:
        for lang, blank in (("fr", "non renseign"), ("en", "not reported")):
            assert blank not in plain(render.territory_page(REAL, lang, "territoires", tid)), tid
    assert "chiffre commun à La Carène et Pays de Pontchâteau (ensemble), année non précisée" in carene
    # Figures come before the why and the how, with the programme's results named.
    assert carene.index("## Chiffres publiés") < carene.index("## Pourquoi ce territoire")
    assert "Enfants qui se sentent mieux après les ateliers : 86 %" in carene
    assert "#resultats-a-lechelle-du-programme" in carene


def test_programme_results_are_key_figures_with_their_caveat_and_source():
    markdown = plain(render.programme_results(REAL, "fr", ""))
    values = re.findall(r'psds-keyfigure-value">([^<]+)<', markdown)
    assert values == ["86 %", "84 %", "62 %", "84 %"]
    meters = [ET.fromstring(s) for s in re.findall(r"<svg .*?</svg>", markdown)]
    assert all(m.get("aria-hidden") == "true" for m in meters)  # the number says it, as text
    assert [m.findall(f"{SVG}rect")[1].get("width") for m in meters] == ["86", "84", "62", "84"]
    # The caveat once, in a warning, with its source named; before the other figures.
    assert markdown.count("aucune taille d'échantillon") == 1
    assert '!!! warning "À lire avec prudence"' in markdown
    assert "[Résultats et clôture du programme (Promotion Santé Pays de la Loire)](https://irepspdl.org/print-1-929-0-0.html)" in markdown
    assert markdown.index("62 %") < markdown.index("aucune taille") < markdown.index("50 % d'un temps plein")


# ------------------------------------------------------------------------ status


def _closed_on(data, day: str):
    programme = data.programme.model_copy(update={"closing_date": date.fromisoformat(day)})
    return type(data)(**{**data.__dict__, "programme": programme})


@pytest.mark.parametrize("lang, text", [
    ("fr", "Programme mené de 2022 à 2025, clos le 21 octobre 2025 (événement de clôture à Pontchâteau)"),
    ("en", "Programme ran from 2022 to 2025; closed on 21 October 2025 (closing event in Pontchâteau)"),
])
def test_status_is_read_from_programme_yml(lang, text):
    assert ind.programme_status(REAL.programme, lang) == text
    for page in (render.territory_page(REAL, lang, "territoires", "carene"),
                 render.programme_status_line(REAL, lang, ""), render.timeline(REAL, lang, "")):
        assert text in plain(page)
    changed = _closed_on(REAL, "2025-06-30")
    assert ("30 juin 2025" if lang == "fr" else "30 June 2025") in plain(
        render.territory_page(changed, lang, "territoires", "carene"))
    cards = plain(render.territory_cards(REAL, lang, ""))
    assert ("Territoire d'expérimentation, 2022–2025" if lang == "fr"
            else "Pilot territory, 2022–2025") in cards
    assert "Déploiement" not in cards and "roll-out" not in cards


@pytest.mark.parametrize("replace, field, message", [
    ("closing_date: 2025-10-21\n", "", "date de clôture"),
    ("closing_date: 2025-10-21\n", "closing_date: 2027-01-10\n", "sort des dates du programme"),
    ("status: clos\n", "status: fini\n", "status"),
])
def test_bad_status_is_rejected(tmp_path, replace, field, message):
    resources = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", resources)
    path = resources / "programme.yml"
    text = path.read_text(encoding="utf-8")
    assert replace in text
    path.write_text(text.replace(replace, field), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_site_data(resources)
    assert any(p.file == "resources/programme.yml" and message in f"{p.field} {p.message}"
               for p in raised.value.problems), "\n".join(map(str, raised.value.problems))


def test_charts_change_when_the_data_changes(data):
    fixture = ind.published_chart(_published(data, "professionnels-formes"), "fr", "c")
    more = _published(data, "professionnels-formes")
    more = type(more)(more.indicator, more.known[:1] * 2, more.missing)
    assert ind.published_chart(more, "fr", "c") != fixture
    before = render.timeline(REAL, "fr", "")
    entry = REAL.timeline[0].model_copy(update={"end": "2022-05"})
    changed = type(REAL)(**{**REAL.__dict__, "timeline": (entry, *REAL.timeline[1:])})
    assert ET.tostring(svgs(render.timeline(changed, "fr", ""))[0]) != ET.tostring(svgs(before)[0])


def test_timeline_is_drawn_to_the_text_column_and_holds_every_entry():
    [svg] = svgs(render.timeline(REAL, "fr", ""))
    width = float(svg.get("width"))
    assert svg.get("viewBox").split()[2] == svg.get("width")
    assert width <= 688  # the text column of the site at 1366 px (measured in the browser test)
    for shape in svg.iter():
        if shape.tag == f"{SVG}rect":
            assert float(shape.get("x")) + float(shape.get("width")) <= width
        if shape.tag == f"{SVG}path":
            xs = [float(n) for n in re.findall(r"[ML]([\d.]+) ", shape.get("d") + " ")]
            assert max(xs) <= width
    # The closing event, the last entry, is drawn.
    assert len(svg.findall(f"{SVG}path")) == sum(
        1 for e in REAL.timeline if e.end is None and "-" in e.start)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_timeline_svg_has_every_entry_and_school_year(lang):
    markdown = render.timeline(REAL, lang, "")
    [svg] = svgs(markdown)
    title, _ = check_named_image(svg)
    assert "2022" in title and "2025" in title
    words = " ".join(texts(svg))
    for entry in REAL.timeline:
        first_word = entry.label.get(lang)[0].split()[0]
        assert first_word in words
    for year in REAL.programme.school_years:
        assert year in texts(svg)
    # The same facts as text, each with its source.
    assert markdown.count("](https://") >= len(REAL.timeline)
    assert "19 août 2022" in markdown if lang == "fr" else "19 August 2022" in markdown


@pytest.mark.parametrize("partial, first, last", [
    ("2022", "2022-01-01", "2022-12-31"), ("2022-02", "2022-02-01", "2022-02-28"),
    ("2022-08-19", "2022-08-19", "2022-08-19"),
])
def test_partial_dates_cover_what_they_say(partial, first, last):
    assert tuple(d.isoformat() for d in charts.span(partial)) == (first, last)


@pytest.mark.parametrize("text, field, message", [
    ("  - indicator: inconnu\n    value: 3\n    source: https://example.org/\n",
     "figures[7].indicator", "indicateur inconnu « inconnu »"),
    ("  - indicator: enfants-amis\n    value: 130\n    source: https://example.org/\n",
     "figures[7].value", "ne dépasse pas 100"),
    ("  - indicator: professionnels-formes\n    territories: [carene]\n    value: 3\n",
     "figures[7].source", "obligatoire"),
    ("  - indicator: enseignants-remplaces\n    territories: [carene, pontchateau]\n    value: 9\n"
     "    source: https://example.org/\n", "figures[7]", "chiffre déjà donné"),
])
def test_bad_figures_are_rejected_with_field_named(tmp_path, text, field, message):
    resources = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", resources)
    with (resources / "indicators.yml").open("a", encoding="utf-8") as handle:
        handle.write(text)
    with pytest.raises(DataError) as raised:
        load_site_data(resources)
    problems = raised.value.problems
    assert any(p.file == "resources/indicators.yml" and p.field == field and message in p.message
               and p.line for p in problems), "\n".join(map(str, problems))


# ------------------------------------------------------------------- built site


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_fixture_territory_joins_every_cross_territory_view(four_territories_site, lang):
    prefix = "" if lang == "fr" else "en/"
    name = "Pays fictif" if lang == "fr" else "Fictional area"
    page = soup(four_territories_site, f"{prefix}territoires")
    tables = page.select("article table")
    # Programme figures, published figures by territory, modality matrix.
    assert len(tables) == 3
    for table in tables[1:]:
        assert name in " ".join(td.get_text(" ", strip=True) for td in table.select("tbody td"))
    charts_ = page.select("article svg[role=img]")
    assert any(name in [t.get_text() for t in svg.select("text")] for svg in charts_)
    calendar = page.select_one("article").get_text(" ")
    assert ("Formation fictive" if lang == "fr" else "Fictional three-day training") in calendar
    home = soup(four_territories_site, prefix or ".")
    assert ("Pays fictif de test" if lang == "fr" else "Fictional test area") in home.get_text()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_territories_overview_leads_with_results_and_hides_no_blank(real_site, lang):
    prefix = "" if lang == "fr" else "en/"
    article = soup(real_site, f"{prefix}territoires").select_one("article")
    words = article.get_text(" ")
    assert words.count("non renseign" if lang == "fr" else "not reported") <= 5
    # The published results come first, with their caveat and source, before the cards.
    figures = [p.get_text(strip=True).replace("\u202f", " ").replace("\xa0", " ")
               for p in article.select(".psds-keyfigure-value")]
    assert figures == (["86 %", "84 %", "62 %", "84 %"] if lang == "fr" else ["86%", "84%", "62%", "84%"])
    html_text = str(article)
    first_card = html_text.index("grid cards")
    assert html_text.index("psds-keyfigure") < html_text.index("admonition warning") < first_card
    assert "https://irepspdl.org/print-1-929-0-0.html" in html_text[:first_card]
    # Every value in the published figures table is in the data.
    published = {f"{f.value:g}" for f in REAL.indicators.figures}
    for table in article.select("table")[:2]:
        for td in table.select("tbody td:nth-of-type(2), tbody td:nth-of-type(3)"):
            text = td.get_text(" ", strip=True)
            if text[:1].isdigit():
                assert text.split()[0].rstrip("%") in published, text
