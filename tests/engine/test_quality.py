"""Quality gates on the built site: links, HTML validity, and proof that each gate can fail."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, axe_violations, broken_links, off_site, vnu_errors

pytestmark = pytest.mark.slow
BROKEN = FIXTURES / "broken-site"


def test_every_internal_link_anchor_and_image_resolves(real_site):
    assert broken_links(real_site) == []


def test_link_check_names_the_page_and_the_link():
    assert broken_links(BROKEN) == [
        "index.html: page-absente/ (introuvable)",
        "index.html: #ancre-absente (ancre absente)",
    ]


def test_generated_and_templated_html_is_valid(real_site):
    assert vnu_errors(real_site) == []


def test_html_check_catches_invalid_markup():
    errors = vnu_errors(BROKEN)
    assert any(e.startswith("index.html:13: An “img” element must have an “alt” attribute") for e in errors), errors


@pytest.mark.browser
def test_browser_checks_catch_a_missing_alt_and_an_off_site_script(chromium, serve_folder):
    base = serve_folder(BROKEN)
    page = chromium.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base}/index.html")
    violations = axe_violations(page)
    page.close()
    assert any(": image-alt " in v and "index.html" in v for v in violations), violations
    assert off_site(requests, base) == ["https://cdn.example.invalid/tracker.js"]
