"""The figures and the timeline as a reader sees them, in Debian's chromium, at a laptop's and
a phone's width, in both languages: the timeline fits its box on a laptop and says that it
scrolls on a phone; the published results lead, unknown figures are not drawn."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAPTOP, PHONE = (1366, 900), (390, 844)


@pytest.fixture
def open_page(chromium, real_site, real_site_url):
    """open_page(path, (width, height)) -> page; console errors and CSP violations collected."""
    from conftest import VIOLATIONS

    contexts, errors = [], []

    def open_(path: str, size: tuple[int, int]):
        context = chromium.new_context(viewport={"width": size[0], "height": size[1]})
        context.add_init_script(VIOLATIONS)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.goto(real_site_url + path)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert errors == []


def _inside(inner: dict, outer: dict) -> bool:
    return (inner["x"] >= outer["x"] - 0.5 and inner["y"] >= outer["y"] - 0.5
            and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
            and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_timeline_fits_its_box_on_a_laptop(open_page, prefix):
    page = open_page(f"{prefix}/programme/", LAPTOP)
    box = page.locator(".psds-scroll")
    svg = box.locator("svg[role=img]")
    assert page.evaluate("() => { const b = document.querySelector('.psds-scroll');"
                         " return b.scrollWidth <= b.clientWidth; }")
    outer = box.bounding_box()
    assert _inside(svg.bounding_box(), outer)
    # Every year, and the closing event (the last diamond), lie inside the visible box.
    for year in ("2022", "2023", "2024", "2025"):
        assert _inside(svg.locator("text", has_text=year).first.bounding_box(), outer), year
    assert _inside(svg.locator("path").last.bounding_box(), outer)
    # Drawn at its real size, not shrunk to fit.
    assert svg.bounding_box()["width"] == pytest.approx(float(svg.get_attribute("width")), abs=1)
    assert not page.locator(".psds-scroll-cue").is_visible()


@pytest.mark.parametrize("prefix, cue", [("", "faites-la glisser"), ("/en", "swipe it sideways")])
def test_timeline_scrolls_on_a_phone_under_a_visible_cue(open_page, prefix, cue):
    page = open_page(f"{prefix}/programme/", PHONE)
    box = page.locator(".psds-scroll")
    assert page.evaluate("() => { const b = document.querySelector('.psds-scroll');"
                         " return b.scrollWidth > b.clientWidth; }")
    hint = page.locator(".psds-scroll-cue")
    assert hint.is_visible() and cue in hint.inner_text()
    # The cue is above the timeline, on screen when the timeline's top is.
    box.scroll_into_view_if_needed()
    assert hint.bounding_box()["y"] < box.bounding_box()["y"]
    # Scrolled to its end, the closing event comes into the box.
    page.evaluate("() => { const b = document.querySelector('.psds-scroll'); b.scrollLeft = b.scrollWidth; }")
    assert _inside(box.locator("svg path").last.bounding_box(), box.bounding_box())


@pytest.mark.parametrize("size", [LAPTOP, PHONE])
@pytest.mark.parametrize("prefix, unknown", [("", "non renseign"), ("/en", "not reported")])
def test_territories_overview_leads_with_the_results(open_page, size, prefix, unknown):
    from conftest import axe_violations

    page = open_page(f"{prefix}/territoires/", size)
    article = page.locator("article")
    assert article.inner_text().lower().count(unknown) <= 5
    values = page.locator(".psds-keyfigure-value")
    assert values.count() >= 1  # however many the data gives
    assert all(values.nth(i).is_visible() for i in range(values.count()))
    # The results and their caveat come before the territory cards.
    caveat = page.locator("article .admonition.warning").first
    assert caveat.is_visible()
    assert values.first.bounding_box()["y"] < caveat.bounding_box()["y"] \
        < page.locator("article .grid.cards").first.bounding_box()["y"]
    # No bar of an unknown value: every bar drawn is a published figure.
    assert page.locator("article svg[role=img] rect.psds-svg-bar").count() == 0
    if size == LAPTOP:  # the four figures side by side on a laptop
        tops = {round(values.nth(i).bounding_box()["y"]) for i in range(4)}
        assert len(tops) == 1
        assert axe_violations(page) == []


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_territory_page_leads_with_figures_not_blanks(open_page, prefix):
    from conftest import axe_violations

    page = open_page(f"{prefix}/territoires/carene/", LAPTOP)
    text = page.locator("article").inner_text()
    assert "non renseign" not in text.lower() and "not reported" not in text.lower()
    assert ("Aucun chiffre publié pour ce territoire" if not prefix
            else "No figure published for this territory") in text
    assert axe_violations(page) == []
