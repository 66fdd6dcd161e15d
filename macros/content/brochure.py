"""The programme brochure (« plaquette ») as an A4 PDF per language, from the same data
as the site.

    brochure_html(data, lang, site_url)  -> standalone HTML (templates/brochure/)
    render_pdf(html)                     -> PDF bytes (WeasyPrint, local files only)
    write_brochures(data, docs_dir, ...) -> docs/plaquette/prendre-soin-de-soi-plaquette-<lang>.pdf

The PDFs are written into docs/plaquette/ (git-ignored, reserved to this module) before
MkDocs lists the docs, like the generated pages: MkDocs then checks the links to them,
copies them into the site and into the offline zip. A PDF is rendered only when its input
(HTML, stylesheet, fonts, WeasyPrint version) changed since last time: rendered PDFs are
kept in a git-ignored cache folder, by a hash of that input.

Nothing is ever fetched from the network: WeasyPrint gets a URL fetcher that serves the
files of templates/brochure/ and refuses anything else, and the fonts are vendored there
(Atkinson Hyperlegible, SIL Open Font License, fonts/OFL.txt), so the PDF looks the same
on every machine and embeds its fonts.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import logging
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import babel.dates
import jinja2
from markupsafe import Markup

from ..data import models as m
from ..data.files import atomic_write, remove_partial, write_if_changed
from .labels import babel_locale, label
from .text import typeset
from ..data.loader import SiteData
from ..data.models import LANGUAGES

ASSETS = Path(__file__).resolve().parent / "templates" / "brochure"
FOLDER = "plaquette"  # docs/plaquette/: reserved to the generated PDFs
FILE_NAME = "prendre-soin-de-soi-plaquette-{lang}.pdf"
# The two-page brief for elected officials and funders (macros/content/brief.py), made the
# same way into the same folder.
BRIEF_FILE_NAME = "prendre-soin-de-soi-note-elus-{lang}.pdf"
GENERATOR = "Prendre soin de soi (macros/content/brochure.py, WeasyPrint)"
# PDF/UA-1: tagged (headings, lists, reading order), with its language and title, for
# screen readers.
RENDER_OPTIONS = {"pdf_variant": "pdf/ua-1"}
log = logging.getLogger("mkdocs.hooks.prendre_soin_de_soi")


class BrochureError(Exception):
    """The PDF cannot be made (missing system libraries, a refused resource…)."""


def pdf_path(lang: str) -> str:
    """Docs-relative path of the brochure PDF in `lang`."""
    return f"{FOLDER}/{FILE_NAME.format(lang=lang)}"


def brief_pdf_path(lang: str) -> str:
    """Docs-relative path of the brief's PDF in `lang`."""
    return f"{FOLDER}/{BRIEF_FILE_NAME.format(lang=lang)}"


def public_site_url(site_url: str | None) -> str | None:
    """The site's address, if it is a public one worth printing (not a local preview)."""
    if not site_url:
        return None
    host = urlsplit(site_url).hostname or ""
    if host == "localhost":
        return None
    try:
        if ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        pass
    return site_url


# ------------------------------------------------------------------------- HTML


@jinja2.pass_context
def _tr(context, text: m.Text | None):
    """The text in the brochure's language; French, marked lang="fr", when untranslated."""
    if text is None:
        return label("not_reported", context["lang"])
    value, actual = text.get(context["lang"])
    value = typeset(value, actual)
    if actual != context["lang"]:
        return Markup('<span lang="{}">{}</span>').format(actual, value)
    return value


@jinja2.pass_context
def _label(context, key: str, **values) -> str:
    text = label(key, context["lang"])
    return typeset(text.format(**values) if values else text, context["lang"])


_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(ASSETS),
    autoescape=True,  # HTML: every value from the data is escaped
    # Compiled once, not at every build (in the system's temporary folder, by source checksum).
    bytecode_cache=jinja2.FileSystemBytecodeCache(),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters.update(tr=_tr, label=_label)


def partner_groups(data: SiteData) -> list[tuple[m.PartnerRole, list[m.Partner]]]:
    """Partners by role, in the order of the roles; each partner once, under its first role."""
    seen: set[str] = set()
    groups = []
    for role in m.PartnerRole:
        members = [p for p in data.partners.values() if role in p.roles and p.id not in seen]
        seen.update(p.id for p in members)
        if members:
            groups.append((role, members))
    return groups


