"""The programme brochure: a web page and an A4 PDF per language, from the same data."""

from __future__ import annotations

import dataclasses
import http.server
import io
import os
import re
import shutil
import signal
import subprocess
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ARTIFACTS, ROOT, build_ok, copy_project, mkdocs_serve, wait_for
from macros.content import brochure as b
from macros.engine import brochure_worker as w
from macros.data import models as m
from macros.data.loader import load_site_data

DATA = load_site_data(ROOT / "resources")
LANGS = ("fr", "en")
A4 = (595.28, 841.89)  # points


def _squash(text: str) -> str:
    """Text without any whitespace: PDF lines wrap anywhere, names included."""
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    return _squash(" ".join(page.extract_text() for page in PdfReader(path).pages))


def expected_names(data, lang: str) -> list[str]:
    """The facts the brochure must carry, in `lang`: programme, modalities, territories."""
    return [
        data.programme.name.get(lang)[0],
        *(modality.name.get(lang)[0] for modality in data.modalities.values()),
        *(territory.name.get(lang)[0] for territory in data.territories.values()),
    ]


def _fonts(reader: PdfReader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for part in font.get("/DescendantFonts") or [font]:
                yield font["/BaseFont"], part.get_object().get("/FontDescriptor")


# ----------------------------------------------------------------- without MkDocs


def test_html_escapes_every_value_from_the_data():
    hostile = "<script>alert(1)</script> & <b>gras</b>"
    modalities = dict(DATA.modalities)
    first = next(iter(modalities))
    modalities[first] = modalities[first].model_copy(update={"name": m.Text(fr=hostile)})
    html = b.brochure_html(dataclasses.replace(DATA, modalities=modalities), "fr")
    assert "<script>" not in html and "<b>gras" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;gras&lt;/b&gt;" in html


def test_untranslated_text_is_marked_french_in_the_english_brochure():
    modalities = dict(DATA.modalities)
    first = next(iter(modalities))
    modalities[first] = modalities[first].model_copy(update={"name": m.Text(fr="Seulement en français")})
    html = b.brochure_html(dataclasses.replace(DATA, modalities=modalities), "en")
    assert '<span lang="fr">Seulement en français</span>' in html
    assert '<html lang="en">' in html


def test_only_a_public_site_address_is_printed():
    assert b.public_site_url("http://127.0.0.1:8000/") is None
    assert b.public_site_url("http://localhost:8000/") is None
    assert b.public_site_url("") is None
    assert b.public_site_url("https://example.github.io/site/") == "https://example.github.io/site/"
    html = b.brochure_html(DATA, "fr", "https://example.github.io/site/")
    assert 'href="https://example.github.io/site/"' in html
    assert "127.0.0.1" not in b.brochure_html(DATA, "fr", "http://127.0.0.1:8000/")


@pytest.mark.parametrize("url", [
    "https://example.org/font.woff2",
    "http://127.0.0.1:8000/brochure.css",
    "data:text/css,body{}",
    "file:///etc/passwd",
    (b.ASSETS / ".." / "brochure.md").as_uri(),
])
def test_the_url_fetcher_refuses_anything_but_the_brochures_own_files(url):
    with pytest.raises(b.BrochureError, match="refusé"):
        b.local_file(url)


def test_the_url_fetcher_serves_the_brochures_files():
    assert b.local_file((b.ASSETS / "brochure.css").as_uri()).name == "brochure.css"


class _Counting(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        _Counting.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


def test_a_network_resource_stops_the_render_and_is_never_requested():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/x.css"
    html = b.brochure_html(DATA, "fr").replace("</head>", f'<link rel="stylesheet" href="{url}"></head>')
    try:
        with pytest.raises(b.BrochureError, match="refusé"):
            b.render_pdf(html)
    finally:
        server.shutdown()
    assert _Counting.requests == []


def test_a_character_missing_from_every_font_is_an_error():
    html = b.brochure_html(DATA, "fr").replace("</main>", "<p>\ue000</p></main>")
    with pytest.raises(b.BrochureError, match="U\\+E000"):
        b.render_pdf(html)


def test_missing_system_libraries_give_a_clear_message(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(b.BrochureError, match="ensure-system-libs.sh"):
        b.render_pdf("<p>x</p>")


def test_latin_extended_letters_are_in_the_brochures_own_font():
    html = b.brochure_html(DATA, "fr").replace("</main>", "<p>Łódź, Dvořák, Ærø, œuvre</p></main>")
    fonts = [name for name, _ in _fonts(PdfReader(io.BytesIO(b.render_pdf(html))))]
    assert fonts and all("Atkinson-Hyperlegible" in name for name in fonts), fonts


@pytest.fixture
def fresh_state(monkeypatch):
    """No PDF kept in memory from another test; renders counted."""
    monkeypatch.setattr(b, "_rendered", {})
    monkeypatch.setattr(b, "_planned", None)
    calls = []
    real = b.render_pdf

    def counting(html):
        calls.append(html)
        return real(html)

    monkeypatch.setattr(b, "render_pdf", counting)
    return calls


def test_an_unchanged_brochure_is_copied_from_the_cache_not_rendered(tmp_path, fresh_state, monkeypatch):
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    paths = b.write_brochures(DATA, docs, None, cache)
    # The brochure and the officials' brief, in each language.
    expected = [path for lang in LANGS for path in (b.pdf_path(lang), b.brief_pdf_path(lang))]
    assert [p.relative_to(docs).as_posix() for p in paths] == expected
    n = len(expected)
    assert len(fresh_state) == n and len(list(cache.glob("*.pdf"))) == n
    before = {p: p.stat().st_mtime_ns for p in paths}

    monkeypatch.setattr(b, "_rendered", {})  # a new process: only the disk cache is left
    monkeypatch.setattr(b, "_planned", None)
    b.write_brochures(DATA, docs, None, cache)
    assert len(fresh_state) == n, "rendered again although nothing changed"
    assert {p: p.stat().st_mtime_ns for p in paths} == before, "rewritten: serve would rebuild"

    stale = docs / b.FOLDER / b.FILE_NAME.format(lang="de")
    stale.write_bytes(b"%PDF old")
    mine = docs / b.FOLDER / "notes.txt"
    mine.write_text("à garder", encoding="utf-8")
    b.write_brochures(DATA, docs, None, cache)
    assert not stale.exists() and mine.exists()


def test_the_disk_cache_keeps_the_newest_and_bears_a_file_pruned_meanwhile(tmp_path, monkeypatch):
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    cache.mkdir()
    for age in range(b.CACHE_SIZE + 5):  # older and older renders of other data
        old = cache / f"{age:064x}.pdf"
        old.write_bytes(b"%PDF old")
        os.utime(old, (1_000_000 - age, 1_000_000 - age))
    real_glob = Path.glob

    def glob_then_prune(self, pattern):  # another build prunes the newest between glob and stat
        found = list(real_glob(self, pattern))
        (cache / f"{0:064x}.pdf").unlink(missing_ok=True)
        return iter(found)

    monkeypatch.setattr(Path, "glob", glob_then_prune)
    monkeypatch.setattr(b, "_rendered", {})
    item = b.Planned(key="f" * 64, path=b.pdf_path("fr"), html="<p>x</p>")
    b._render([item], docs, cache, render=lambda html: b"%PDF new")
    kept = sorted(p.name for p in cache.iterdir())
    assert len(kept) == b.CACHE_SIZE and f"{'f' * 64}.pdf" in kept
    assert f"{b.CACHE_SIZE + 4:064x}.pdf" not in kept  # the oldest went
    assert (docs / b.pdf_path("fr")).read_bytes() == b"%PDF new"


@pytest.mark.slow
def test_under_serve_a_changed_brochure_is_rendered_in_another_process(tmp_path, fresh_state, monkeypatch):
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    b.write_brochures(DATA, docs, None, cache, later=w)  # none yet: rendered now
    n = len(fresh_state)
    assert n == len(b.planned_brochures(DATA, None))
    elsewhere = []
    real = w._render_in_pool
    monkeypatch.setattr(w, "_render_in_pool", lambda html: elsewhere.append(html) or real(html))
    programme = DATA.programme.model_copy(update={"name": m.Text(fr="Nom changé", en="New name")})
    changed = dataclasses.replace(DATA, programme=programme)
    b.write_brochures(changed, docs, None, cache, later=w)
    assert w._worker is None and not elsewhere, "started before the build is over"
    w.render_pending()  # at the end of the build
    worker = w._worker
    assert worker is not None, "the build waited for the PDF"
    worker.join(timeout=120)
    assert len(elsewhere) == n and len(fresh_state) == n, "rendered in the building process"
    assert "Nomchangé" in pdf_text(docs / b.pdf_path("fr"))
    assert "Newname" in pdf_text(docs / b.pdf_path("en"))


def test_under_build_pdfs_render_alongside_the_pages_and_land_at_the_end(tmp_path, fresh_state, monkeypatch):
    # A thread pool and a fake render stand in for the render process (same calls).
    from concurrent.futures import ThreadPoolExecutor

    docs, site, cache = tmp_path / "docs", tmp_path / "site", tmp_path / "cache"
    monkeypatch.setattr(b, "render_pdf", lambda html: b"%PDF-fake " + b.input_hash(html).encode())
    monkeypatch.setattr(w.Alongside, "_pool", ThreadPoolExecutor(max_workers=1))
    monkeypatch.setattr(w.Alongside, "_jobs", [])
    items = b.planned_brochures(DATA, None)
    (docs / b.FOLDER).mkdir(parents=True)
    # A PDF never built yet is rendered at once: no empty file for MkDocs to list (a build
    # killed before the end would leave it in docs/).
    b.write_brochures(DATA, docs, None, cache, later=w.Alongside)
    assert not w.Alongside.busy()
    assert all((docs / item.path).read_bytes().startswith(b"%PDF-fake ") for item in items)
    for item in items:  # an earlier build's
        (docs / item.path).write_bytes(b"%PDF old")
    cache_files = list(cache.glob("*.pdf"))
    for path in cache_files:
        path.unlink()
    b._rendered.clear()
    b.write_brochures(DATA, docs, None, cache, later=w.Alongside)
    b.write_brochures(DATA, docs, None, cache, later=w.Alongside)  # the second language's pass
    assert w.Alongside.busy() and len(w.Alongside._jobs) == 1, "queued once for both passes"
    # Listed by MkDocs meanwhile: the earlier PDFs.
    assert [(docs / item.path).read_bytes() for item in items] == [b"%PDF old"] * len(items)
    (site / b.FOLDER).mkdir(parents=True)
    for item in items:  # MkDocs' copy
        (site / item.path).write_bytes(b"%PDF old")
    w.Alongside.finish(site)
    expected = [b"%PDF-fake " + item.key.encode() for item in items]
    assert [(docs / item.path).read_bytes() for item in items] == expected
    assert [(site / item.path).read_bytes() for item in items] == expected
    assert not w.Alongside.busy() and w.Alongside._pool is None
    assert len(list(cache.glob("*.pdf"))) == len(items)


def test_both_pdfs_are_written_once_both_are_rendered(tmp_path, fresh_state):
    # Under serve, each write into docs/ starts a rebuild: one write batch, one rebuild.
    docs = tmp_path / "docs"
    items = b.planned_brochures(DATA, None)
    seen = []

    def render(html):
        seen.append(list((docs / b.FOLDER).glob("*.pdf")) if (docs / b.FOLDER).is_dir() else [])
        return f"%PDF-fake {len(seen)}".encode()

    b._render(items, docs, None, render=render)
    assert seen == [[]] * len(items), "a PDF was written before the others were rendered"
    assert [(docs / item.path).read_bytes() for item in items] == [
        f"%PDF-fake {i}".encode() for i in range(1, len(items) + 1)]


# ------------------------------------------------------------------- the real build


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_is_a4_at_most_four_pages_with_the_programme_modalities_and_territories(real_site, lang):
    path = real_site / b.pdf_path(lang)
    reader = PdfReader(path)
    assert 1 <= len(reader.pages) <= 4
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4, abs=1), size
    text = pdf_text(path)
    for name in expected_names(DATA, lang):
        assert _squash(name) in text, f"{lang}: « {name} » is not in the PDF"


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_embeds_its_own_fonts_and_is_tagged(real_site, lang):
    reader = PdfReader(real_site / b.pdf_path(lang))
    fonts = list(_fonts(reader))
    assert fonts
    for name, descriptor in fonts:
        assert "Atkinson-Hyperlegible" in name, f"{name}: not the vendored font"
        assert descriptor is not None and any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
        ), f"{name} is not embedded"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert DATA.programme.name.get(lang)[0] in reader.metadata.title
    if shutil.which("pdffonts"):  # poppler's view agrees: every font embedded
        listing = subprocess.run(["pdffonts", str(real_site / b.pdf_path(lang))],
                                 capture_output=True, text=True, check=True).stdout
        rows = listing.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), listing


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_page_one_is_rendered_as_png_for_a_person_to_look_at(real_site, lang):
    if not shutil.which("pdftoppm"):
        pytest.fail("pdftoppm is missing: run `make test`, which installs poppler-utils")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"plaquette-{lang}-page-1"
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile",
                    str(real_site / b.pdf_path(lang)), str(target)], check=True)
    assert target.with_suffix(".png").stat().st_size > 10_000


