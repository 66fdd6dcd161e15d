"""Build-time and weight benchmark of the site generator (not a test: it reports figures).

    .venv/bin/python benchmarks/run.py [--runs 3] [--large-runs 1] [--skip-large]

Scenarios: the real site, and synthetic data at two scales (10 territories + 200 tools,
100 territories + 2,000 tools; tests/scale.py). For each, the full stack (data layer, macros,
static-i18n, hooks) and a baseline built in the same run: the same pages as plain Markdown
with plain mkdocs-material (no i18n, no macros, no hooks). Also: rebuild time under
`mkdocs serve` after a YAML edit, home page weight, offline zip size, peak memory.
Prints a table and writes benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import posixpath
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import types
import urllib.request
from pathlib import Path

import jinja2
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import SITE_PORT, SITE_URL, _QuietHandler, copy_project  # noqa: E402
from macros.content import render  # noqa: E402
from macros.data.loader import load_site_data  # noqa: E402
from macros.engine.offline import make_zip  # noqa: E402
from scale import generate  # noqa: E402

# Sites are built for the address they are served at below (as in the tests).
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL}


def timed_build(project: Path, config: str = "mkdocs.yml") -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", "site"],
                   cwd=project, env=ENV, check=True)
    return time.perf_counter() - start


def _front_matter(text: str) -> tuple[str, str]:
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4)
        return text[: end + 5], text[end + 5:]
    return "", text


def plain_project(project: Path, out: Path) -> Path:
    """The same pages as plain Markdown (macros rendered once) for plain mkdocs-material."""
    data = load_site_data(project / "resources")
    docs, plain = project / "docs", out / "docs"
    shutil.copytree(docs / "assets", plain / "assets")
    nav: dict[str, list] = {"fr": [], "en": []}
    for source in sorted(docs.rglob("*.md")):
        relative = source.relative_to(docs).as_posix()
        lang = "en" if relative.endswith(".en.md") else "fr"
        path = relative.replace(".en.md", ".md")
        base = posixpath.dirname(path)
        macros = {name: (lambda f, b=base, lg=lang: lambda *a, **k: f(data, lg, b, *a, **k))(function)
                  for name, function in render.MACROS.items()}
        front, body = _front_matter(source.read_text(encoding="utf-8"))
        url = (path if lang == "fr" else f"en/{path}").removesuffix(".md").removesuffix("index") + "/"
        text = front + jinja2.Environment().from_string(body).render(
            **macros, config={"docs_dir": str(docs), "site_url": SITE_URL},
            page=types.SimpleNamespace(url=url.replace("//", "/").lstrip("/")))
        target = plain / (path if lang == "fr" else f"en/{path}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if not path.startswith("outils/"):
            nav[lang].append(path if lang == "fr" else f"en/{path}")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    plain_config = {
        "site_name": "baseline",
        "theme": {k: v for k, v in config["theme"].items() if k != "custom_dir"},
        "markdown_extensions": config["markdown_extensions"],
        "extra_css": config["extra_css"],
        "plugins": ["search"],
        "not_in_nav": "/outils/*.md\n/en/outils/*.md\n",
        "nav": nav["fr"] + [{"English": nav["en"]}],
    }
    (out / "mkdocs.yml").write_text(yaml.safe_dump(plain_config, allow_unicode=True), encoding="utf-8")
    return out


def scenario(name: str, territories: int, tools: int, runs: int, work: Path) -> dict:
    project = copy_project(work / name)
    # Our modules' bytecode, as Python writes it on any machine that does not set
    # PYTHONDONTWRITEBYTECODE (this sandbox does), and as pip wrote the baseline's packages'.
    compileall.compile_dir(project / "macros", quiet=1)
    if territories or tools:
        generate(project, territories, tools)
    timed_build(project)  # once first: the brochure PDFs render, the caches fill
    pages = sum(1 for _ in (project / "site").rglob("*.html"))
    baseline_project = plain_project(project, work / f"{name}-plain")
    timed_build(baseline_project)
    # Then each alternately: a machine whose speed drifts during the run weighs on both alike.
    full, base = [], []
    for _ in range(runs):
        full.append(timed_build(project))
        base.append(timed_build(baseline_project))
    full_median, base_median = statistics.median(full), statistics.median(base)
    return {
        "scenario": name, "territories": len(load_site_data(project / "resources").territories),
        "tools": len(load_site_data(project / "resources").tools), "html_pages": pages,
        "runs": runs, "full_s": full, "baseline_s": base,
        "full_median_s": round(full_median, 2), "baseline_median_s": round(base_median, 2),
        "ratio": round(full_median / base_median, 2),
    }


# The two edits timed under serve, in resources/territories/carene.yml: the territory's French
# name (a navigation title: every French page changes) and the start of its French status
# note (a text of its own page: the other pages are kept).
EDITS = {"name": ("(la Carène)\n", "({marker})\n"),
         "text": ("status_note:\n  fr: >-\n    ", "status_note:\n  fr: >-\n    {marker} ")}


def serve_rebuild(work: Path, runs: int, edit: str = "name", plain: Path | None = None, **env: str) -> list[float]:
    """Seconds from each edit to the served page showing it. `plain`: the baseline's project
    (plain Material, the same pages as Markdown), where the same words are edited in the
    territory's generated page instead of its data file."""
    project = plain or copy_project(work / f"serve{len(env)}-{edit}")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = work / f"serve{len(env)}{'-plain' if plain else ''}.log"
    with log.open("w") as output:
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                   cwd=project, env={**ENV, **env}, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/territoires/carene/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    times = []
    try:
        deadline = time.time() + 120
        while "Carène" not in page() and time.time() < deadline:
            time.sleep(0.2)
        territory = project / ("docs/territoires/carene.md" if plain else "resources/territories/carene.yml")
        original = territory.read_text(encoding="utf-8")
        before, after = EDITS[edit]
        if before not in original:
            raise RuntimeError(f"the benchmark's « {edit} » edit expects {before!r} in {territory.name}")
        for n in range(runs):
            # Edit when serve is idle: the previous edit's brochure PDF, rendered in the
            # background, has been written and its rebuild is over (serve printed nothing
            # for 3 s).
            while time.time() - log.stat().st_mtime < 3:
                time.sleep(0.5)
            marker = f"Carène édition {n}"
            territory.write_text(original.replace(before, after.format(marker=marker), 1), encoding="utf-8")
            start = time.perf_counter()
            while marker not in page():
                if time.perf_counter() - start > 60:
                    raise RuntimeError("serve did not rebuild in 60 s")
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
    finally:
        process.terminate()
        process.wait(timeout=20)
    return times


