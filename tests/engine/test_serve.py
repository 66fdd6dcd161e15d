"""`mkdocs serve` survives a bad edit, says what is wrong, and serves the fix."""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import copy_project, fetch, mkdocs_env, mkdocs_serve, wait_for
from macros.content.brochure import pdf_path

pytestmark = pytest.mark.slow


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_text(url: str) -> str:
    """The text of the PDF at `url`, without whitespace (PDF lines wrap anywhere)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        reader = PdfReader(io.BytesIO(response.read()))
    return _squash(" ".join(page.extract_text() for page in reader.pages))


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
    # must not take them for an edit and build the site again. With --verbose, serve logs
    # every change its watcher sees (`FileModifiedEvent(src_path=…)`) before rebuilding.
    project = copy_project(tmp_path / "project")
    tool = project / "resources" / "tools" / "calme-et-attentif.yml"
    with mkdocs_serve(project, args=("--verbose",)) as (process, base, log):
        url = f"{base}/outils/calme-et-attentif/"
        wait_for(lambda: fetch(url)[0] == 200, log, what="first build")
        text = tool.read_text(encoding="utf-8")
        assert "méditation de pleine conscience" in text
        for edit in ("(modifié)", "(modifié deux fois)"):
            # Saved in one step, as the form and most editors do (written aside, then renamed
            # over it): a save seen half-done by the watcher would rightly rebuild twice.
            aside = tmp_path / "enregistrement.yml"
            aside.write_text(text.replace("méditation de pleine conscience",
                                          f"méditation de pleine conscience {edit}"), encoding="utf-8")
            aside.replace(tool)
            wait_for(lambda edit=edit: f"pleine conscience {edit}" in fetch(url)[1], log, what=edit)
        # The second edit was seen a whole rebuild after the first one wrote docs/: any
        # change the first build made would have been seen (the watcher looks every 0.05 s)
        # and logged by then.
        seen = [line for line in log if "Event(src_path=" in line]
        assert seen and all(f"src_path='{tool}'" in line for line in seen), "".join(seen)
        builds = [line for line in log if "Site reconstruit en" in line]
        assert len(builds) == 2, "".join(log)
        assert process.poll() is None


def test_after_edits_serve_shows_what_a_fresh_build_makes(tmp_path):
    # Under serve, page conversions and search entries are kept between rebuilds
    # (macros/engine/serve.py): after edits, every page and both search indexes must still be
    # byte for byte those of a fresh `mkdocs build` of the same files.
    project = copy_project(tmp_path / "project")
    territory = project / "resources" / "territories" / "carene.yml"
    tool = project / "resources" / "tools" / "calme-et-attentif.yml"
    new = f"(renommée {secrets.token_hex(4)})"  # never rendered before: the brochure PDF is made anew
    with mkdocs_serve(project) as (process, base, log):
        url = f"{base}/territoires/carene/"
        wait_for(lambda: fetch(url)[0] == 200, log, what="first build")
        territory.write_text(territory.read_text(encoding="utf-8").replace(
            "fr: Saint-Nazaire agglomération (la Carène)", f"fr: Saint-Nazaire agglomération {new}"),
            encoding="utf-8")
        wait_for(lambda: new in fetch(url)[1], log, what="the first edit served")
        tool.write_text(tool.read_text(encoding="utf-8").replace("type: livre", "type: jeu"), encoding="utf-8")
        wait_for(lambda: "Jeu" in fetch(f"{base}/outils/calme-et-attentif/")[1], log, what="the second edit")
        # The brochure PDF, rendered in the background, is served once the rebuild its
        # writing caused has replaced the served site.
        wait_for(lambda: _squash(new) in _pdf_text(f"{base}/{pdf_path('fr')}"), log, what="the new PDF",
                 timeout=180)
        assert any("arrière-plan" in line for line in log)

        site = tmp_path / "fresh"
        env = {**mkdocs_env(), "SITE_URL": f"{base}/"}
        built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                               cwd=project, env=env, capture_output=True, text=True, timeout=300)
        assert built.returncode == 0, built.stderr
        paths = [p.relative_to(site).as_posix() for p in sorted(site.rglob("*"))
                 if p.suffix == ".html" or p.name == "search_index.json"]
        assert len(paths) > 80
        for path in paths:
            with urllib.request.urlopen(f"{base}/{path}", timeout=10) as response:
                served = response.read()
            if path.endswith(".html"):  # serve adds its reload script before </body> (macros/engine/serve.py)
                served = re.sub(rb'<script src="/__apercu__/apercu.js"[^>]*></script>(?=</body>)', b"", served)
            assert served == (site / path).read_bytes(), f"{path}: serve differs from a fresh build"
        assert process.poll() is None


REBUILD = """
import json, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
import macros.engine.serve as kept

