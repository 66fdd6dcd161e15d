"""The form editor's files in the built site (site/admin/), after each build: the admin
page with its policy, its configuration generated from the data, and Decap's bundle — or
a page saying what to install. Engine side: it writes into the engine's output folder
after every build and rebuild; what these files are is declared in `content/cms.py`."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..content.cms import (ADMIN, CMS, DIST, LOCAL_PORT, MISSING, PAGE_FILES, REPO_PLACEHOLDER, YAML_DIST,
                           admin_policy, codespaces_page, config_text)
from ..data.files import write_if_changed
from ..data.loader import load_site_data


def _copy(source: Path, target: Path) -> None:
    # Under `mkdocs serve` this runs after every rebuild, into a new folder: link rather than
    # copy Decap's 7 MB (nothing writes these files in place; a new version replaces the link).
    if target.is_file():
        a, b = source.stat(), target.stat()
        if a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime):
            return
        target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or links refused
        shutil.copy2(source, target)


def write_admin(site_dir: Path, root: Path) -> None:
    """site/admin/: the admin page, its fresh config and Decap (or a page saying what to install)."""
    target = Path(site_dir) / ADMIN
    cms = Path(root) / CMS
    dist = cms / DIST
    notice = codespaces_page(os.environ)
    if notice is not None:  # the preview in Codespaces: the published form, not this one
        if target.is_dir():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        (target / "index.html").write_text(notice, encoding="utf-8")
        return
    if not (dist / "decap-cms.js").is_file() or not (cms / YAML_DIST / "index.js").is_file():
        if target.is_dir():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        (target / "index.html").write_text(MISSING, encoding="utf-8")
        return
    for name in PAGE_FILES:
        _copy(cms / name, target / name)
    for path in dist.iterdir():
        if path.suffix in (".js", ".wasm") and "decap-cms" in path.name or path.suffix == ".wasm" \
                or path.name == "decap-cms.js.LICENSE.txt":
            _copy(path, target / path.name)
    for path in (cms / YAML_DIST).rglob("*.js"):
        _copy(path, target / "yaml" / path.relative_to(cms / YAML_DIST))
    _copy(cms / "node_modules" / "yaml" / "LICENSE", target / "yaml" / "LICENSE")
    port = int(os.environ.get(LOCAL_PORT) or 0) or None
    repo = os.environ.get("GITHUB_REPOSITORY") or REPO_PLACEHOLDER
    page = (cms / "index.html").read_text(encoding="utf-8").replace("__CSP__", admin_policy(port))
    write_if_changed(target / "index.html", page.encode("utf-8"))
    text = config_text(load_site_data(Path(root) / "resources"), port, repo)
    write_if_changed(target / "config.yml", text.encode("utf-8"))
