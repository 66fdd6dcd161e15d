"""Under serve, with either engine: every error is said every time it happens (in the
terminal and in the preview's banner state), a rebuild has a time bound, and `resources/`
replaced as a whole is still watched. Waits are on conditions, never fixed sleeps."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import copy_project, fetch, mkdocs_serve, wait_for

pytestmark = pytest.mark.slow


def state(base: str) -> dict:
    return json.loads(fetch(f"{base}/__apercu__/etat.json")[1])


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_the_same_mistake_twice_is_said_twice(tmp_path, engine):
    project = copy_project(tmp_path / "project")
    territory = project / "resources" / "territories" / "carene.yml"
    good = territory.read_text(encoding="utf-8")
    bad = good.replace("status: deploiement", "status: [deploiement")
    said = "resources/territories/carene.yml, ligne"
    with mkdocs_serve(project, engine) as (process, base, log):
        wait_for(lambda: fetch(f"{base}/")[0] == 200, log, what="first build")
        builds = state(base)["build"]
        for attempt in (1, 2):
            before = sum(said in line for line in log)
            territory.write_text(bad, encoding="utf-8")
            wait_for(lambda builds=builds: not state(base)["ok"] and state(base)["build"] > builds, log,
                     what="failed rebuild")
            failed = state(base)
            assert any(said in message for message in failed["messages"]), failed  # the banner's text
            # Said again each time. A save the watcher sees in two steps (emptied, then
            # written) may rebuild twice and say it twice: never not at all.
            wait_for(lambda before=before: sum(said in line for line in log) > before, log,
                     what=f"message #{attempt}")
            territory.write_text(good, encoding="utf-8")
            wait_for(lambda last=failed["build"]: state(base)["ok"] and state(base)["build"] > last, log, what="fix")
            builds = state(base)["build"]
        text = "".join(log)
        for english in ("Aborted with", "Traceback", "BuildError"):
            assert english not in text, text
        assert process.poll() is None


def test_a_rebuild_too_slow_is_stopped_and_names_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("REBUILD_TIMEOUT", "10")  # read by serve (the default is 60 s)
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "sources.md"
    good = page.read_text(encoding="utf-8")
    with mkdocs_serve(project) as (process, base, log):
        wait_for(lambda: fetch(f"{base}/")[0] == 200, log, what="first build")
        builds = state(base)["build"]
        # Python-Markdown's time grows faster than the square of a run of « [ » (the page check
        # bounds « & » and « < », not these): 12 KB take about a minute here; a normal
        # rebuild, two seconds.
        page.write_text(good + "\n" + "[" * 12000 + "\n", encoding="utf-8")
        wait_for(lambda: not state(base)["ok"] and state(base)["build"] > builds, log, timeout=60,
                 what="the rebuild stopped")
        failed = state(base)
        said = " ".join(failed["messages"])
        assert "La reconstruction a dépassé 10,0 s pendant docs/sources.md" in said, failed
        assert "raccourcissez-le ou découpez-le" in said
        assert "La reconstruction a dépassé 10,0 s pendant docs/sources.md" in "".join(log)
        page.write_text(good + "\nUne phrase de plus.\n", encoding="utf-8")
        wait_for(lambda: state(base)["ok"] and state(base)["build"] > failed["build"], log, what="the fix")
        assert "Une phrase de plus." in fetch(f"{base}/sources/")[1]
        assert process.poll() is None


def test_resources_moved_away_and_back_is_still_watched(tmp_path):
    project = copy_project(tmp_path / "project")
    resources, away = project / "resources", tmp_path / "ailleurs"
    with mkdocs_serve(project) as (process, base, log):
        url = f"{base}/territoires/carene/"
        wait_for(lambda: fetch(url)[0] == 200, log, what="first build")
        builds = state(base)["build"]
        shutil.move(resources, away)
        wait_for(lambda: not state(base)["ok"] and state(base)["build"] > builds, log, what="resources/ missing")
        assert any("resources" in message for message in state(base)["messages"]), state(base)
        shutil.move(away, resources)
        wait_for(lambda: state(base)["ok"], log, what="resources/ back")
        territory = resources / "territories" / "carene.yml"
        text = territory.read_text(encoding="utf-8")
        assert "fr: Saint-Nazaire agglomération (la Carène)" in text
        territory.write_text(text.replace("fr: Saint-Nazaire agglomération (la Carène)",
                                          "fr: Saint-Nazaire agglomération (revenu)"), encoding="utf-8")
        wait_for(lambda: "Saint-Nazaire agglomération (revenu)" in fetch(url)[1], log, what="an edit after the move")
        assert process.poll() is None
