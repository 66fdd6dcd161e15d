"""Under serve, with either engine: every error is said every time it happens (in the
terminal and in the preview's banner state), a rebuild has a time bound, and `resources/`
replaced as a whole is still watched. Waits are on conditions, never fixed sleeps."""

from __future__ import annotations

import json

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
            territory.write_text(bad, encoding="utf-8")
            wait_for(lambda builds=builds: not state(base)["ok"] and state(base)["build"] > builds, log,
                     what="failed rebuild")
            failed = state(base)
            assert any(said in message for message in failed["messages"]), failed  # the banner's text
            wait_for(lambda n=attempt: sum(said in line for line in log) == n, log, what=f"message #{attempt}")
            territory.write_text(good, encoding="utf-8")
            wait_for(lambda last=failed["build"]: state(base)["ok"] and state(base)["build"] > last, log, what="fix")
            builds = state(base)["build"]
        text = "".join(log)
        for english in ("Aborted with", "Traceback", "BuildError"):
            assert english not in text, text
        assert process.poll() is None
