"""MkDocs' and the macros' messages about a page reach editors in French, with what to do
(macros/engine/messages.py); under `mkdocs serve`, MkDocs' progress lines only with --verbose.

The data's own messages (dates, YAML syntax, « À COMPLÉTER », a broken `fr` key…) are
tested case by case by test_bad_data.py's corpus (impossible-date, day-first-date,
yaml-syntax, placeholder-left, broken-text-key…)."""

from __future__ import annotations

import re
import subprocess

import pytest

from conftest import copy_project, fetch, mkdocs_env, mkdocs_serve, wait_for

from macros.engine.offline import engine_command

pytestmark = pytest.mark.slow

# English sentences MkDocs, static-i18n or the macros would print for these cases.
ENGLISH = ("Traceback", "Doc file", "is not found", "not included in", "Macro Rendering Error",
           "is undefined", "Aborted with", "Did you mean", "does not contain an anchor")


def engine_build(project, engine: str) -> subprocess.CompletedProcess:
    """`<engine> build --strict` of `project`, in its own process (as `make build ENGINE=…`)."""
    return subprocess.run([*engine_command(engine), "--strict", "-d", str(project / "site")], cwd=project,
                          env=mkdocs_env(), capture_output=True, text=True, timeout=300)


# ProperDocs (`ENGINE=properdocs`) logs under `properdocs.*`: the same French messages.
@pytest.fixture(scope="module", params=["mkdocs", "properdocs"])
def broken(tmp_path_factory, request):
    """One strict build of a copy with the three mistakes, each in its own page."""
    project = copy_project(tmp_path_factory.mktemp(f"messages-{request.param}"))
    docs = project / "docs"
    parents = docs / "parents.md"
    # A site macro that fails as it runs (an expression that is not a macro call is refused
    # before the build, by the page check: test_a_page_error_stops_the_build_in_french).
    parents.write_text(parents.read_text(encoding="utf-8") + "\nBonjour {{ lessons_list(\"nimporte\") }} !\n", encoding="utf-8")
    sources = docs / "sources.md"
    sources.write_text(sources.read_text(encoding="utf-8") + "\nVoir [le programme](programe.md).\n",
                       encoding="utf-8")
    (docs / "nouvelle-page.md").write_text("# Nouvelle page\n\nUn texte.\n", encoding="utf-8")
    result = engine_build(project, request.param)
    return project, result, result.stdout + result.stderr


def _line_of(path, text):
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_the_build_fails_in_french_without_trace_or_english(broken):
    _, result, output = broken
    assert result.returncode != 0
    for english in ENGLISH:
        assert english not in output, english
    assert "Construction arrêtée : corrigez les messages ci-dessus" in output
    # Each mistake said once, though static-i18n builds every page in both languages.
    assert output.count("nouvelle-page.md n'apparaît dans aucun menu") == 1
    assert output.count("erreur inattendue pendant l'appel d'une macro") == 1


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_a_data_error_stops_the_build_in_french(tmp_path, engine):
    project = copy_project(tmp_path / "project")
    territory = project / "resources" / "territories" / "carene.yml"
    territory.write_text(territory.read_text(encoding="utf-8").replace("status: deploiement", "status: [deploiement"),
                         encoding="utf-8")
    result = engine_build(project, engine)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "erreur dans les données" in output and "resources/territories/carene.yml, ligne" in output
    # The engine's last line (on stdout; the log is on stderr), in French.
    assert result.stdout.strip().splitlines()[-1] == "Construction arrêtée : corrigez l'erreur ci-dessus.", output
    for english in ENGLISH:
        assert english not in output, english
    assert output.count("resources/territories/carene.yml, ligne") == 1  # said once


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_a_page_error_stops_the_build_in_french(tmp_path, engine):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "parents.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nBonjour {{ prénom }} !\n", encoding="utf-8")
    result = engine_build(project, engine)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    line = _line_of(page, "Bonjour {{ prénom }}")
    assert f"docs/parents.md, ligne {line} : expression « {{{{ prénom }}}} » refusée" in output, output
    assert result.stdout.strip().splitlines()[-1] == "Construction arrêtée : corrigez l'erreur ci-dessus.", output
    for english in ENGLISH:
        assert english not in output, english


def test_a_macro_that_fails_in_a_page(broken):
    project, _, output = broken
    line = _line_of(project / "docs" / "parents.md", "Bonjour {{ lessons_list")
    assert f"docs/parents.md, ligne {line} : erreur inattendue pendant l'appel d'une macro" in output, output
    assert '(ligne écrite : « Bonjour {{ lessons_list("nimporte") }} ! »)' in output
    assert "Pour écrire « {{ » tel quel, écrivez {{ '{{' }}" in output and "{% raw %}" in output


