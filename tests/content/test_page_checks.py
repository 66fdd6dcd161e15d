"""`make check` catches in the hand-written pages what an editor can cause, before any build:
a broken link, `{{ x }}` in a page, a page missing from the menu — in French, naming the page
and the line (and, on GitHub, as annotations on the pull request)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT, copy_project


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("pages") / "projet")


def _check(project, **env):
    return subprocess.run([sys.executable, "-m", "macros.cli", "--root", str(project), "check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env={**os.environ, **env})


def _with_page(project, rel, text):
    path = project / "docs" / rel
    old = path.read_text(encoding="utf-8") if path.exists() else None
    path.write_text(text, encoding="utf-8")
    return path, old


def _restore(path, old):
    if old is None:
        path.unlink()
    else:
        path.write_text(old, encoding="utf-8")


def test_the_real_pages_pass(project):
    result = _check(project)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("line, expected", [
    ("Voir [le programme](programme-inexistant.md).", "lien vers « programme-inexistant.md »"),
    ("![Une image](assets/images/absente.png)", "lien vers « assets/images/absente.png »"),
    ("Voir [un territoire](territoires/pays-inconnu.md).", "lien vers « territoires/pays-inconnu.md »"),
    ("Voir [le sommaire](../hors-du-site.md#x).", None),  # outside docs/: the build says so
    ("{{ x }}", "expression « {{ x }} » refusée"),
])
def test_a_broken_link_or_an_expression_fails_in_french_naming_the_page(project, line, expected):
    path, old = _with_page(project, "programme.md",
                           (project / "docs" / "programme.md").read_text(encoding="utf-8") + f"\n\n{line}\n")
    try:
        result = _check(project, GITHUB_ACTIONS="true")
    finally:
        _restore(path, old)
    if expected is None:
        assert result.returncode == 0, result.stdout
        return
    assert result.returncode == 1 and expected in result.stdout, result.stdout
    lines = (project / "docs" / "programme.md").read_text(encoding="utf-8").count("\n") + 3
    assert f"docs/programme.md, ligne {lines}" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    # On GitHub: an annotation on the page's line of the pull request.
    assert f"::error file=docs/programme.md,line={lines}" in result.stdout


def test_links_in_code_and_to_real_pages_pass(project):
    path, old = _with_page(project, "programme.md", (project / "docs" / "programme.md").read_text(encoding="utf-8")
                           + "\n\n`[pas un lien](rien.md)`\n\n```\n[pas un lien](rien.md)\n```\n\n"
                           "[Glossaire](glossaire.md#a) [Carène](territoires/carene.md) [En](cps.en.md)\n")
    try:
        result = _check(project)
    finally:
        _restore(path, old)
    assert result.returncode == 0, result.stdout


def test_a_page_missing_from_the_menu_fails_in_french(project):
    path, old = _with_page(project, "nouvelle-page.md", "# Une nouvelle page\n\nTexte.\n")
    try:
        result = _check(project)
    finally:
        _restore(path, old)
    assert result.returncode == 1
    assert "docs/nouvelle-page.md : page absente du menu" in result.stdout
    assert "« - nouvelle-page.md »" in result.stdout and "mkdocs.yml" in result.stdout
