"""Site-level fixes: each page finished as the engine writes it — Material's markup fixed,
search in the page's language, the Content-Security-Policy (`PageFinisher`, from the
adapter's on_post_page) — then, once every language is built, one pass over the built
folder for the per-language sitemaps and search indexes, the site's own stylesheets and
scripts, and robots.txt. Nothing here needs the engine running: only pages and the folder.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, MutableMapping
from pathlib import Path

from ..data.files import write_anew
from .a11y import SEARCH_DIALOG, fix_material_markup, label_search_dialog
from .lighter import collapse_indentation, lighter_script, lighter_stylesheet
from .csp import add_policy
from .search import add_worker_preludes, language_search_base, write_language_indexes
from .sitemaps import write_language_sitemaps


def finish_page(html: str, lang: str, default: str, shim: str | None = None,
                theme_dirs: Iterable[str] | None = None, has_toc: bool | None = None) -> str:
    html = collapse_indentation(fix_material_markup(label_search_dialog(html, lang), has_toc))
    html = language_search_base(html, lang, default)
    return add_policy(html, shim, theme_dirs)


# Under serve, a page whose navigation alone changed (a navigation title edited) is finished
# as the page around its navigation, kept, and the navigation finished alone: the same
# result, since no step reads across the navigation's edges when it holds no script, <pre>,
# <textarea> nor <style> and none is left open around it (checked for each page).
NAV_SLOT = "<psds-navigation></psds-navigation>"
_OWN_TEXT = ("pre", "textarea", "script", "style")
_HAS_OWN_TEXT = re.compile(r"<(?:pre|textarea|script|style)\b", re.IGNORECASE)


def _around(html: str, nav: str) -> tuple[str, str] | None:
    """The page before and after its navigation `nav`, or None when they cannot be
    finished apart."""
    if not nav or nav[0] != "<" or nav[-1] != ">" or _HAS_OWN_TEXT.search(nav) or SEARCH_DIALOG in nav:
        return None
    at = html.find(nav)
    if at < 0 or html.find(nav, at + 1) >= 0 or NAV_SLOT in html:
        return None
    before = html[:at].lower()
    if any(before.rfind(f"<{tag}") > before.rfind(f"</{tag}") for tag in _OWN_TEXT):
        return None  # the navigation would be inside one of those
    return html[:at], html[at + len(nav):]


# Pages kept under serve: the first few hundred of each cache as they are (a site of this
# size, both languages, in about 30 MB), the others compressed (a fifth of the size, 0.1 ms
# to read back).
UNPACKED = 400


def pack(text: str, count: int) -> str | bytes:
    """`text` to keep in a cache that holds `count` pages already."""
    return text if count < UNPACKED else zlib.compress(text.encode("utf-8"), 1)


def unpack(kept: str | bytes) -> str:
    return kept if isinstance(kept, str) else zlib.decompress(kept).decode("utf-8")


FinishedKey = tuple[tuple, int, int]


def _key(settings: tuple, html: str) -> FinishedKey:
    """A page as rendered, in a cache of one site's pages: Python's own 64-bit string hash (a
    third of encoding and hashing the page with SHA-256, twice per page of a rebuild), with its
    length; a collision among a few thousand pages is about one chance in 10^12."""
    return settings, len(html), hash(html)


class PageFinisher:
    """Finishes each page of one build (every language) before the engine writes it: no second
    read and write of every page. `theme_dirs`: the theme's template folders, whose inline
    scripts the policy allows. `kept` (under serve): finished pages by a digest of the page as
    rendered, those of the last build."""

    def __init__(self, default: str, shim: str | None = None, theme_dirs: Iterable[str] | None = None,
                 kept: MutableMapping[FinishedKey, str | bytes] | None = None):
        self.default, self.shim, self.theme_dirs = default, shim, tuple(theme_dirs or ())
        self.kept = kept
        self.used: dict[FinishedKey, str | bytes] = {}

    def page(self, html: str, lang: str, nav: str | None = None) -> str:
        """`nav`: the page's navigation as rendered, under serve (the page is then kept
        around it too)."""
        if self.kept is None:
            return finish_page(html, lang, self.default, self.shim, self.theme_dirs)
        settings = (lang, self.default, self.shim, self.theme_dirs)
        key = _key(settings, html)
        if key in self.kept:
            return unpack(self._use(key))
        parts = _around(html, nav) if nav else None
        if parts is None:
            finished = finish_page(html, lang, self.default, self.shim, self.theme_dirs)
            self.used[key] = pack(finished, len(self.used))
            return finished
        has_toc = 'id="__toc"' in html
        around = parts[0] + NAV_SLOT + parts[1]
        around_key = _key((*settings, has_toc), around)
        if around_key in self.kept:
            finished_around = unpack(self._use(around_key))
        else:
            finished_around = finish_page(around, lang, self.default, self.shim, self.theme_dirs, has_toc)
            self.used[around_key] = pack(finished_around, len(self.used))
        return finished_around.replace(NAV_SLOT, collapse_indentation(fix_material_markup(nav, has_toc)), 1)

    def _use(self, key: FinishedKey) -> str | bytes:
        """A page kept by the last build, kept for the next (at most UNPACKED uncompressed)."""
        kept = self.kept[key]  # type: ignore[index]  # only called when kept
        if isinstance(kept, str) and len(self.used) >= UNPACKED:
            kept = pack(kept, len(self.used))
        self.used[key] = kept
        return kept

    def done(self) -> None:
        if self.kept is not None:  # what this build used: one site's pages at most
            self.kept.clear()
            self.kept.update(self.used)


def finish_site(site_dir: Path, languages: list[str], default: str, site_url: str | None = None) -> None:
    """After every language is built (its pages finished by PageFinisher). `languages`: every
    built language, the default first."""
    others = [lang for lang in languages if lang != default]
    write_language_sitemaps(site_dir, others)
    add_worker_preludes(site_dir)  # first: the offline index is prebuilt by that worker
    write_language_indexes(site_dir, languages, default)
    for folder, pattern, lighter in (("stylesheets", "*.css", lighter_stylesheet),
                                     ("javascripts", "*.js", lighter_script)):
        for path in (site_dir / "assets" / folder).glob(pattern):  # not sub-folders (vendored)
            if not path.name.endswith(".min" + path.suffix):  # Material's own are minified already
                write_anew(path, lighter(path.read_text(encoding="utf-8")))
    if site_url:
        (site_dir / "robots.txt").write_text(
            f"User-agent: *\nAllow: /\nSitemap: {site_url}sitemap.xml\n", encoding="utf-8")
