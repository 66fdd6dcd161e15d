"""The site in Debian's chromium: both languages, the switcher, and no off-site request."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def site_page(chromium, real_site, serve_folder):
    base = serve_folder(real_site)
    context = chromium.new_context()
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

    # The language switcher, as a visitor uses it: open the menu, choose English.
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="en"]').click()
    page.wait_for_url(base + "/en/territoires/carene/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Saint-Nazaire conurbation (la Carène)" in page.locator("article h1").inner_text()

    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="fr"]').click()
    page.wait_for_url(base + "/territoires/carene/")

    page.goto(base + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(base + "/en/territoires/")
    assert page.locator(".psds-table-scroll table tbody tr").count() == 3

    assert requests, "no request recorded"
    off_site = [url for url in requests if not url.startswith(base + "/")]
    assert off_site == []
    assert errors == []
