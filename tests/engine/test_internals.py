"""The adapter's reaches into engine internals (macros/engine/internals.py) hold on the
installed versions: another version of an engine or plugin fails here, loudly, naming what
to re-check, instead of a cache or a message going quietly wrong."""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect

import pytest

from macros.engine import internals, serve


def _reaches_text() -> str:
    return "\n".join(f"  - {r.target} ({r.where}) : {r.why}" for r in internals.REACHES)


def test_the_installed_versions_are_those_the_reaches_were_written_for():
    installed = {name: importlib.metadata.version(name) for name in internals.WRITTEN_FOR}
    assert installed == internals.WRITTEN_FOR, (
        f"Versions installées {installed} ≠ celles pour lesquelles l'adaptateur a été écrit "
        f"{internals.WRITTEN_FOR} : revérifiez chaque accès aux internes de macros/engine/internals.py, "
        f"puis mettez WRITTEN_FOR à jour :\n{_reaches_text()}")


def _resolve(target: str, engine: str):
    module_name, _, attribute = target.partition(":")
    if module_name.startswith("mkdocs.") or module_name == "mkdocs":
        module_name = engine + module_name.removeprefix("mkdocs")
    found = importlib.import_module(module_name)
    for part in filter(None, attribute.split(".")):
        found = getattr(found, part)
    return found


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
@pytest.mark.parametrize("reach", internals.REACHES, ids=lambda r: f"{r.target}{'~' if r.needle else ''}")
def test_every_reach_still_finds_what_it_reaches(reach, engine):
    try:
        found = _resolve(reach.target, engine)
    except (ImportError, AttributeError) as err:
        pytest.fail(f"{reach.target} introuvable sous {engine} ({err}) : {reach.where} — {reach.why}")
    if reach.needle:
        assert reach.needle in inspect.getsource(found), (
            f"« {reach.needle} » n'est plus dans {reach.target} sous {engine} : {reach.where} — {reach.why}")


def test_the_serve_caches_are_on_for_these_versions_only():
    assert serve.KEEPS_FOR == internals.SERVE_CACHES_FOR
    assert internals.SERVE_CACHES_FOR["mkdocs"] == internals.WRITTEN_FOR["mkdocs"]
    assert internals.SERVE_CACHES_FOR["material"] == internals.WRITTEN_FOR["mkdocs-material"]
