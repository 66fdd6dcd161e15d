"""The ids each reference field may hold, read from the data: the loader checks the same
references, the JSON Schemas list them as enums and the form editor as choices."""

from __future__ import annotations

import typing

from . import models as m
from .loader import SiteData


def _named(items, lang="fr") -> list[dict]:
    return [{"label": f"{item.name.get(lang)[0]} ({item.id})", "value": item.id} for item in items]


def _cps_options(data: SiteData) -> list[dict]:
    groups = (("catégorie", data.cps.categories), ("CPS générale", data.cps.general),
              ("CPS spécifique", data.cps.specific))
    return [{"label": f"{item.name.fr} ({kind}, {item.id})", "value": item.id}
            for kind, items in groups for item in items]


def _year_options(data: SiteData) -> list[str]:
    return list(data.programme.school_years)


# (model, field) -> the ids it may hold, read from the data (the loader checks the same).
REFERENCES: dict[tuple[type, str], typing.Callable[[SiteData], list]] = {
    (m.Programme, "funders"): lambda d: _named(d.partners.values()),
    (m.Territory, "partners"): lambda d: _named(d.partners.values()),
    (m.ModalityRun, "modality"): lambda d: _named(d.modalities.values()),
    (m.ModalityRun, "school_years"): _year_options,
    (m.Tool, "cps"): _cps_options,
    (m.Tool, "territories"): lambda d: [{"label": f"{t.name.fr} ({key})", "value": key}
                                        for key, t in d.territories.items()],
    (m.Event, "modality"): lambda d: _named(d.modalities.values()),
    (m.Figure, "indicator"): lambda d: _named(d.indicators.indicators),
    (m.Figure, "school_year"): _year_options,
    (m.GeneralCps, "category"): lambda d: _named(d.cps.categories),
    (m.SpecificCps, "general"): lambda d: _named(d.cps.general),
    (m.LifeSkill, "maps_to"): _cps_options,
}
REFERENCES[(m.Event, "territories")] = REFERENCES[(m.Tool, "territories")]
REFERENCES[(m.Figure, "territories")] = REFERENCES[(m.Tool, "territories")]


def reference_values(options: list) -> list[str]:
    """The ids alone, from the options of REFERENCES (label and value, or plain ids)."""
    return [o["value"] if isinstance(o, dict) else o for o in options]