LIGHTHOUSE = ROOT / "benchmarks" / "node_modules" / ".bin" / "lighthouse"
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ics", ".csv"}


class _GzipHandler(_QuietHandler):
    """Static files gzip-compressed when the browser accepts it, as GitHub Pages serves them."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (Path(path).suffix not in COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        import gzip
        import io
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def lighthouse(site: Path, paths: list[str], runs: int) -> dict[str, dict]:
    """Lighthouse (mobile, default settings) of a few pages served gzip-compressed on
    127.0.0.1, as GitHub Pages serves them: the median score of `runs` runs per category."""
    import functools
    import http.server
    import threading

    if not LIGHTHOUSE.exists():
        return {}
    handler = functools.partial(_GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", SITE_PORT), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    scores = {}
    env = {**ENV, "CHROME_PATH": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")}
    try:
        for path in paths:
            runs_scores: list[dict[str, int]] = []
            for _ in range(runs):
                with tempfile.NamedTemporaryFile(suffix=".json") as report:
                    subprocess.run(
                        [str(LIGHTHOUSE), f"http://127.0.0.1:{server.server_address[1]}/{path}", "--quiet",
                         "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking",
                         "--output=json", f"--output-path={report.name}"],
                        env=env, check=True, timeout=180)
                    report_json = json.loads(Path(report.name).read_text(encoding="utf-8"))
                    row = {k: round(v["score"] * 100) for k, v in report_json["categories"].items()}
                    row["fcp_ms"] = round(report_json["audits"]["first-contentful-paint"]["numericValue"])
                    row["lcp_ms"] = round(report_json["audits"]["largest-contentful-paint"]["numericValue"])
                    runs_scores.append(row)
            scores[path or "/"] = {k: statistics.median(r[k] for r in runs_scores) for k in runs_scores[0]}
            scores[path or "/"]["runs"] = runs
    finally:
        server.shutdown()
        server.server_close()
    return scores


def home_weight(site: Path) -> int:
    from playwright.sync_api import sync_playwright
    import functools
    import http.server
    import threading

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", SITE_PORT), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    total = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        sizes = []
        page.on("response", lambda r: sizes.append(r))
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/", wait_until="networkidle")
        total = sum(len(r.body()) for r in sizes if r.status == 200)
        browser.close()
    server.shutdown()
    server.server_close()
    return total


def offline_search(project: Path, work: Path, queries: list[str]) -> dict:
    """The offline zip of `project` opened from file:// in Chromium: time until search is
    ready after the page loads, then time from typing a query to its first results."""
    import zipfile

    from playwright.sync_api import sync_playwright

    zip_path = make_zip(project, work / "dist-search")
    folder = work / "unzipped-search"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(folder)
    ready, after_load, answers = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for query in queries:
            page = browser.new_page()
            start = time.perf_counter()
            page.goto((folder / "index.html").as_uri())
            page.locator(".md-search__input").click()
            # Ready: the page's clock when Material stops saying « Initializing »; after the
            # page loads (the issue's measure) and from the navigation's start (load included).
            at = page.wait_for_function(
                "() => !document.querySelector('.md-search-result__meta').textContent.includes('nitiali')"
                " && performance.now()", timeout=120000).json_value()
            ready.append(time.perf_counter() - start)
            loaded = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
            after_load.append((at - loaded) / 1000)
            # The whole query at once, then one key event (Material searches on keyup): the
            # time of one query, not of one query per typed letter.
            page.locator(".md-search__input").fill(query)
            start = time.perf_counter()
            page.keyboard.press("End")
            page.locator(".md-search-result__item").first.wait_for(timeout=60000)
            answers.append(time.perf_counter() - start)
            page.close()
        browser.close()
    index = folder / "search" / "search_index.js"  # the French one, the larger
    return {"queries": queries, "ready_s": [round(t, 2) for t in ready],
            "answer_s": [round(t, 2) for t in answers],
            "ready_median_s": round(statistics.median(ready), 2),
            "ready_after_load_s": [round(t, 2) for t in after_load],
            "ready_after_load_median_s": round(statistics.median(after_load), 2),
            "answer_median_s": round(statistics.median(answers), 2),
            "index_bytes": index.stat().st_size if index.is_file() else None}


def fuzz(examples: int) -> dict:
    """tests/data/test_fuzz.py with many more examples than the test suite, and a fresh seed."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/data/test_fuzz.py"],
                          cwd=ROOT, env={**os.environ, "FUZZ_EXAMPLES": str(examples), "FUZZ_SEED": "random"},
                          capture_output=True, text=True)
    if done.returncode:
        print(done.stdout[-4000:])
    return {"examples": examples, "passed": done.returncode == 0,
            "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="builds per measure (median)")
    parser.add_argument("--serve-runs", type=int, default=7,
                        help="edits per serve measure (median; a rebuild takes half a second, noisier than a build)")
    parser.add_argument("--large-runs", type=int, default=1, help="builds at the 2,000-tool scale")
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--lighthouse-runs", type=int, default=5,
                        help="Lighthouse runs per page (median; its score varies by a few points between runs)")
    parser.add_argument("--fuzz-examples", type=int, default=2000,
                        help="mutations of data files, and of pages, for tests/data/test_fuzz.py (the suite runs 60)")
    args = parser.parse_args()
    results: dict = {"machine": {"cores": os.cpu_count()}, "scenarios": []}
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        plan = [("real", 0, 0, args.runs), ("small", 10, 200, args.runs)]
        if not args.skip_large:
            plan.append(("large", 100, 2000, args.large_runs))
        for name, territories, tools, runs in plan:
            print(f"… {name}", file=sys.stderr)
            results["scenarios"].append(scenario(name, territories, tools, runs, work))
        if not args.skip_large:
            print("… offline search at the large scale", file=sys.stderr)
            results["offline_search_large"] = offline_search(
                work / "large", work, ["synthétique 1234", "émotions", "Outil 42"])
        rebuilds = serve_rebuild(work, args.serve_runs)
        results["serve_rebuild_s"] = [round(t, 2) for t in rebuilds]
        results["serve_rebuild_median_s"] = round(statistics.median(rebuilds), 2)
        # The baseline: plain Material's serve (which rebuilds every page) after the same name edit.
        rebuilds = serve_rebuild(work, args.serve_runs, plain=work / "real-plain")
        results["serve_plain_rebuild_s"] = [round(t, 2) for t in rebuilds]
        results["serve_plain_rebuild_median_s"] = round(statistics.median(rebuilds), 2)
        results["serve_ratio"] = round(results["serve_rebuild_median_s"] / results["serve_plain_rebuild_median_s"], 2)
        rebuilds = serve_rebuild(work, args.serve_runs, BUILD_ENGLISH="false")  # `make serve-fr`
        results["serve_fr_rebuild_s"] = [round(t, 2) for t in rebuilds]
        results["serve_fr_rebuild_median_s"] = round(statistics.median(rebuilds), 2)
        rebuilds = serve_rebuild(work, args.serve_runs, edit="text")
        results["serve_text_rebuild_s"] = [round(t, 2) for t in rebuilds]
        results["serve_text_rebuild_median_s"] = round(statistics.median(rebuilds), 2)
        real = work / "real" / "site"
        results["home_page_bytes"] = home_weight(real)
        if (work / "large" / "site").is_dir():  # the online build of the 2,000-tool scale
            results["home_page_bytes_large"] = home_weight(work / "large" / "site")
        results["lighthouse"] = lighthouse(real, ["", "territoires/carene/", "outils/"], args.lighthouse_runs)
        zip_path = make_zip(work / "real", work / "dist")
        results["offline_zip_bytes"] = zip_path.stat().st_size
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    small = next((s for s in results["scenarios"] if s["scenario"] == "small"), None)
    large = next((s for s in results["scenarios"] if s["scenario"] == "large"), None)
    if small and large:
        results["growth_10x_data"] = round(large["full_median_s"] / small["full_median_s"], 2)

    print(f"{'scenario':<8} {'terr.':>5} {'tools':>6} {'pages':>6} {'full (s)':>9} {'plain (s)':>9} {'ratio':>6}")
    for s in results["scenarios"]:
        print(f"{s['scenario']:<8} {s['territories']:>5} {s['tools']:>6} {s['html_pages']:>6} "
              f"{s['full_median_s']:>9} {s['baseline_median_s']:>9} {s['ratio']:>6}")
    if "growth_10x_data" in results:
        print(f"10× the data → {results['growth_10x_data']}× the build time")
    print(f"rebuild after a YAML edit under mkdocs serve: median {results['serve_rebuild_median_s']} s "
          f"{results['serve_rebuild_s']}; French only (make serve-fr): median "
          f"{results['serve_fr_rebuild_median_s']} s {results['serve_fr_rebuild_s']}; a text of one page "
          f"(not a navigation title), both languages: median {results['serve_text_rebuild_median_s']} s "
          f"{results['serve_text_rebuild_s']}; plain Material's serve after the same name edit: median "
          f"{results['serve_plain_rebuild_median_s']} s {results['serve_plain_rebuild_s']} "
          f"(ratio {results['serve_ratio']})")
    print(f"home page weight (first view): {results['home_page_bytes'] / 1024:.0f} KiB"
          + (f" (2,000 tools: {results['home_page_bytes_large'] / 1024:.0f} KiB)"
             if "home_page_bytes_large" in results else "") + "; "
          f"offline zip: {results['offline_zip_bytes'] / 1024 / 1024:.1f} MiB; "
          f"peak memory of a build: {results['peak_rss_mb']} MB")
    if "offline_search_large" in results:
        search = results["offline_search_large"]
        print(f"offline search (file://, 2,000 tools, index {search['index_bytes'] / 1024 / 1024:.1f} MiB): "
              f"ready {search['ready_after_load_median_s']} s after the page loads "
              f"({search['ready_median_s']} s from the navigation's start), then a query answers in "
              f"{search['answer_median_s']} s (medians of {len(search['queries'])})")
    for path, scores in results.get("lighthouse", {}).items():
        print(f"Lighthouse {path}: " + ", ".join(f"{k} {v}" for k, v in scores.items()))
    results["fuzz"] = fuzz(args.fuzz_examples)
    print(f"fuzzing: {args.fuzz_examples} mutated data files and {args.fuzz_examples} mutated pages, "
          f"{'all loaded or reported' if results['fuzz']['passed'] else 'FAILED'} "
          f"in {results['fuzz']['seconds']} s")
    out = ROOT / "benchmarks" / "results.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
