"""Indicators, their tables and charts, and the programme timeline (build-time SVG)."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, add_fixture_territory
from macros import charts, render
from macros import indicators as ind
from macros.loader import DataError, load_site_data

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


def test_missing_figures_are_not_reported_never_zero(data):
    table = ind.comparison(data, data.indicators.indicators[4], "fr")  # co-intervention sessions
    assert table.indicator.id == "seances-co-intervention"
    cells = {row.name: [ind.value_text(c, table.indicator.unit, "fr") for c in row.cells]
             for row in table.rows}
    # The fixture publishes a real 0 for 2022-2023; the rest is not known.
    assert cells["Pays fictif"] == ["0", "non renseigné", "non renseigné"]
    assert cells["La Carène"] == ["non renseigné"] * 3
    assert ind.value_text(None, table.indicator.unit, "en") == "not reported"


def test_shared_figure_gets_its_own_row_and_no_territory_is_credited(data):
    table = ind.comparison(data, data.indicators.indicators[0], "fr")
    names = [row.name for row in table.rows]
    assert names == ["La Carène", "Pays de Pontchâteau", "Châteaubriant", "Pays fictif"]
    assert table.columns == ("2022-2023", "2023-2024", "2024-2025")
    values = {row.name: [c.value if c else None for c in row.cells] for row in table.rows}
    assert values["La Carène"] == [None] * 3
    assert values["Pays fictif"] == [None, 12, 20]
    # The 15 teachers replaced for training are published for both territories together.
    table = ind.comparison(data, _indicator(data, "enseignants-remplaces"), "fr")
    values = {row.name: [c.value if c else None for c in row.cells] for row in table.rows}
    assert values["La Carène"] == [None] * 4
    assert values["La Carène et Pays de Pontchâteau (ensemble)"] == [None, None, None, 15]


def test_comparison_chart_is_a_named_svg_with_every_territory(data):
    table = ind.comparison(data, data.indicators.indicators[0], "fr")
    svg = ET.fromstring(ind.comparison_chart(table, "fr", "test-chart"))
    title, desc = check_named_image(svg)
    assert title == "Professionnel·les formé·es, par territoire"
    assert "tableau" in desc
    words = texts(svg)
    for name in ["La Carène", "Pays de Pontchâteau", "Châteaubriant", "Pays fictif"]:
        assert name in words
    assert "12" in words and "20" in words
    assert words.count("non renseigné") >= 3  # never drawn as an empty bar
    bars = svg.findall(f"{SVG}rect")
    widths = sorted(float(b.get("width")) for b in bars)
    assert len(bars) == 2 and widths[0] < widths[1]  # 12 < 20


def test_charts_change_when_the_data_changes(data):
    real = ind.comparison(REAL, _indicator(REAL, "enseignants-remplaces"), "fr")
    fixture = ind.comparison(data, _indicator(data, "enseignants-remplaces"), "fr")
    assert ind.comparison_chart(real, "fr", "c") != ind.comparison_chart(fixture, "fr", "c")
    before = render.timeline(REAL, "fr", "")
    entry = REAL.timeline[0].model_copy(update={"end": "2022-05"})
    changed = type(REAL)(**{**REAL.__dict__, "timeline": (entry, *REAL.timeline[1:])})
    assert ET.tostring(svgs(render.timeline(changed, "fr", ""))[0]) != ET.tostring(svgs(before)[0])


def test_territory_page_has_its_chart_only_when_it_has_figures(data):
    page = render.territory_page(data, "fr", "territoires", "pays-fictif")
    [svg] = svgs(page)
    check_named_image(svg)
    assert {"Professionnel·les formé·es", "Ateliers parents organisés", "12", "20", "4"} <= set(texts(svg))
    carene = render.territory_page(data, "fr", "territoires", "carene")
    assert svgs(carene) == []
    assert "Aucun chiffre propre à ce territoire" in carene
    assert "La Carène et Pays de Pontchâteau (ensemble)" in carene  # the shared figure, as text


def test_programme_results_chart_on_a_percent_scale():
    markdown = render.programme_results(REAL, "fr", "")
    [svg] = svgs(markdown)
    check_named_image(svg)
    assert {"86 %", "84 %", "62 %"} <= {t.replace("\u202f", " ").replace("\xa0", " ") for t in texts(svg)}
    bars = {float(b.get("width")) for b in svg.findall(f"{SVG}rect")}
    assert len(bars) == 3  # 86, 84 (twice), 62
    assert "aucune taille d'échantillon" in markdown
    assert "50 % d'un temps plein" in markdown.replace("\u202f", " ").replace("\xa0", " ")


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
    # Modality matrix + 6 indicator tables + the programme results table.
    assert len(tables) == 8
    for table in tables[:7]:
        assert name in [td.get_text(strip=True) for td in table.select("tbody tr td:first-child")]
    charts_ = page.select("article svg[role=img]")
    assert any(name in [t.get_text() for t in svg.select("text")] for svg in charts_)
    calendar = page.select_one("article").get_text(" ")
    assert ("Formation fictive" if lang == "fr" else "Fictional three-day training") in calendar
    home = soup(four_territories_site, prefix or ".")
    assert ("Pays fictif de test" if lang == "fr" else "Fictional test area") in home.get_text()


@pytest.mark.slow
def test_no_indicator_cell_shows_a_figure_that_is_not_in_the_data(real_site):
    page = soup(real_site, "territoires")
    published = {f"{f.value:g}" for f in REAL.indicators.figures}
    for table in page.select("article table")[1:6]:
        for td in table.select("tbody td")[1:]:
            text = td.get_text(" ", strip=True)
            if td.find_previous_sibling() is None:
                continue
            assert text == "non renseigné" or text.split()[0] in published, text
