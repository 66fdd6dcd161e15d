"""`mkdocs serve`: what it watches, and how it reports a failed rebuild.

MkDocs watches docs/ whole. Each build writes the pages generated from resources/ into
docs/ (territoires/, cps/, outils/, agenda/), so a YAML edit made two builds: one for the
edit, one more for the pages the first had written. Here docs/ is watched without those
folders (their content is the build's own output). docs/plaquette/ stays watched: the
brochure PDF rendered in the background reaches the served site through one rebuild.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable

from mkdocs.exceptions import Abort
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


def keep_serving_after_failures(server) -> None:
    """After a failed rebuild, MkDocs' server holds every page request until a build
    succeeds ("appears stuck"): report the failure and keep serving the last site."""
    rebuild = server.builder

    def rebuild_or_keep_serving():
        try:
            rebuild()
        except Abort:
            log.error(
                "Le site n'a pas été reconstruit : corrigez l'erreur ci-dessus et enregistrez, "
                "la page se mettra à jour. En attendant, la dernière version construite reste affichée."
            )

    server.builder = rebuild_or_keep_serving
