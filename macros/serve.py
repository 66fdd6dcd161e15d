"""`mkdocs serve`: what it watches, what it keeps between rebuilds, and how it reports a
failed rebuild.

MkDocs watches docs/ whole. Each build writes the pages generated from resources/ into
docs/ (territoires/, cps/, outils/, agenda/), so a YAML edit made two builds: one for the
edit, one more for the pages the first had written. Here docs/ is watched without those
folders (their content is the build's own output). docs/plaquette/ stays watched: the
brochure PDF rendered in the background reaches the served site through one rebuild.

Every rebuild then builds both languages anew. Under serve only, what an edit rarely
changes is kept between rebuilds (`keep_between_rebuilds`), each by everything it depends
on: the Markdown-to-HTML conversion of each page, its search index entries (Material
parses each page's HTML for them), and the list of the theme's files (MkDocs lists and
filters Material's ~14,000 files twice per rebuild). `mkdocs build` is left as MkDocs
makes it.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

import material
import mkdocs
from material.plugins.search.plugin import SearchIndex
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from watchdog.observers.polling import PollingObserverVFS

from .pages import SECTIONS

# Seconds between two looks at the watched files (MkDocs polls every 0.5 s). A look at the
# ~130 watched files takes about a millisecond.
POLL_INTERVAL = 0.2
log = logging.getLogger("mkdocs.hooks.prendre_soin_de_soi")


def listdir_without(excluded: Iterable[str]) -> Callable[[str], list[os.DirEntry]]:
    """os.scandir that leaves out the given absolute paths (and so what is under them)."""
    excluded = frozenset(os.path.abspath(path) for path in excluded)

    def listdir(path: str) -> list[os.DirEntry]:
        with os.scandir(path) as entries:
            return [entry for entry in entries if os.path.abspath(entry.path) not in excluded]

    return listdir


def watch_without_generated(server, docs_dir: str, watched: Iterable[str]) -> None:
    """Give `server` a watcher that skips docs/'s generated folders, and move to it the
    `watched` paths MkDocs has already registered (docs/, mkdocs.yml, the theme with
    --watch-theme). Call it before any plugin adds its own paths."""
    generated = [os.path.join(docs_dir, section) for section in SECTIONS]
    moved = []
    for path in watched:
        try:
            server.unwatch(path)
        except KeyError:  # not watched (e.g. the theme, without --watch-theme)
            continue
        moved.append(path)
    server.observer = PollingObserverVFS(os.stat, listdir_without(generated),
                                         polling_interval=POLL_INTERVAL)
    for path in moved:
        server.watch(path)


KEEP_SERVING = ("Le site n'a pas été reconstruit : corrigez l'erreur ci-dessus et enregistrez, "
                "la page se mettra à jour. En attendant, la dernière version construite reste affichée.")


def unexpected(err: BaseException, step: str) -> str:
    """The French message of a fault that is not one of ours (a bug, a full disk…)."""
    detail = str(err).strip().splitlines()[0][:300] if str(err).strip() else ""
    return (f"erreur inattendue pendant {step} ({type(err).__name__}{' : ' + detail if detail else ''}). "
            "Si elle persiste après avoir annulé votre dernière modification, signalez-la à "
            "l'équipe technique avec ce message (détails : `mkdocs serve --verbose`).")


def keep_serving_after_failures(server) -> None:
    """After a failed rebuild, MkDocs' server holds every page request until a build
    succeeds ("appears stuck"): whatever the failure, report it and keep serving the last
    site."""
    rebuild = server.builder

    def rebuild_or_keep_serving():
        try:
            rebuild()
        except Abort:  # our own message, or MkDocs' strict-mode summary, is already logged
            log.error(KEEP_SERVING)
        except (Exception, SystemExit) as err:  # noqa: BLE001 - serve must keep answering
            log.debug("Erreur inattendue", exc_info=True)
            log.error("%s\n%s", unexpected(err, "la reconstruction du site"), KEEP_SERVING)

    server.builder = rebuild_or_keep_serving


# ---------------------------------------------------------------- kept between rebuilds

# These wrap two methods of MkDocs 1.6.1 and one of Material 9.8.2 (pinned); other versions
# build without them.
KEEPS_FOR = {"mkdocs": "1.6.1", "material": "9.8.2"}
RENDERS_KEPT = 5000  # pages (both languages); the 2,000-tool scale has about 4,300
renders: OrderedDict[tuple, tuple] = OrderedDict()
search_entries: OrderedDict[tuple, list[dict]] = OrderedDict()
stats = {"hits": 0, "misses": 0}
_originals: dict[str, Callable] = {}
_theme_listings: dict[tuple, list[tuple[str, str]]] = {}
_pass_kept: tuple[Files, str] | None = None


def _build_signature(files: Files, config) -> str:
    """What every page's conversion depends on besides its own Markdown: the address of
    every file (links resolve against them) and the Markdown settings. Computed once per
    language pass (each has its own Files)."""
    global _pass_kept
    if _pass_kept is None or _pass_kept[0] is not files:
        listed = repr((sorted((f.src_uri, f.url, f.inclusion.name) for f in files),
                       config["markdown_extensions"], config["mdx_configs"],
                       config["use_directory_urls"], config["validation"]))
        _pass_kept = (files, hashlib.sha256(listed.encode()).hexdigest())
    return _pass_kept[1]


class _Noticed(logging.Handler):
    """Records whether anything was logged (then the render is not kept: its message must
    be said again at the next build, and a strict build must fail again)."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.seen = False

    def emit(self, record):
        self.seen = True


def _render(page: Page, config, files: Files) -> None:
    key = (page.markdown, page.file.src_uri, page.file.url, page.file.dest_uri,
           _build_signature(files, config))
    kept = renders.get(key)
    if kept is not None:
        renders.move_to_end(key)
        stats["hits"] += 1
        page.content, toc, page._title_from_render, anchors, links = kept
        page.toc = copy.deepcopy(toc)
        page.present_anchor_ids = set(anchors)
        if links is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): dict(to) for uri, to in links.items()}
        return
    stats["misses"] += 1
    noticed = _Noticed()
    loggers = [logging.getLogger("mkdocs"), logging.getLogger()]
    for logger in loggers:
        logger.addHandler(noticed)
    try:
        _originals["render"](page, config, files)
    finally:
        for logger in loggers:
            logger.removeHandler(noticed)
    if noticed.seen:
        return
    links = page.links_to_anchors
    if links is not None:
        links = {file.src_uri: dict(to) for file, to in links.items()}
    _keep(renders, key, (page.content, copy.deepcopy(page.toc), page._title_from_render,
                         frozenset(page.present_anchor_ids or ()), links))


def _keep(kept: OrderedDict, key, value) -> None:
    kept[key] = value
    while len(kept) > RENDERS_KEPT:
        kept.popitem(last=False)


def _add_entry_from_context(index: SearchIndex, page: Page) -> None:
    # The entries come from the page's HTML, table of contents, address, title and meta.
    toc = repr([(item.id, item.url, [child.id for child in item.children]) for item in page.toc])
    key = (page.content, toc, page.url, page.title, repr(page.meta), repr(index.config))
    kept = search_entries.get(key)
    if kept is None:
        start = len(index.entries)
        _originals["add_entry_from_context"](index, page)
        kept = copy.deepcopy(index.entries[start:])
        _keep(search_entries, key, kept)
    else:
        search_entries.move_to_end(key)
        index.entries.extend(copy.deepcopy(kept))


def _add_files_from_theme(files: Files, env, config) -> None:
    # Installed themes do not change while serving; the project's overrides/ may.
    project = Path(config.config_file_path).resolve().parent
    editable = [(root, sorted(names)) for folder in config.theme.dirs
                if Path(folder).resolve().is_relative_to(project) for root, _, names in os.walk(folder)]
    key = (tuple(config.theme.dirs), tuple(config.theme.static_templates), repr(editable))
    listing = _theme_listings.get(key)
    if listing is None:
        everything = Files([])
        _originals["add_files_from_theme"](everything, env, config)
        listing = [(file.src_uri, file.src_dir) for file in everything]
        if len(_theme_listings) >= 8:  # one per language pass; these are stale
            _theme_listings.clear()
        _theme_listings[key] = listing
    for uri, folder in listing:
        # As MkDocs: a file of docs/ takes precedence over the theme's.
        if files.get_file_from_path(uri) is None:
            files.append(File(uri, folder, config.site_dir, config.use_directory_urls))


def keep_between_rebuilds() -> bool:
    """Under `mkdocs serve`: keep page conversions, search entries and the theme's file list
    between rebuilds. Returns whether it is on (only for the versions it was written for)."""
    versions = {"mkdocs": mkdocs.__version__, "material": material.__version__}
    if versions != KEEPS_FOR:
        log.info("MkDocs %s, Material %s : reconstructions complètes sous `mkdocs serve` "
                 "(écrit pour MkDocs %s, Material %s).", *versions.values(), *KEEPS_FOR.values())
        return False
    if not _originals:
        _originals["render"] = Page.render
        _originals["add_files_from_theme"] = Files.add_files_from_theme
        _originals["add_entry_from_context"] = SearchIndex.add_entry_from_context
        Page.render = _render
        Files.add_files_from_theme = _add_files_from_theme
        SearchIndex.add_entry_from_context = _add_entry_from_context
    return True