@pytest.mark.slow
@pytest.mark.parametrize("prefix, lang, download", [
    ("", "fr", "Télécharger la synthèse (PDF)"),
    ("en/", "en", "Download the summary (PDF)"),
])
def test_the_brochure_page_and_home_page_link_to_the_pdf_of_their_language(real_site, prefix, lang, download):
    from bs4 import BeautifulSoup

    for page in (f"{prefix}plaquette/index.html", f"{prefix}index.html"):
        html = (real_site / page).read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        links = [a for a in soup.find_all("a") if a.get_text(strip=True) == download]
        assert links, f"{page}: no « {download} » link"
        target = (real_site / page).parent / links[0]["href"]
        assert target.resolve() == (real_site / b.pdf_path(lang)).resolve()
    page = BeautifulSoup((real_site / f"{prefix}plaquette/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    text = page.find("article").get_text(" ")
    for name in expected_names(DATA, lang):
        assert name in text, f"« {name} » is not on the {lang} brochure page"


@pytest.mark.slow
def test_renaming_a_modality_changes_the_page_and_the_pdf(tmp_path):
    project = copy_project(tmp_path / "project")
    modalities = project / "resources" / "modalities.yml"
    text = modalities.read_text(encoding="utf-8")
    assert text.count("fr: Ateliers parents") == 1 and text.count("en: Parent workshops") == 1
    modalities.write_text(
        text.replace("fr: Ateliers parents", "fr: Ateliers des familles")
            .replace("en: Parent workshops", "en: Family workshops"),
        encoding="utf-8",
    )
    site = build_ok(project)
    for prefix, lang, old, new in (("", "fr", "Ateliers parents", "Ateliers des familles"),
                                   ("en/", "en", "Parent workshops", "Family workshops")):
        page = (site / f"{prefix}plaquette/index.html").read_text(encoding="utf-8")
        assert new in page and old not in page, lang
        text = pdf_text(site / b.pdf_path(lang))
        assert _squash(new) in text and _squash(old) not in text


@pytest.mark.slow
def test_the_offline_zip_ships_both_pdfs_linked_from_its_pages(unzipped):
    for lang, page in (("fr", "plaquette.html"), ("en", "en/plaquette.html")):
        pdf = unzipped / b.pdf_path(lang)
        assert 1 <= len(PdfReader(pdf).pages) <= 4
        html = (unzipped / page).read_text(encoding="utf-8")
        href = re.search(r'href="([^"]+\.pdf)"', html).group(1)
        assert ((unzipped / page).parent / href).resolve() == pdf.resolve()



@pytest.mark.slow
def test_under_serve_the_page_updates_at_once_and_the_pdf_follows(tmp_path):
    import secrets
    import urllib.request

    def get(url: str) -> bytes:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read()

    def pdf_says(url: str, name: str) -> bool:
        reader = PdfReader(io.BytesIO(get(url)))
        return _squash(name) in _squash(" ".join(p.extract_text() for p in reader.pages))

    project = copy_project(tmp_path / "project")
    modalities = project / "resources" / "modalities.yml"
    new = f"Ateliers {secrets.token_hex(4)}"  # a name never rendered before: not in the cache
    with mkdocs_serve(project, group=True) as (process, base, log):
        page, pdf = f"{base}/plaquette/", f"{base}/{b.pdf_path('fr')}"
        wait_for(lambda: b"Ateliers parents" in get(page), log, what="first build")
        assert pdf_says(pdf, "Ateliers parents")
        modalities.write_text(modalities.read_text(encoding="utf-8")
                              .replace("fr: Ateliers parents", f"fr: {new}"), encoding="utf-8")
        edited = len(log)
        wait_for(lambda: new.encode() in get(page), log, what="page updated")
        wait_for(lambda: pdf_says(pdf, new), log, what="PDF updated")
        # The page did not wait for the PDF: the rebuild that served it said the PDF was
        # being made in the background, and the PDF came with a later rebuild.
        said = log[edited:]
        background = next(i for i, line in enumerate(said) if "arrière-plan" in line)
        rebuilds = [i for i, line in enumerate(said) if "Site reconstruit" in line]
        assert len(rebuilds) >= 2 and background < rebuilds[0], "".join(said)
        assert process.poll() is None and "Traceback" not in "".join(log)
        # Ctrl+C in the terminal reaches the render process too: the preview stops, and
        # neither process prints a Python trace.
        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(timeout=30) in (0, 1)
        process.reader.join(timeout=30)  # the render process has ended too: output closed
        assert not process.reader.is_alive()
        assert "Traceback" not in "".join(log) and "KeyboardInterrupt" not in "".join(log), "".join(log[-30:])
