"""The site in Debian's chromium: both languages, the switcher, and no off-site request."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def site_page(chromium, real_site, real_site_url):
    base = real_site_url
    from conftest import VIOLATIONS

    context = chromium.new_context()
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    yield base, page, requests, errors
    context.close()


def test_pages_switcher_and_no_third_party_request(site_page):
    base, page, requests, errors = site_page

    page.goto(base + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("article h1").inner_text().startswith("Prendre soin de soi")

    page.goto(base + "/territoires/carene/")
    assert "Saint-Nazaire agglomération (la Carène)" in page.locator("article h1").inner_text()

    # The language switcher, as a keyboard user does it: reach "English", press Enter.
    page.locator('.md-select__link[hreflang="en"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/en/territoires/carene/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Saint-Nazaire conurbation (la Carène)" in page.locator("article h1").inner_text()

    # ... and with the mouse: open the menu, click "Français".
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="fr"]').click()
    page.wait_for_url(base + "/territoires/carene/")

    page.goto(base + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(base + "/en/territoires/")
    # One row per territory file (whatever their number: an editor may add one).
    from conftest import ROOT

    territories = len(list((ROOT / "resources" / "territories").glob("*.yml")))
    assert page.locator(".psds-table-scroll table tbody tr").count() == territories

    assert requests, "no request recorded"
    off_site = [url for url in requests if not url.startswith(base + "/")]
    assert off_site == []
    assert errors == []


@pytest.mark.parametrize(
    "path, expected",
    [("/programme/", "Compétences psychosociales :"), ("/en/programme/", "Psychosocial competences:")],
)
def test_glossary_tooltip_on_hover_and_keyboard_focus(site_page, path, expected):
    base, page, requests, errors = site_page
    page.goto(base + path)
    term = page.locator('article abbr[tabindex="0"]', has_text="CPS").first
    tooltip = page.locator(".md-tooltip2--active")

    term.hover()
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().startswith(expected)

    page.mouse.move(0, 0)
    tooltip.wait_for(state="detached")
    term.focus()  # as with the Tab key: only the first use of each term is a tab stop
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().startswith(expected)
    assert errors == []


def test_axe_finds_no_violation_on_any_page(site_page, real_site):
    from conftest import axe_violations, off_site, with_axe

    base, page, requests, errors = site_page
    with_axe(page.context)
    paths = sorted(p.relative_to(real_site).as_posix() for p in real_site.rglob("*.html"))
    assert len(paths) > 40
    violations = []
    for path in paths:
        page.goto(f"{base}/{path}")
        # Every page carries its policy, and nothing on it breaks it (errors, below).
        assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1, path
        violations += axe_violations(page)
    assert violations == [], "\n".join(violations)
    assert off_site(requests, base) == []
    assert errors == [], errors


def test_calendar_timeline_and_territory_pages_in_the_browser(site_page):
    import icalendar

    from conftest import off_site

    base, page, requests, errors = site_page
    # axe: test_axe_finds_no_violation_on_any_page, with the same browser set-up.
    for path in ["/calendrier/", "/en/calendrier/", "/programme/", "/territoires/", "/territoires/pontchateau/"]:
        assert page.goto(base + path).ok, path
    # The .ics link of the territory page downloads a feed that parses.
    href = page.locator("article a.md-button[href$='.ics']").get_attribute("href")
    response = page.request.get(page.url + href if not href.startswith("/") else base + href)
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    assert icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    # The timeline is an image with a name, in a box that keyboard users can scroll.
    page.goto(base + "/programme/")
    timeline = page.locator(".psds-scroll svg[role=img]")
    assert timeline.get_attribute("aria-labelledby") == "frise-programme-title frise-programme-desc"
    page.locator(".psds-scroll").focus()
    assert page.evaluate("document.activeElement.classList.contains('psds-scroll')")
    assert off_site(requests, base) == []
    assert errors == []
