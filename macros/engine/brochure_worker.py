"""A changed brochure PDF is rendered in another process (`brochure.write_brochures` queues
it here). Under serve, after the rebuild, while the previous PDF is served; under build,
while the pages are built (`Alongside`: the PDFs are written at the build's end). Set up by
the hooks' on_startup (`start`); the hooks call `render_pending` at the end of each build.
Kept in its own module: serve loads the hooks file anew for every rebuild."""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..content import brochure

log = logging.getLogger("mkdocs.hooks.prendre_soin_de_soi")


def start(enabled: bool, alongside: bool = False) -> None:
    """on_startup: under serve (`enabled`), changed PDFs render here, in the background; under
    build (`alongside`), in another process while the pages are built; else at once."""
    brochure.render_later_with(sys.modules[__name__] if enabled else Alongside if alongside else None)


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
    """In the render process: end when the serving process has ended, even killed. Ctrl+C
    in the terminal reaches this process too: ignored here (no Python trace under the
    editor's eyes), the serving process stops and this one follows."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

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


def render_pending(site_dir: Path | None = None) -> None:
    """Start rendering the brochure changed by this build, once the build is over: the
    editor waits for the page, and the PDF would take the build's processor time. Under
    build, wait for the PDFs rendering alongside and write them into docs/ and `site_dir`."""
    global _worker
    if brochure._later is Alongside:
        Alongside.finish(site_dir)
        return
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


class Alongside:
    """Under `mkdocs build` (2 cores: the pages on one, the PDFs on the other): changed PDFs
    start rendering in another process as soon as the data is read. MkDocs lists and copies
    docs/'s files before it builds the pages, so a PDF not rendered yet is listed through
    its previous version (`brochure.write_brochures` renders at once a PDF that has none),
    and written into docs/ and the site at the end of the build (`finish`)."""

    alongside = True
    _jobs: list[tuple] = []  # (items, futures, docs_dir, cache_dir)
    _pool: ProcessPoolExecutor | None = None

    @classmethod
    def busy(cls) -> bool:
        return bool(cls._jobs)

    @classmethod
    def queue(cls, items, docs_dir: Path, cache_dir: Path | None) -> None:
        queued = {item.key for job in cls._jobs for item in job[0]}
        items = [item for item in items if item.key not in queued]  # both language passes ask
        if not items:
            return
        if cls._pool is None:
            cls._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_exit_with, initargs=(os.getpid(),))
        futures = [cls._pool.submit(_render_job, item.html) for item in items]
        cls._jobs.append((items, futures, docs_dir, cache_dir))

    @classmethod
    def finish(cls, site_dir: Path | None) -> None:
        jobs, cls._jobs = cls._jobs, []
        try:
            for items, futures, docs_dir, cache_dir in jobs:
                try:
                    pdfs = {item.html: future.result() for item, future in zip(items, futures, strict=True)}
                except BrokenProcessPool as err:
                    raise brochure.BrochureError(f"la plaquette PDF n'a pas pu être fabriquée : {err}") from None
                brochure._render(items, docs_dir, cache_dir, render=pdfs.__getitem__)
                if site_dir is not None:  # over the copy MkDocs made (keeping its permissions)
                    for item in items:
                        (site_dir / item.path).parent.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(docs_dir / item.path, site_dir / item.path)
        finally:
            cls.stop()

    @classmethod
    def stop(cls) -> None:
        """The build is over (or failed): no render process left behind."""
        cls._jobs = []
        if cls._pool is not None:
            cls._pool.shutdown(wait=False, cancel_futures=True)
            cls._pool = None
