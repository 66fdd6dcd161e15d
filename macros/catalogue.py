"""The CPS tool catalogue as open data (CSV and JSON), and the values its filters use.

Both files are generated from resources/tools/ at every build, never edited by hand.
"""

from __future__ import annotations

import csv
import io
import json

from .loader import SiteData
from .models import Tool

# Column name -> description (also shown on the catalogue page).
FIELDS = {
    "id": "identifiant de l'outil (nom du fichier dans resources/tools/)",
    "title_fr": "titre en français",
    "title_en": "titre en anglais (vide : pas de traduction)",
    "type": "nature : jeu, cartes, mallette, kit, livre, programme, fiche-activite, video, application",
    "authors": "auteurs ou organismes, séparés par « ; »",
    "publisher": "éditeur ou diffuseur",
    "year": "année de parution ou de création",
    "age_min": "âge minimal (vide : non renseigné)",
    "age_max": "âge maximal (vide : non renseigné)",
    "public_fr": "public tel que la source le décrit",
    "cps": "identifiants des compétences travaillées (référentiel SPF 2022), séparés par « ; »",
    "settings": "milieux : ecole, periscolaire, accueil-loisirs, club-sportif, famille",
    "group_size_fr": "taille du groupe",
    "duration_fr": "durée",
    "languages": "langues de l'outil (codes), séparées par « ; »",
    "access": "comment se le procurer : pret, achat, telechargement, gratuit",
    "summary_fr": "résumé en français",
    "summary_en": "résumé en anglais",
    "territories": "territoires du programme où il est utilisé",
    "source": "page publique d'où viennent les informations",
    "other_sources": "autres pages publiques, séparées par « ; »",
}


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
        "publisher": tool.publisher or "",
        "year": tool.year,
        "age_min": tool.age_min,
        "age_max": tool.age_max,
        "public_fr": _text(tool.age_note, "fr"),
        "cps": list(tool.cps),
        "settings": [s.value for s in tool.settings],
        "group_size_fr": _text(tool.group_size, "fr"),
        "duration_fr": _text(tool.duration, "fr"),
        "languages": list(tool.languages),
        "access": [a.kind.value for a in tool.access],
        "summary_fr": tool.summary.fr,
        "summary_en": tool.summary.en or "",
        "territories": list(tool.territories),
        "source": str(tool.source),
        "other_sources": [str(u) for u in tool.other_sources],
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


def to_csv(data: SiteData) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(FIELDS), lineterminator="\n")
    writer.writeheader()
    for item in rows(data):
        writer.writerow({key: "; ".join(map(str, value)) if isinstance(value, list)
                         else ("" if value is None else value) for key, value in item.items()})
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
