"""The CPS tool catalogue as open data (CSV and JSON), and the values its filters use.

Both files are generated from resources/tools/ at every build, never edited by hand.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from pathlib import Path

from ..data.declare import cell, columns
from ..data.loader import SiteData
from ..data.models import Tool

# Column name -> description (also shown on the catalogue page): the file name, then the
# columns the model's fields declare (`Info(columns=…)` in macros/data/models.py).
ID_COLUMN = ("id", "identifiant de l'outil (nom du fichier dans resources/tools/)",
             "tool identifier (its file name in resources/tools/)")
COLUMNS = columns(Tool)
FIELDS = {ID_COLUMN[0]: ID_COLUMN[1], **{column.name: column.fr for _, column in COLUMNS}}
# The same descriptions for the English catalogue page (the files themselves document
# their columns in French).
FIELDS_EN = {ID_COLUMN[0]: ID_COLUMN[2], **{column.name: column.en for _, column in COLUMNS}}


def field_descriptions(lang: str) -> dict[str, str]:
    return FIELDS if lang == "fr" else FIELDS_EN


def row(tool_id: str, tool: Tool) -> dict[str, object]:
    return {ID_COLUMN[0]: tool_id, **{column.name: cell(tool, name, column) for name, column in COLUMNS}}


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


# Filter choices: a choice no tool of the whole catalogue can match is a dead end, not offered.
def _within(n: int, low: int | None, high: int | None) -> bool:
    return (low is None or n >= low) and (high is None or n <= high)


def offered_ages(tools, candidates) -> list[int]:
    return [n for n in candidates
            if any(t.ages != (None, None) and _within(n, *t.ages) for t in tools)]


def offered_durations(tools, candidates) -> list[int]:
    """« n min ou moins »: offered when some tool's session is that short."""
    return [n for n in candidates
            if any(t.session_minutes is not None and t.session_minutes <= n for t in tools)]


def offered_groups(tools, candidates) -> list[int]:
    return [n for n in candidates
            if any((t.group_min, t.group_max) != (None, None) and _within(n, t.group_min, t.group_max)
                   for t in tools)]


def offered_settings(tools, settings) -> list:
    used = {s for t in tools for s in t.settings}
    return [s for s in settings if s in used]
