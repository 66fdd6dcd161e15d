"""The ids each kind of reference (`models.PARTNER`, …) may hold, read from the data: the
JSON Schemas list them as enums and the form editor as choices; the loader checks the same
fields (`Info(refs=…)` in the models) against the same ids."""

from __future__ import annotations

import typing

from . import models as m
from .declare import references
from .loader import FOLDERS, TOP_LEVEL, SiteData


def _named(items, lang="fr") -> list[dict]:
    return [{"label": f"{item.name.get(lang)[0]} ({item.id})", "value": item.id} for item in items]


def _cps_options(data: SiteData) -> list[dict]:
    groups = (("catégorie", data.cps.categories), ("CPS générale", data.cps.general),
              ("CPS spécifique", data.cps.specific))
    return [{"label": f"{item.name.fr} ({kind}, {item.id})", "value": item.id}
            for kind, items in groups for item in items]


def _year_options(data: SiteData) -> list[str]:
    return list(data.programme.school_years)


# Ref kind (models.PARTNER…) -> the ids it may hold, read from the data.
OPTIONS: dict[str, typing.Callable[[SiteData], list]] = {
    m.PARTNER.kind: lambda d: _named(d.partners.values()),
    m.MODALITY.kind: lambda d: _named(d.modalities.values()),
    m.TERRITORY.kind: lambda d: [{"label": f"{t.name.fr} ({key})", "value": key}
                                 for key, t in d.territories.items()],
    m.CPS.kind: _cps_options,
    m.CPS_CATEGORY.kind: lambda d: _named(d.cps.categories),
    m.GENERAL_CPS.kind: lambda d: _named(d.cps.general),
    m.INDICATOR.kind: lambda d: _named(d.indicators.indicators),
    m.SCHOOL_YEAR.kind: _year_options,
}

# (model, field) -> the ids it may hold: every field whose `Info` declares `refs`.
REFERENCES: dict[tuple[type, str], typing.Callable[[SiteData], list]] = {
    key: OPTIONS[ref.kind]
    for key, ref in references(*TOP_LEVEL.values(), *(model for model, _ in FOLDERS.values())).items()
}


def reference_values(options: list) -> list[str]:
    """The ids alone, from the options of REFERENCES (label and value, or plain ids)."""
    return [o["value"] if isinstance(o, dict) else o for o in options]
