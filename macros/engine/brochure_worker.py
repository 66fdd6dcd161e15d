"""Under serve only: a changed brochure PDF is rendered after the rebuild, in another process,
while the previous PDF is served (`brochure.write_brochures` queues it here). Set up by the
hooks' on_startup (`start`); the hooks call `render_pending` at the end of each build.
Kept in its own module: serve loads the hooks file anew for every rebuild."""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..content import brochure

log = logging.getLogger("mkdocs.hooks.prendre_soin_de_soi")


def start(enabled: bool) -> None:
    """on_startup: under serve, changed PDFs render here, in the background; else at once."""
    brochure.render_later_with(sys.modules[__name__] if enabled else None)


# Under `mkdocs serve`, a changed brochure is rendered after the site is rebuilt with the
# previous PDF; writing the new one into docs/ triggers one more rebuild. The render runs
# in another process: in a thread, it would hold the interpreter lock for about half of
# the rebuild the editor is waiting for.
_lock = threading.Lock()
_worker: threading.Thread | None = None
_next_job: tuple | None = None
_busy: set[str] = set()
_pool: ProcessPoolExecutor | None = None


def _exit_with(parent: int) -> None:
    """In the render process: end when the serving process has ended, even killed."""
    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _render_in_pool(html: str) -> bytes:
    global _pool
    if _pool is None:
        # spawn, not fork: the serving process runs threads (server, watcher).
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                    initializer=_exit_with, initargs=(os.getpid(),))
    return _pool.submit(_render_job, html).result()


def _render_job(html: str) -> bytes:
    # Sent to the render process by name: there it calls that process's own render_pdf.
    return brochure.render_pdf(html)


def busy() -> bool:
    """Whether some brochure is queued or rendering (its partial file is not a leftover)."""
    return bool(_busy)


def queue(items, docs_dir: Path, cache_dir: Path | None) -> None:
    """Render `items` once the build is over (`render_pending`)."""
    global _worker, _next_job
    with _lock:
        items = [item for item in items if item.key not in _busy]
        if not items:
            return
        _busy.update(item.key for item in items)
        _next_job = (items, docs_dir, cache_dir)
    log.info("Plaquette PDF : mise à jour en arrière-plan, la page se rechargera ensuite.")


def render_pending() -> None:
    """Start rendering the brochure changed by this build, once the build is over: the
    editor waits for the page, and the PDF would take the build's processor time."""
    global _worker
    with _lock:
        if _next_job is not None and _worker is None:
            _worker = threading.Thread(target=_work, name="brochure-pdf", daemon=True)
            _worker.start()


def _work() -> None:
    global _worker, _next_job, _pool
    while True:
        with _lock:
            job, _next_job = _next_job, None
            if job is None:
                _worker = None
                return
        try:
            brochure._render(*job, render=_render_in_pool)
        except Exception as err:  # noqa: BLE001 - a BrochureError, or the render process died (killed…)
            if isinstance(err, BrokenProcessPool):
                _pool = None
            log.error("Plaquette PDF non mise à jour : %s", err)
        finally:
            with _lock:
                _busy.difference_update(item.key for item in job[0])
