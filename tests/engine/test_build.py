"""Full strict builds of a copy of the project, checked on the HTML of both languages."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, add_fixture_territory, build_ok, copy_project
from macros.data.loader import load_site_data
from macros.content.brochure import FOLDER as BROCHURE_FOLDER
from macros.content.pages import SECTIONS

pytestmark = pytest.mark.slow

DATA = load_site_data(ROOT / "resources")


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def heading(soup: BeautifulSoup) -> str:
    h1 = soup.select_one("article h1")
    for link in h1.select("a.headerlink"):
        link.decompose()
    return h1.get_text(strip=True)


def lang_prefix(lang: str) -> str:
    return "" if lang == "fr" else "en/"


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("tid", list(DATA.territories))
def test_each_territory_page_exists_with_data(real_site, tid, lang):
    territory = DATA.territories[tid]
    soup = page(real_site, f"{lang_prefix(lang)}territoires/{tid}")
    assert soup.html["lang"] == lang
    assert heading(soup) == territory.name.get(lang)[0]
    text = " ".join(soup.select_one("article").get_text().split())
    assert territory.status_note.get(lang)[0] in text
    for run in territory.modalities:
        assert DATA.modalities[run.modality].name.get(lang)[0] in text
    for pid in territory.partners:
        assert DATA.partners[pid].name.get(lang)[0] in text
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description == territory.summary.get(lang)[0]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_territory_pages_are_in_nav_and_search(real_site, lang):
    home = page(real_site, lang_prefix(lang).rstrip("/") or ".")
    nav_links = {a["href"] for a in home.select("nav.md-nav--primary a")}
    # One search index per language (macros/engine/search.py), addresses relative to its folder.
    index = json.loads((real_site / lang_prefix(lang) / "search/search_index.json").read_text())
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for tid in DATA.territories:
        assert any(f"territoires/{tid}/" in href for href in nav_links), nav_links
        assert f"territoires/{tid}/" in locations


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_cross_territory_table_is_built_from_data(real_site, lang):
    soup = page(real_site, f"{lang_prefix(lang)}territoires")
    table = soup.select_one(".psds-table-scroll table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers[1:] == [m.name.get(lang)[0] for m in DATA.modalities.values()]
    rows = {tr.td.get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")[1:]]
            for tr in table.select("tbody tr")}
    assert list(rows) == [t.short_name.get(lang)[0] for t in DATA.territories.values()]
    # Châteaubriant lists no intervention at all: the sheet does not say none was offered.
    chateaubriant = rows[DATA.territories["chateaubriant"].short_name.get(lang)[0]]
    assert set(chateaubriant) == {"non renseigné" if lang == "fr" else "not reported"}


def test_language_switcher_links_both_versions(real_site):
    fr = page(real_site, "territoires/carene")
    links = {a.get("hreflang"): a["href"] for a in fr.select(".md-select__link")}
    assert links["en"].endswith("en/territoires/carene/")
    en = page(real_site, "en/territoires/carene")
    links = {a.get("hreflang"): a["href"] for a in en.select(".md-select__link")}
    assert links["fr"].endswith("territoires/carene/") and "/en/" not in links["fr"]


@pytest.mark.parametrize("lang, name", [("fr", "Lien vers cette section"), ("en", "Link to this section")])
def test_heading_links_are_named_in_the_pages_language(real_site, lang, name):
    for path in ("territoires/carene", "programme", "."):
        links = page(real_site, f"{lang_prefix(lang)}{path}".rstrip("/")).select("a.headerlink")
        assert links, path
        assert all(link.get("aria-label") == name and not link.has_attr("title") for link in links), path


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_fourth_territory_is_one_yaml_file(four_territories_site, lang):
    site = four_territories_site
    soup = page(site, f"{lang_prefix(lang)}territoires/pays-fictif")
    assert heading(soup) == {"fr": "Pays fictif de test", "en": "Fictional test area"}[lang]
    table = page(site, f"{lang_prefix(lang)}territoires").select_one(".psds-table-scroll table")
    rows = {tr.td.get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")[1:]]
            for tr in table.select("tbody tr")}
    name = {"fr": "Pays fictif", "en": "Fictional area"}[lang]
    assert list(rows)[-1] == name
    ids = list(DATA.modalities)
    cells = dict(zip(ids, rows[name], strict=True))
    assert cells["ateliers-parents"] == "2023-2024, 2024-2025"
    assert cells["formation-3-jours"] == "2022-2023"
    assert cells["co-intervention"] == ("non proposée" if lang == "fr" else "not offered")
    nav = {a["href"] for a in page(site, lang_prefix(lang).rstrip("/") or ".").select("nav.md-nav--primary a")}
    assert any("territoires/pays-fictif/" in href for href in nav)


def test_untranslated_field_falls_back_visibly_to_french(four_territories_site):
    soup = page(four_territories_site, "en/territoires/pays-fictif")
    marked = soup.select("span.psds-untranslated[lang=fr]")
    assert [s.get_text() for s in marked] == [
        "Un zéro publié, qui doit s'afficher 0 (et non «\u202fnon renseigné\u202f»).",  # a figure's note
        "Aucune raison réelle, c'est une donnée de test.",  # why_chosen
        "Salle fictive",  # an event's place, audience and registration
        "Professionnel·les de l'enfance (fictif)",
        "Inscription fictive auprès de la référente.",
        "Donnée de test",  # sources[0].title
    ]


def test_hostile_data_is_escaped_everywhere(tmp_path):
    project = copy_project(tmp_path / "project")
    add_fixture_territory(project / "resources", "hostile")
    site = build_ok(project)
    for path in ["territoires/pays-hostile", "en/territoires/pays-hostile", "territoires", "", "en",
                 "calendrier", "en/calendrier", "en/territoires"]:
        html_text = (site / path / "index.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(html_text, "html.parser")
        assert "evil.example" not in {s.get("src", "") for s in soup.find_all(["script", "iframe", "img"])}
        assert not soup.find_all(["iframe"])
        # The one http-equiv meta is the site's own policy: none from the data.
        assert [m["http-equiv"] for m in soup.find_all("meta", attrs={"http-equiv": True})] == [
            "Content-Security-Policy"]
        for tag in soup.find_all(True):
            assert not any(attr.startswith("on") for attr in tag.attrs), (path, tag)
            for attr in ("href", "src"):
                assert not str(tag.get(attr, "")).lower().startswith("javascript:"), (path, tag)
        scripts = " ".join(s.get_text() for s in soup.find_all("script"))
        assert "alert" not in scripts
    en = page(site, "en/territoires/pays-hostile")
    assert en.title.get_text() == "Land </title><img src=x onerror=alert(1)> - Prendre soin de soi"
    soup = page(site, "territoires/pays-hostile")
    assert soup.title.get_text() == 'Pays <script>alert("nom")</script> {{ 7 * 7 }} - Prendre soin de soi'
    assert heading(soup) == 'Pays <script>alert("nom")</script> {{ 7 * 7 }}'
    assert "{% raw %}" in soup.get_text()
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith('Résumé "guillemets" <meta http-equiv=')
    # Events, feeds and charts carry the same text, as text.
    calendar = page(site, "calendrier").get_text()
    assert 'Atelier <script>alert("agenda")</script>' in calendar
    assert '<iframe src="https://evil.example/"></iframe>' in calendar
    assert '[clic](javascript:alert(4)) {{ 6 * 7 }}' in calendar
    assert '<a href="javascript:alert(5)">ici</a>' in calendar
    svg_texts = [t.get_text() for t in page(site, "territoires").select("svg text")]
    assert "[piège](javascript:alert(1))" in svg_texts
    notes = page(site, "territoires/pays-hostile").get_text()
    assert '<script>alert("chiffre")</script> <img src=x onerror=alert(6)>' in notes
    feed = (site / "agenda" / "pays-hostile.ics").read_bytes().decode()
    assert 'SUMMARY:Atelier <script>alert("agenda")</script>' in feed


def _tree_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and not p.relative_to(root).as_posix().startswith(
            ("site/", f"docs/{BROCHURE_FOLDER}/", *(f"docs/{s}/" for s in SECTIONS)))
        and "__pycache__" not in p.parts
    }


def test_build_never_changes_an_editors_file(tmp_path):
    project = copy_project(tmp_path / "project")
    before = _tree_hashes(project)
    build_ok(project)
    build_ok(project)
    assert _tree_hashes(project) == before


@pytest.mark.parametrize(
    "body, expected",
    [
        ("{{ not_a_variable }}", "not_a_variable"),  # refused by the pages' check, before the build
        ('{{ cps_tools("inconnue") }}', "inconnue"),  # a site macro: fails when the page renders
    ],
)
def test_template_mistakes_fail_the_strict_build(tmp_path, body, expected):
    from conftest import run_build

    project = copy_project(tmp_path / "project")
    (project / "docs" / "sources.md").write_text(f"# Sources\n\n{body}\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0
    assert expected in result.stdout + result.stderr


def test_french_only_preview_builds_no_english(tmp_path):
    """`make serve-fr` (BUILD_ENGLISH=false): French pages only, still a strict build."""
    import subprocess
    import sys

    from conftest import mkdocs_env

    project = copy_project(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")],
        cwd=project, env={**mkdocs_env(), "BUILD_ENGLISH": "false"}, capture_output=True, text=True,
        timeout=300)
    assert result.returncode == 0, result.stderr
    assert (project / "site/territoires/carene/index.html").is_file()
    assert not (project / "site/en").exists()
