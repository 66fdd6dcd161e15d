"""« Ma sélection » (issue 24 item 4): add from three pages, reload, see, reorder by keyboard,
print one A4 plan; online and from the offline zip; no request off the site; axe clean."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, VIOLATIONS, axe_violations
from macros.content.labels import label
from macros.data.loader import load_site_data

DATA = load_site_data(ROOT / "resources")


def _three():
    """Three tools: two with a session length (so a total is due), the third any other."""
    timed = [tid for tid, tool in sorted(DATA.tools.items()) if tool.session_minutes is not None]
    assert len(timed) >= 2, "the data needs two tools with session_minutes for this test"
    other = next(tid for tid in sorted(DATA.tools) if tid not in timed[:2])
    return timed[0], timed[1], other


def _open(chromium, **options):
    context = chromium.new_context(**options)
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    return context, page


def _axe(page) -> list[str]:
    """axe-core's violations; from file:// axe itself tries to read the stylesheets with
    XMLHttpRequest, which Chromium refuses there: those console errors are axe's, not the page's."""
    before = len(page.errors)
    violations = axe_violations(page)
    page.errors[before:] = [e for e in page.errors[before:]
                            if not ("XMLHttpRequest" in e and ".css" in e) and "net::ERR_FAILED" not in e]
    return violations


def _journey(chromium, fiche, catalogue, selection, origin, tmp_path, lang="fr", viewport=(1366, 900)):
    first, second, third = _three()
    remove = label("sel.in", lang)
    context, page = _open(chromium, viewport={"width": viewport[0], "height": viewport[1]})
    # Two fiches and one catalogue card: three pages.
    for tid in (first, second):
        page.goto(fiche(tid))
        button = page.locator(f"button[data-select='{tid}']")
        button.focus()
        page.keyboard.press("Enter")
        assert button.inner_text() == remove
    page.goto(catalogue)
    page.locator(f"#outil-{third} button[data-select='{third}']").click()
    # The button's announcement is for screen readers: a 1 px clipped box, not text on screen.
    status = page.locator("p[role=status].md-visually-hidden")
    status.wait_for(state="attached")
    box = status.evaluate("e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);"
                          " return [r.width, r.height, s.position, s.overflow, s.clipPath]; }")
    assert box[0] <= 1 and box[1] <= 1 and box[2] == "absolute" and box[3] == "hidden", box
    assert box[4] != "none", box
    page.reload()
    assert page.locator(f"#outil-{third} button[data-select='{third}']").inner_text() == remove
    page.goto(selection)
    names = page.locator(".psds-sel-list .psds-sel-name a").all_inner_texts()
    titles = [DATA.tools[t].title.get(lang)[0] for t in (first, second, third)]
    assert [" ".join(n.split()) for n in names] == [" ".join(t.split()) for t in titles]
    minutes = sum(DATA.tools[t].session_minutes or 0 for t in (first, second, third))
    assert f"{minutes} min" in page.locator(".psds-sel-total").inner_text()
    # Keyboard: move the third item up; the focus stays on it, a live region says where.
    up = page.locator(f".psds-sel-entry[data-id='{third}'] button[data-action='up']")
    up.focus()
    page.keyboard.press("Enter")
    order = page.locator(".psds-sel-entry").evaluate_all("els => els.map(e => e.dataset.id)")
    assert order == [first, third, second]
    assert page.evaluate("document.activeElement.closest('.psds-sel-entry').dataset.id") == third
    assert page.locator("[role=status]").count() >= 1
    # The address shares the selection in its order.
    shared = page.url
    assert f"#ids={first},{third},{second}" in shared
    assert _axe(page) == []
    # Printed: one A4 page with the three names, the total, the site's name and address.
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    text = " ".join(_pdf_text(path).split())
    for title in titles:
        assert " ".join(title.split())[:25] in text, title
    assert f"{minutes} min" in text and DATA.programme.name.get(lang)[0] in text and shared.split("#")[0][-20:] in text.replace(" ", "")
    # On paper the header (site, address, date) comes first; no on-screen intro, no share box.
    first_text = page.evaluate("""() => {
        const walker = document.createTreeWalker(document.querySelector('.md-content__inner'), NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const e = n.parentElement;
            if (n.textContent.trim() && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
                return e.closest('p, h1, div').className;
        }
    }""")
    assert "psds-print-head" in first_text, first_text
    for hidden in (".psds-sel-intro", ".psds-sel-share", ".md-content__inner > h1"):
        assert not page.locator(hidden).is_visible(), hidden
    assert label("sel.share", lang) not in text
    assert page.locator(".psds-sel-intro").inner_text()[:30] not in text
    assert "http" not in " ".join(page.locator(".psds-sel-list .psds-sel-facts").all_inner_texts())
    page.emulate_media(media="screen")
    # Someone opening the shared link sees the same list, in the same order.
    other_context, other = _open(chromium, viewport={"width": 1366 + 390 - viewport[0], "height": 844})
    other.goto(shared)
    assert other.locator(".psds-sel-entry").evaluate_all("els => els.map(e => e.dataset.id)") == [first, third, second]
    assert _axe(other) == []
    off = [u for p in (page, other) for u in p.requests if not u.startswith(origin)]
    errors = page.errors + other.errors
    context.close()
    other_context.close()
    assert off == [] and errors == []


def _pdf_text(path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("lang, viewport", [("fr", (1366, 900)), ("en", (390, 844))])
def test_selection_online(chromium, real_site_url, tmp_path, lang, viewport):
    """Each language once, each size once (the shared link opens at the other size)."""
    base = real_site_url + ("" if lang == "fr" else "/en")
    _journey(chromium, lambda tid: f"{base}/outils/{tid}/", f"{base}/outils/", f"{base}/selection/",
             real_site_url, tmp_path, lang, viewport)


@pytest.mark.slow
@pytest.mark.browser
def test_selection_offline(chromium, unzipped, tmp_path):
    _journey(chromium, lambda tid: (unzipped / "outils" / f"{tid}.html").as_uri(),
             (unzipped / "outils.html").as_uri(), (unzipped / "selection.html").as_uri(),
             "file://", tmp_path)


def test_the_selection_page_stays_out_of_search(real_site):
    # Its hidden list of every tool would otherwise make it a result of every tool's name.
    import json

    for prefix in ("", "en/"):
        index = json.loads((real_site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert not [d for d in index["docs"] if d["location"].split("#")[0].rstrip("/").endswith("selection")]
        assert any(d["location"].startswith(f"{prefix}outils/") or d["location"].startswith("outils/")
                   for d in index["docs"])


def test_the_stylesheet_closes_every_block():
    # An unclosed block (a lost brace in a merge) silently puts every later rule inside it.
    import re

    css = re.sub(r"/\*.*?\*/", "", (ROOT / "docs/assets/stylesheets/extra.css").read_text(encoding="utf-8"),
                 flags=re.S)
    depth = 0
    for number, line in enumerate(css.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"extra.css line {number}: a brace closes nothing"
        if line.startswith("@media"):
            assert depth == 1, f"extra.css line {number}: @media inside an unclosed block"
    assert depth == 0


@pytest.mark.slow
@pytest.mark.browser
def test_a_total_of_unknown_lengths_says_unknown_not_zero(chromium, real_site_url):
    untimed = [tid for tid, tool in sorted(DATA.tools.items()) if tool.session_minutes is None][:2]
    assert untimed, "the data needs a tool with no session_minutes for this test"
    context, page = _open(chromium)
    page.goto(f"{real_site_url}/selection/#ids={','.join(untimed)}")
    total = page.locator(".psds-sel-total").inner_text()
    assert "durée inconnue" in total and "0 min" not in total, total
    assert "Durée\u00a0: non renseignée" in page.locator(".psds-sel-facts").first.inner_text()
    context.close()
