"""Under `mkdocs serve`, a failed rebuild is shown at the top of every page, in French, until
the next good rebuild (macros/engine/serve.py, macros/assets/apercu.js); `mkdocs build` has none of it."""

from __future__ import annotations

import time

import pytest

from conftest import VIOLATIONS, axe_violations, copy_project, fetch, guide_screenshot, mkdocs_serve, wait_for

pytestmark = pytest.mark.slow

BANNER = "#psds-apercu-erreur"


def test_a_failed_rebuild_shows_a_banner_until_the_fix(tmp_path, chromium):
    project = copy_project(tmp_path / "project")
    territory = project / "resources" / "territories" / "carene.yml"
    good = territory.read_text(encoding="utf-8")
    # The line of the value broken below, from the file (where it stands is the editors' choice):
    # the unclosed list is found on the next line, and said to start on this one.
    line = next(n for n, text in enumerate(good.splitlines(), 1) if text == "status: deploiement")
    with mkdocs_serve(project) as (process, base, log):
        wait_for(lambda: fetch(f"{base}/parents/")[0] == 200, log, what="first build")
        page = chromium.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.add_init_script(VIOLATIONS)
        page.goto(f"{base}/parents/")
        assert page.locator(BANNER).count() == 0

        # A broken data file: the banner says what the terminal says, within 5 s.
        territory.write_text(good.replace("status: deploiement", "status: [deploiement"), encoding="utf-8")
        saved = time.monotonic()
        page.wait_for_selector(BANNER, timeout=5000)
        assert time.monotonic() - saved < 5
        banner = page.locator(BANNER)
        assert banner.get_attribute("role") == "alert" and banner.get_attribute("lang") == "fr"
        text = banner.inner_text()
        assert f"resources/territories/carene.yml, ligne {line + 1} : syntaxe YAML invalide" in text
        assert f"(élément commencé ligne {line})" in text
        assert "La page affichée est la dernière version construite sans erreur" in text
        assert f"resources/territories/carene.yml, ligne {line + 1}" in "".join(log)
        # First in the page, above the header, and a page's own content is still there.
        assert page.evaluate("document.body.firstElementChild.id") == BANNER[1:]
        assert "Parents" in page.title()
        assert axe_violations(page) == []
        assert guide_screenshot(page, "apercu-erreur").stat().st_size > 10_000

        page.goto(f"{base}/territoires/carene/")  # the same banner on every page while it is broken
        page.wait_for_selector(BANNER, timeout=5000)

        # The fix: the banner goes, and live reload shows the new page.
        territory.write_text(good.replace("fr: Saint-Nazaire agglomération (la Carène)",
                                          "fr: Saint-Nazaire agglomération (corrigé)"), encoding="utf-8")
        before = len(log)
        wait_for(lambda: any("Site reconstruit en" in line for line in log[before:]), log, timeout=60,
                 what="the good rebuild")
        rebuilt = time.monotonic()
        page.wait_for_function("() => document.body && document.body.innerText.includes('(corrigé)')"
                               " && !document.getElementById('psds-apercu-erreur')", timeout=5000)
        assert time.monotonic() - rebuilt < 5
        assert errors == [], errors
        assert process.poll() is None


def test_the_banner_is_text_never_html(tmp_path, chromium):
    # A message quoting the editor's line must not become markup in the page.
    project = copy_project(tmp_path / "project")
    page_file = project / "docs" / "parents.md"
    good = page_file.read_text(encoding="utf-8")
    with mkdocs_serve(project) as (process, base, log):
        wait_for(lambda: fetch(f"{base}/parents/")[0] == 200, log, what="first build")
        page = chromium.new_page()
        page.goto(f"{base}/parents/")
        page_file.write_text(good + '\n{{ <img src=x id=injecte> }}\n', encoding="utf-8")
        page.wait_for_selector(BANNER, timeout=10000)
        assert "<img src=x id=injecte>" in page.locator(BANNER).inner_text()
        assert page.locator(f"{BANNER} img").count() == 0
        # The failed rebuild was written aside: the last good page is served whole.
        served = fetch(f"{base}/parents/")[1]
        assert "injecte" not in served and "Parents" in served
        page_file.write_text(good, encoding="utf-8")
        page.wait_for_selector(BANNER, state="detached", timeout=15000)
        assert process.poll() is None


def test_a_build_has_no_preview_script(real_site):
    for html in (real_site / "index.html", real_site / "en" / "index.html", real_site / "parents" / "index.html"):
        assert "__apercu__" not in html.read_text(encoding="utf-8")
    assert not list(real_site.rglob("apercu*"))