def test_literal_double_braces_render_and_a_failed_macro_leaves_the_page_as_written(tmp_path):
    # Not strict: the strict build of a page with a failed macro publishes nothing (the last
    # good site stays, macros/engine/site_swap.py).
    project = copy_project(tmp_path / "project")
    literal = project / "docs" / "sources.md"
    literal.write_text(literal.read_text(encoding="utf-8")
                       + "\nLittéral : {{ '{{' }} nom }} et {% raw %}{{ autre }}{% endraw %}.\n", encoding="utf-8")
    page = project / "docs" / "parents.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nBonjour {{ lessons_list(\"nimporte\") }} !\n", encoding="utf-8")
    result = subprocess.run([*engine_command("mkdocs"), "--no-strict", "-d", str(project / "site")], cwd=project,
                            env=mkdocs_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "erreur inattendue pendant l'appel d'une macro" in result.stderr
    assert "Littéral : {{ nom }} et {{ autre }}." in (project / "site" / "sources" / "index.html").read_text(
        encoding="utf-8")
    html = (project / "site" / "parents" / "index.html").read_text(encoding="utf-8")
    # The page is shown as written: no trace, its sections (and the anchors other pages
    # link to) intact.
    assert 'Bonjour {{ lessons_list("nimporte") }} !' in html and "Traceback" not in html
    assert 'id="cest-quoi-les-competences-psychosociales"' in html


def test_a_broken_link(broken):
    project, _, output = broken
    line = _line_of(project / "docs" / "sources.md", "(programe.md)")
    assert (f"docs/sources.md, ligne {line} : le lien « programe.md » mène à une page qui n'existe pas "
            "(docs/programe.md). Pages aux noms proches : « programme.md ».") in output
    assert "Corrigez le lien" in output


def test_a_page_missing_from_the_navigation(broken):
    _, _, output = broken
    message = re.search(r"docs/nouvelle-page\.md n'apparaît dans aucun menu du site\..*", output)
    assert message, output
    text = message[0]
    assert "dans mkdocs.yml, sous « nav: », écrivez la ligne « - nouvelle-page.md »" in text
    assert "créez docs/nouvelle-page.en.md" in text


def test_serve_says_our_lines_not_mkdocs_progress(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "parents.md"
    with mkdocs_serve(project) as (process, base, log):
        wait_for(lambda: fetch(f"{base}/parents/")[0] == 200, log, what="first build")
        page.write_text(page.read_text(encoding="utf-8") + "\nUne ligne de plus.\n", encoding="utf-8")
        wait_for(lambda: any("Site reconstruit en" in line for line in log), log, what="the rebuild line")
        text = "".join(log)
        assert re.search(r"Site construit en \d+,\d s\.", text), text
        assert re.search(r"Site reconstruit en \d+,\d s \(\d\d:\d\d:\d\d\) : la page se recharge\.", text), text
        assert f"Aperçu du site : {base}/" in text
        for english in ("INFO", "Building documentation", "Documentation built", "mkdocs_static_i18n",
                        "[macros]", "Serving on", "Detected file changes", "Reloading browsers"):
            assert english not in text, (english, text)
        assert process.poll() is None


def test_serve_verbose_shows_everything(tmp_path):
    import subprocess
    import sys

    from conftest import _free_port, mkdocs_env

    project = copy_project(tmp_path / "project")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--verbose", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=mkdocs_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if "Serving on" in line:
                break
        text = "".join(lines)
        assert "INFO" in text and "Building documentation" in text and "Site construit en" in text
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_macros_variables_become_json_only_for_debug_lines(monkeypatch, caplog):
    import logging
    from types import SimpleNamespace

    import mkdocs_macros.plugin
    from mkdocs_macros.util import LOG

    from macros.engine.entry import skip_unread_debug_payloads

    skip_unread_debug_payloads()
    made = []
    monkeypatch.setattr(mkdocs_macros.plugin.SuperDict, "to_json", lambda self: made.append(dict(self)) or "{}")
    plugin = SimpleNamespace(variables={"site_name": "x"}, macros={"outils": 1}, filters={})
    caplog.set_level(logging.INFO, logger=LOG.name)
    mkdocs_macros.plugin.MacrosPlugin.on_pre_build(plugin, config=None)
    assert made == []
    assert "Config variables" in caplog.text and "Config macros" in caplog.text
    caplog.set_level(logging.DEBUG, logger=LOG.name)  # `--verbose`: the plugin's own lines, JSON too
    mkdocs_macros.plugin.MacrosPlugin.on_pre_build(plugin, config=None)
    assert {"site_name": "x"} in made
