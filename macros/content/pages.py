"""Pages generated from resources/: written into git-ignored folders of docs/.

static-i18n 1.3.1 drops or crashes on virtual pages, so each generated page is a real
file pair (`x.md` + `x.en.md`) written before MkDocs lists the docs. A file is written
only when its text changes (otherwise `mkdocs serve` would rebuild forever), and only
files carrying our marker are ever replaced or removed: an editor's file is never touched.
"""

from __future__ import annotations

from collections.abc import Callable
import html
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import yaml

from . import calendar, catalogue, render
from ..data.files import remove_partial, write_if_changed
from ..data.inputs import DataError, Problem
from ..data import reads
from ..data.loader import SiteData, once_per_data
from ..data.models import LANGUAGES, Tool

MARKER = "# generated from resources/ by macros/content/pages.py: edit the YAML file, not this page"
# The marker before the package split: such pages are ours too (a checkout built before it).
FORMER_MARKERS = ("# generated from resources/ by macros/pages.py: edit the YAML file, not this page",)

# The folders of docs/ that belong to the generator, and the nav placeholder of each
# (tool fiches stay out of the navigation: the catalogue and its filters lead to them).
SECTIONS = {"territoires": "territoires/*", "cps": "cps/*", "outils": None, "agenda": None}


DOWNLOADS = {".csv", ".json", ".ics"}  # kinds of generated downloads, removed when stale


class GeneratedFileConflict(Exception):
    pass


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # docs-relative, French file; the English one is path with .en.md
    source: str  # the resources/ file it comes from
    render: Callable[[str], str]  # language -> the page's Markdown
    description: dict[str, str]
    keywords: tuple[str, ...] = ()  # search keywords (page tags)
    title: dict[str, str] | None = None  # the page's name (else MkDocs derives one from the file name)


def planned_pages(data: SiteData, site_url: str = "") -> list[GeneratedPage]:
    # (folder of docs/, data file it comes from, renderer, [(id, summary used as description, name)])
    kinds = [
        ("territoires", "resources/territories/{}.yml", render.territory_page,
         [(tid, territory.summary, territory.name) for tid, territory in data.territories.items()]),
        ("cps", "resources/cps.yml", render.cps_page,
         [(general.id, general.summary, general.name) for general in data.cps.general]),
        ("outils", "resources/tools/{}.yml", render.tool_page,
         [(tool_id, tool.summary, tool.title) for tool_id, tool in data.tools.items()]),
    ]
    return [
        GeneratedPage(
            path=f"{section}/{item_id}.md",
            source=source.format(item_id),
            # A fiche prints its public address (site_url): a photocopy says where it is from.
            render=partial(_page, function, data, section, item_id,
                           **({"site_url": site_url} if section == "outils" else {})),
            description={lang: summary.get(lang)[0] for lang in LANGUAGES},
            keywords=_tool_keywords(data.tools[item_id]) if section == "outils" else (),
            # HTML-escaped: Material prints a page's title raw in the header, the menu and the
            # footer (as it would an H1's text, whose entities stay escaped).
            title={lang: html.escape(" ".join(name.get(lang)[0].split()), quote=False) for lang in LANGUAGES},
        )
        for section, source, function, items in kinds
        for item_id, summary, name in items
    ]


def _tool_keywords(tool: Tool) -> tuple[str, ...]:
    names = [tool.title.get(lang)[0] for lang in LANGUAGES]
    return tuple(dict.fromkeys([*names, *([tool.publisher] if tool.publisher else []), *tool.authors]))


def _page(function, data: SiteData, base: str, item_id: str, lang: str, **extra) -> str:
    return reads.kept((function, base, item_id, lang, *extra.items()), data,
                      lambda data: function(data, lang, base, item_id, **extra))


def data_files(data: SiteData) -> dict[str, str]:
    """Generated downloads (docs-relative path -> text): the catalogue as open data, and
    the calendar feeds (the programme's, and each territory's), in each language."""
    def feed(territory_id: str | None, lang: str) -> str:
        return reads.kept(("ics", territory_id, lang), data,
                          lambda data: calendar.to_ics(data, lang, territory_id).decode())

    feeds = {calendar.feed_path(territory_id, lang): feed(territory_id, lang)
             for territory_id in (None, *data.territories) for lang in LANGUAGES}
    return {"outils/catalogue.csv": reads.kept(("csv",), data, catalogue.to_csv),
            "outils/catalogue.json": reads.kept(("json",), data, catalogue.to_json), **feeds}


def _file_text(page: GeneratedPage, lang: str) -> str:
    # The body is rendered here, once, with every data value escaped (macros/content/text.py);
    # render_macros: false spares the macros plugin a Jinja pass over each generated page.
    meta = {**({"title": page.title[lang]} if page.title else {}),
            "description": page.description[lang], "render_macros": False}
    if page.keywords:
        # Material's search weighs `tags` far above body text: a search for a tool's title,
        # publisher or authors finds its fiche first, not every page sharing a word with it.
        # HTML-escaped: Material's search shows a result's tags as HTML.
        meta["tags"] = [html.escape(keyword, quote=False) for keyword in page.keywords]
    # libyaml's dumper: the same text as PyYAML's (it escapes characters beyond the BMP,
    # which read back the same), at a tenth of the time over 4,000 pages.
    front = yaml.dump(meta, Dumper=yaml.CSafeDumper, allow_unicode=True, width=1000, sort_keys=False)
    return f"---\n{MARKER}\n# source: {page.source}\n{front}---\n\n{page.render(lang)}"


