"""The SPF 2022 CPS framework: complete, exact, bilingual, one page per general CPS."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT
from macros.content import render
from macros.data.loader import load_site_data

DATA = load_site_data(ROOT / "resources")

# The framework as published (general CPS: promosante-idf headings; specific CPS: essaimer-cps,
# a secondary source), see resources/cps.yml. 3 categories, 9 general, 21 specific.
PUBLISHED = {
    "cognitives": {
        "Avoir conscience de soi": ["Connaissance de soi", "Savoir penser de façon critique",
                                    "Auto-évaluation positive", "Attention à soi (pleine conscience)"],
        "Capacité de maîtrise de soi": ["Gérer ses impulsions", "Atteindre ses buts"],
        "Prendre des décisions constructives": ["Faire des choix responsables",
                                                "Résoudre des problèmes de façon créative"],
    },
    "emotionnelles": {
        "Avoir conscience de ses émotions et de son stress": ["Comprendre les émotions et le stress",
                                                              "Identifier ses émotions et son stress"],
        "Réguler ses émotions": ["Exprimer ses émotions de façon positive", "Gérer ses émotions"],
        "Gérer son stress": ["Réguler son stress au quotidien",
                             "Faire face / s'adapter en situation d'adversité"],
    },
    "sociales": {
        "Communiquer de façon constructive": ["Écoute empathique", "Communication efficace"],
        "Développer des relations constructives": ["Développer des liens sociaux",
                                                   "Comportements prosociaux"],
        "Résoudre des difficultés": ["Demander de l'aide", "Assertivité et refus",
                                     "Résoudre des conflits de façon constructive"],
    },
}


def test_counts_match_the_source():
    assert len(DATA.cps.categories) == 3
    assert len(DATA.cps.general) == 9
    assert len(DATA.cps.specific) == 21
    assert len(DATA.cps.who_life_skills) == 10
    assert sorted(w.pair for w in DATA.cps.who_life_skills) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_names_are_exactly_the_published_ones():
    ours = {
        category.id: {
            general.name.fr: [s.name.fr for s in DATA.cps.specific if s.general == general.id]
            for general in DATA.cps.general
            if general.category == category.id
        }
        for category in DATA.cps.categories
    }
    assert ours == PUBLISHED


def test_every_competence_has_french_and_english_text():
    for item in (*DATA.cps.categories, *DATA.cps.general, *DATA.cps.specific):
        assert item.name.en and item.summary.en, item.id
    for general in DATA.cps.general:
        assert general.child_example.fr and general.child_example.en


def test_framework_carries_name_year_and_the_2025_update():
    framework = DATA.cps.framework
    assert (framework.publisher, framework.year) == ("Santé publique France", 2022)
    assert "2025" in framework.update.fr and "2025" in framework.update.en
    assert any("essaimer-cps.fr" in str(s.url) for s in framework.sources)


@pytest.mark.slow
@pytest.mark.parametrize("lang, prefix", [("fr", ""), ("en", "en/")])
def test_each_competence_has_its_page(real_site, lang, prefix):
    overview = BeautifulSoup((real_site / prefix / "cps/index.html").read_text(), "html.parser")
    for category in DATA.cps.categories:
        assert overview.find(id=category.id), category.id
    for general in DATA.cps.general:
        html = (real_site / prefix / f"cps/{general.id}/index.html").read_text()
        soup = BeautifulSoup(html, "html.parser")
        assert general.name.get(lang)[0] in soup.select_one("article h1").get_text()
        for specific in DATA.cps.specific:
            if specific.general == general.id:
                anchor = soup.find(id=specific.id)
                assert anchor and specific.name.get(lang)[0] in anchor.get_text()
        link = overview.find("a", href=lambda h, gid=general.id: h and h.rstrip("/").split("/")[-1] == gid)
        assert link is not None, general.id


def _with_fixture_tools(tmp_path):
    resources = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", resources)
    shutil.rmtree(resources / "tools")  # only the two fixture tools
    shutil.copytree(FIXTURES / "tools", resources / "tools")
    return load_site_data(resources)


def test_tools_for_a_competence_include_its_sub_competences(tmp_path):
    data = _with_fixture_tools(tmp_path)
    # jeu-emotions targets gerer-emotions (under reguler-emotions); cartes-ecoute targets ecoute-empathique.
    assert [tid for tid, _ in render.tools_for_cps(data, "gerer-emotions")] == ["jeu-emotions"]
    assert [tid for tid, _ in render.tools_for_cps(data, "reguler-emotions")] == ["jeu-emotions"]
    assert [tid for tid, _ in render.tools_for_cps(data, "emotionnelles")] == ["jeu-emotions"]
    assert [tid for tid, _ in render.tools_for_cps(data, "sociales")] == ["cartes-ecoute"]
    assert render.tools_for_cps(data, "gerer-stress") == []
    markdown = render.cps_tools(data, "en", "cps", "reguler-emotions")
    assert "Fictional emotions game" in markdown and "Cartes d'écoute" not in markdown
    with pytest.raises(KeyError):
        render.cps_tools(data, "fr", "", "inconnue")


@pytest.mark.slow
def test_cps_pages_list_their_tools_from_fixtures(fixture_site):
    site = fixture_site
    page = (site / "cps/reguler-emotions/index.html").read_text()
    assert "Jeu des émotions (fictif)" in page and "Cartes d'écoute (fictif)" not in page
    other = (site / "en/cps/communiquer-constructive/index.html").read_text()
    assert "Cartes d&#39;écoute (fictif)" in other or "Cartes d'écoute (fictif)" in other
