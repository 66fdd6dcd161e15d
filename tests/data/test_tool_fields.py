"""The structured tool fields of issue 24: levels → ages, cost, ranges, availability."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from macros.data import models as m

BASE = {"title": "Outil", "type": "seances", "summary": "Résumé.", "cps": ["gerer-emotions"],
        "source": "https://example.org/outil"}


def test_levels_give_ages_at_the_start_of_the_school_year():
    assert m.ages_from_levels(["cp"]) == (6, 7)
    assert m.ages_from_levels(["cm1", "cm2"]) == (9, 11)
    assert m.ages_from_levels(["cm2", "ps"]) == (3, 11)
    assert m.ages_from_levels([]) is None


def test_source_ages_win_over_levels():
    tool = m.Tool.model_validate(BASE | {"levels": ["cm1"], "age_min": 8})
    assert tool.ages == (8, None) and not tool.ages_from_levels
    derived = m.Tool.model_validate(BASE | {"levels": ["ce2", "cm1", "cm2"]})
    assert derived.ages == (8, 11) and derived.ages_from_levels


def test_every_new_field_validates():
    tool = m.Tool.model_validate(BASE | {
        "levels": ["cm1"], "session_minutes": 45, "session_minutes_max": 60, "session_count": 14,
        "group_min": 3, "group_max": 30,
        "cost": {"kind": "payant", "amount_eur": 25, "seen": "2026-12-04",
                 "conditions": {"fr": "prix public TTC"}, "source": "https://example.org/prix"},
        "availability": {"status": "pays-de-la-loire", "note": "Prêté par un centre."},
        "evidence": {"level": "prometteur", "source": "https://example.org/registre"},
        "checked": "2026-12-04"})
    assert tool.cost.amount_eur == 25 and tool.checked.isoformat() == "2026-12-04"


@pytest.mark.parametrize("extra, words", [
    ({"cost": {"kind": "gratuit", "amount_eur": 3}}, "kind: payant"),
    ({"group_min": 10, "group_max": 2}, "group_max"),
    ({"session_minutes": 50, "session_minutes_max": 40}, "session_minutes_max"),
    ({"session_minutes_max": 40}, "sans session_minutes"),
    ({"levels": ["cm3"]}, "levels"),
])
def test_inconsistent_fields_are_refused(extra, words):
    with pytest.raises(ValidationError) as raised:
        m.Tool.model_validate(BASE | extra)
    assert words in str(raised.value)
