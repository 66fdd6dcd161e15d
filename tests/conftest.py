"""Shared helpers: build a copy of the project, serve a folder, drive Debian's chromium."""

from __future__ import annotations

import atexit
import contextlib
import functools
import http.server
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import zipfile
from pathlib import Path

import hypothesis.configuration
import pytest
import yaml

from macros.content.brochure import FOLDER as BROCHURE_FOLDER
from macros.content.pages import SECTIONS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Debian's chromium; CHROMIUM_PATH points elsewhere where that package does not exist
# (GitHub's Ubuntu runners ship Google Chrome).
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
GENERATED = (*SECTIONS, BROCHURE_FOLDER)  # folders of docs/ written by the build
PROJECT_PARTS = ("mkdocs.yml", "pyproject.toml", "docs", "resources", "macros", "overrides")


def copy_project(dest: Path) -> Path:
    """A copy of the site sources, without generated pages or build output."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(
                source,
                dest / part,
                # Generated folders stay behind, as in a fresh clone.
                ignore=shutil.ignore_patterns("__pycache__", *(GENERATED if part == "docs" else ())),
            )
        else:
            shutil.copy2(source, dest / part)
    return dest


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Test builds get the address the browser tests serve them at, as a deployment would.
SITE_PORT = _free_port()
SITE_URL = f"http://127.0.0.1:{SITE_PORT}/"


# Nothing a test run writes goes into the working tree: a temporary folder per run, removed
# at its end, holds the brochure cache and, unless TEST_ARTIFACTS names a folder to keep
# them in, the images tests make for people to look at (screenshots, a brochure page).
# pytest-xdist's workers inherit it from the process that starts them (which imports this
# file first), so they share it: a brochure rendered by one is read from the cache by the other.
if "PSDS_TEST_RUN" not in os.environ:
    os.environ["PSDS_TEST_RUN"] = tempfile.mkdtemp(prefix="psds-tests-")
    atexit.register(shutil.rmtree, os.environ["PSDS_TEST_RUN"], True)  # by the process that made it
RUN_FOLDER = Path(os.environ["PSDS_TEST_RUN"])
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS") or RUN_FOLDER / "artifacts")
# Brochure PDFs are cached by a hash of their whole input, so the run's copies of the project
# share one cache: only a brochure whose input changed is rendered again.
BROCHURE_CACHE = RUN_FOLDER / "plaquette"
# Hypothesis keeps its examples and caches there too, not in .hypothesis/ of the working tree.
hypothesis.configuration.set_hypothesis_home_dir(RUN_FOLDER / "hypothesis")


def _working_tree() -> set[str] | None:
    """The files and folders git sees added to the working tree, ignored ones included (not
    tracked files modified: someone may be editing during the run); None outside a clone."""
    result = subprocess.run(["git", "status", "--porcelain", "--ignored=matching"], cwd=ROOT,
                            capture_output=True, text=True)
    if result.returncode != 0:
        return None
    skip = ("__pycache__", ".pytest_cache")  # Python's bytecode, pytest's own cache
    return {line for line in result.stdout.splitlines()
            if line.startswith(("??", "!!")) and not any(part in line for part in skip)}


# Tests that read a built site (or drive chromium) are slow whatever their own markers say:
# `make test-fast` (-m "not slow and not browser") leaves them out.
BUILT_SITES = {"real_site", "real_site_url", "fixture_site", "four_territories_site", "offline_zip",
               "unzipped"}


def pytest_collection_modifyitems(items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & BUILT_SITES:
            item.add_marker(pytest.mark.slow)
        if "chromium" in fixtures:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def nothing_written_into_the_working_tree():
    """Tests write into temporary folders only: the working tree is as git saw it before."""
    before = _working_tree()
    yield
    after = _working_tree()
    if before is not None and after is not None:
        assert after == before, ("written into the working tree during the run (by a test, or by "
                                 f"something else run there meanwhile): {sorted(after ^ before)}")


def mkdocs_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1",
            "SITE_URL": SITE_URL, "BROCHURE_CACHE": str(BROCHURE_CACHE)}


def run_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` in its own process (MkDocs caches hooks per process)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site"), *args],
        cwd=project,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


@contextlib.contextmanager
def mkdocs_serve(project: Path, engine: str = "mkdocs", args: tuple[str, ...] = (), group: bool = False):
    """`<engine> serve` of `project` on a free port (`args` added, e.g. ("--verbose",)):
    (process, base URL, lines it printed). With `group`, in a process group of its own, as
    in a terminal (its processes get a Ctrl+C together: os.killpg), with Ctrl+C's default
    effect even when this run ignores it (started in the background, as CI may be).
    `process.reader` ends when every process writing to the output has ended. Stopped (as
    `kill` does) once the test is done, serve must leave nothing in the temporary folder."""
    port = _free_port()
    config = ["-f", "mkdocs.yml"] if engine == "properdocs" else []  # as the Makefile does
    temporary = Path(tempfile.mkdtemp(prefix="serve-tmp-", dir=RUN_FOLDER))
    process = subprocess.Popen(
        [sys.executable, "-m", engine, "serve", *config, *args, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env={**mkdocs_env(), "TMPDIR": str(temporary)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=group,
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)) if group else None,
    )
    log: list[str] = []
    process.reader = threading.Thread(target=lambda: log.extend(iter(process.stdout.readline, "")), daemon=True)
    process.reader.start()
    try:
        yield process, f"http://127.0.0.1:{port}", log
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    # Jinja's compiled templates are a cache kept on purpose, shared between runs.
    left = sorted(path.name for path in temporary.iterdir() if not path.name.startswith("_jinja2-cache"))
    shutil.rmtree(temporary, ignore_errors=True)
    assert not left, f"serve, stopped, left {left} in the temporary folder"


def fetch(url: str) -> tuple[int, str]:
    """GET `url`: its status and text."""
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


def wait_for(condition, log, timeout=90.0, what="condition"):
    """Poll `condition` until true (an OSError, e.g. a server not yet up, counts as false);
    past `timeout`, fail with the last lines of `log` (a server's output)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}; serve said:\n" + "".join(log[-40:]))


def build_ok(project: Path) -> Path:
    result = run_build(project)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return project / "site"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real site, built once for the session from a copy of the project."""
    return build_ok(copy_project(tmp_path_factory.mktemp("real")))


def add_fixture_territory(resources: Path, fixture: str) -> None:
    """Lay a fixture folder over resources/: its territory file(s), its events, and its
    indicator figures (figures.yml, appended to the figures of indicators.yml)."""
    folder = FIXTURES / fixture
    for path in folder.glob("*.yml"):
        if path.name != "figures.yml":
            shutil.copy2(path, resources / "territories")
    for path in folder.glob("events/*.yml"):
        (resources / "events").mkdir(exist_ok=True)
        shutil.copy2(path, resources / "events")
    if (folder / "figures.yml").is_file():
        with (resources / "indicators.yml").open("a", encoding="utf-8") as handle:
            handle.write((folder / "figures.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The real site plus the fixtures of tests/fixtures/, built once per run: the illustrative
    4th territory (territory-4/: its events and indicator figures) and the two fictional
    tools (tools/, added to the real ones). Read it, never write into it; a test that needs
    other data builds its own copy."""
    project = copy_project(tmp_path_factory.mktemp("fixture-site"))
    add_fixture_territory(project / "resources", "territory-4")
    for tool in sorted((FIXTURES / "tools").glob("*.yml")):
        shutil.copy2(tool, project / "resources" / "tools")
    return build_ok(project)


@pytest.fixture(scope="session")
def four_territories_site(fixture_site) -> Path:
    """The fixture site (its 4th territory)."""
    return fixture_site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def serve_folder():
    """Serve a folder on 127.0.0.1 (once per folder; a free port unless given); its base URL."""
    servers: dict[Path, tuple[http.server.ThreadingHTTPServer, str]] = {}

    def start(folder: Path, port: int = 0) -> str:
        if folder not in servers:
            handler = functools.partial(_QuietHandler, directory=str(folder))
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers[folder] = (server, f"http://127.0.0.1:{server.server_address[1]}")
        return servers[folder][1]

    yield start
    for server, _ in servers.values():
        server.shutdown()


@pytest.fixture(scope="session")
def real_site_url(real_site, serve_folder) -> str:
    """The real site served at the address it was built for (SITE_URL)."""
    return serve_folder(real_site, SITE_PORT)


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium through Playwright. Missing browser = failure, never a skip."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Added to every page a browser test opens: a Content-Security-Policy violation becomes a
# console error, which the tests count as any other.
VIOLATIONS = ("document.addEventListener('securitypolicyviolation', e => "
              "console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`))")

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@functools.lru_cache(maxsize=1)
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def with_axe(context) -> None:
    """Load axe-core with each page the browser context opens (a test that checks many
    pages): parsed as the page loads rather than sent and evaluated after it."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make test`, which installs it with npm ci")
    context.add_init_script(_axe_source())


def wait_until_settled(page) -> None:
    """Wait until the open page's web fonts and images have loaded: ready to be captured or
    printed (rather than networkidle's fixed half-second of quiet after each load)."""
    page.wait_for_function("document.fonts.status === 'loaded' && "
                           "[...document.images].every(image => image.complete || image.loading === 'lazy')")


def axe_violations(page) -> list[str]:
    """Run axe-core (bundled locally, never from a CDN) on the open page. From file://, the
    browser refuses its preload of the stylesheets (XMLHttpRequest), each time with a console
    error, so it is not asked: the one rule that reads them (css-orientation-lock) is left
    to the online pass over every page, with the same stylesheets."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make test`, which installs it with npm ci")
    # Every rule runs; only violations are gathered and sent back (passes and incomplete
    # results, which nothing reads, cost more than half of the time).
    options = {"resultTypes": ["violations"], "preload": not page.url.startswith("file:")}
    run = "async options => typeof axe === 'object' ? (await axe.run(document, options)).violations : null"
    violations = page.evaluate(run, options)
    if violations is None:  # not loaded by `with_axe`: evaluated through the DevTools protocol,
        # not added as a <script>, which the page's Content-Security-Policy rightly refuses
        page.evaluate(_axe_source())
        violations = page.evaluate(run, options)
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
                    for node in v["nodes"][:5])
        for v in violations
    ]


def make_command(target: str) -> list[str]:
    """The command of `make <target>` that runs the project's Python (from a dry run), with
    this interpreter: what the Makefile runs, runnable in a copy of the project."""
    import shlex

    dry = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0, dry.stderr
    [line] = [line for line in dry.stdout.splitlines() if line.split(" ", 1)[0].endswith("/python")]
    return [sys.executable, *shlex.split(line)[1:]]


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory) -> Path:
    """The trainers' zip, made once per run by the README's `make offline` command (its
    Python step, in a copy of the project): <copy>/dist/prendre-soin-de-soi-offline-<version>.zip."""
    project = copy_project(tmp_path_factory.mktemp("offline-project"))
    result = subprocess.run(make_command("offline"), cwd=project, env=mkdocs_env(),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def unzipped(offline_zip, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(folder)
    return folder


def broken_links(root: Path) -> list[str]:
    """Internal links, anchors, images, scripts and styles of every HTML file under `root`
    that point to nothing (directory URLs resolve to their index.html)."""
    import re
    from urllib.parse import unquote, urlsplit

    from bs4 import BeautifulSoup

    broken = []
    for page in sorted(root.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("img", "src"), ("script", "src"), ("link", "href")):
            for element in soup.find_all(tag):
                url = element.get(attr)
                if not url or re.match(r"^([a-z]+:|//)", url):
                    continue
                parts = urlsplit(url)
                if parts.path.startswith("/"):  # root-absolute (404 pages): the site's root
                    target = (root / unquote(parts.path).lstrip("/")).resolve()
                else:
                    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
                if target.is_dir():
                    target = target / "index.html"
                where = page.relative_to(root).as_posix()
                if not target.exists():
                    broken.append(f"{where}: {url} (introuvable)")
                elif parts.fragment and target.suffix == ".html":
                    ids = re.findall(r'id="([^"]+)"', target.read_text(encoding="utf-8"))
                    if unquote(parts.fragment) not in ids:
                        broken.append(f"{where}: {url} (ancre absente)")
    return broken


def off_site(requests: list[str], base: str) -> list[str]:
    """Requests that left the site: not under `base` (http://127.0.0.1:port or file://)."""
    return [url for url in requests if not url.startswith(base) and not url.startswith("data:")]


VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Material's hidden checkbox toggles carry `autocomplete` (to stop Firefox restoring them);
# the checker rejects that attribute on checkboxes. Only this exact message is set aside.
VNU_IGNORED = {
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
    "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, “search”, "
    "“tel”, “text”, “time”, “url”, or “week”.",
}


def vnu_errors(folder: Path) -> list[str]:
    """Errors of the Nu Html Checker (npm vnu-jar, run with Java) on every HTML file."""
    import json

    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: run `make test`, which installs it with npm ci")
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    root = str(folder.resolve())
    return [
        f"{m.get('url', '').split(root, 1)[-1].lstrip('/')}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") == "error" and m["message"] not in VNU_IGNORED
    ]


def with_case(dest: Path, case: str) -> tuple[Path, dict]:
    """Copy resources/ into dest, then lay the case's files over it."""
    resources = dest / "resources"
    shutil.copytree(ROOT / "resources", resources)
    case_dir = FIXTURES / "bad" / case
    for path in case_dir.rglob("*"):
        if path.is_file() and path.name != "expect.yml":
            target = resources / path.relative_to(case_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    return resources, yaml.safe_load((case_dir / "expect.yml").read_text(encoding="utf-8"))


# Screenshots for the editors' guide, taken by the tests that drive what they show:
# into ARTIFACTS/guide/ on every run, into contributing/ (committed, shown by
# CONTRIBUTING.md) with `make guide-images`.
GUIDE_IMAGES = Path(os.environ.get("GUIDE_IMAGES") or ARTIFACTS / "guide")


def guide_screenshot(page, name: str) -> Path:
    GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
    path = GUIDE_IMAGES / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def schema_without_ids(node):
    """A schema without the enums of ids the data gives (the build rewrites those; an editor
    adding a territory through the web form cannot): what the models alone decide."""
    from macros.data.references import REFERENCES

    fields = {field for _, field in REFERENCES}
    if isinstance(node, list):
        return [schema_without_ids(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "properties":
            value = {name: _strip_enums(sub) if name in fields else sub for name, sub in value.items()}
        out[key] = schema_without_ids(value)
    return out


def _strip_enums(node):
    if isinstance(node, list):
        return [_strip_enums(item) for item in node]
    if isinstance(node, dict):
        return {k: _strip_enums(v) for k, v in node.items() if k != "enum"}
    return node
