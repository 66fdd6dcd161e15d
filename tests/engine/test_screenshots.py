"""Screenshots of the pages readers start from, for people to look at (kept in
$TEST_ARTIFACTS/screenshots/ when TEST_ARTIFACTS is set, e.g. `TEST_ARTIFACTS=/tmp/look make test`): home, catalogue, a fiche and a territory page, both languages, laptop and
phone widths."""

from __future__ import annotations

import pytest

from conftest import ARTIFACTS, VIOLATIONS, wait_until_settled

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = {"accueil": "", "catalogue": "outils/", "fiche": "outils/good-behavior-game/",
         "territoire": "territoires/carene/"}
SIZES = {"ordinateur": (1366, 900), "telephone": (390, 844)}
FOLDER = ARTIFACTS / "screenshots"


def test_screenshots_of_the_main_pages(chromium, real_site, real_site_url):
    FOLDER.mkdir(parents=True, exist_ok=True)
    written = []
    for size, (width, height) in SIZES.items():
        context = chromium.new_context(viewport={"width": width, "height": height})
        context.add_init_script(VIOLATIONS)
        page = context.new_page()
        errors = []
        page.on("console", lambda msg, errors=errors: errors.append(msg.text) if msg.type == "error" else None)
        for lang, prefix in (("fr", ""), ("en", "en/")):
            for name, path in PAGES.items():
                page.goto(f"{real_site_url}/{prefix}{path}")
                wait_until_settled(page)
                target = FOLDER / f"{name}-{lang}-{size}.png"
                page.screenshot(path=str(target))
                written.append(target)
        context.close()
        assert errors == []
    # A blank or failed capture is a few hundred bytes; a rendered page is tens of kilobytes.
    assert all(path.stat().st_size > 10_000 for path in written), written
    assert len(written) == len(PAGES) * len(SIZES) * 2