def brochure_html(data: SiteData, lang: str, site_url: str | None = None) -> str:
    """The brochure as a standalone HTML document (its stylesheet and fonts are local files)."""
    from . import brief
    from .indicators import value_text

    content = brief.brief_content(data)
    return _env.get_template("brochure.html").render(
        data=data,
        lang=lang,
        colon=Markup("\u202f:" if lang == "fr" else ":"),
        semicolon=Markup("\u202f;" if lang == "fr" else ";"),
        site_url=public_site_url(site_url),
        groups=partner_groups(data),
        results=content.results,
        notes=brief.result_notes(content),
        result_sources=brief.result_sources(data, content),
        lessons=brief.brochure_lessons(data),
        sheet=data.lessons.source,
        value=lambda figure, unit: value_text(figure, unit, lang),
        generator=GENERATOR,
    )


def production_date() -> datetime.date:
    """Today, or the date reproducible builds fix through SOURCE_DATE_EPOCH."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string for a <style> block (no quote, backslash or tag breaks out)."""
    escaped = "".join(c if c.isalnum() or c in " .,:/-_·" else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')


def footer_line(lang: str, site_url: str | None, day: datetime.date) -> str:
    """The site's address and the production date, printed at the foot of every page."""
    produced = label("brief.produced", lang).format(
        date=babel.dates.format_date(day, format="long", locale=babel_locale(lang)))
    return " · ".join(part for part in (site_url, produced) if part)


def brief_html(data: SiteData, lang: str, site_url: str | None = None) -> str:
    """The brief for elected officials and funders as a standalone HTML document."""
    from . import brief
    from .indicators import programme_status, value_text

    content = brief.brief_content(data)
    return _env.get_template("brief.html").render(
        data=data,
        lang=lang,
        b=content,
        colon=Markup("\u202f:" if lang == "fr" else ":"),
        semicolon=Markup("\u202f;" if lang == "fr" else ";"),
        site_url=public_site_url(site_url),
        footer=css_string(footer_line(lang, public_site_url(site_url), production_date())),
        status=programme_status(data.programme, lang),
        notes=brief.result_notes(content),
        result_sources=brief.result_sources(data, content),
        value=lambda figure, unit: value_text(figure, unit, lang),
        generator=GENERATOR,
    )


# -------------------------------------------------------------------------- PDF


def local_file(url: str) -> Path:
    """The file of the brochure's own folder that `url` names; anything else (http, https,
    data, a file elsewhere) is refused: nothing is fetched from the network at build time."""
    parts = urlsplit(url)
    path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
    if path is None or not path.is_relative_to(ASSETS) or not path.is_file():
        raise BrochureError(
            f"la plaquette ne peut utiliser que ses propres fichiers (macros/content/templates/brochure/) : "
            f"« {url} » refusé (aucun accès au réseau pendant la construction)"
        )
    return path


def _fetcher(weasyprint):
    """A WeasyPrint URL fetcher that serves local_file(url) and stops the render otherwise."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = local_file(url)
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    return LocalFetcher(allowed_protocols=("file",), fail_on_errors=True)


def _weasyprint():
    try:
        import weasyprint
    except OSError as err:  # Pango, HarfBuzz… missing: cffi cannot load them
        raise BrochureError(
            "la plaquette PDF ne peut pas être fabriquée : WeasyPrint ne trouve pas ses "
            f"bibliothèques système ({err}). Lancez scripts/ensure-system-libs.sh "
            "(fait par make serve, make build et make test)."
        ) from None
    return weasyprint


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def render_pdf(html: str) -> bytes:
    """The A4 PDF/UA of a brochure HTML document (fonts embedded, local files only).
    Any warning of WeasyPrint (a character missing from the fonts, a CSS rule it ignores)
    is an error: the PDF would not look as intended."""
    weasyprint = _weasyprint()
    fetcher = _fetcher(weasyprint)
    # The HTML links its stylesheet (brochure.css or brief.css), whose base.css declares the fonts.
    document = weasyprint.HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher)
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        pdf = document.write_pdf(**RENDER_OPTIONS)
    except weasyprint.urls.FatalURLFetchingError as err:
        raise BrochureError(str(err.__cause__ or err)) from None
    except Exception as err:  # pragma: no cover - WeasyPrint's own failures
        raise BrochureError(f"la plaquette PDF n'a pas pu être fabriquée : {err}") from err
    finally:
        logger.removeHandler(collect)
    if collect.messages:
        raise BrochureError(
            "la plaquette PDF n'est pas fabriquée comme prévu : "
            + " ; ".join(dict.fromkeys(collect.messages))
        )
    return pdf


def input_hash(html: str) -> str:
    """What the PDF depends on: its HTML, the stylesheet, the fonts, the render options and
    WeasyPrint's version."""
    digest = hashlib.sha256()
    digest.update(html.encode("utf-8"))
    digest.update(repr(sorted(RENDER_OPTIONS.items())).encode())
    for path in sorted(ASSETS.rglob("*")):
        if path.is_file() and path.suffix != ".html":
            digest.update(path.relative_to(ASSETS).as_posix().encode())
            digest.update(path.read_bytes())
    try:
        from importlib.metadata import PackageNotFoundError, version

        digest.update(version("weasyprint").encode())
    except PackageNotFoundError:  # pragma: no cover
        pass
    return digest.hexdigest()


@dataclass(frozen=True)
class Planned:
    path: str  # docs-relative
    html: str
    key: str  # input_hash(html)


_planned: tuple[SiteData, str | None, tuple[Planned, ...]] | None = None


def planned_brochures(data: SiteData, site_url: str | None) -> tuple[Planned, ...]:
    """One brochure per language; made once per data load (static-i18n builds once per
    language and both passes ask for them)."""
    global _planned
    if _planned is None or _planned[0] is not data or _planned[1] != site_url:
        items = []
        for lang in LANGUAGES:
            html = brochure_html(data, lang, site_url)
            items.append(Planned(pdf_path(lang), html, input_hash(html)))
            html = brief_html(data, lang, site_url)
            items.append(Planned(brief_pdf_path(lang), html, input_hash(html)))
        _planned = (data, site_url, tuple(items))
    return _planned[2]


_rendered: dict[str, bytes] = {}  # the last renders of this process, by input hash
MEMORY_SIZE = 8
# On disk, about eight versions of each of the four PDFs (some 30 KB each): builds of other
# data in the same cache (the tests' copies) do not push out the current ones.
CACHE_SIZE = 32


def _cached(key: str, cache_dir: Path | None) -> bytes | None:
    if key in _rendered:
        return _rendered[key]
    try:
        return (cache_dir / f"{key}.pdf").read_bytes() if cache_dir else None
    except FileNotFoundError:  # not rendered yet, or pruned by another build
        return None


def _by_age(cache_dir: Path) -> list[Path]:
    """The cached PDFs, newest first; one another build prunes meanwhile is left out."""
    dated = []
    for path in cache_dir.glob("*.pdf"):
        try:
            dated.append((path.stat().st_mtime, path))
        except FileNotFoundError:
            continue
    return [path for _, path in sorted(dated, reverse=True)]


def _render(items, docs_dir: Path, cache_dir: Path | None, render=None) -> None:
    # All rendered first, then all written: under `mkdocs serve`, one rebuild takes them.
    pdfs = [(render or render_pdf)(item.html) for item in items]
    for item, pdf in zip(items, pdfs, strict=True):
        _rendered[item.key] = pdf
        while len(_rendered) > MEMORY_SIZE:
            del _rendered[next(iter(_rendered))]
        if cache_dir:
            atomic_write(cache_dir / f"{item.key}.pdf", pdf)
            for old in _by_age(cache_dir)[CACHE_SIZE:]:
                old.unlink(missing_ok=True)
        write_if_changed(docs_dir / item.path, pdf)


# Under the engine, a changed brochure renders in another process (macros/engine/
# brochure_worker.py): an object with `queue(items, docs_dir, cache_dir)` and `busy()`, set
# once at start-up; under serve after the build, under build while the pages are built (the
# previous PDF listed meanwhile; a PDF never built yet is rendered now). None without an engine.
_later = None


def render_later_with(worker) -> None:
    """Set at start-up: who renders changed brochures after the build (None: render now)."""
    global _later
    _later = worker


def write_brochures(data: SiteData, docs_dir: Path, site_url: str | None = None,
                    cache_dir: Path | None = None, later=None) -> list[Path]:
    """Write docs/plaquette/*.pdf: from the cache when their input is unchanged, else
    rendered (by `later` — by default, under serve, the engine's worker — when a previous
    PDF is there to serve meanwhile). Stale brochure PDFs are removed. Returns the paths of
    the PDFs."""
    later = _later if later is None else later
    items = planned_brochures(data, site_url)
    if later is None or not later.busy():  # nothing rendering in the background: a leftover is a killed build's
        remove_partial(docs_dir / FOLDER)
    to_render = []
    for item in items:
        pdf = _cached(item.key, cache_dir)
        if pdf is None:
            to_render.append(item)
        else:
            write_if_changed(docs_dir / item.path, pdf)
    if to_render:
        # Later only over an earlier PDF: MkDocs lists docs/'s files before the pages are
        # built, and a build killed meanwhile must leave no empty or half PDF in docs/.
        if later is not None and all((docs_dir / item.path).is_file() for item in to_render):
            later.queue(to_render, docs_dir, cache_dir)
        else:
            _render(to_render, docs_dir, cache_dir)
    paths = [docs_dir / item.path for item in items]
    for pattern in (FILE_NAME, BRIEF_FILE_NAME):
        for path in (docs_dir / FOLDER).glob(pattern.format(lang="*")):
            if path not in paths:
                path.unlink()
    return paths
