"""The models are the one declaration: a field added to the model (with its `Info`) and to
the template that shows it reaches the schema, the form, the fiche, the open data and the
loader's reference checks with no other code change."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from macros.content import catalogue, cms, labels
from macros.data import declare, models as m
from macros.data.loader import FOLDERS, TOP_LEVEL

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

# Two fields of a fixture, added to the Tool model of a copy of the code: a number with an
# open-data column, and a list of territory ids (a reference the loader must check).
NEW_FIELDS = '''
    trial_rating: Annotated[int | None, Info(
        "Note d'essai", "Trial rating",
        columns=(Column("trial_rating", "note d'essai (champ de test)", "trial rating (test field)"),))] = None
    """Une note inventée pour ce test."""
    trial_places: Annotated[tuple[Slug, ...], Info(
        "Lieux d'essai", "Trial places", refs=TERRITORY,
        columns=(Column("trial_places", "lieux d'essai, séparés par « ; »", "trial places, separated by “;”"),))] = ()
    """Des territoires, pour ce test."""
'''
NEW_ROW = ('{% if tool.trial_rating %}\n| **{{ tool | field_label("trial_rating") }}** | '
           '{{ tool.trial_rating }} |\n{% endif %}\n')

PROBE = r'''
import json, sys
from pathlib import Path
from macros.content import catalogue, cms, render
from macros.data import schemas
from macros.data.inputs import DataError
from macros.data.loader import load_site_data

data = load_site_data(Path("resources"))
schema = json.loads(schemas.schema_text("tools", data))
config = cms.config(data)
tools = next(c for c in config["collections"] if c["name"] == "tools")
out = {
    "territories": list(data.territories),
    "schema": {k: schema["properties"][k] for k in ("trial_rating", "trial_places")},
    "form": [f for f in tools["fields"] if f["name"].startswith("trial_")],
    "fiche_fr": render.tool_page(data, "fr", "outils", "jeu-emotions"),
    "fiche_en": render.tool_page(data, "en", "outils", "jeu-emotions"),
    "csv": catalogue.to_csv(data),
    "json": json.loads(catalogue.to_json(data)),
    "fields_en": catalogue.field_descriptions("en"),
}
bad = Path("resources/tools/jeu-emotions.yml")
bad.write_text(bad.read_text(encoding="utf-8").replace("trial_places: [", "trial_places: [nulle-part, "),
               encoding="utf-8")
try:
    load_site_data(Path("resources"))
    out["error"] = None
except DataError as err:
    out["error"] = str(err)
print(json.dumps(out))
'''


@pytest.fixture(scope="module")
def probe(tmp_path_factory) -> dict:
    copy = tmp_path_factory.mktemp("declaration")
    shutil.copytree(ROOT / "macros", copy / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "resources", copy / "resources")
    models = copy / "macros" / "data" / "models.py"
    text = models.read_text(encoding="utf-8")
    anchor = "\n    @model_validator(mode=\"after\")\n    def _age_range(self):"
    assert text.count(anchor) == 1
    models.write_text(text.replace(anchor, NEW_FIELDS + anchor), encoding="utf-8")
    template = copy / "macros" / "content" / "templates" / "tool.md"
    text = template.read_text(encoding="utf-8")
    anchor = "{% if ns.missing %}"
    assert text.count(anchor) == 1
    template.write_text(text.replace(anchor, NEW_ROW + anchor), encoding="utf-8")
    # A fixture tool using both fields, with territories read from the copy's data.
    territory = sorted(p.stem for p in (copy / "resources" / "territories").glob("*.yml"))[0]
    tool = (FIXTURES / "tools" / "jeu-emotions.yml").read_text(encoding="utf-8")
    tool += f"trial_rating: 4\ntrial_places: [{territory}]\n"
    (copy / "resources" / "tools" / "jeu-emotions.yml").write_text(tool, encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=copy, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return {**json.loads(result.stdout), "territory": territory}


def test_a_new_field_is_in_the_json_schema(probe):
    rating, places = probe["schema"]["trial_rating"], probe["schema"]["trial_places"]
    assert "Une note inventée" in rating["description"]
    assert {"type": "integer"} in rating["anyOf"]
    assert places["items"]["enum"] == probe["territories"]  # the ids of the data, as an enum


def test_a_new_field_is_in_the_form(probe):
    rating, places = probe["form"]
    assert rating["label"] == "Note d'essai" and rating["widget"] == "number"
    assert places["label"] == "Lieux d'essai" and places["widget"] == "select" and places["multiple"]
    assert [o["value"] for o in places["options"]] == probe["territories"]


def test_a_new_field_is_on_the_fiche_in_both_languages(probe):
    assert "| **Note d'essai** | 4 |" in probe["fiche_fr"]
    assert "| **Trial rating** | 4 |" in probe["fiche_en"]


def test_a_new_field_is_in_the_open_data(probe):
    header, *lines = probe["csv"].splitlines()
    assert header.split(",")[-2:] == ["trial_rating", "trial_places"]
    row = next(r for r in probe["json"]["tools"] if r["id"] == "jeu-emotions")
    assert row["trial_rating"] == 4 and row["trial_places"] == [probe["territory"]]
    assert probe["json"]["fields"]["trial_rating"] == "note d'essai (champ de test)"
    assert probe["fields_en"]["trial_places"] == "trial places, separated by “;”"


def test_a_new_reference_is_checked_by_the_loader(probe):
    error = probe["error"]
    assert error is not None and "resources/tools/jeu-emotions.yml" in error
    assert "trial_places[0]" in error and "territoire inconnu « nulle-part »" in error


# ------------------------------------------------------------ the declaration itself


def _all_models():
    return declare.models_under(*TOP_LEVEL.values(), *(model for model, _ in FOLDERS.values()))


def test_every_field_of_every_data_model_has_a_label():
    missing = [f"{model.__name__}.{name}" for model in _all_models() for name in model.model_fields
               if declare.info(model, name) is None]
    assert not missing, f"champs sans Info(...) : {missing}"


def test_every_field_the_fiche_shows_has_an_english_label():
    assert all(declare.info(m.Tool, name).en for name in m.Tool.model_fields)


def test_every_kind_of_reference_has_its_options():
    from macros.data.references import OPTIONS, REFERENCES

    refs = declare.references(*TOP_LEVEL.values(), *(model for model, _ in FOLDERS.values()))
    assert {ref.kind for ref in refs.values()} <= set(OPTIONS)
    assert set(REFERENCES) == set(refs)


def test_open_data_columns_come_from_the_model():
    names = [column.name for _, column in declare.columns(m.Tool)]
    assert list(catalogue.FIELDS) == ["id", *names] == list(catalogue.FIELDS_EN)


def test_no_label_key_is_defined_twice():
    # A repeated key in a dict literal silently keeps the last one (« all_cps » did).
    import ast

    tree = ast.parse((ROOT / "macros" / "content" / "labels.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})


def test_the_cps_back_link_and_the_filter_have_their_own_words():
    assert labels.label("all_cps", "fr") == "Voir toutes les compétences psychosociales"
    assert labels.label("filter_all_cps", "fr") == "Toutes les compétences"


def test_one_slug_pattern():
    assert cms.SLUG_PATTERN[0] == declare.SLUG_PATTERN
    assert declare.is_slug("pays-de-retz") and not declare.is_slug("Pays de Retz")