def _lang_path(path: str, lang: str) -> str:
    return path if lang == "fr" else path[: -len(".md")] + f".{lang}.md"


def is_generated(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            return handle.readline() == "---\n" and handle.readline().rstrip("\n") in (MARKER, *FORMER_MARKERS)
    except (OSError, UnicodeDecodeError):
        return False


@once_per_data
def planned_texts(data: SiteData, site_url: str = "") -> tuple[dict[str, str], dict[str, str]]:
    """(pages, downloads): docs-relative path -> text of every generated file."""
    pages = {_lang_path(page.path, lang): _file_text(page, lang)
             for page in planned_pages(data, site_url) for lang in LANGUAGES}
    return pages, data_files(data)


def _address(path: str) -> str:
    """The address of a docs-relative file in the built site (directory URLs)."""
    if not path.endswith(".md"):
        return "/" + path
    stem = path[: -len(".md")]
    stem = stem[: -len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"
    return "/" + stem


def name_conflicts(data: SiteData, docs_dir: Path | None = None) -> list[Problem]:
    """Every data file whose name (its id) would give a page or a file the site already has:
    a hand-written page (`index` in a section replaces its list page), another generated
    page, the open data or a calendar feed (a territory named like the programme-wide feed).
    Checked per address, which is the same in every language (English under /en/)."""
    owners: dict[str, str] = {}
    if docs_dir is not None and docs_dir.is_dir():
        for folder, dirs, files in os.walk(docs_dir):
            rel_folder = Path(folder).relative_to(docs_dir)
            if rel_folder.parts[:1] and (rel_folder.parts[0] in SECTIONS or rel_folder.parts[0].startswith(".")):
                dirs.clear()
                continue
            for name in files:
                if name.endswith(".md") and not name.startswith(".") and name.count(".") == 1:
                    rel = (rel_folder / name).as_posix()
                    owners.setdefault(_address(rel), f"la page docs/{rel}")
    generated = [(page.path, page.source, f"la page générée depuis {page.source}",
                  page.path.rsplit("/", 1)[-1][: -len(".md")]) for page in planned_pages(data)]
    generated += [(path, "resources/", {"outils/catalogue.csv": "les données ouvertes du catalogue",
                                        "outils/catalogue.json": "les données ouvertes du catalogue"}[path], "")
                  for path in ("outils/catalogue.csv", "outils/catalogue.json")]
    for territory_id in (None, *data.territories):
        for lang in LANGUAGES:
            source = f"resources/territories/{territory_id}.yml" if territory_id else "resources/events/"
            what = (f"le calendrier (.ics) du territoire « {territory_id} »" if territory_id
                    else "le calendrier (.ics) de tout le programme")
            generated.append((calendar.feed_path(territory_id, lang), source,
                              what + ("" if lang == LANGUAGES[0] else " en anglais" if lang == "en" else f" ({lang})"),
                              territory_id))
    problems, reported = [], set()
    for path, source, what, item in generated:
        address = _address(path)
        if address in owners and source.endswith(".yml") and source not in reported:
            reported.add(source)
            problems.append(Problem(source, None, None, f"identifiant réservé : « {item} » "
                                    f"donnerait l'adresse {address}"
                                    + (f" (et /en{address} en anglais)" if path.endswith(".md") else "")
                                    + f", qui remplacerait {owners[address]} ; "
                                    + ("renommez le fichier" if source.endswith(f"/{item}.yml")
                                       else "changez cet identifiant")))
        else:
            owners.setdefault(address, what)
    return problems


def write_pages(data: SiteData, docs_dir: Path, site_url: str = "") -> dict[str, list[str]]:
    """Write the generated pages; return, per nav placeholder, the French page paths."""
    if conflicts := name_conflicts(data, docs_dir):
        raise DataError(conflicts)
    pages, files = planned_texts(data, site_url)
    wanted = {docs_dir / path: text for path, text in pages.items()}
    downloads = {docs_dir / path: text for path, text in files.items()}

    for path, text in (wanted | downloads).items():
        if path.exists():
            if path in wanted and not is_generated(path):
                raise GeneratedFileConflict(
                    f"{path.relative_to(docs_dir.parent)} n'a pas été généré mais porte le nom d'une "
                    "page générée depuis resources/ : déplacez-le ou renommez-le "
                    f"(le dossier docs/{path.relative_to(docs_dir).parts[0]}/ est réservé aux pages générées)"
                )
        # Bytes, not text: the .ics feeds' CRLF line ends must compare equal.
        write_if_changed(path, text.encode())

    for section in SECTIONS:
        folder = docs_dir / section
        remove_partial(folder)
        if folder.is_dir():
            for path in folder.rglob("*.md"):
                if path not in wanted and is_generated(path):
                    path.unlink()
            # Downloads of a removed territory (the folders are the generator's own).
            for path in folder.rglob("*"):
                if path.suffix in DOWNLOADS and path not in downloads:
                    path.unlink()

    pages = planned_pages(data)
    return {
        placeholder: [p.path for p in pages if p.path.startswith(section + "/")]
        for section, placeholder in SECTIONS.items()
        if placeholder
    }


def expand_nav(nav, generated: dict[str, list[str]]):
    """Replace each placeholder entry of `nav:` (e.g. `territoires/*`) by its pages."""
    if isinstance(nav, list):
        out = []
        for item in nav:
            if isinstance(item, str) and item in generated:
                out.extend(generated[item])
            else:
                out.append(expand_nav(item, generated))
        return out
    if isinstance(nav, dict):
        return {key: expand_nav(value, generated) for key, value in nav.items()}
    return nav
