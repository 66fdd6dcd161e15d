"""A fiche a professional can choose from (issue 24 item 1): structured facts, availability
from Loire-Atlantique, trust panel, unknowns said once; on fixture tools, not today's data."""

from __future__ import annotations

import dataclasses
import html

from conftest import ROOT
from macros.content import render
from macros.data import models as m
from macros.data.loader import load_site_data

DATA = load_site_data(ROOT / "resources")
BASE = {"title": {"fr": "Outil d'essai", "en": "Test tool"}, "type": "seances",
        "summary": "Résumé.", "cps": [DATA.cps.general[0].id], "source": "https://example.org/outil"}
FULL = BASE | {
    "levels": ["ce2", "cm1", "cm2"], "session_minutes": 45, "session_minutes_max": 60,
    "session_count": 6, "group_min": 3, "group_max": 30,
    "cost": {"kind": "payant", "amount_eur": 25, "seen": "2026-12-04",
             "conditions": {"fr": "prix public TTC", "en": "public price incl. VAT"},
             "source": "https://example.org/prix"},
    "availability": {"status": "pays-de-la-loire", "note": {"fr": "Prêté par un centre de documentation."},
                     "source": "https://example.org/centre"},
    "evidence": {"level": "prometteur", "source": "https://example.org/registre"},
    "authors": ["Équipe de conception"], "publisher": "Éditions d'essai", "checked": "2026-12-01"}


def fiche(fields: dict, lang: str = "fr") -> str:
    data = dataclasses.replace(DATA, tools={**DATA.tools, "outil-essai": m.Tool.model_validate(fields)})
    return render.tool_page(data, lang, "outils", "outil-essai")


def row(page: str, name: str) -> str:
    return html.unescape(next(line for line in page.splitlines() if line.startswith(f"| **{name}** |")))


def test_structured_facts_are_shown_with_the_level_equivalence():
    fr, en = fiche(FULL), fiche(FULL, "en")
    assert "de 8 à 11 ans" in row(fr, "Âges") and "CE2, CM1, CM2" in row(fr, "Âges")
    assert "CP = 6 ans" in row(fr, "Âges") and "CP = age 6" in row(en, "Ages")
    # French school levels on an English page are marked French (« 6e » is not English).
    assert '<span lang="fr">CE2, CM1, CM2</span>' in row(en, "Ages") and "lang=" not in row(fr, "Âges")
    assert "45 à 60 min par séance, 6 séances" in row(fr, "Durée")
    assert "de 3 à 30 personnes" in row(fr, "Taille du groupe")
    cost = row(fr, "Coût")
    assert "25\u00a0€" in cost and "prix vu le 4 décembre 2026" in cost and "prix public TTC" in cost
    assert "price seen on 4 December 2026" in row(en, "Cost")


def test_availability_and_trust_panel():
    fr, en = fiche(FULL), fiche(FULL, "en")
    assert "Disponible en Pays de la Loire" in row(fr, "Depuis la Loire-Atlantique")
    where = fr.split("{ #se-procurer }", 1)[1].split("\n## ", 1)[0]
    assert "Prêté par un centre de documentation." in where and "https://example.org/centre" in where
    trust = fr.split("{ #confiance }", 1)[1].split("</div>", 1)[0]
    for name, value in (("Conçu par", "Équipe de conception"), ("Édité par", "Éditions d'essai"),
                        ("Niveau de preuve", "prometteuse"), ("Fiche vérifiée le", "1 décembre 2026")):
        assert value in row(trust, name), name
    assert "example.org/registre" in row(trust, "Niveau de preuve")
    # French names on an English page are marked as French.
    assert "<span lang=\"fr\">Éditions d'essai</span>" in row(en, "Published by")


def test_unknowns_are_said_once_and_empty_sections_say_nothing():
    page = fiche(BASE)
    missing = [line for line in page.splitlines() if "Non renseigné" in line or "non renseigné" in line]
    assert len(missing) == 1 and missing[0].startswith("*Non renseigné par les sources")
    for word in ("durée", "taille du groupe", "coût", "niveau de preuve", "date de vérification"):
        assert word in missing[0], word
    assert "Rubrique" not in page and "Information |" not in page
    assert "Aucun territoire" not in page and "Sur les territoires du programme" not in page
    assert "Les sources ne disent pas où se le procurer." in page
    en = fiche(BASE, "en")
    head = en.split("\n# ", 1)[0]
    assert "yet" not in en and "“" not in head.replace(DATA.programme.name.get("en")[0], "")


def test_every_tool_file_says_how_to_get_it_or_why_not():
    # Over the real files: a fiche with neither a way to get the tool nor a statement of why
    # not fails here (the fixture below shows the check failing).
    missing = [tid for tid, tool in DATA.tools.items() if not tool.says_how_to_get_it]
    assert missing == [], f"access ou availability manquant : {missing}"


def test_the_how_to_get_it_check_fails_on_a_fiche_with_neither():
    assert not m.Tool.model_validate(BASE).says_how_to_get_it
    assert m.Tool.model_validate(BASE | {"availability": {"status": "epuise"}}).says_how_to_get_it
    assert m.Tool.model_validate(BASE | {"access": [{"kind": "achat"}]}).says_how_to_get_it
    # And the fiche of such a tool says it rather than staying silent.
    assert "Les sources ne disent pas où se le procurer." in fiche(BASE)


NEW_COLUMNS = ("levels", "ages_derived", "session_minutes", "session_minutes_max", "session_count",
               "group_min", "group_max", "cost", "cost_eur", "cost_seen", "cost_conditions_fr",
               "availability", "availability_fr", "evidence", "checked")


