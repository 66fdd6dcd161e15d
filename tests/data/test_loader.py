"""The data layer: loaded once into one immutable object, reloaded only after an edit."""

from __future__ import annotations

import dataclasses
import os
import shutil

import pydantic
import pytest

from conftest import ROOT
from macros.data import loader
from macros.data.loader import SiteData, load_site_data


@pytest.fixture
def resources(tmp_path):
    shutil.copytree(ROOT / "resources", tmp_path / "resources")
    return tmp_path / "resources"


def test_real_data_matches_the_seed():
    data = load_site_data(ROOT / "resources")
    assert list(data.modalities) == [
        "co-intervention",
        "accompagnement-equipes",
        "formation-3-jours",
        "ateliers-parents",
        "journee-echanges-pratiques",
    ]
    assert set(data.territories) == {p.stem for p in (ROOT / "resources" / "territories").glob("*.yml")}
    assert data.territories["chateaubriant"].status.value == "plaidoyer"
    assert not data.territories["chateaubriant"].modalities
    assert (data.programme.start_year, data.programme.end_year) == (2022, 2025)


def test_every_text_has_both_languages_in_real_data():
    def texts(value):
        if isinstance(value, loader.m.Text):
            yield value
        elif isinstance(value, pydantic.BaseModel):
            for name in type(value).model_fields:
                yield from texts(getattr(value, name))
        elif isinstance(value, (tuple, list)):
            for item in value:
                yield from texts(item)

    data = load_site_data(ROOT / "resources")
    everything = [data.programme, *data.modalities.values(), *data.partners.values(),
                  *data.territories.values()]
    missing = [t.fr for item in everything for t in texts(item) if not t.en]
    assert missing == []


def test_data_is_immutable():
    data = load_site_data(ROOT / "resources")
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.programme = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        data.territories["x"] = None  # type: ignore[index]
    with pytest.raises(pydantic.ValidationError):
        data.programme.start_year = 1999


def test_loaded_once_then_reloaded_after_an_edit(resources, monkeypatch):
    calls = []
    real_load = loader._load
    monkeypatch.setattr(loader, "_load", lambda folder: calls.append(folder) or real_load(folder))
    first = load_site_data(resources)
    assert load_site_data(resources) is first
    assert len(calls) == 1

    path = resources / "territories" / "carene.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("order: 1", "order: 9"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    second = load_site_data(resources)
    assert len(calls) == 2
    assert isinstance(second, SiteData) and list(second.territories)[-1] == "carene"


def test_plain_string_is_french_only_text():
    text = loader.m.Text.model_validate("Bonjour")
    assert text.get("en") == ("Bonjour", "fr")
    assert loader.m.Text(fr="Bonjour", en="Hello").get("en") == ("Hello", "en")
