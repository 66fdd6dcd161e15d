"""Editors' tools: JSON Schemas from the models, scaffolding, checks, translation report."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import jsonschema
import pytest
import yaml

from conftest import FIXTURES, ROOT, add_fixture_territory, copy_project, schema_without_ids, with_case
from macros import cli
from macros.content.generate import generate
from macros.data import schemas
from macros.data.loader import DataError, _field_name, load_site_data

DATA = load_site_data(ROOT / "resources")


def run_cli(root, *args):
    return subprocess.run([sys.executable, "-m", "macros.cli", "--root", str(root), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_committed_schemas_follow_the_models():
    """Checked against the models, not against today's data: a valid data change (a new
    territory, reordered modalities) made without a build keeps this green."""
    for name in schemas.schema_targets():
        path = ROOT / "schemas" / f"{name}.schema.json"
        committed = json.loads(path.read_text(encoding="utf-8"))
        wanted = json.loads(schemas.schema_text(name, DATA))
        assert schema_without_ids(committed) == schema_without_ids(wanted), f"{path}: make schemas"


def _ids_of(schema: dict, *path: str) -> list[str]:
    node = schema
    for key in path:
        node = node[key]
    return node["enum"]


def test_schemas_list_the_ids_of_the_data():
    tools = json.loads(schemas.schema_text("tools", DATA))
    assert _ids_of(tools, "properties", "cps", "items")[:3] == ["cognitives", "emotionnelles", "sociales"]
    assert set(_ids_of(tools, "properties", "territories", "items")) == set(DATA.territories)
    territories = json.loads(schemas.schema_text("territories", DATA))
    assert _ids_of(territories, "$defs", "ModalityRun", "properties", "modality") == list(DATA.modalities)
    # A wrong id is refused by the schema as by the loader, so VS Code underlines it.
    tool = yaml.safe_load((ROOT / "resources" / "tools" / "kiva.yml").read_text(encoding="utf-8"))
    # PyYAML reads `checked: 2026-12-04` as a date; the editors' YAML extension (YAML 1.2) reads a string.
    tool = json.loads(json.dumps(tool, default=str))
    validator = jsonschema.Draft202012Validator(tools)
    assert not list(validator.iter_errors(tool))
    assert list(validator.iter_errors({**tool, "territories": ["pays-inconnu"]}))


def test_a_new_territory_is_listed_by_the_schemas_at_the_next_build(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "schemas", project / "schemas")
    add_fixture_territory(project / "resources", "territory-4")
    generate(project)  # what `make generate` and every build run first
    tools = json.loads((project / "schemas" / "tools.schema.json").read_text(encoding="utf-8"))
    assert "pays-fictif" in _ids_of(tools, "properties", "territories", "items")
    assert schemas.write_schemas(project, check=True) == 0


def test_every_yaml_file_points_to_its_schema():
    resources = ROOT / "resources"
    for path in resources.rglob("*.yml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == schemas.schema_header(path, resources), path
        target = (path.parent / first.split("$schema=")[1]).resolve()
        assert target.is_file(), target


def test_editor_settings_map_every_schema():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    assert settings == {f"schemas/{name}.schema.json": f"resources/{files}"
                        for name, (_, files) in schemas.schema_targets().items()}
    recommended = json.loads((ROOT / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in recommended["recommendations"]


def _schema_fields(errors) -> set[str]:
    fields = set()
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "required":
            missing = set(error.validator_value) - set(error.instance)
            fields |= {_field_name(path + (name,)) for name in missing}
        elif error.validator == "additionalProperties":
            extra = set(error.instance) - set(error.schema.get("properties", {}))
            fields |= {_field_name(path + (name,)) for name in extra}
        else:
            fields.add(_field_name(path))
        fields |= _schema_fields(error.context or [])
    return fields


@pytest.mark.parametrize("case", ["missing-field", "wrong-type", "unknown-field", "bad-enum",
                                  "bad-url", "missing-french", "not-a-list", "unknown-funder"])
def test_schema_and_models_reject_the_same_field(tmp_path, case):
    resources, expect = with_case(tmp_path, case)
    path = tmp_path / expect["file"]
    name = path.parent.name if path.parent != resources else path.stem
    schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
    with pytest.raises(DataError) as raised:
        load_site_data(resources)
    model_fields = {p.field for p in raised.value.problems if p.file == expect["file"]}
    # A cross-reference (unknown-funder) too: the schemas list the ids of the data.
    assert errors, "the schema accepted a file the models reject"
    expected = expect.get("field")
    if expected:
        assert expected in _schema_fields(errors) and expected in model_fields
    else:  # the whole file is wrong (not-a-list)
        assert None in _schema_fields(errors) and None in model_fields


@pytest.mark.parametrize("kind, folder", [("territory", "territories"), ("tool", "tools")])
def test_scaffold_validates_once_filled_and_refuses_duplicates(tmp_path, kind, folder):
    root = tmp_path / "project"
    shutil.copytree(ROOT / "resources", root / "resources")
    result = run_cli(root, "new", kind, "nouvel-element")
    assert result.returncode == 0, result.stdout + result.stderr
    path = root / "resources" / folder / "nouvel-element.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../../schemas/{folder}.schema.json\n")

    # As created, the file names what is left to fill.
    with pytest.raises(DataError) as raised:
        load_site_data(root / "resources")
    assert {p.file for p in raised.value.problems} == {f"resources/{folder}/nouvel-element.yml"}

    # Filled by an editor: every placeholder replaced, list of competences given.
    data = yaml.safe_load(text)

    def fill(value, key=None):
        if isinstance(value, dict):
            return {k: fill(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v, key) for v in value]
        if value == cli.PLACEHOLDER:
            return {"status": "deploiement", "type": "jeu", "url": "https://example.org/x",
                    "source": "https://example.org/x"}.get(key, "Texte rempli")
        return value

    data = fill(data)
    if kind == "tool":
        data["cps"] = ["gerer-emotions"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    loaded = load_site_data(root / "resources")
    assert "nouvel-element" in (loaded.tools if kind == "tool" else loaded.territories)

    again = run_cli(root, "new", kind, "nouvel-element")
    assert again.returncode == 2 and "existe déjà" in again.stdout
    assert path.read_text(encoding="utf-8") == yaml.safe_dump(data, allow_unicode=True)
    bad = run_cli(root, "new", kind, "Nom Invalide")
    assert bad.returncode == 2 and "Identifiant invalide" in bad.stdout


def test_translation_report_lists_exactly_what_is_missing(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.copy2(FIXTURES / "translations" / "pays-a-traduire.yml", project / "resources/territories/")
    shutil.copy2(FIXTURES / "translations" / "page-sans-anglais.md", project / "docs/")
    result = run_cli(project, "translations")
    assert result.stdout.splitlines() == [
        "docs/page-sans-anglais.md : pas de version anglaise (page-sans-anglais.en.md)",
        "resources/territories/pays-a-traduire.yml, ligne 6, champ « summary » : "
        "pas de traduction anglaise (en)",
    ]
    assert run_cli(ROOT, "translations").stdout.strip() == "Tout est traduit en anglais."


def test_check_reports_every_bad_file_at_once_in_french(tmp_path):
    resources, _ = with_case(tmp_path, "unknown-partner")
    for case in ("bad-enum", "not-utf8"):
        source = next((FIXTURES / "bad" / case / "territories").iterdir())
        shutil.copy2(source, resources / "territories" / f"{case}.yml")
    result = run_cli(tmp_path, "check")
    assert result.returncode == 1
    out = result.stdout
    assert out.startswith("3 erreurs dans les données (resources/) :")
    for name in ("pays-fictif.yml", "bad-enum.yml", "not-utf8.yml"):
        assert f"resources/territories/{name}" in out
    assert "partenaire inconnu" in out and "valeurs possibles" in out and "UTF-8" in out
    assert "Traceback" not in out + result.stderr
    ok = run_cli(ROOT, "check")
    assert ok.returncode == 0 and ok.stdout.startswith("Données valides")


@pytest.mark.parametrize("kind, folder", [("outil", "tools"), ("territoire", "territories"),
                                          ("evenement", "events")])
def test_make_new_takes_french_kinds_and_offers_no_none(tmp_path, kind, folder):
    root = tmp_path / "project"
    shutil.copytree(ROOT / "resources", root / "resources")
    result = run_cli(root, "new", kind, "essai")
    assert result.returncode == 0, result.stdout + result.stderr
    text = (root / "resources" / folder / "essai.yml").read_text(encoding="utf-8")
    assert "None" not in text
    # Left as created, the skeleton is refused: every placeholder is named, with its line.
    check = run_cli(root, "check")
    assert check.returncode == 1 and f"resources/{folder}/essai.yml, ligne" in check.stdout
    assert "« À COMPLÉTER » laissé tel quel" in check.stdout


def test_make_new_says_in_french_what_to_type(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(ROOT / "resources", root / "resources")
    unknown = run_cli(root, "new", "bidule", "essai")
    assert unknown.returncode == 2 and "KIND=outil" in unknown.stderr
    missing = run_cli(root, "new")
    assert missing.returncode == 2 and "il manque un argument" in missing.stderr
    for result in (unknown, missing):
        assert "invalid choice" not in result.stderr and "usage:" not in result.stderr


def test_the_event_schema_accepts_the_date_forms_the_guide_recommends():
    import json

    import jsonschema

    schema = json.loads((ROOT / "schemas" / "events.schema.json").read_text(encoding="utf-8"))
    event = {"title": "Journée", "kind": "evenement", "summary": "Résumé", "source": "https://example.org/"}
    for start in ("2027-03-12", "2027-03-12 09:30"):
        jsonschema.validate({**event, "start": start}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**event, "start": "12/03/2027"}, schema)


@pytest.mark.parametrize("command", ["schemas", "cms"])
def test_make_schemas_says_a_data_mistake_in_french(tmp_path, command):
    shutil.copytree(ROOT / "resources", tmp_path / "resources")
    tool = next((tmp_path / "resources" / "tools").glob("*.yml"))
    tool.write_text(re.sub(r"(?m)^type: .*$", "type: inconnu", tool.read_text(encoding="utf-8")), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "macros.cli", "--root", str(tmp_path), command],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert f"resources/tools/{tool.name}, ligne" in run.stdout and "« inconnu »" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr
