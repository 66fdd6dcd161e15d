"""`mkdocs serve`: what it watches, what it keeps between rebuilds, and how it reports a
failed rebuild.

MkDocs watches docs/ whole. Each build writes the pages generated from resources/ into
docs/ (territoires/, cps/, outils/, agenda/), so a YAML edit made two builds: one for the
edit, one more for the pages the first had written. Here docs/ is watched without those
folders (their content is the build's own output). docs/plaquette/ stays watched: the
brochure PDF rendered in the background reaches the served site through one rebuild.

Every rebuild then builds both languages anew. Under serve only, what an edit rarely
changes is kept between rebuilds (`keep_between_rebuilds`), each by everything it depends
on: the macros' compiled Jinja code of each page's text, the Markdown-to-HTML conversion of
each page, its search index entries (Material parses each page's HTML for them), each
page's HTML as the theme's templates render it and as the site pass finishes it. When only
the navigation changed (a navigation title edited), each page is kept around its
navigation, and only the navigation is rendered and finished again.
`mkdocs build` is left as MkDocs makes it, but for one thing shared with serve: the theme's
files (Material's ~14,000, listed and filtered by MkDocs for each language pass) are listed
once (`keep_theme_listing`).
"""

from __future__ import annotations

import copy
import gc
import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
import signal
import stat as statmodule
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

import jinja2
import jinja2.meta
import material
import mkdocs
import mkdocs.utils
import mkdocs.utils.meta
import mkdocs_static_i18n.suffix as i18n_suffix
from material.plugins.search.plugin import SearchIndex, SearchPlugin
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from watchdog.observers.polling import PollingObserverVFS

from ..content import page_transforms
from ..content.pages import SECTIONS
from .internals import SERVE_CACHES_FOR, WRITTEN_FOR
from .messages import engine, new_build, unexpected
from .site_pass import FinishedKey, pack, unpack

# Seconds between two looks at the watched files (MkDocs polls every 0.5 s). A look at the
# ~230 watched files (docs/, resources/, macros/, overrides/) takes about a millisecond: 2 % of
# a core, for an edit seen 25 ms sooner on average than at 0.1 s.
POLL_INTERVAL = 0.05
# Seconds MkDocs waits after a change for more changes before rebuilding (0.1 s by default):
# one look of the poller already gathers a save's changes.
BUILD_DELAY = 0.02
log = logging.getLogger("mkdocs.hooks.prendre_soin_de_soi")


def listdir_without(excluded: Iterable[str]) -> Callable[[str], list[os.DirEntry]]:
    """os.scandir that leaves out the given absolute paths (and so what is under them)."""
    excluded = frozenset(os.path.abspath(path) for path in excluded)

    def listdir(path: str) -> list[os.DirEntry]:
        with os.scandir(path) as entries:
            return [entry for entry in entries if os.path.abspath(entry.path) not in excluded]

    return listdir


