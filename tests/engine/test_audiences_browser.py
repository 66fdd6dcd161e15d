"""Issue 25 in Debian's chromium, both languages, 1366×900 and 390×844: the easy-read page is
one click from the home's parents' card, passes axe and prints on one A4 page.
"""

from __future__ import annotations

import io
from urllib.parse import urljoin

import pytest
from conftest import VIOLATIONS, axe_violations, wait_until_settled

from macros.content.labels import label

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LANGS = ("fr", "en")
VIEWPORTS = {"desktop": (1366, 900), "mobile": (390, 844)}


def _open(chromium, base: str, path: str, viewport: str = "desktop"):
    width, height = VIEWPORTS[viewport]
    context = chromium.new_context(viewport={"width": width, "height": height})
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    page.psds_errors, page.psds_requests = [], []
    page.on("request", lambda request: page.psds_requests.append(request.url))
    page.on("console", lambda msg: page.psds_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: page.psds_errors.append(str(err)))
    page.goto(f"{base}/{path}")
    return context, page


def _prefix(lang: str) -> str:
    return "" if lang == "fr" else "en/"


def _clean(page, base: str) -> None:
    assert page.psds_errors == []
    assert [url for url in page.psds_requests if not url.startswith(base + "/")] == []


def pdf_pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_parent_reaches_the_easy_read_page_first_from_the_parents_card(chromium, real_site_url,
                                                                          lang, viewport):
    base = real_site_url
    context, page = _open(chromium, base, _prefix(lang), viewport)
    try:
        card_links = page.locator(".psds-audience--parents li a")
        # The easy-read page comes first on the card.
        assert " ".join(card_links.first.inner_text().split()) == label("home.parents.easy", lang)
        card_links.first.click()
        page.wait_for_url(f"{base}/{_prefix(lang)}facile-a-lire/")
        assert page.locator("article h1").inner_text().startswith(
            label("home.parents.easy", lang).split(":")[0])
        assert axe_violations(page) == []
        _clean(page, base)
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_parents_page_links_the_easy_read_page(chromium, real_site_url, lang):
    base = real_site_url
    context, page = _open(chromium, base, f"{_prefix(lang)}parents/")
    try:
        page.locator("article a[href$='facile-a-lire/']").first.click()
        page.wait_for_url(f"{base}/{_prefix(lang)}facile-a-lire/")
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_easy_read_page_prints_on_one_a4_page(chromium, real_site_url, lang):
    base = real_site_url
    context, page = _open(chromium, base, f"{_prefix(lang)}facile-a-lire/")
    try:
        wait_until_settled(page)
        assert pdf_pages(page.pdf(format="A4", print_background=True)) == 1
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_officials_brief_page_prints_on_two_a4_pages_like_its_pdf(chromium, real_site_url, lang):
    context, page = _open(chromium, real_site_url, f"{_prefix(lang)}note-elus/")
    try:
        wait_until_settled(page)
        assert 1 <= pdf_pages(page.pdf(format="A4", print_background=True)) <= 2
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGS)
def test_an_official_reaches_the_brief_first_from_the_officials_card(chromium, real_site_url,
                                                                     lang, viewport):
    base = real_site_url
    context, page = _open(chromium, base, _prefix(lang), viewport)
    try:
        first = page.locator(".psds-audience--officials li a").first
        assert " ".join(first.inner_text().split()) == label("home.officials.brief", lang)
        first.click()
        page.wait_for_url(f"{base}/{_prefix(lang)}note-elus/")
        assert page.locator("article h1").inner_text().rstrip("¶").strip() == label("brief", lang)
        # Its PDF is one more click, and is served.
        href = page.locator("article a.md-button[href$='.pdf']").get_attribute("href")
        response = page.request.get(urljoin(page.url, href))
        assert response.ok and response.body()[:5] == b"%PDF-"
        assert axe_violations(page) == []
        _clean(page, base)
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_starting_on_your_territory_prints_on_three_a4_pages_with_the_site_and_its_address(
        chromium, real_site_url, real_site, lang):
    from bs4 import BeautifulSoup
    from pypdf import PdfReader

    from macros.data.loader import load_site_data
    from conftest import ROOT

    html = (real_site / _prefix(lang) / "demarrer" / "index.html").read_text(encoding="utf-8")
    address = BeautifulSoup(html, "html.parser").select_one("link[rel=canonical]")["href"]
    name = load_site_data(ROOT / "resources").programme.name.get(lang)[0]
    base = real_site_url
    context, page = _open(chromium, base, f"{_prefix(lang)}demarrer/")
    try:
        wait_until_settled(page)
        reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
        assert 1 <= len(reader.pages) <= 3
        first = " ".join(reader.pages[0].extract_text().split())
        for each in reader.pages:  # the head and foot are repeated on every printed page
            text = " ".join(each.extract_text().split())
            assert name in text and text.count(address) >= 2
        # The date of printing, written by the page's script.
        assert any(ch.isdigit() for ch in first.split(address)[1][:40])
        # Each point once: as many quotes as boxes to tick.
        boxes = page.locator("article .psds-tick").count()
        assert boxes > 0 and page.locator("article li:has(.psds-tick) strong").count() == 0
    finally:
        context.close()
