"""Accessibility and validity fixes to Material's markup that its templates offer no option for."""

from __future__ import annotations

import re

from markupsafe import escape

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_LABEL = {"fr": "Recherche dans le site", "en": "Search the site"}


def label_search_dialog(html: str, lang: str) -> str:
    """Give Material's search dialog an accessible name (axe rule aria-dialog-name)."""
    label = escape(SEARCH_LABEL.get(lang, SEARCH_LABEL["fr"]))
    return html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label}">', 1)


def fix_material_markup(html: str) -> str:
    """Errors the Nu Html Checker finds in Material 9.8's own templates.

    - navigation section labels carry an empty `tabindex=""` (not an integer);
    - pages outside the navigation keep a table-of-contents label whose checkbox
      (`__toc`) is not on the page.
    """
    html = html.replace(' tabindex=""', "")
    if 'id="__toc"' not in html:
        html = re.sub(r'(<label class="md-nav__title") for="__toc"', r"\1", html)
    return html


# Elements whose text is kept as written, and indentation after a line break.
_VERBATIM = re.compile(r"<(pre|textarea|script|style)\b", re.IGNORECASE)
_INDENTATION = re.compile(r"\n\s+")


def collapse_indentation(html: str) -> str:
    """Material's templates indent every line: a page is a fifth lighter with each line
    break and the whitespace after it made one line break (the same whitespace to the
    browser). The text of <pre>, <textarea>, <script> and <style> is left as it is."""
    out, pos = [], 0
    while (start := _VERBATIM.search(html, pos)) is not None:
        close = re.compile(rf"</{start[1]}\s*>", re.IGNORECASE).search(html, start.end())
        end = close.end() if close else len(html)
        out += [_INDENTATION.sub("\n", html[pos:start.start()]), html[start.start():end]]
        pos = end
    out.append(_INDENTATION.sub("\n", html[pos:]))
    return "".join(out)


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def lighter_stylesheet(css: str) -> str:
    """The site's own stylesheet as served: its comments (read in the sources) and
    indentation left out."""
    return re.sub(r"\s*\n\s*", "\n", _CSS_COMMENT.sub("", css)).strip() + "\n"
