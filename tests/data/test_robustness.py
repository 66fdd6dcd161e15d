"""Any input, any fault: every file the build reads ends in a French message, never a trace;
the data means the same to every YAML parser; the public site is locked down by its CSP."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, VIOLATIONS, copy_project, mkdocs_env, run_build
from macros.data import inputs
from macros.engine import serve
from macros.data.inputs import DataError
from macros.data.loader import load_site_data

BAD_DATE_EVENT = """title: Journée test
kind: evenement
territories: []
start: 2025-13-21
summary: Un événement de test.
source: https://irepspdl.org/print-1-929-0-0.html
"""


# ------------------------------------------------------------------ YAML, parsers


def test_every_data_file_reads_the_same_with_libyaml_and_pure_python():
    files = sorted((ROOT / "resources").rglob("*.yml"))
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT).as_posix()
        assert inputs.parser_disagreement(text, rel) == [], rel
        fast = yaml.load(text, Loader=yaml.CSafeLoader)
        assert fast == yaml.load(text, Loader=yaml.SafeLoader), rel


def test_a_file_parsers_disagree_on_is_reported():
    # libyaml accepts a `?` in a flow sequence; PyYAML's pure-Python parser refuses it.
    text = "title: Outil\nother_sources: [https://h.example/p?id=1&x=y]\n"
    problems = inputs.parser_disagreement(text, "resources/tools/x.yml")
    assert len(problems) == 1
    assert problems[0].line == 2 and "guillemets" in problems[0].message
    quoted = "title: Outil\nother_sources:\n  - \"https://h.example/p?id=1&x=y\"\n"
    assert inputs.parser_disagreement(quoted, "resources/tools/x.yml") == []


def test_keys_stay_text_and_impossible_values_stay_text():
    value, problems = inputs.parse("on: 2025-02-30\n2022: 1" + "0" * 5000 + "\nno: oui\n", "x.yml")
    assert problems == []
    assert value["on"] == "2025-02-30"  # not True: 2025-02-30 (no such day), kept as text
    assert isinstance(value["2022"], str) and value["no"] == "oui"


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "x.yml"
    path.write_bytes(b"\xef\xbb\xbftitle: Outil\n")
    text, problems = inputs.read(path, "x.yml")
    assert problems == [] and inputs.parse(text, "x.yml")[0] == {"title": "Outil"}


def test_an_oversized_file_is_refused_without_reading_it_whole(tmp_path):
    resources = tmp_path / "resources"
    import shutil

    shutil.copytree(ROOT / "resources", resources)
    (resources / "tools" / "enorme.yml").write_text("title: " + "x" * (3 * inputs.MAX_BYTES) + "\n",
                                                    encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(DataError) as raised:
        load_site_data(resources)
    assert time.monotonic() - started < 10
    assert [str(p) for p in raised.value.problems] == [
        "resources/tools/enorme.yml : fichier trop gros (plus de 1024 Kio) : un fichier de données ou une "
        "page fait quelques kilo-octets ; vérifiez qu'il ne contient pas autre chose (image, copier-coller répété)"]


# ------------------------------------------------------------- Markdown pages


@pytest.mark.parametrize("raw, line, expected", [
    ("Café\n".encode("latin-1"), 1, "n'est pas encodé en UTF-8 (octet 0xe9 illisible)"),
    (b"---\ntitle: &t x\n---\n# Page\n", 2, "en-tête de la page (entre les lignes « --- ») : ancre « &t »"),
    (b"---\ndate: 2025-13-21\ntitle: [\n---\n", 4, "en-tête de la page"),
    (b"---\n- a\n- b\n---\n", 2, "lignes « clé: valeur »"),
    (b"Texte\x00\n", 1, "caractère nul"),
])
def test_a_page_mkdocs_could_not_read_is_named(tmp_path, raw, line, expected):
    (tmp_path / "page.md").write_bytes(raw)
    (tmp_path / "ok.md").write_text("---\ntitle: Bien\n---\n# Bien\n", encoding="utf-8")
    (tmp_path / "outils").mkdir()
    # Generated folders: only their encoding is checked (the generator's front matter has its own keys).
    (tmp_path / "outils" / "genere.md").write_bytes(b"---\ntitle: a &lt; b\nsource: x\n---\n# x\n")
    with pytest.raises(DataError) as raised:
        inputs.check_pages(tmp_path, ["outils"])
    [problem] = raised.value.problems
    assert (problem.file, problem.line) == ("docs/page.md", line)
    assert expected in problem.message


@pytest.mark.slow
def test_make_check_and_the_strict_build_name_a_latin1_page_and_an_impossible_date(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "resources" / "events" / "evenement-test.yml").write_text(BAD_DATE_EVENT, encoding="utf-8")
    page = project / "docs" / "parents.md"
    page.write_bytes(page.read_text(encoding="utf-8").encode("latin-1", errors="replace"))

    check = subprocess.run([sys.executable, "-m", "macros.cli", "--root", str(project), "check"],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert check.returncode == 1
    assert ("resources/events/evenement-test.yml, ligne 4, champ « start » : date « 2025-13-21 » "
            "impossible ou mal écrite") in check.stdout
    assert "Traceback" not in check.stdout + check.stderr

    (project / "resources" / "events" / "evenement-test.yml").unlink()
    check = subprocess.run([sys.executable, "-m", "macros.cli", "--root", str(project), "check"],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert check.returncode == 1 and "docs/parents.md, ligne" in check.stdout
    assert "n'est pas encodé en UTF-8" in check.stdout

    built = run_build(project)
    output = built.stdout + built.stderr
    assert built.returncode != 0
    assert "docs/parents.md, ligne" in output and "réenregistrez-le en UTF-8" in output
    assert "Traceback" not in output and "UnicodeDecodeError" not in output


# ------------------------------------------------------------------ serve


class _FakeServer:
    def __init__(self, fault: BaseException):
        def builder():
            raise fault

        self.builder = builder


@pytest.mark.parametrize("fault", [RuntimeError("disque plein"), KeyError("x"), SystemExit(100)])
def test_any_fault_of_a_rebuild_is_reported_and_served_around(fault, caplog):
    server = _FakeServer(fault)
    serve.keep_serving_after_failures(server)
    with caplog.at_level(logging.ERROR, logger=serve.log.name):
        server.builder()  # does not raise: the server goes on serving the last good site
    message = caplog.records[-1].getMessage()
    assert f"erreur inattendue pendant la reconstruction du site ({type(fault).__name__}" in message
    assert "la dernière version construite reste affichée" in message


# ---------------------------------------------------------------- time bound


def test_hostile_yaml_is_refused_fast():
    bombs = [
        "a: &a [" + ",".join(['"lol"'] * 9) + "]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(9)),
        "a: " + "[" * 100_000,
        "a: " + "{a: " * 50_000,
        "- " * 50_000 + "x\n",
        "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 3000)),
        "a: '" + "x" * 500_000 + "\n",
        "? " * 20_000,
    ]
    for text in bombs:
        started = time.monotonic()
        value, problems = inputs.parse(text, "x.yml")
        assert problems, text[:40]
        assert time.monotonic() - started < 2, text[:40]


# ------------------------------------------------- requests and Content-Security-Policy

INJECTED = "essai-csp"


@pytest.fixture(scope="module")
def default_url_site(tmp_path_factory) -> Path:
    """The site built with no SITE_URL (as `mkdocs build` on an editor's machine), plus a
    page whose Markdown carries an inline script the policy must refuse."""
    project = copy_project(tmp_path_factory.mktemp("default-url"))
    (project / "docs" / f"{INJECTED}.md").write_text(
        "# Essai\n\n<script>window.injected = true</script>\n\nTexte.\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  /outils/*.md\n", f"  /outils/*.md\n  /{INJECTED}.md\n"), encoding="utf-8")
    env = {key: value for key, value in mkdocs_env().items() if key != "SITE_URL"}
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    return project / "site"


@pytest.mark.slow
def test_every_page_carries_the_policy_before_any_script(default_url_site):
    pages = sorted(default_url_site.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        html = path.read_text(encoding="utf-8")
        if path.relative_to(default_url_site).parts[0] == "admin":
            # The form editor has its own, looser policy (tests/content/test_cms.py), first in its head.
            assert html.find('<meta http-equiv="Content-Security-Policy"') < html.find("<title>"), path
            continue
        policy = html.find('<meta http-equiv="Content-Security-Policy"')
        assert 0 < policy < html.find("<script"), path
        for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"):
            assert directive in html[policy:html.find(">", policy)], (path, directive)


@pytest.mark.browser
@pytest.mark.slow
def test_a_default_url_build_served_elsewhere_asks_nothing_of_another_origin(chromium, default_url_site,
                                                                             serve_folder):
    base = serve_folder(default_url_site)  # a free port: not the default 127.0.0.1:8000
    context = chromium.new_context()
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: errors.append(str(err)))
    for path in ("/", "/territoires/carene/", "/outils/", "/programme/", "/en/", "/en/outils/"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    # The switcher leads to the same page in the other language, with no sitemap fetched.
    page.goto(base + "/territoires/carene/")
    page.locator('.md-select__link[hreflang="en"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/en/territoires/carene/")
    # Search and the catalogue's filters work under the policy.
    page.locator(".md-search__input").click()
    page.keyboard.type("conurbation", delay=20)
    page.locator(".md-search-result__item a").first.wait_for(timeout=15000)
    page.goto(base + "/outils/")
    page.locator("article select[name=cps]").select_option(index=1)
    page.wait_for_timeout(300)
    context.close()
    assert [url for url in requests if not url.startswith(base + "/")] == []
    assert not any("sitemap" in url for url in requests)
    assert errors == []


@pytest.mark.browser
@pytest.mark.slow
def test_the_policy_blocks_an_inline_script_written_in_a_page(chromium, default_url_site, serve_folder):
    base = serve_folder(default_url_site)
    context = chromium.new_context()
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{base}/{INJECTED}/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.injected") is None
    assert any(error.startswith("CSP violation: script-src") for error in errors), errors
    # The theme's own inline scripts ran (allowed by their hash): Material set its scope.
    assert page.evaluate("typeof __md_scope") == "object"
    context.close()
