"""The CPS tool catalogue as open data (CSV and JSON), and the values its filters use.

Both files are generated from resources/tools/ at every build, never edited by hand.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from pathlib import Path

from ..data.loader import SiteData
from ..data.models import Tool

# Column name -> description (also shown on the catalogue page).
FIELDS = {
    "id": "identifiant de l'outil (nom du fichier dans resources/tools/)",
    "title_fr": "titre en français",
    "title_en": "titre en anglais (vide : pas de traduction)",
    "type": "nature : jeu, cartes, mallette, kit, livre, programme, fiche-activite, video, application, seances",
    "authors": "conception : personnes ou organismes qui l'ont conçu, séparés par « ; »",
    "adapted_by": "adaptation (par ex. française), séparés par « ; »",
    "publisher": "édition : l'éditeur",
    "distributors": "diffusion : qui le distribue ou le déploie, séparés par « ; »",
    "year": "année donnée par la source",
    "year_note_fr": "ce que date l'année (création, parution, édition française…)",
    "age_min": "âge minimal (vide : non renseigné)",
    "age_max": "âge maximal (vide : non renseigné)",
    "public_fr": "public tel que la source le décrit",
    "cps": "identifiants des compétences travaillées (référentiel SPF 2022), séparés par « ; »",
    "settings": "milieux : ecole, periscolaire, accueil-loisirs, club-sportif, famille",
    "settings_note_fr": "milieux tels que la source les nomme",
    "group_size_fr": "taille du groupe",
    "duration_fr": "durée",
    "contents_fr": "matériel (contenu de la boîte, du kit)",
    "price_fr": "prix tel que publié (vide : non renseigné)",
    "languages": "langues de l'outil (codes), séparées par « ; »",
    "access": "comment se le procurer : pret, achat, telechargement, gratuit, porteur",
    "access_urls": "pages où se le procurer, séparées par « ; »",
    "summary_fr": "résumé en français",
    "summary_en": "résumé en anglais",
    "territories": "territoires du programme où il est utilisé",
    "source": "page publique d'où viennent les informations",
    "other_sources": "autres pages publiques utilisées (par information, pour se le procurer), séparées par « ; »",
}
# The same descriptions for the English catalogue page (the files themselves document
# their columns in French).
FIELDS_EN = {
    "id": "tool identifier (its file name in resources/tools/)",
    "title_fr": "title in French",
    "title_en": "title in English (empty: no translation)",
    "type": "kind: jeu, cartes, mallette, kit, livre, programme, fiche-activite, video, application, seances",
    "authors": "designed by: people or organisations, separated by “;”",
    "adapted_by": "adapted by (e.g. the French adaptation), separated by “;”",
    "publisher": "publisher",
    "distributors": "distributed or run by, separated by “;”",
    "year": "year given by the source",
    "year_note_fr": "what the year refers to (creation, publication, French edition…)",
    "age_min": "minimum age (empty: not reported)",
    "age_max": "maximum age (empty: not reported)",
    "public_fr": "audience as the source describes it",
    "cps": "identifiers of the competences worked on (SPF 2022 framework), separated by “;”",
    "settings": "settings: ecole, periscolaire, accueil-loisirs, club-sportif, famille",
    "settings_note_fr": "settings as the source names them",
    "group_size_fr": "group size",
    "duration_fr": "duration",
    "contents_fr": "materials (contents of the box or kit)",
    "price_fr": "price as published (empty: not reported)",
    "languages": "languages of the tool (codes), separated by “;”",
    "access": "how to get it: pret (loan), achat (purchase), telechargement (download), gratuit (free), "
              "porteur (from the organisation that runs it)",
    "access_urls": "pages where to get it, separated by “;”",
    "summary_fr": "summary in French",
    "summary_en": "summary in English",
    "territories": "territories of the programme where it was used",
    "source": "public page the information comes from",
    "other_sources": "other public pages used (for one fact, for where to get it), separated by “;”",
}
assert FIELDS_EN.keys() == FIELDS.keys()


def field_descriptions(lang: str) -> dict[str, str]:
    return FIELDS if lang == "fr" else FIELDS_EN


def _text(value, lang: str) -> str:
    if value is None:
        return ""
    return value.fr if lang == "fr" else (value.en or "")


def row(tool_id: str, tool: Tool) -> dict[str, object]:
    return {
        "id": tool_id,
        "title_fr": tool.title.fr,
        "title_en": tool.title.en or "",
        "type": tool.type.value,
        "authors": list(tool.authors),
        "adapted_by": list(tool.adapted_by),
        "publisher": tool.publisher or "",
        "distributors": list(tool.distributors),
        "year": tool.year,
        "year_note_fr": _text(tool.year_note, "fr"),
        "age_min": tool.age_min,
        "age_max": tool.age_max,
        "public_fr": _text(tool.age_note, "fr"),
        "cps": list(tool.cps),
        "settings": [s.value for s in tool.settings],
        "settings_note_fr": _text(tool.settings_note, "fr"),
        "group_size_fr": _text(tool.group_size, "fr"),
        "duration_fr": _text(tool.duration, "fr"),
        "contents_fr": _text(tool.contents, "fr"),
        "price_fr": _text(tool.price, "fr"),
        "languages": list(tool.languages),
        "access": [a.kind.value for a in tool.access],
        "access_urls": [str(a.url) for a in tool.access if a.url is not None],
        "summary_fr": tool.summary.fr,
        "summary_en": tool.summary.en or "",
        "territories": list(tool.territories),
        "source": str(tool.source),
        "other_sources": [u for u in tool.all_sources if u != str(tool.source)],
    }


def rows(data: SiteData) -> list[dict[str, object]]:
    return [row(tool_id, tool) for tool_id, tool in data.tools.items()]


def to_json(data: SiteData) -> str:
    document = {
        "description": "Catalogue des outils CPS du site « Prendre soin de soi »",
        "fields": FIELDS,
        "tools": rows(data),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# A cell a spreadsheet would read as a formula (OWASP « CSV injection »).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell):
    """The text of a CSV cell, with an apostrophe before a leading formula sign: spreadsheets
    show it as text. (The JSON keeps every text as it is.)"""
    return "'" + cell if isinstance(cell, str) and cell.startswith(_FORMULA_START) else cell


def to_csv(data: SiteData) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(FIELDS), lineterminator="\n")
    writer.writeheader()
    for item in rows(data):
        writer.writerow({key: spreadsheet_safe("; ".join(map(str, value)) if isinstance(value, list)
                                               else ("" if value is None else value))
                         for key, value in item.items()})
    return out.getvalue()


def cps_lineage(data: SiteData, tool: Tool) -> list[str]:
    """Every CPS id a tool counts for in the filters: its own ids and those above them."""
    out: list[str] = []
    for cps_id in tool.cps:
        item = data.cps_item(cps_id)
        chain = [item.id]
        general = getattr(item, "general", None)
        if general:
            chain.append(general)
            item = data.cps_item(general)
        category = getattr(item, "category", None)
        if category:
            chain.append(category)
        out += [c for c in chain if c not in out]
    return out


# One icon per kind of tool, on the catalogue's cards and at the top of each fiche: Material
# Design Icons (Pictogrammers Free License, icons/LICENSE), copied from mkdocs-material's
# bundle so that the content needs no theme, inlined at build time (no icon font, no request).
ICONS = Path(__file__).resolve().parent / "icons"
TYPE_ICONS = {
    "jeu": "dice-5-outline",
    "cartes": "cards-outline",
    "mallette": "briefcase-outline",
    "kit": "package-variant-closed",
    "livre": "book-open-variant",
    "programme": "calendar-check-outline",
    "fiche-activite": "file-document-outline",
    "video": "video-outline",
    "seances": "clipboard-text-outline",
    "application": "cellphone",
}


@functools.cache
def type_icon(kind: str) -> str:
    """The inline SVG of a tool type's icon, decorative (its name is written next to it)."""
    svg = (ICONS / f"{TYPE_ICONS[kind]}.svg").read_text(encoding="utf-8").strip()
    return svg.replace("<svg ", '<svg class="psds-icon" aria-hidden="true" focusable="false" ', 1)
