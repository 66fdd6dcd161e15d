"""Every valid change an editor can make through the form keeps CI green.

On a copy of the project, the changes the form makes — a new territory, a new tool, two list
items swapped, a text edited — each file rewritten whole without its comments (as the
published form's GitHub backend could), then what CI's fast checks run on it: `make check`,
a strict build, and the logic of the tests that depend on the data (the schemas follow the
models, the form's configuration comes from the data)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import FIXTURES, ROOT, copy_project, mkdocs_env, run_build, schema_without_ids
from macros.content import cms
from macros.data import schemas
from macros.data.loader import load_site_data


def _rewrite(path, change):
    """Read, change, and write the file whole: its first line kept, every comment dropped."""
    text = path.read_text(encoding="utf-8")
    header = text.split("\n", 1)[0]
    data = change(yaml.safe_load(text))
    path.write_text(header + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                    encoding="utf-8")


@pytest.mark.slow
def test_what_the_form_writes_keeps_every_fast_check_green(tmp_path):
    project = copy_project(tmp_path / "projet")
    shutil.copytree(ROOT / "schemas", project / "schemas")
    resources = project / "resources"
    # A new territory (the fixture's, without its figures), as one new file.
    territory = yaml.safe_load((FIXTURES / "territory-4" / "pays-fictif.yml").read_text(encoding="utf-8"))
    (resources / "territories" / "pays-fictif.yml").write_text(
        "# yaml-language-server: $schema=../../schemas/territories.schema.json\n"
        + yaml.safe_dump(territory, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # A new tool, as the form writes it.
    tool = {"title": {"fr": "Outil ajouté par le formulaire"}, "type": "jeu", "cps": ["ecoute-empathique"],
            "settings": ["ecole"], "summary": {"fr": "Un outil ajouté pour le test."},
            "source": "https://example.org/outil-ajoute"}
    (resources / "tools" / "outil-ajoute-par-le-formulaire.yml").write_text(
        "# yaml-language-server: $schema=../../schemas/tools.schema.json\n"
        + yaml.safe_dump(tool, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # Two modalities swapped; a text of the programme edited; every touched file rewritten whole.
    _rewrite(resources / "modalities.yml", lambda items: [items[1], items[0], *items[2:]])

    def edit(programme):
        programme["summary"]["fr"] += " Texte modifié par le formulaire."
        return programme

    original = load_site_data(resources)
    _rewrite(resources / "programme.yml", edit)
    for path in sorted((resources / "tools").glob("*.yml"))[:3] + [resources / "territories" / "carene.yml"]:
        _rewrite(path, lambda data: data)
    # Provenance notes are a field (`editor_notes`), not comments: a whole rewrite keeps them.
    rewritten = load_site_data(resources)
    assert rewritten.programme.editor_notes == original.programme.editor_notes
    assert rewritten.territories["carene"].editor_notes == original.territories["carene"].editor_notes

    # `make check`
    check = subprocess.run([sys.executable, "-m", "macros.cli", "--root", str(project), "check"],
                           cwd=ROOT, capture_output=True, text=True, timeout=300, env=mkdocs_env())
    assert check.returncode == 0, check.stdout + check.stderr
    # The data-dependent tests' logic: schemas checked against the models, the form's
    # configuration built from this data (it offers the new territory).
    data = load_site_data(resources)
    for name in schemas.schema_targets():
        committed = json.loads((project / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert schema_without_ids(committed) == schema_without_ids(json.loads(schemas.schema_text(name, data))), name
    config = cms.config(data)
    tools = next(c for c in config["collections"] if c["name"] == "tools")
    territories = next(f for f in tools["fields"] if f["name"] == "territories")
    assert "pays-fictif" in {o["value"] for o in territories["options"]}
    # A strict build.
    build = run_build(project)
    assert build.returncode == 0, build.stdout + build.stderr
    assert (project / "site" / "territoires" / "pays-fictif" / "index.html").is_file()
    assert (project / "site" / "outils" / "outil-ajoute-par-le-formulaire" / "index.html").is_file()