def stat_or_empty(folders: Iterable[str]) -> Callable[[str], os.stat_result]:
    """os.stat, but a watched folder that is missing reads as an empty folder. watchdog stops
    watching a folder that disappears, so moving resources/ away and back ended rebuilds;
    this way its files read as deleted (a rebuild says the folder is missing), then as
    created again (a rebuild serves them)."""
    folders = frozenset(os.path.abspath(folder) for folder in folders)

    def stat(path: str) -> os.stat_result:
        try:
            return os.stat(path)
        except FileNotFoundError:
            if os.path.abspath(path) not in folders:
                raise
            return os.stat_result((statmodule.S_IFDIR | 0o755, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    return stat


def watch_without_generated(server, docs_dir: str, watched: Iterable[str], folders: Iterable[str] = ()) -> None:
    """Give `server` a watcher that skips docs/'s generated folders, and move to it the
    `watched` paths MkDocs has already registered (docs/, mkdocs.yml, the theme with
    --watch-theme). Call it before any plugin adds its own paths. `folders`: the watched
    folders that may be moved away and back (`stat_or_empty`)."""
    generated = [os.path.join(docs_dir, section) for section in SECTIONS]
    moved = []
    for path in watched:
        try:
            server.unwatch(path)
        except KeyError:  # not watched (e.g. the theme, without --watch-theme)
            continue
        moved.append(path)
    server.observer = PollingObserverVFS(stat_or_empty([*watched, *folders]), listdir_without(generated),
                                         polling_interval=POLL_INTERVAL)
    server.build_delay = BUILD_DELAY
    for path in moved:
        server.watch(path)


KEEP_SERVING = ("Le site n'a pas été reconstruit : corrigez l'erreur ci-dessus et enregistrez, "
                "la page se mettra à jour. En attendant, la dernière version construite reste affichée.")


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


# The outcome of the last rebuild, for the browser's banner (`status`). `build` counts
# rebuilds, so the page can tell a new failure from the one it already shows.
_status: dict = {"ok": True, "messages": [], "build": 0}
_started = {"at": time.monotonic()}


def started(dirty: bool = False) -> None:
    """`mkdocs serve` starts (on_startup): its first build's time is counted from here."""
    _started["at"] = time.monotonic()
    _served["aside"] = not dirty  # --dirty rebuilds only what changed, in place
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop_as_ctrl_c)


def _stop_as_ctrl_c(signum, frame):
    """SIGTERM (`kill`, an editor's stop button, a test) stops serve as Ctrl+C does, so MkDocs
    removes its temporary site (by default SIGTERM ends Python at once and leaves it behind)."""
    raise KeyboardInterrupt


# A rebuild is written beside the served site and replaces it only once it succeeded: a
# failed one (data, a page, strict mode's warnings, a crash half-way) leaves the last good
# site served whole, as the browser's banner says.
_served: dict = {"root": None, "aside": True, "building": None}  # building: this build's site folder


def _aside(root: str) -> str:
    """The folder a rebuild writes into, beside the served site `root`."""
    return root + "-suivant"


def build_aside(config) -> None:
    """on_config: under serve, a rebuild writes into `<served site>-suivant`."""
    root = _served["root"]
    if root and _served["aside"] and os.path.abspath(config.site_dir) == root:
        config.site_dir = _aside(root)
    _served["building"] = os.path.abspath(config.site_dir)


def _replace_served(succeeded: bool) -> None:
    root = _served["root"]
    if not root or not _served["aside"]:
        return
    built, old = _aside(root), f"{root}-ancien-{time.monotonic_ns()}"
    if succeeded and os.path.isdir(built):
        os.rename(root, old)
        try:
            os.rename(built, root)
        except OSError:
            os.rename(old, root)  # keep serving the last good site
            raise
        # Behind the reload, not before it: the replaced site's files are removed and its
        # folders become the next rebuild's (made anew, ~260 folders cost 0.03 s a rebuild).
        _recycled["clean"] = None
        _recycled["thread"] = threading.Thread(target=_recycle, args=(old, built), daemon=True)
        _recycled["thread"].start()
        return
    _settle()
    if _recycled["clean"] != built:  # a failed or crashed rebuild's folder
        shutil.rmtree(built, ignore_errors=True)
        _recycled["clean"] = None


# The replaced site being emptied (`thread`), and the rebuild's folder once it holds only
# folders (`clean`): MkDocs' cleaning of the site's folder has nothing to do then.
_recycled: dict = {"thread": None, "clean": None}


def _recycle(old: str, aside: str) -> None:
    try:
        for folder, folders, names in os.walk(old):
            for name in [*names, *(name for name in folders if os.path.islink(os.path.join(folder, name)))]:
                os.unlink(os.path.join(folder, name))
        os.rename(old, aside)
        _recycled["clean"] = aside
    except OSError:
        shutil.rmtree(old, ignore_errors=True)


def _settle() -> None:
    """Wait until the replaced site is emptied (it runs between rebuilds: at once in practice)."""
    if _recycled["thread"] is not None:
        _recycled["thread"].join()
        _recycled["thread"] = None


def _clean_directory(directory: str) -> None:
    """MkDocs' utils.clean_directory under serve: the rebuild's folder, emptied when it was
    recycled, keeps its folders."""
    if _recycled["clean"] is not None and os.path.abspath(directory) == _recycled["clean"]:
        _recycled["clean"] = None
        return
    _originals["clean_directory"](directory)


def finish_removals() -> None:
    """on_shutdown: nothing left beside the served site in the temporary folder."""
    collect_when_idle(False)
    _settle()
    root = _served["root"]
    if root:
        shutil.rmtree(_aside(root), ignore_errors=True)
        _recycled["clean"] = None


# A rebuild under serve stops after this many seconds (REBUILD_TIMEOUT, in seconds): a page
# or a data text too heavy to convert must not leave the preview waiting for ever.
REBUILD_TIMEOUT = 60.0
_working: dict = {"on": None}


def working_on(what: str) -> None:
    """What the build is doing now (a page, the data), for the message of a rebuild too slow.
    Called by the hooks at each step; costs one assignment."""
    _working["on"] = what


class TooSlow(BaseException):
    """The rebuild's time is up. A BaseException: no `except Exception` in a plugin or in
    MkDocs may take it for a page's error and carry on."""


def _time_up(signum, frame):
    raise TooSlow


def _rebuild_timeout() -> float:
    try:
        return max(float(os.environ.get("REBUILD_TIMEOUT") or REBUILD_TIMEOUT), 0.1)
    except ValueError:
        return REBUILD_TIMEOUT


def too_slow_message(seconds: float, what: str | None) -> str:
    """`what`: the file (docs/…) or the step the rebuild was at when its time was up."""
    where = f" pendant {what}" if what else ""
    culprit = ("Ce fichier est" if what and what.endswith((".md", ".yml")) else
               "Votre dernière modification (une page ou un texte de resources/) est")
    return (f"La reconstruction a dépassé {_seconds(seconds)} s{where} : elle a été arrêtée. {culprit} "
            "probablement trop long ou trop lourd à convertir (un texte très long, des milliers de signes "
            "« & », « < »…) : raccourcissez-le ou découpez-le, puis enregistrez.")


class _bounded:
    """Stop what runs inside after `seconds` (SIGALRM: the main thread only, where MkDocs'
    serve loop rebuilds; elsewhere, unbounded)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.armed = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")

    def __enter__(self):
        if self.armed:
            self.previous = signal.signal(signal.SIGALRM, _time_up)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc):
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        return False


class _Said(logging.Handler):
    """The warnings and errors of one rebuild, as the terminal shows them."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if message and message not in self.messages:
            self.messages.append(message)


def keep_serving_after_failures(server) -> None:
    """After a failed rebuild, MkDocs' server holds every page request until a build
    succeeds ("appears stuck"): whatever the failure, report it and keep serving the last
    site. The outcome also goes to the browser (`show_status_in_pages`)."""
    rebuild = server.builder
    root = getattr(server, "root", None)
    _served["root"] = os.path.abspath(root) if root else None
    log.info("Site construit en %s s.", _seconds(time.monotonic() - _started["at"]))

    def rebuild_or_keep_serving():
        collect_when_idle(False)
        new_build()
        said = _Said()
        # Every record of the engine (`properdocs.*` under ProperDocs), ours and plugins' too.
        engine_log = logging.getLogger(engine())
        engine_log.addHandler(said)
        start = time.monotonic()
        failure = None
        _replace_served(False)  # what a crashed rebuild may have left
        working_on(None)
        bound = _rebuild_timeout()
        try:
            with _bounded(bound):
                rebuild()
        except TooSlow:
            failure = f"{too_slow_message(bound, _working['on'])}\n{KEEP_SERVING}"
        except Abort:  # our own message, or MkDocs' strict-mode summary, is already logged
            failure = KEEP_SERVING
        except (Exception, SystemExit) as err:  # serve must keep answering
            log.debug("Erreur inattendue", exc_info=True)
            failure = f"{unexpected(err, 'la reconstruction du site')}\n{KEEP_SERVING}"
        finally:
            engine_log.removeHandler(said)
        try:
            _replace_served(failure is None)
        except OSError as err:
            failure = f"{unexpected(err, 'la mise à jour du site servi')}\n{KEEP_SERVING}"
        if failure is None:
            _status.update(ok=True, messages=[], build=_status["build"] + 1)
            log.info("Site reconstruit en %s s (%s) : la page se recharge.",
                     _seconds(time.monotonic() - start), time.strftime("%H:%M:%S"))
        else:
            log.error(failure)
            messages = said.messages + ([failure.split("\n")[0]] if failure != KEEP_SERVING else [])
            _status.update(ok=False, messages=messages or [failure], build=_status["build"] + 1)
        collect_when_idle()

    server.builder = rebuild_or_keep_serving
    collect_when_idle()


# Python's full garbage collection goes over every object the caches keep: about 40 ms here,
# and it came inside one rebuild in three. It runs instead a second after a build, while the
# editor reads the page; the next rebuild then leaves too few new objects to start one.
IDLE_COLLECT_AFTER = 1.0
_idle: dict = {"timer": None}


def collect_when_idle(start: bool = True) -> None:
    """Collect garbage IDLE_COLLECT_AFTER seconds from now (`start`), or not before the next
    build (a rebuild begins)."""
    if _idle["timer"] is not None:
        _idle["timer"].cancel()
        _idle["timer"] = None
    if start:
        _idle["timer"] = threading.Timer(IDLE_COLLECT_AFTER, gc.collect)
        _idle["timer"].daemon = True
        _idle["timer"].start()


# ------------------------------------------------------------ the browser's banner

# Under serve only, every HTML page served gets one same-origin script (the pages'
# Content-Security-Policy refuses MkDocs' inline live-reload script): it reloads the page
# after a rebuild, as MkDocs' would, and polls `status` to show the last rebuild's error
# at the top of the page. Both are answered by the server itself, never written into the
# site: `mkdocs build` and the offline zip have neither.
PREVIEW = "/__apercu__/"
SCRIPT = Path(__file__).resolve().parent / "assets" / "apercu.js"


def status() -> dict:
    return dict(_status)


def _script_tag(epoch: int) -> bytes:
    request = int(time.monotonic() * 1000)
    return (f'<script src="{PREVIEW}apercu.js" data-epoch="{epoch}" data-request="{request}" '
            f'data-status="{PREVIEW}etat.json"></script>').encode()


def show_status_in_pages(server) -> None:
    """Answer PREVIEW's script and status, and put the script into every page served."""
    import json

    def inject(content: bytes, epoch: int) -> bytes:
        if b'rel="cms-config-url"' in content:
            # The form editor: a reload after each save would drop the editor's place (and
            # its draft); its saves show in the site's pages, which do reload.
            return content
        at = content.rfind(b"</body>")
        at = len(content) if at < 0 else at
        return content[:at] + _script_tag(epoch) + content[at:]

    serve_request = server.serve_request

    def answer(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == PREVIEW + "etat.json":
            body = json.dumps(status(), ensure_ascii=False).encode()
            start_response("200 OK", [("Content-Type", "application/json; charset=utf-8"),
                                      ("Cache-Control", "no-store"), ("Content-Length", str(len(body)))])
            return [body]
        if path == PREVIEW + "apercu.js":
            body = SCRIPT.read_bytes()
            start_response("200 OK", [("Content-Type", "application/javascript; charset=utf-8"),
                                      ("Cache-Control", "no-store"), ("Content-Length", str(len(body)))])
            return [body]
        return serve_request(environ, start_response)

    server._inject_js_into_html = inject
    server.set_app(answer)


# ---------------------------------------------------------------- kept between rebuilds

# These wrap two methods of MkDocs and one of Material (listed in internals.py, with the
# versions they were written for); other versions build without them.
KEEPS_FOR = SERVE_CACHES_FOR
RENDERS_KEPT = 5000  # pages (both languages); the 2,000-tool scale has about 4,300
renders: OrderedDict[tuple, tuple] = OrderedDict()
search_entries: OrderedDict[tuple, list[dict]] = OrderedDict()
stats = {"hits": 0, "misses": 0, "pages_kept": 0, "nav_kept": 0, "navigations_only": 0, "compiled": 0,
         "theme_listed": 0}
_originals: dict[str, Callable] = {}
_theme_listings: dict[tuple, list[tuple[str, str]]] = {}
_pass_kept: tuple[Files, str] | None = None


def _build_signature(files: Files, config) -> str:
    """What every page's conversion depends on besides its own Markdown: the address of
    every file (links resolve against them), the Markdown settings and what the page
    transforms add (the glossary, in the pass's language). Computed once per language pass
    (each has its own Files)."""
    global _pass_kept
    if _pass_kept is None or _pass_kept[0] is not files:
        transforms = config["mdx_configs"].get(page_transforms.NAME, {})
        added = page_transforms.signature(transforms["lang"], transforms["resources"]) if transforms else ""
        listed = repr((sorted((f.src_uri, f.url, f.inclusion.name) for f in files),
                       config["markdown_extensions"], config["mdx_configs"], added,
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
        page.toc = _copy_toc(toc)
        page.present_anchor_ids = set(anchors)
        if links is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): dict(to) for uri, to in links.items()}
        return
    stats["misses"] += 1
    noticed = _Noticed()
    loggers = [logging.getLogger(engine()), logging.getLogger()]
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
    _keep(renders, key, (page.content, _copy_toc(page.toc), page._title_from_render,
                         frozenset(page.present_anchor_ids or ()), links))


def _copy_toc(toc):
    """A page's table of contents and its entries copied (the build sets their attributes:
    titles marked with their language, `active`): 8 times faster than copy.deepcopy."""
    def entry(item):
        copied = object.__new__(type(item))
        copied.__dict__.update(item.__dict__)
        copied.children = [entry(child) for child in item.children]
        return copied

    copied = object.__new__(type(toc))
    copied.__dict__.update(toc.__dict__)
    copied.items = [entry(item) for item in toc.items]
    return copied


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


def _search_page_context(plugin: SearchPlugin, context, *, page: Page, config, nav):
    # Material strips data-search-* attributes from every page with a regular expression over
    # its whole HTML (0.25 ms a page, 30 ms a rebuild of the real site, measured): a page without
    # one has nothing to strip, and one stripped before is kept by its HTML.
    if plugin.config.enabled and page.content is not None:
        stripped = page.content if "data-search-" not in page.content else stripped_contents.get(page.content)
        if stripped is not None:
            plugin.search_index.add_entry_from_context(page)
            page.content = stripped
            return None
        before = page.content
        result = _originals["on_page_context"](plugin, context, page=page, config=config, nav=nav)
        _keep(stripped_contents, before, page.content)
        return result
    return _originals["on_page_context"](plugin, context, page=page, config=config, nav=nav)


# A page's HTML with those attributes stripped, by its HTML (a kept conversion hands out the
# same string again: its hash is already known, the lookup costs nothing).
stripped_contents: OrderedDict[str, str] = OrderedDict()


def _write_file(content: bytes, output_path: str) -> None:
    """MkDocs' utils.write_file under serve: a page the served site already holds byte for
    byte is linked from it into the rebuild's folder, not written again (a rebuild writes
    every page into a new folder; a write costs 0.35 ms here, a link 0.03 ms)."""
    root = _served["root"]
    if root and _served["aside"] and output_path.endswith(".html"):
        relative = os.path.relpath(output_path, _aside(root))
        served = os.path.join(root, relative)
        if not relative.startswith(os.pardir) and not os.path.lexists(output_path):
            try:
                with open(served, "rb") as file:
                    same = os.fstat(file.fileno()).st_size == len(content) and file.read() == content
                if same:
                    _make_folder(os.path.dirname(output_path))
                    os.link(served, output_path)
                    return
            except OSError:  # not served yet, or links refused: written below
                pass
    if os.path.isfile(output_path) and os.stat(output_path).st_nlink > 1:
        os.unlink(output_path)  # never written through a link into the served site
    _make_folder(os.path.dirname(output_path))
    with open(output_path, "wb") as file:  # what MkDocs' write_file does
        file.write(content)


def _make_folder(path: str) -> None:
    # os.makedirs(exist_ok=True) raises and catches an error for a folder already there:
    # three times slower, for each of the ~130 pages of a rebuild.
    if not os.path.isdir(path):
        os.makedirs(path, exist_ok=True)


# A static file as copied into a rebuild's folder: its path in the site -> (source, the
# source's stat, the copy's stat). The copy became the served site's file at the swap.
_copied: dict[str, tuple] = {}


def _stat_key(path: str) -> tuple[int, int, int]:
    stat = os.stat(path)
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def _copy_file(file: File, dirty: bool = False) -> None:
    """File.copy_file under serve: a static file whose source is unchanged since a build
    copied it into the served site, and that nothing rewrote there since (the site's pass
    rewrites some: their stat changed), is linked from the served site, not copied again.
    The first build's copies are noted too: the first rebuild links them (~140 files)."""
    root, building, source, output = _served["root"], _served["building"], file.abs_src_path, file.abs_dest_path
    if dirty or not building or not _served["aside"] or getattr(file, "_content", None) is not None \
            or source is None or (root and building != _aside(root)):
        return _originals["copy_file"](file, dirty)
    relative = os.path.relpath(output, building)
    if relative.startswith(os.pardir) or not os.path.relpath(source, building).startswith(os.pardir) \
            or os.path.isdir(output):
        return _originals["copy_file"](file, dirty)  # outside the build's folder, a plugin's file in it…
    _make_folder(os.path.dirname(output))
    if os.path.lexists(output):
        os.unlink(output)  # never written through a link into the served site
    source_key = _stat_key(source)
    try:
        if root and _copied.get(relative) == (source, source_key, _stat_key(os.path.join(root, relative))):
            os.link(os.path.join(root, relative), output)
            return
    except OSError:  # not served yet, or links refused: copied below
        pass
    shutil.copyfile(source, output)
    _copied[relative] = (source, source_key, _stat_key(output))


def _add_files_from_theme(files: Files, env, config) -> None:
    # Installed themes do not change while serving; the project's overrides/ may.
    project = Path(config.config_file_path).resolve().parent
    editable = [(root, sorted(names)) for folder in config.theme.dirs
                if Path(folder).resolve().is_relative_to(project) for root, _, names in os.walk(folder)]
    # static-i18n puts its sitemap folder first again for each other language: a folder
    # listed twice lists the same files.
    key = (tuple(dict.fromkeys(config.theme.dirs)), tuple(sorted(config.theme.static_templates)), repr(editable))
    listing = _theme_listings.get(key)
    if listing is None:
        everything = Files([])
        _theme_original["add_files_from_theme"](everything, env, config)
        stats["theme_listed"] += 1
        listing = [(file.src_uri, file.src_dir) for file in everything]
        if len(_theme_listings) >= 8:  # one per language pass; these are stale
            _theme_listings.clear()
        _theme_listings[key] = listing
    for uri, folder in listing:
        # As MkDocs: a file of docs/ takes precedence over the theme's.
        if files.get_file_from_path(uri) is None:
            files.append(File(uri, folder, config.site_dir, config.use_directory_urls))


_theme_original: dict[str, Callable] = {}


def _written_for() -> bool:
    return {"mkdocs": mkdocs.__version__, "material": material.__version__} == KEEPS_FOR


def keep_theme_listing() -> None:
    """Every command: the theme's files listed once for all language passes (and rebuilds),
    not once per pass (0.04 s a pass here)."""
    if _written_for() and not _theme_original:
        _theme_original["add_files_from_theme"] = Files.add_files_from_theme
        Files.add_files_from_theme = _add_files_from_theme


def keep_between_rebuilds() -> bool:
    """Under `mkdocs serve`: keep page conversions and search entries between rebuilds.
    Returns whether it is on (only for the versions it was written for)."""
    if not _written_for():
        log.info("MkDocs %s, Material %s : reconstructions complètes sous `mkdocs serve` "
                 "(écrit pour MkDocs %s, Material %s).", mkdocs.__version__, material.__version__,
                 *KEEPS_FOR.values())
        return False
    if not _originals:
        _originals["render"] = Page.render
        _originals["add_entry_from_context"] = SearchIndex.add_entry_from_context
        _originals["translate"] = SearchPlugin._translate
        _originals["on_page_context"] = SearchPlugin.on_page_context
        _originals["write_file"] = mkdocs.utils.write_file
        _originals["copy_file"] = File.copy_file
        _originals["clean_directory"] = mkdocs.utils.clean_directory
        Page.render = _render
        SearchIndex.add_entry_from_context = _add_entry_from_context
        SearchPlugin._translate = _translate
        SearchPlugin.on_page_context = _search_page_context
        mkdocs.utils.write_file = _write_file
        File.copy_file = _copy_file
        mkdocs.utils.clean_directory = _clean_directory
        _originals["get_data"] = mkdocs.utils.meta.get_data
        mkdocs.utils.meta.get_data = _get_data
        if importlib.metadata.version("mkdocs-static-i18n") == WRITTEN_FOR["mkdocs-static-i18n"]:
            _originals["create_i18n_file"] = i18n_suffix.create_i18n_file
            i18n_suffix.create_i18n_file = _create_i18n_file
    return True


# A page's front matter as YAML parsed it, by the page's text: each rebuild reads every page
# in both passes (0.1 ms a page parsed; 3 % of a rebuild).
front_matters: OrderedDict[str, tuple[str, dict]] = OrderedDict()


def _get_data(source: str) -> tuple[str, dict]:
    """mkdocs.utils.meta.get_data under serve: the page's text without its front matter, and a
    copy of the front matter (plugins may change a page's meta)."""
    kept = front_matters.get(source)
    if kept is None:
        kept = _originals["get_data"](source)
        _keep(front_matters, source, kept)
    else:
        front_matters.move_to_end(source)
    return kept[0], copy.deepcopy(kept[1])


# static-i18n makes each of the docs' files anew for each language pass (0.06 ms a file,
# ~550 files a pass here: 0.06 s a rebuild), from what it was given; kept by that, a copy
# handed out each time (each pass sets its own page and alternates on it).
i18n_files: dict[tuple, File] = {}


def _create_i18n_file(file: File, current_language: str, default_language: str, all_languages: list, config) -> File:
    key = (file.src_uri, file.dest_uri, file.inclusion, current_language, default_language, tuple(all_languages),
           config.docs_dir, config.site_dir, config.use_directory_urls)
    made = i18n_files.get(key)
    if made is None:
        if len(i18n_files) > 4 * RENDERS_KEPT:
            i18n_files.clear()
        made = i18n_files[key] = _originals["create_i18n_file"](file, current_language, default_language,
                                                                all_languages, config)
    copied = File.__new__(File)
    copied.__dict__.update(made.__dict__)
    copied.alternates = {current_language: copied}
    return copied


# Material's search plugin reads its settings' defaults (language, separator) from the
# theme's language template, which it compiles in a new Jinja environment at each build
# (10 ms a rebuild). Kept by the theme's folders, the language and the project's templates.
translations: dict[tuple, str] = {}


def _translate(plugin, config, value):
    key = (tuple(config.theme.dirs), config.theme["language"], value, repr(_template_files(config)))
    if key not in translations:
        translations[key] = _originals["translate"](plugin, config, value)
    return translations[key]


# ------------------------------------------------------------ pages' Jinja code kept between rebuilds

# mkdocs-macros compiles each page's Markdown as a Jinja template, in a Jinja environment it
# makes anew for every build and language pass (0.03 s a rebuild here). The compiled
# code depends only on the text and on the settings the compiler reads; it is kept by both.
compiled: OrderedDict[tuple, object] = OrderedDict()


def _compiler_settings(env: jinja2.Environment) -> tuple:
    def marks(functions: dict) -> tuple:  # names, and how each is called (read when compiling)
        return tuple(sorted((name, repr(getattr(f, "jinja_pass_arg", None))) for name, f in functions.items()))

    return (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
            env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
            env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
            tuple(sorted(env.extensions)), repr(env.autoescape), env.optimized, repr(env.finalize),
            marks(env.filters), marks(env.tests))


def keep_compiled_pages(macros) -> None:
    """on_pre_build under serve: the macros plugin's environment compiles a text it has compiled
    before (with the same settings) from the kept code. A text that fails is compiled again."""
    env = getattr(macros, "env", None)
    if not _originals or not isinstance(env, jinja2.Environment) or getattr(env.compile, "kept", False):
        return
    compile_ = env.compile
    settings = _compiler_settings(env)

    def kept_compile(source, name=None, filename=None, raw=False, defer_init=False):
        if not isinstance(source, str):  # a parsed template: compiled as Jinja would
            return compile_(source, name, filename, raw, defer_init)
        key = (source, name, filename, raw, defer_init, settings)
        code = compiled.get(key)
        if code is None:
            code = compile_(source, name, filename, raw, defer_init)
            stats["compiled"] += 1
            _keep(compiled, key, code)
        else:
            compiled.move_to_end(key)
        return code

    kept_compile.kept = True
    env.compile = kept_compile


# ------------------------------------------------------------ pages' HTML kept between rebuilds

# An edit usually changes a few pages of one language: the others would be rendered by the
# theme's templates into the same HTML again (Material's templates are about 40 % of a
# rebuild). Kept by a digest of everything the templates read (site_pass.pack).
outputs: OrderedDict[bytes, str | bytes | tuple[bytes, str]] = OrderedDict()
_STANDARD = frozenset(("nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version",
                       "build_date_utc", "config", "page"))  # build_date_utc, pages: unused by the templates
_pass_signature: dict = {"nav": None, "config": None, "digest": b"", "settings": b""}


def _nav_items(items) -> list:
    return [(type(item).__name__, item.title, getattr(item, "url", None),
             _nav_items(item.children) if item.children else None) for item in items]


def _template_files(config) -> list:
    """The project's own templates (overrides/): edited while serving, unlike the theme's."""
    project = Path(config.config_file_path).resolve().parent
    found = []
    for folder in config.theme.dirs:
        if Path(folder).resolve().is_relative_to(project):
            for root, _, names in os.walk(folder):
                for name in sorted(names):
                    stat = os.stat(os.path.join(root, name))
                    found.append((root, name, stat.st_mtime_ns, stat.st_size))
    return found


def _config_digest(config) -> bytes:
    """The configuration (the language pass's) and the project's templates. Once per pass."""
    if _pass_signature["config"] is not config:
        # Not the output folder (a rebuild writes beside the served site; no template reads it).
        settings = {key: value for key, value in config.items()
                    if key not in ("plugins", "site_dir") and not key.startswith("_")}
        shared = json.dumps([settings, list(config.plugins), _template_files(config)], default=repr, sort_keys=True)
        _pass_signature.update(config=config, nav=None, settings=hashlib.sha256(shared.encode()).digest())
    return _pass_signature["settings"]


def _render_pass(nav, config) -> bytes:
    """What every page of one language pass shares: the navigation, the configuration, the
    project's templates. Computed once per pass."""
    settings = _config_digest(config)
    if _pass_signature["nav"] is not nav:
        shared = json.dumps(_nav_items(nav.items), default=repr, sort_keys=True)
        _pass_signature.update(nav=nav, digest=hashlib.sha256(settings + shared.encode()).digest())
    return _pass_signature["digest"]


def _page_keys(template: str, context) -> tuple[bytes, bytes] | None:
    """The key of a page's HTML, and the key of the page around its navigation (the
    navigation's entries left out, the home page's address that the header links to kept).
    None for what is not a page nor the 404 page (the sitemap reads every page's date)."""
    page, nav, config = context.get("page"), context.get("nav"), context.get("config")
    if nav is None or config is None or (page is None and template != "404.html"):
        return None
    described: list = [template, context.get("base_url"), context.get("extra_css"), context.get("extra_javascript"),
                       context.get("mkdocs_version"),
                       {key: value for key, value in context.items() if key not in _STANDARD}]
    if page is not None:
        toc = [(item.id, item.title, item.url, item.level, [child.id for child in item.children])
               for item in page.toc]
        described += [page.url, page.canonical_url, page.edit_url, page.title, page.is_homepage,
                      repr(toc), page.meta, [(p.title, p.url) if p else None for p in (page.previous_page, page.next_page)],
                      [(a.title, getattr(a, "url", None)) for a in page.ancestors]]
    try:
        text = hashlib.sha256(json.dumps(described, default=repr, sort_keys=True, ensure_ascii=False).encode())
        if page is not None:  # its HTML hashed as it is: 3 times faster than as JSON
            text.update(b"\0" if page.content is None else b"\1" + page.content.encode())
        around = text.copy()
        around.update(repr((bool(nav), getattr(getattr(nav, "homepage", None), "url", None))).encode()
                      + _config_digest(config))
        text.update(_render_pass(nav, config))
    except (TypeError, ValueError):  # e.g. front matter keys of mixed types: rendered every time
        return None
    return text.digest(), around.digest()


# A navigation title edited (a territory renamed) changes every page of its language, and
# Material renders the whole navigation into each page (half of a page's rendering). A
# top-level entry of the navigation that does not hold the page is the same HTML on every
# page whose links to it read the same (links are relative to the page): kept by that.
NAV_ITEM = "partials/nav-item.html"
nav_entries: OrderedDict[bytes, object] = OrderedDict()
_entries_described: dict[int, tuple] = {}


def _nav_entry(item) -> tuple:
    """An entry of the navigation with all it holds, as the navigation's template reads it
    (once per pass): (the entry, its digest, the addresses it links to, the pages it holds)."""
    described = _entries_described.get(id(item))
    if described is None or described[0] is not item:
        urls: list[str] = []
        sources: set[str] = set()

        def walk(entry) -> list:
            url, file = getattr(entry, "url", None), getattr(entry, "file", None)
            if url is not None:
                urls.append(url)
            if file is not None:
                sources.add(file.src_uri)
            return [type(entry).__name__, entry.title, url, getattr(entry, "is_index", None),
                    getattr(entry, "meta", None), getattr(entry, "typeset", None), getattr(entry, "encrypted", None),
                    [walk(child) for child in entry.children or ()]]

        digest = hashlib.sha256(json.dumps(walk(item), default=repr, sort_keys=True).encode()).digest()
        if len(_entries_described) > 4 * RENDERS_KEPT:
            _entries_described.clear()
        described = _entries_described[id(item)] = (item, digest, tuple(urls), frozenset(sources))
    return described


def _kept_nav_entries(render, context: dict, env: jinja2.Environment):
    """Material's navigation macro (`render(nav_item, path, level, parent)`), its top-level
    entries that do not hold the page kept."""
    page, config, link = context.get("page"), context.get("config"), env.filters.get("url")

    def kept(*args):
        if page is None or config is None or link is None or len(args) != 3 or args[2] != 1:
            return render(*args)
        item, path, _ = args
        _, digest, urls, sources = _nav_entry(item)
        if getattr(item, "active", True) or page.file.src_uri in sources:
            return render(*args)
        # What the macro reads besides the entry: the configuration and each link as the page has it.
        described = json.dumps([path, context.get("base_url"), [link(context, url) for url in urls]])
        key = hashlib.sha256(_config_digest(config) + digest + described.encode()).digest()
        html = nav_entries.get(key)
        if html is None:
            html = render(*args)
            _keep(nav_entries, key, html)
        else:
            nav_entries.move_to_end(key)
            stats["nav_kept"] += 1
        return html

    return kept


# A page whose navigation alone changed: the page around its navigation is kept (by a key
# that leaves the navigation out), and only the navigation is rendered, with the variables
# Material's base template gives it (read from a page rendered whole in the same pass).
NAV = "partials/nav.html"
_MARK = "\x00navigation\x00"
around_pages: OrderedDict[bytes, str | bytes] = OrderedDict()
_navigation: dict = {"marking": False, "env": None, "variables": None, "added": None}
rendered_navs: dict[str, str] = {}
_read_names: dict[str, tuple] = {}


def _marked(root: Callable) -> Callable:
    """The navigation template's render function, its output between two marks when
    `_navigation["marking"]`."""

    def render(context):
        if not _navigation["marking"]:
            yield from root(context)
            return
        _navigation["variables"] = context.get_all()
        yield _MARK
        yield from root(context)
        yield _MARK

    return render


def _read_by(env: jinja2.Environment, name: str, seen: set | None = None) -> frozenset[str]:
    """The variables a template and those it includes or imports read from their context.
    Each template's are found again only when its source changes (parsing them costs 30 ms)."""
    seen = set() if seen is None else seen
    seen.add(name)
    source = env.loader.get_source(env, name)[0] if env.loader else ""
    found = _read_names.get(name)
    if found is None or found[0] != source:
        tree = env.parse(source)
        found = _read_names[name] = (source, frozenset(jinja2.meta.find_undeclared_variables(tree)),
                                     tuple(other for other in jinja2.meta.find_referenced_templates(tree)
                                           if other is not None and not other.startswith(".icons/")))
    read = set(found[1])
    for other in found[2]:
        if other not in seen:
            read |= _read_by(env, other, seen)
    return frozenset(read)


class _KeptRender(jinja2.Template):
    """A page template whose output is kept: the same inputs give the same HTML."""

    @classmethod
    def _from_namespace(cls, environment, namespace, globals):
        template = super()._from_namespace(environment, namespace, globals)
        if template.name == NAV:
            template.root_render_func = _marked(template.root_render_func)
        return template

    def make_module(self, vars=None, shared=False, locals=None):
        module = super().make_module(vars, shared, locals)
        if self.name == NAV_ITEM and vars is not None and isinstance(getattr(module, "render", None),
                                                                      jinja2.runtime.Macro):
            module.render = _kept_nav_entries(module.render, vars, self.environment)
        return module

    def render(self, *args, **kwargs) -> str:
        context = dict(*args, **kwargs)
        keys = _page_keys(self.name or "", context)
        if keys is None:
            return super().render(context)
        key, around = keys
        page = context.get("page")
        kept = outputs.get(key)
        if isinstance(kept, tuple) and kept[0] in around_pages:  # the page around, and its navigation
            html, nav = self._around(*kept), kept[1]
        elif isinstance(kept, (str, bytes)):
            html, nav = unpack(kept), None
        else:
            html, nav = self._render_anew(context, key, around if page is not None else None)
            kept = None
        if kept is not None:
            outputs.move_to_end(key)
            stats["pages_kept"] += 1
        if page is not None and nav is not None:
            rendered_navs[page.url] = nav.strip()  # for the site pass (site_pass.PageFinisher)
        return html

    def _render_anew(self, context: dict, key: bytes, around: bytes | None) -> tuple[str, str | None]:
        """A page not kept: its navigation alone when the page around it is kept, else whole."""
        nav = None
        if around in around_pages and _navigation["env"] is self.environment:
            nav = self._navigation_alone(context)
        if nav is not None and around is not None:
            stats["navigations_only"] += 1
            _keep(outputs, key, (around, nav))
            return self._around(around, nav), nav
        html, nav = self._render_marked(context, around)
        _keep(outputs, key, pack(html, len(outputs)))
        return html, nav

    @staticmethod
    def _around(around: bytes, nav: str) -> str:
        around_pages.move_to_end(around)
        before, after = unpack(around_pages[around]).split(_MARK)
        return before + nav + after

    def _render_marked(self, context: dict, around: bytes | None) -> tuple[str, str | None]:
        """The page rendered whole, and its navigation; the page around the navigation kept."""
        _navigation["marking"] = True
        try:
            parts = super().render(context).split(_MARK)
        finally:
            _navigation["marking"] = False
        if len(parts) != 3:  # no navigation, or the mark is in the page's own text
            return super().render(context), None
        before, nav, after = parts
        if around is not None:
            _keep(around_pages, around, pack(_MARK.join((before, after)), len(around_pages)))
            variables = _navigation["variables"] or {}
            # What the base template adds to the page's variables that the navigation reads
            # (`features`, `lang`: the same on every page of a pass).
            read = _read_by(self.environment, NAV)
            _navigation.update(env=self.environment, added={
                name: value for name, value in variables.items()
                if name in read and name not in context and name not in self.environment.globals})
        return before + nav + after, nav

    def _navigation_alone(self, context: dict) -> str | None:
        """The navigation of the page, rendered alone."""
        added = _navigation.get("added")
        if not added:
            return None
        template = self.environment.get_template(NAV)
        variables = {**self.environment.globals, **added, **context}
        return "".join(template.root_render_func(template.new_context(variables, True)))


# The site pass's finished pages (site_pass.PageFinisher), by the page as built (site_pass._key).
finished_pages: dict[FinishedKey, str | bytes] = {}


def rendered_navigation(page) -> str | None:
    """on_post_page: the page's navigation as its template rendered it (under serve)."""
    return rendered_navs.pop(page.url, None) if _originals else None


def kept_finished_pages() -> dict[FinishedKey, str | bytes] | None:
    return finished_pages if _originals else None


def keep_page_renders(env: jinja2.Environment) -> None:
    """on_env under serve, when the caches are on: each page's HTML kept between rebuilds."""
    if _originals:
        env.template_class = _KeptRender
