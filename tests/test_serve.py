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
