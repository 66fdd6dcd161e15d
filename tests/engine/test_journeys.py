"""Readers' journeys from the home page, clicked in Debian's chromium (issue 14).

A parent reaches the parents' page in one click; an elected official, a funder or a
coordinator reaches the capitalisation, the results and « Démarrer sur votre territoire »
in one click each; a trainer downloads the offline zip in one click (two at most). Both
languages, at 1366×900 and 390×844, with the Content-Security-Policy listener on and no
request leaving the site.
"""

from __future__ import annotations

import re
import shutil
import zipfile

import pytest
from conftest import VIOLATIONS, broken_links, build_ok, copy_project
from playwright.sync_api import expect

from macros.content.labels import label
from macros.content.render import OFFLINE_ZIP, size_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LANGS = ("fr", "en")
VIEWPORTS = {"desktop": (1366, 900), "mobile": (390, 844)}


@pytest.fixture(scope="module")
def site_with_zip(tmp_path_factory, offline_zip):
    """The real site as the Pages workflow builds it: the offline zip copied into
    docs/telechargements/ before the online build."""
    project = copy_project(tmp_path_factory.mktemp("with-zip"))
    target = project / "docs" / OFFLINE_ZIP
    target.parent.mkdir(parents=True)
    shutil.copy2(offline_zip, target)
    return build_ok(project)


def _open(chromium, base: str, lang: str, viewport: str):
    """A page on the home of `lang`, recording errors, CSP violations and requests."""
    width, height = VIEWPORTS[viewport]
    context = chromium.new_context(viewport={"width": width, "height": height},
                                   accept_downloads=True)
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    page.psds_errors = []
    page.psds_requests = []
    page.on("request", lambda request: page.psds_requests.append(request.url))
    page.on("console", lambda msg: page.psds_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: page.psds_errors.append(str(err)))
    page.on("response", lambda r: page.psds_errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{base}/{'' if lang == 'fr' else 'en/'}")
    assert page.locator("html").get_attribute("lang") == lang
    return context, page


def _clean(page, base: str) -> None:
    assert page.psds_errors == []
    assert [url for url in page.psds_requests if not url.startswith(base + "/")] == []


def _home_link(page, key: str, lang: str):
    """The one link of the home page's audience cards that reads `label(key)`."""
    link = page.locator(".psds-audience a", has_text=label(key, lang))
    assert link.count() == 1, (key, lang)
    return link


def _url(base: str, lang: str, path: str) -> str:
    return f"{base}/{'' if lang == 'fr' else 'en/'}{path}"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_parent_reaches_the_parents_page_in_one_click(chromium, real_site_url, lang, viewport):
    base = real_site_url
    context, page = _open(chromium, base, lang, viewport)
    try:
        # The entry point is in the first view, without scrolling.
        heading = page.locator(".psds-audience--parents h3")
        box = heading.bounding_box()
        assert box is not None and box["y"] + box["height"] <= VIEWPORTS[viewport][1]
        _home_link(page, "home.parents.link", lang).click()
        page.wait_for_url(_url(base, lang, "parents/"))
        assert page.locator("article h1").inner_text().startswith("Parents")
        _clean(page, base)
    finally:
        context.close()


OFFICIAL_TARGETS = [
    ("home.officials.lessons", "capitalisation/", {"fr": "Capitalisation", "en": "Capitalisation"}),
    ("home.officials.start", "demarrer/", {"fr": "Démarrer sur votre territoire",
                                           "en": "Getting started in your area"}),
]


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key, path, title", OFFICIAL_TARGETS, ids=["capitalisation", "demarrer"])
def test_an_official_reaches_each_page_in_one_click(chromium, real_site_url, lang, viewport,
                                                    key, path, title):
    base = real_site_url
    context, page = _open(chromium, base, lang, viewport)
    try:
        _home_link(page, key, lang).click()
        page.wait_for_url(_url(base, lang, path))
        assert page.locator("article h1").inner_text().startswith(title[lang])
        _clean(page, base)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGS)
