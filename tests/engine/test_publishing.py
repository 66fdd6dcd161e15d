"""The ways in for an editor who has no terminal (the dev container, the guide's commands) and
the way out (the pull request's check, which shows the French message on the file's line)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "CONTRIBUTING.md"


def _jsonc(text: str) -> dict:
    # devcontainer.json allows // comments (whole lines only here).
    return json.loads("\n".join(line for line in text.splitlines() if not line.strip().startswith("//")))


def _make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))


def test_check_pins_each_problem_to_its_file_and_line_in_a_pull_request(tmp_path):
    shutil.copytree(ROOT / "resources", tmp_path / "resources")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    tool = tmp_path / "resources" / "tools" / "kiva.yml"
    lines = tool.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("year:"))
    lines[number - 1] = "year: deux mille six"
    tool.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "macros.cli", "--root", str(tmp_path), "check"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "GITHUB_ACTIONS": "true"})
    assert run.returncode == 1
    annotations = [line for line in run.stdout.splitlines() if line.startswith("::error ")]
    assert annotations == [
        f"::error file=resources/tools/kiva.yml,line={number},title=Champ « year »::"
        f"resources/tools/kiva.yml, ligne {number}, champ « year » : nombre entier attendu "
        "(reçu : deux mille six)"]
    # Outside GitHub, the same report without the workflow commands.
    local = subprocess.run([sys.executable, "-m", "macros.cli", "--root", str(tmp_path), "check"],
                           cwd=ROOT, capture_output=True, text=True, timeout=60,
                           env={k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"})
    assert local.returncode == 1 and "::error" not in local.stdout
    assert "Traceback" not in run.stderr + local.stderr


def test_the_workflow_checks_the_data_in_french_before_the_long_tests():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    runs = [step.get("run") for step in workflow["jobs"]["test"]["steps"]]
    assert runs.index("make check") < runs.index("make test")


def test_the_dev_container_runs_the_readme_set_up_and_forwards_the_preview():
    container = _jsonc((ROOT / ".devcontainer" / "devcontainer.json").read_text(encoding="utf-8"))
    targets = _make_targets()
    create, attach = container["postCreateCommand"].split(), container["postAttachCommand"].split()
    assert create[0] == attach[0] == "make" and create[1] in targets and attach == ["make", "serve"]
    port = int(re.search(r"^PORT\s*\?=\s*(\d+)", (ROOT / "Makefile").read_text(), re.M).group(1))
    assert port in container["forwardPorts"] and str(port) in container["portsAttributes"]
    assert "python:1-3.11" in container["image"]  # the Python the locks are compiled for
    # `make setup` installs what `make serve` needs, so the first preview starts at once.
    dry = subprocess.run(["make", "-n", "setup"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0, dry.stderr


def test_every_make_command_of_the_guide_exists():
    guide = GUIDE.read_text(encoding="utf-8")
    commands = set(re.findall(r"`make ([a-z][a-z-]*)", guide))
    commands |= set(re.findall(r"^make ([a-z][a-z-]*)", guide, re.M))
    assert {"serve", "check", "new", "setup", "offline"} <= commands
    assert commands <= _make_targets(), commands - _make_targets()
    for section in ("## Première fois", "### A. ", "### B. ", "### C. ", "## 8. Publier"):
        assert section in guide
    for way in ("Debian", "macOS", "WSL", "Codespaces", "github.dev"):
        assert way in guide


def test_the_guide_shows_the_screenshots_the_tests_take():
    guide = GUIDE.read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]+\]\((contributing/[a-z-]+\.png)\)", guide)
    assert set(images) == {"contributing/apercu-erreur.png", "contributing/formulaire-nouvel-outil.png",
                           "contributing/formulaire-connexion.png", "contributing/formulaire-fichier-illisible.png"}
    for image in images:
        assert (ROOT / image).stat().st_size > 10_000, image
        name = Path(image).stem  # each taken by the test that drives what it shows
        assert any(re.search(rf'guide_screenshot\(\w+, "{name}"\)', test.read_text(encoding="utf-8"))
                   for test in (ROOT / "tests").rglob("test_*.py")), name
    assert "guide-images" in _make_targets()
