"""Writing the generator's files so that a build killed at any moment leaves none half-written.

Each file is written to a temporary file beside it, then renamed over it (atomic on the
same file system). The temporary name starts with a dot: MkDocs leaves such files out of
the site, so one left by a killed build never reaches it, and the next build removes it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEMPORARY = ".partial-"


def atomic_write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f"{TEMPORARY}{path.name}.", delete=False)
    try:
        with handle:
            handle.write(content)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def write_anew(path: Path, text: str) -> None:
    """Write `path` as a new file, never through a link (under serve, a file of the rebuild
    may be linked from the served site: macros/engine/serve.py)."""
    path.unlink(missing_ok=True)
    path.write_text(text, encoding="utf-8")


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write `path` only if its content changes (`mkdocs serve` watches docs/)."""
    try:
        if path.read_bytes() == content:
            return False
    except FileNotFoundError:
        pass
    atomic_write(path, content)
    return True


def remove_partial(folder: Path) -> None:
    """Remove what a killed build left half-written under `folder`."""
    if folder.is_dir():
        for path in folder.rglob(f"{TEMPORARY}*"):
            path.unlink(missing_ok=True)