def test_an_official_reaches_the_results_in_one_click(chromium, real_site_url, lang, viewport):
    base = real_site_url
    context, page = _open(chromium, base, lang, viewport)
    try:
        # The headline results are on the home page itself, with their caveat and source...
        figures = page.locator(".psds-figure__value").all_inner_texts()
        assert len(figures) >= 1 and all(re.fullmatch(r"\d+\s?%", f) for f in figures), figures
        caveat = page.locator(".psds-caveat").inner_text()
        assert label("home.results.caveat", lang) in caveat
        assert page.locator(".psds-caveat a[href^='https://']").count() >= 1
        # ... and one click leads to the results section, scrolled into view.
        _home_link(page, "home.officials.results", lang).click()
        page.wait_for_url(re.compile(re.escape(_url(base, lang, "territoires/")) + "#.+"))
        anchor = page.url.split("#", 1)[1]
        section = page.locator(f"[id='{anchor}']")
        assert section.count() == 1
        box = section.bounding_box()
        assert box is not None and 0 <= box["y"] < VIEWPORTS[viewport][1]
        _clean(page, base)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_trainer_downloads_the_offline_zip_in_one_click(chromium, site_with_zip, serve_folder,
                                                          lang, viewport):
    base = serve_folder(site_with_zip)
    zip_file = site_with_zip / OFFLINE_ZIP
    context, page = _open(chromium, base, lang, viewport)
    try:
        link = page.locator(".psds-audience--trainers a.psds-offline")
        assert link.count() == 1
        # Its size is the real one, as the link says it.
        assert size_text(zip_file.stat().st_size, lang) in link.inner_text()
        with page.expect_download() as download_info:
            link.click()
        download = download_info.value
        assert download.suggested_filename.endswith(".zip")
        saved = download.path()
        assert saved.stat().st_size == zip_file.stat().st_size
        assert zipfile.is_zipfile(saved)
        with zipfile.ZipFile(saved) as archive:
            assert "index.html" in archive.namelist()
        _clean(page, base)
    finally:
        context.close()


def test_the_zip_is_published_with_the_site_and_every_link_resolves(site_with_zip):
    assert (site_with_zip / OFFLINE_ZIP).is_file()
    for home in ("index.html", "en/index.html"):
        html = (site_with_zip / home).read_text(encoding="utf-8")
        assert OFFLINE_ZIP in html
    assert broken_links(site_with_zip) == []


def test_without_the_zip_the_home_says_so_and_links_nowhere(real_site):
    for home in ("index.html", "en/index.html"):
        html = (real_site / home).read_text(encoding="utf-8")
        assert OFFLINE_ZIP not in html
        assert "psds-offline" not in html
    assert not (real_site / OFFLINE_ZIP).exists()


def test_size_text_is_honest():
    assert size_text(4_250_000, "fr") == "4,2 Mo"
    assert size_text(4_250_000, "en") == "4.2 MB"
    assert size_text(1_000, "fr") == "0,1 Mo"  # never « 0 Mo »


@pytest.mark.parametrize("lang", LANGS)
def test_touch_targets_on_mobile_and_glossary_letters_alike(chromium, real_site_url, lang):
    """Buttons, header buttons and the glossary's letters: at least 44×44 CSS px at 390 px,
    and every letter of the glossary's index styled the same."""
    base = real_site_url
    context, page = _open(chromium, base, lang, "mobile")
    try:
        small = []
        for path in ("", "glossaire/", "territoires/"):
            page.goto(_url(base, lang, path))
            for target in page.locator(".md-typeset .md-button, .md-header__button:visible, "
                                       ".psds-letters a, .psds-audience li a").all():
                if not target.is_visible():
                    continue
                box = target.bounding_box()
                if box["width"] < 44 or box["height"] < 44:
                    small.append(f"{path}: {target.inner_text()!r} {box['width']:.0f}×{box['height']:.0f}")
        assert small == []
        page.goto(_url(base, lang, "glossaire/"))
        styles = page.locator(".psds-letters a").evaluate_all(
            "links => links.map(a => { const s = getComputedStyle(a);"
            " return [s.fontSize, s.fontWeight, s.minWidth, s.minHeight].join(' ') })")
        assert len(styles) > 3 and len(set(styles)) == 1, styles
        _clean(page, base)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_professional_reaches_a_fiche_for_a_nine_year_old_about_emotions(chromium, real_site_url,
                                                                          lang, viewport):
    base = real_site_url
    context, page = _open(chromium, base, lang, viewport)
    try:
        _home_link(page, "home.pros.catalogue", lang).click()  # 1: the catalogue
        page.wait_for_url(_url(base, lang, "outils/"))
        page.locator("select[name=cps]").select_option("reguler-emotions")  # 2: the competence
        # 3: a shown card whose ages include 9 (the filter shows only matching tools).
        cards = page.locator(".psds-tool:visible")

        def for_nine(card) -> bool:
            low, high = card.get_attribute("data-age-min"), card.get_attribute("data-age-max")
            return bool(low) and int(low) <= 9 <= int(high or 99)

        suitable = [cards.nth(i) for i in range(cards.count()) if for_nine(cards.nth(i))]
        assert suitable, "no tool for a 9-year-old about regulating emotions"
        card = suitable[0]
        assert "reguler-emotions" in card.get_attribute("data-cps").split()
        card.locator("a").first.click()
        page.wait_for_url(re.compile(re.escape(_url(base, lang, "outils/")) + r"[a-z0-9-]+/$"))
        assert page.locator("article h1").count() == 1
        _clean(page, base)
    finally:
        context.close()


