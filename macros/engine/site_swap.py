"""`build` writes the site into a new folder beside the target and puts it in the target's
place only once it succeeded, in one step: a build killed at any moment, or one that fails,
leaves the last good site as it was.

On Linux the two folders are exchanged atomically (renameat2 with RENAME_EXCHANGE); where
that call is missing, two renames follow each other. What a killed build left (the dot-named
folder beside the site) is removed by the next build. (`serve` has its own aside folder:
macros/engine/serve.py.)
"""

from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path

PREFIX = "."  # MkDocs, git status and file managers leave dot-named folders aside
SUFFIX = ".partial-"
COMMANDS = ("build", "gh-deploy")  # the commands that write the site where it is published
_state: dict = {"command": None, "target": None, "aside": None, "config": None, "failed": False}


def _aside_name(target: Path) -> str:
    return f"{PREFIX}{target.name}{SUFFIX}"


def remove_leftovers(target: Path) -> None:
    """The folders killed builds left beside `target`."""
    if target.parent.is_dir():
        for path in target.parent.glob(_aside_name(target) + "*"):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)


def start(command: str) -> None:
    """on_startup: whether this run builds the published site."""
    _state.update(command=command, target=None, aside=None, config=None, failed=False)


def build_aside(config) -> None:
    """on_config (once per language build): write the site into a new folder beside
    `site_dir`."""
    if _state["command"] not in COMMANDS or _state["aside"]:
        return
    target = Path(config.site_dir).resolve()
    remove_leftovers(target)
    aside = target.parent / f"{_aside_name(target)}{os.getpid()}"
    _state.update(target=str(target), aside=str(aside), config=config)
    config.site_dir = str(aside)


def failed() -> None:
    """on_build_error (of any language's build)."""
    _state["failed"] = True


def _exchange(first: str, second: str) -> bool:
    """Swap two paths in one step (Linux ≥ 3.15); False where that is not possible."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0


def finish() -> None:
    """on_shutdown: a successful build's site takes the target's place and the previous one
    goes; a failed build's folder goes and the last good site stays."""
    target, aside, config = _state["target"], _state["aside"], _state["config"]
    _state.update(target=None, aside=None, config=None)
    if not target or not aside or not os.path.isdir(aside):
        return
    if _state["failed"]:
        shutil.rmtree(aside, ignore_errors=True)
        return
    if not os.path.lexists(target):
        os.rename(aside, target)
    elif not _exchange(aside, target):
        old = f"{aside}-ancien"
        os.rename(target, old)
        os.rename(aside, target)
        aside = old
    config.site_dir = target  # `gh-deploy` publishes from here next
    shutil.rmtree(aside, ignore_errors=True)  # now the previous site
