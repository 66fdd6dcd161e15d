"""`mkdocs serve` survives a bad edit, says what is wrong, and serves the fix."""

from __future__ import annotations

import time
import urllib.request

import pytest

from conftest import copy_project, mkdocs_serve

pytestmark = pytest.mark.slow


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


def wait_for(condition, log, timeout=90.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}; serve said:\n" + "".join(log[-40:]))


def test_serve_survives_bad_yaml_and_serves_the_fix(tmp_path):
    project = copy_project(tmp_path / "project")
    territory = project / "resources" / "territories" / "carene.yml"
    good = territory.read_text(encoding="utf-8")
    with mkdocs_serve(project) as (process, base, log):
        url = f"{base}/territoires/carene/"
        wait_for(lambda: fetch(url)[0] == 200, log, what="first build")
        assert "Saint-Nazaire agglomération (la Carène)" in fetch(url)[1]

        territory.write_text(good.replace("status: deploiement", "status: [deploiement"), encoding="utf-8")
        wait_for(lambda: any("erreur dans les données" in line for line in log), log, what="error in the log")
        text = "".join(log)
        assert "resources/territories/carene.yml, ligne" in text
        assert "Traceback" not in text
        assert process.poll() is None, "mkdocs serve exited on a bad edit"
        assert fetch(url)[0] == 200  # the last good site is still served

        territory.write_text(good.replace("fr: Saint-Nazaire agglomération (la Carène)",
                                          "fr: Saint-Nazaire agglomération (corrigé)"), encoding="utf-8")
        wait_for(lambda: "Saint-Nazaire agglomération (corrigé)" in fetch(url)[1], log, what="fixed page")
        assert process.poll() is None


def test_one_edit_one_rebuild(tmp_path):
    # The build writes the pages generated from resources/ into docs/: MkDocs' watcher
    # must not take them for an edit and build the site again.
    project = copy_project(tmp_path / "project")
    tool = project / "resources" / "tools" / "calme-et-attentif.yml"
    with mkdocs_serve(project) as (process, base, log):
        url = f"{base}/outils/calme-et-attentif/"
        wait_for(lambda: fetch(url)[0] == 200, log, what="first build")
        time.sleep(2)
        before = len(log)
        tool.write_text(tool.read_text(encoding="utf-8").replace(
            "pratiquer la pleine conscience", "pratiquer la pleine conscience (modifié)"), encoding="utf-8")
        wait_for(lambda: "pleine conscience (modifié)" in fetch(url)[1], log, what="the edit served")
        time.sleep(3)  # ample time for the watcher (every 0.2 s) to see any further write
        builds = [line for line in log[before:] if "Building documentation" in line]
        assert len(builds) == 1, "".join(log[before:])
        assert process.poll() is None