edited, before, after = sys.argv[1:4]
config = load_config("mkdocs.yml", site_dir=sys.argv[4])
config.plugins.on_startup(command="serve", dirty=False)
counts = []
for n, site in enumerate(sys.argv[4:]):
    if n == 2:  # the last build follows an edit
        path = Path(edited)
        path.write_text(path.read_text(encoding="utf-8").replace(before, after, 1), encoding="utf-8")
    kept.stats.update(dict.fromkeys(kept.stats, 0))
    build(load_config("mkdocs.yml", site_dir=site), serve_url="http://127.0.0.1:8000/")
    counts.append(dict(kept.stats))
print(json.dumps(counts))
"""


def _titled_page(project) -> tuple[Path, str]:
    """A page of the navigation titled by its heading (no title in mkdocs.yml), and that heading."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    for entry in config["nav"]:
        page = project / "docs" / entry if isinstance(entry, str) else None
        heading = re.search(r"^# .+$", page.read_text(encoding="utf-8"), re.M) if page and page.is_file() else None
        if heading:
            return page, heading[0]
    raise AssertionError("no page of the navigation is titled by its heading")


def test_a_rebuild_under_serve_converts_and_renders_no_unchanged_page_again(tmp_path):
    project = copy_project(tmp_path / "project")
    sites = [tmp_path / name for name in ("first", "second", "renamed")]
    page, heading = _titled_page(project)
    new = f"# Renommée {secrets.token_hex(4)}"
    done = subprocess.run([sys.executable, "-c", REBUILD, str(page), heading, new, *map(str, sites)], cwd=project,
                          env={**mkdocs_env(), "PYTHONPATH": str(project)}, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    first, second, renamed = sites
    # Pages MkDocs renders: not the 404 templates, nor /admin/ (copied by the CMS step).
    pages = len([p for p in first.rglob("*.html")
                 if p.name != "404.html" and p.relative_to(first).parts[0] != "admin"])
    compiled, nav_kept = counts[0].pop("compiled"), counts[0].pop("nav_kept")
    # The theme's files are listed once for both languages; a navigation entry that does not
    # hold the page is rendered once for the pages that link to it alike.
    assert counts[0] == {"hits": 0, "misses": pages, "pages_kept": 0, "navigations_only": 0, "theme_listed": 1}, counts
    assert compiled > 0 and nav_kept > pages, counts
    # Nothing changed: no page converted, compiled by the macros nor rendered again (the 404
    # pages, one per language, too).
    assert counts[1] == {"hits": pages, "misses": 0, "pages_kept": pages + 2, "nav_kept": 0, "navigations_only": 0,
                         "compiled": 0, "theme_listed": 0}, counts
    for path in first.rglob("*.html"):
        assert (second / path.relative_to(first)).read_bytes() == path.read_bytes(), path
    # A navigation title edited: every page of its language changes, but only its navigation
    # is rendered, and the site is byte for byte what a build without serve's caches makes.
    assert counts[2]["navigations_only"] > pages / 3 and counts[2]["misses"] < pages / 10, counts
    fresh = tmp_path / "fresh"
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(fresh)], cwd=project,
                           env=mkdocs_env(), capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    changed = 0
    for path in fresh.rglob("*.html"):
        made = (renamed / path.relative_to(fresh)).read_bytes()
        assert made == path.read_bytes(), f"{path.relative_to(fresh)}: serve's rebuild differs from a fresh build"
        changed += made != (first / path.relative_to(fresh)).read_bytes()
    assert changed > pages / 3


