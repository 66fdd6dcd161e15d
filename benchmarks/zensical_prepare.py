"""Experimental: prepare a copy of the project for Zensical (not used by `make test`).

    .venv/bin/python benchmarks/zensical_prepare.py /tmp/zensical-project

Zensical (0.0.73, the newest the registry installs) reads mkdocs.yml but runs no `hooks:`,
so this does, once, what macros/engine/hooks.py does before a build: it copies the project
(tests/conftest.py's copy_project), writes the pages generated from resources/ and the
brochure PDFs into the copy's docs/, expands the `territoires/*` and `cps/*` nav entries,
drops `hooks:`, and points the macros at a small adapter module that gives Zensical's page
object the `.file` (src_uri, locale) our macros read, and drops our footer partial (its
template reads nav items' `.file`, which Zensical's templates lack). Our macros also need
pydantic, icalendar, babel and Material's icons (`pip install --no-deps mkdocs-material`)
in Zensical's environment. Nothing after the build runs: no
Content-Security-Policy, no per-language search split, no language sitemaps, no 404 per
language, no /admin/. See benchmarks/README.md, « Zensical (experimental) ».
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import copy_project  # noqa: E402
from macros.content.brochure import write_brochures  # noqa: E402
from macros.data.loader import load_site_data  # noqa: E402
from macros.content.pages import write_pages  # noqa: E402

ADAPTER = '''"""macros for Zensical: its page object has .path, not MkDocs' .file."""
import sys
from pathlib import Path
from types import SimpleNamespace

from zensical.extensions.context import Page

# Zensical loads this file by its path: the project's own package is not importable yet.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import macros  # noqa: E402

# Zensical builds one language at a time (zensical-i18n stages each): locale None makes
# our macros take the page's language from theme.language.
Page.file = property(lambda page: SimpleNamespace(src_uri=page.path, locale=None))


def define_env(env):
    macros.define_env(env)
'''


def prepare(dest: Path, site_url: str = "http://127.0.0.1:8000/") -> Path:
    project = copy_project(dest)
    docs = project / "docs"
    data = load_site_data(project / "resources")
    generated = write_pages(data, docs, site_url)
    cache = Path(os.environ.get("BROCHURE_CACHE") or ROOT / ".cache" / "plaquette")
    write_brochures(data, docs, site_url, cache)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    for placeholder, pages in generated.items():
        line = next(line for line in config.splitlines() if line.strip() == f"- {placeholder}")
        indent = line[: len(line) - len(line.lstrip())]
        config = config.replace(line, "\n".join(f"{indent}- {page}" for page in pages))
    config = config.replace("hooks:\n  - macros/engine/hooks.py\n", "")
    config = config.replace("module_name: macros\n", "module_name: zensical_macros\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "zensical_macros.py").write_text(ADAPTER, encoding="utf-8")
    # Our footer finds its pages by `nav.pages[].file.src_uri`, which Zensical's templates
    # do not have (« undefined value »): Zensical's own footer is used instead.
    (project / "overrides" / "partials" / "copyright.html").unlink()
    return project


if __name__ == "__main__":
    print(prepare(Path(sys.argv[1])))
