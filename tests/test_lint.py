"""The linter and the type checker: configured in pyproject.toml, run by `make test` before
pytest and by the workflow before the long tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
RUFF = Path(sys.executable).parent / "ruff"
MYPY = Path(sys.executable).parent / "mypy"


def ruff(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(RUFF), "check", "--no-cache", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_the_code_is_clean_under_ruff():
    result = ruff(".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_with_the_project_rules_catches_the_bugs_it_is_there_for(tmp_path):
    # A label defined twice (the second silently wins), a closure over a loop variable,
    # an unused import, a bare `noqa`.
    (tmp_path / "labels.py").write_text(
        "import os\n"
        'LABELS = {"all_cps": "a", "all_cps": "b"}\n'
        "calls = [lambda: n for n in range(3)]\n"
        "x = 1  # noqa\n", encoding="utf-8")
    result = ruff("--config", str(ROOT / "pyproject.toml"), "--output-format", "concise", ".", cwd=tmp_path)
    assert result.returncode == 1
    for rule in ("F401", "F601", "B023", "PGH004"):
        assert rule in result.stdout, result.stdout


def _recipe(target: str) -> list[str]:
    """The commands `make <target>` would run, in order (dry run: nothing is executed)."""
    result = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def _mypy(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(MYPY), "--cache-dir", "/dev/null", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_the_models_type_check_under_mypy():
    result = _mypy()
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_with_the_project_settings_catches_a_wrong_field_type(tmp_path):
    # The pydantic plugin makes a model's constructor typed: a text given where a number is
    # declared is found before any data is loaded.
    (tmp_path / "model.py").write_text(
        "from pydantic import BaseModel\n"
        "class Tool(BaseModel):\n"
        "    group_min: int | None = None\n"
        "def make() -> Tool:\n"
        "    return Tool(group_min=\"trois\")\n", encoding="utf-8")
    result = _mypy("--config-file", str(ROOT / "pyproject.toml"), "model.py", cwd=tmp_path)
    assert result.returncode == 1 and "group_min" in result.stdout, result.stdout


def test_make_test_lints_and_type_checks_before_pytest():
    lines = _recipe("test")
    lint = next(i for i, line in enumerate(lines) if line.endswith("ruff check ."))
    types = next(i for i, line in enumerate(lines) if line.endswith("/mypy"))
    tests = next(i for i, line in enumerate(lines) if line.split(" ", 1)[0].endswith("/pytest"))
    assert lint < tests and types < tests


def test_the_workflow_lints_before_the_long_tests():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    runs = [step.get("run", "") for step in workflow["jobs"]["test"]["steps"]]
    lint = runs.index("make lint")
    assert any(line.endswith("ruff check .") for line in _recipe("lint"))
    assert any(line.endswith("/mypy") for line in _recipe("lint"))
    assert lint < runs.index("make test")