def answers_within(url: str, seconds: float) -> str:
    started = time.monotonic()
    status, text = fetch(url)
    assert status == 200 and time.monotonic() - started < seconds, "serve did not answer in time"
    return text


def test_serve_keeps_answering_with_an_impossible_date_and_a_latin1_page(tmp_path):
    project = copy_project(tmp_path / "project")
    event = project / "resources" / "events" / "evenement-test.yml"
    page = project / "docs" / "parents.md"
    good_page = page.read_text(encoding="utf-8")
    with mkdocs_serve(project) as (process, base, log):
        url = f"{base}/parents/"
        wait_for(lambda: fetch(url)[0] == 200, log, what="first build")

        event.write_text(EVENT.format(start="2025-13-21"), encoding="utf-8")
        wait_for(lambda: any("date « 2025-13-21 » impossible" in line for line in log), log,
                 what="the date message")
        answers_within(url, 5)

        page.write_bytes(good_page.replace("# ", "# Café ", 1).encode("latin-1", errors="replace"))
        wait_for(lambda: any("docs/parents.md, ligne" in line for line in log), log, what="the page message")
        answers_within(url, 5)
        text = "".join(log)
        assert "Traceback" not in text and "appear stuck" not in text
        assert "la dernière version construite reste affichée" in text

        event.write_text(EVENT.format(start="2025-10-21"), encoding="utf-8")
        page.write_text(good_page.replace("# ", "# Corrigé ", 1), encoding="utf-8")
        wait_for(lambda: "Corrigé" in answers_within(url, 5), log, what="the fixed page")
        assert process.poll() is None


EVENT = """title: Journée test
kind: evenement
territories: []
start: {start}
summary: Un événement de test.
source: https://irepspdl.org/print-1-929-0-0.html
"""


def test_a_rebuild_replaces_the_served_site_and_leaves_no_copy_behind(tmp_path, monkeypatch):
    from macros.engine import serve

    root = tmp_path / "site"
    (root / "a").mkdir(parents=True)
    (root / "a" / "index.html").write_text("ancien")
    monkeypatch.setitem(serve._served, "root", str(root))
    monkeypatch.setitem(serve._served, "aside", True)
    monkeypatch.setitem(serve._recycled, "clean", None)
    for version in ("un", "deux", "deux"):
        serve._replace_served(False)  # as each rebuild starts
        built = tmp_path / "site-suivant" / "a"
        built.mkdir(parents=True, exist_ok=True)
        assert not (built / "index.html").exists()
        if (root / "a" / "index.html").read_text() == version:  # linked, as an unchanged page is
            os.link(root / "a" / "index.html", built / "index.html")
        else:
            (built / "index.html").write_text(version)
        serve._replace_served(True)
        assert (root / "a" / "index.html").read_text() == version
    # The replaced site's folders, emptied, are the next rebuild's (MkDocs' cleaning skipped).
    serve._replace_served(False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site-suivant"]
    assert [p.name for p in (tmp_path / "site-suivant").rglob("*")] == ["a"]
    serve._clean_directory(str(tmp_path / "site-suivant"))
    assert (tmp_path / "site-suivant" / "a").is_dir()
    # A failed rebuild's half site: never served, removed.
    (tmp_path / "site-suivant" / "a" / "index.html").write_text("à moitié")
    serve._replace_served(False)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    assert (root / "a" / "index.html").read_text() == "deux"
    serve.finish_removals()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