class Interactions:
    """Every interaction of a journey, counted: a click or tap, a choice in a list, a key
    pressed, a query typed: one each (scrolling is not one). A control the page asks the
    reader to use next must be on screen as the page stands, under the sticky header: one
    tap away, not behind a fold to open or off screen."""

    def __init__(self, page, viewport: str):
        self.page, self.viewport, self.done = page, viewport, []

    def on_screen(self, locator) -> None:
        width, height = VIEWPORTS[self.viewport]
        header = self.page.locator(".md-header").bounding_box()
        box = locator.bounding_box()
        assert box is not None, locator
        assert header["y"] + header["height"] <= box["y"] and box["y"] + box["height"] <= height, (locator, box)
        assert 0 <= box["x"] and box["x"] + box["width"] <= width, (locator, box)

    def click(self, what: str, locator, reach: bool = True) -> None:
        if reach:
            self.on_screen(locator)
        else:  # scrolled to first (not counted)
            locator.scroll_into_view_if_needed()
        locator.click()
        self.done.append(what)

    def choose(self, what: str, select, value: str) -> None:
        self.on_screen(select)
        select.select_option(value)
        self.done.append(what)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_teacher_finds_a_free_session_and_a_tool_she_can_get_in_four_steps(chromium, real_site_url,
                                                                             lang, viewport):
    """Issue 24: « émotions, 9 ans, école » from the home reaches, in at most four interactions
    (every one counted), a free ready-to-run session and a tool with its cost and a way to get
    it from Loire-Atlantique (or the statement of why not); each filter is one tap away and
    the first results are on screen once they are set."""
    base = real_site_url
    context, page = _open(chromium, base, lang, viewport)
    steps = Interactions(page, viewport)
    try:
        # The home's card is further down on a phone: scrolled to, then tapped.
        steps.click("the catalogue", _home_link(page, "home.pros.catalogue", lang), reach=False)
        page.wait_for_url(_url(base, lang, "outils/"))
        steps.choose("emotions", page.locator("select[name=cps]"), "emotionnelles")
        steps.choose("nine years old", page.locator("select[name=age]"), "9")
        steps.choose("school", page.locator("select[name=setting]"), "ecole")
        assert len(steps.done) <= 4, steps.done
        cards = page.locator(".psds-tool:not([hidden])")
        # The results follow the filters on screen: the first card's title is in view.
        steps.on_screen(cards.first.locator("h2"))
        kinds = [(cards.nth(i).get_attribute("data-type"), cards.nth(i).get_attribute("data-cost"),
                  cards.nth(i).get_attribute("data-where")) for i in range(cards.count())]
        assert any(kind == "seances" and cost == "gratuit" for kind, cost, _ in kinds), kinds
        assert any(kind != "seances" and cost and where for kind, cost, where in kinds), kinds
        ids = cards.evaluate_all("els => els.map(e => e.dataset.id)")
        session_id = next(ids[i] for i in range(len(ids)) if kinds[i][:2] == ("seances", "gratuit"))
        tool_id = next(ids[i] for i in range(len(ids)) if kinds[i][0] != "seances" and kinds[i][1] and kinds[i][2])
        for tid, wanted in ((session_id, label("cost.gratuit", lang)), (tool_id, label("cost", lang))):
            card = page.locator(f".psds-tool[data-id='{tid}']")
            card.scroll_into_view_if_needed()  # scrolling down the results: not an interaction
            # Its text as drawn on screen (a card is laid out once scrolled to: content-visibility).
            expect(card).to_contain_text(label("availability", lang), use_inner_text=True)
            text = " ".join(card.inner_text().split())
            assert wanted in text, (tid, text)
        # The filters set are those of the address (a link a colleague can open).
        assert "cps=emotionnelles" in page.url and "age=9" in page.url and "setting=ecole" in page.url
        _clean(page, base)
    finally:
        context.close()