def test_open_data_carries_the_new_fields_documented_in_both_languages():
    import csv
    import io
    import json

    from macros.content import catalogue

    data = dataclasses.replace(DATA, tools={"outil-essai": m.Tool.model_validate(FULL)})
    [row] = list(csv.DictReader(io.StringIO(catalogue.to_csv(data))))
    [item] = json.loads(catalogue.to_json(data))["tools"]
    expected = {"levels": "ce2; cm1; cm2", "ages_derived": "8-11", "session_minutes": "45",
                "session_minutes_max": "60", "session_count": "6", "group_min": "3", "group_max": "30",
                "cost": "payant", "cost_eur": "25", "cost_seen": "2026-12-04",
                "cost_conditions_fr": "prix public TTC", "availability": "pays-de-la-loire",
                "availability_fr": "Prêté par un centre de documentation.", "evidence": "prometteur",
                "checked": "2026-12-01"}
    assert {k: row[k] for k in expected} == expected
    assert item["levels"] == ["ce2", "cm1", "cm2"] and item["cost_eur"] == 25 and item["session_minutes"] == 45
    for lang in ("fr", "en"):
        described = catalogue.field_descriptions(lang)
        assert all(described.get(name) for name in NEW_COLUMNS), lang
        page = html.unescape(render.catalogue_fields(DATA, lang, ""))
        assert all(f"**{name}**" in page for name in NEW_COLUMNS), lang


def test_free_under_conditions_says_so_everywhere_with_the_cost_seen_date():
    from bs4 import BeautifulSoup

    fields = FULL | {"cost": {"kind": "gratuit", "seen": "2019-03-07",
                              "conditions": {"fr": "réservé aux enseignants du département"},
                              "source": "https://example.org/prix"}}
    tool = m.Tool.model_validate(fields)
    data = dataclasses.replace(DATA, tools={"outil-essai": tool})
    for lang, free, seen in (("fr", "Gratuit sous conditions", "7 mars 2019"),
                             ("en", "Free under conditions", "7 March 2019")):
        cost_row = row(fiche(fields, lang), "Coût" if lang == "fr" else "Cost")
        card = html.unescape(render.tool_catalogue(data, lang, ""))
        plan = html.unescape(render.selection_facts(tool, lang))
        for text in (cost_row, card, plan):
            assert free in text and "réservé aux enseignants du département" in text, (lang, text)
            assert seen in text  # the date the data gives, not the build's
        # The French condition on an English page is marked as French.
        if lang == "en":
            span = BeautifulSoup(render.selection_facts(tool, lang), "html.parser").find(lang="fr")
            assert span and "réservé" in span.text
        # The « Gratuit » filter says it keeps them.
        option = BeautifulSoup(render.tool_catalogue(data, lang, ""), "html.parser").select_one(
            "select[name=cost] option[value=free]")
        assert ("sous conditions" if lang == "fr" else "under conditions") in option.text
    # Without conditions, plain « Gratuit ».
    plain = fields | {"cost": {"kind": "gratuit"}}
    assert "sous conditions" not in row(fiche(plain), "Coût") and "Gratuit" in row(fiche(plain), "Coût")


def test_a_conditional_free_tool_is_said_once_and_the_same_way_in_each_row():
    """The Cost row does not repeat « Gratuit » (« Gratuit sous conditions : pour… »), the
    « Depuis la Loire-Atlantique » row leaves the cost to it (no plain « Gratuit »), and the
    way to get it below says « Gratuit sous conditions » too."""
    fields = FULL | {"cost": {"kind": "gratuit", "conditions": {"fr": "Gratuit pour les enseignants du département",
                                                                 "en": "Free for teachers in the département"}},
                     "access": [{"kind": "gratuit", "note": "Sur inscription"},
                                {"kind": "telechargement", "url": "https://example.org/guide.pdf"}]}
    for lang, free, cost, where, condition in (
            ("fr", "Gratuit", "Coût", "Depuis la Loire-Atlantique", "pour les enseignants du département"),
            ("en", "Free", "Cost", "From Loire-Atlantique", "for teachers in the département")):
        page = fiche(fields, lang)
        cost_row = row(page, cost).split(" | ", 1)[1]
        assert cost_row.startswith(render.label("cost.gratuit-conditions", lang)), cost_row
        assert cost_row.count(free) == 1 and condition in cost_row, cost_row
        where_row = row(page, where).split(" | ", 1)[1]
        assert free not in where_row and render.label("access.telechargement", lang) in where_row, where_row
        got = page.split("se-procurer", 1)[1]
        assert f"**{render.label('cost.gratuit-conditions', lang)}**" in got
        assert f"**{free}**" not in got
    # Without conditions: plain « Gratuit » as the way, and the cost row says « Gratuit » alone.
    plain = fields | {"cost": {"kind": "gratuit"}}
    assert "**Gratuit**" in fiche(plain).split("se-procurer", 1)[1]


def test_a_plan_line_links_instead_of_showing_an_address_and_agrees_in_gender():
    fields = BASE | {"access": [{"kind": "telechargement", "url": "https://example.org/guide.pdf"}]}
    tool = m.Tool.model_validate(fields)
    line = render.selection_facts(tool, "fr")
    assert "Durée\u00a0: non renseignée" in html.unescape(line)
    assert "](https://example.org/guide.pdf)" in line
    # The address is only the link's target, never its text.
    assert "https://example.org/guide.pdf" not in line.replace("](https://example.org/guide.pdf)", "")
