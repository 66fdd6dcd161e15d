"""Site-level fixes, as one pass over the built folder once every language is built.

The adapter records each page it wrote (and its language); this finishes them — Material's
markup fixed, search in the page's language, the Content-Security-Policy — then writes the
per-language sitemaps and search indexes, and robots.txt. Nothing here needs the engine
running: only the built folder and the list of pages.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, MutableMapping
from pathlib import Path

from .a11y import fix_material_markup, label_search_dialog
from .lighter import collapse_indentation, lighter_script, lighter_stylesheet
from .csp import add_policy
from .search import add_worker_preludes, language_search_base, write_language_indexes
from .sitemaps import write_language_sitemaps


def finish_page(html: str, lang: str, default: str, shim: str | None = None,
                theme_dirs: Iterable[str] | None = None) -> str:
    html = collapse_indentation(fix_material_markup(label_search_dialog(html, lang)))
    html = language_search_base(html, lang, default)
    return add_policy(html, shim, theme_dirs)


def finish_site(site_dir: Path, pages: Iterable[tuple[Path, str]], languages: list[str],
                default: str, site_url: str | None = None, shim: str | None = None,
                theme_dirs: Iterable[str] | None = None, kept: MutableMapping[bytes, bytes] | None = None) -> None:
    """`pages`: (built HTML file, its language). `languages`: every built language, the
    default first. `theme_dirs`: the theme's template folders, whose inline scripts the
    policy allows. `kept` (under serve): finished pages by a digest of what they were made from."""
    theme_dirs = tuple(theme_dirs or ())
    used: dict[bytes, bytes] = {}
    for path, lang in pages:
        if path.is_file():
            html = path.read_text(encoding="utf-8")
            if kept is None:
                finished = finish_page(html, lang, default, shim, theme_dirs)
            else:
                key = hashlib.sha256(repr((lang, default, shim, theme_dirs)).encode() + html.encode()).digest()
                if key in kept:
                    used[key] = kept[key]
                    finished = zlib.decompress(used[key]).decode("utf-8")
                else:
                    finished = finish_page(html, lang, default, shim, theme_dirs)
                    used[key] = zlib.compress(finished.encode("utf-8"), 1)
            if finished != html:
                path.write_text(finished, encoding="utf-8")
    if kept is not None:  # what this build used: one site's pages at most
        kept.clear()
        kept.update(used)
    others = [lang for lang in languages if lang != default]
    write_language_sitemaps(site_dir, others)
    add_worker_preludes(site_dir)  # first: the offline index is prebuilt by that worker
    write_language_indexes(site_dir, languages, default)
    for folder, pattern, lighter in (("stylesheets", "*.css", lighter_stylesheet),
                                     ("javascripts", "*.js", lighter_script)):
        for path in (site_dir / "assets" / folder).glob(pattern):  # not sub-folders (vendored)
            if not path.name.endswith(".min" + path.suffix):  # Material's own are minified already
                path.write_text(lighter(path.read_text(encoding="utf-8")), encoding="utf-8")
    if site_url:
        (site_dir / "robots.txt").write_text(
            f"User-agent: *\nAllow: /\nSitemap: {site_url}sitemap.xml\n", encoding="utf-8")
