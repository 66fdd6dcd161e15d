"""The seam between the core (data, content) and the engine adapter, kept by tests: the core
imports no engine, and the generator runs where no engine is installed."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_env

CORE = ("data", "content")
ENGINES = ("mkdocs", "material", "mkdocs_static_i18n", "mkdocs_macros", "properdocs", "zensical")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the module's package
                package = path.relative_to(ROOT).with_suffix("").parts[:-node.level]
                base = ".".join((*package, *([base] if base else [])))
            names.add(base)
    return names


def test_the_core_imports_no_engine_and_not_the_adapter():
    offending = []
    for package in CORE:
        for path in sorted((ROOT / "macros" / package).rglob("*.py")):
            for name in _imports(path):
                top = name.split(".")[0]
                if top in ENGINES or name.startswith("macros.engine"):
                    offending.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not offending, offending
    # The check itself sees imports: the adapter does import MkDocs.
    assert any(name.startswith("mkdocs") for name in _imports(ROOT / "macros" / "engine" / "hooks.py"))


def _module_graph() -> dict[str, set[str]]:
    """Module of macros/ -> the modules of macros/ it imports, anywhere in it (a function's
    import too: deferring an import hides a cycle, it does not remove it)."""
    modules = {".".join(path.relative_to(ROOT).with_suffix("").parts): path
               for path in (ROOT / "macros").rglob("*.py") if path.name != "__init__.py"}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    package = name.split(".")[:-node.level]
                    base = ".".join((*package, *([base] if base else [])))
                targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            edges |= {target for target in targets if target in modules and target != name}
        graph[name] = edges
    return graph


def test_no_import_cycle_between_the_modules():
    graph = _module_graph()
    assert "macros.engine.messages" in graph["macros.engine.serve"]  # the check sees imports
    cycles = []

    def visit(module, path):
        for target in sorted(graph[module]):
            if target in path:
                cycles.append(" -> ".join([*path[path.index(target):], target]))
            elif target not in done:
                visit(target, [*path, target])
        done.add(module)

    done: set[str] = set()
    for module in sorted(graph):
        if module not in done:
            visit(module, [module])
    assert not cycles, cycles


def test_the_layout_shows_the_seam():
    packages = {path.name for path in (ROOT / "macros").iterdir() if (path / "__init__.py").is_file()}
    assert packages == {"data", "content", "engine"}
    tests = {path.name for path in (ROOT / "tests").iterdir() if path.is_dir()}
    assert {"data", "content", "engine"} <= tests


@pytest.mark.slow
def test_make_generate_runs_in_a_virtual_environment_without_mkdocs(tmp_path):
    """A real virtual environment whose site-packages hold everything the project's has,
    except every engine and its plugins: `python -m macros.cli generate` writes the pages."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    target = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                 capture_output=True, text=True, check=True).stdout.strip())
    source = Path(sysconfig.get_paths()["purelib"])
    left_out = []
    for entry in source.iterdir():
        top = entry.name.split("-")[0].split(".")[0].lower()
        if top in ENGINES or top.startswith(("mkdocs", "properdocs", "material")):
            left_out.append(entry.name)
            continue
        (target / entry.name).symlink_to(entry)
    assert any(name.startswith("mkdocs") for name in left_out)
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "docs" / "outils", ignore_errors=True)
    no_engine = subprocess.run([python, "-c", "import mkdocs"], capture_output=True, text=True)
    assert no_engine.returncode != 0 and "ModuleNotFoundError" in no_engine.stderr
    run = subprocess.run([python, "-m", "macros.cli", "--root", str(project), "generate"],
                         cwd=project, capture_output=True, text=True, timeout=300,
                         env={**mkdocs_env(), "PYTHONPATH": str(project)})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert (project / "docs" / "outils" / "kiva.md").is_file()
    assert (project / "docs" / "outils" / "kiva.en.md").is_file()
    assert list((project / "docs" / "agenda").glob("*.ics"))
    assert list((project / "docs" / "plaquette").glob("*.pdf"))
