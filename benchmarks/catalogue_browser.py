"""Catalogue filters and « Ma sélection » in Chromium, on a site built with tests/scale.py (2,000 tools).

Usage: build a copy of the project after `scale.generate(project, territories=0, tools=2000)`
into a folder, then `python benchmarks/catalogue_browser.py FOLDER`. Prints the time of a filter
change (median, max over 16 changes) and of rendering a 50-item selection."""
import os
import statistics
from playwright.sync_api import sync_playwright
import sys
root = sys.argv[1]
with sync_playwright() as p:
    b = p.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    pg = b.new_page(viewport={"width": 1366, "height": 900})
    pg.goto(f"file://{root}/outils/index.html", timeout=120000)
    pg.wait_for_timeout(500)
    n = pg.locator(".psds-tool").count()
    times = []
    for name, value in [("cps", "emotionnelles"), ("age", "9"), ("setting", "ecole"), ("type", "seances"),
                        ("duration", "45"), ("group", "10"), ("cost", "free"), ("where", "pdl"),
                        ("where", ""), ("cost", ""), ("group", ""), ("duration", ""), ("type", ""),
                        ("setting", ""), ("age", ""), ("cps", "")]:
        ms = pg.evaluate("""([name, value]) => { const f = document.querySelector('form.psds-filters');
            f.elements[name].value = value; const t = performance.now();
            f.dispatchEvent(new Event('change', {bubbles: true}));
            document.body.offsetHeight; return performance.now() - t; }""", [name, value])
        times.append(ms)
    print("tools", n, "filter change ms: median", round(statistics.median(times), 1), "max", round(max(times), 1))
    ids = pg.locator(".psds-tool").evaluate_all("els => els.slice(0, 50).map(e => e.dataset.id)")
    pg.goto(f"file://{root}/selection/index.html")
    pg.wait_for_timeout(300)
    sel = []
    for _ in range(7):
        ms = pg.evaluate("""(ids) => { localStorage.setItem('psds-selection', JSON.stringify(ids));
            const t = performance.now();
            window.dispatchEvent(new StorageEvent('storage', {key: 'psds-selection'}));
            document.body.offsetHeight; return performance.now() - t; }""", ids)
        sel.append(ms)
    print("selection of", pg.locator(".psds-sel-entry").count(), "items render ms: median", round(statistics.median(sel), 1), "max", round(max(sel), 1))
    b.close()
