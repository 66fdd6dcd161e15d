"""MkDocs hooks (`hooks:` in mkdocs.yml): check the data, write generated pages.

Loaded by MkDocs from its path, so the project root is put on sys.path to share the
`macros` package (and its data cache) with mkdocs-macros-plugin.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402

from macros.loader import DataError, load_site_data  # noqa: E402
from macros.pages import GeneratedFileConflict, expand_nav, write_pages  # noqa: E402


def on_pre_build(config):
    # A PluginError makes `mkdocs build` stop with this message and no traceback, and
    # makes `mkdocs serve` print it and keep serving the last good site.
    root = Path(config.config_file_path).parent
    try:
        data = load_site_data(root / "resources")
        generated = write_pages(data, Path(config.docs_dir))
    except (DataError, GeneratedFileConflict) as err:
        raise PluginError(str(err)) from None
    config.nav = expand_nav(config.nav, generated)


def on_page_markdown(markdown, page, **_):
    # Material writes page.meta.description into an HTML attribute without escaping it.
    description = page.meta.get("description")
    if isinstance(description, str):
        page.meta["description"] = html.escape(description)
    return markdown
