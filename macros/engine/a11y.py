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


def fix_material_markup(html: str, has_toc: bool | None = None) -> str:
    """Errors the Nu Html Checker finds in Material 9.8's own templates.

    - navigation section labels carry an empty `tabindex=""` (not an integer);
    - pages outside the navigation keep a table-of-contents label whose checkbox
      (`__toc`) is not on the page (`has_toc`: whether the whole page has it, when `html`
      is a part of the page).
    """
    html = html.replace(' tabindex=""', "")
    if not (has_toc if has_toc is not None else 'id="__toc"' in html):
        html = re.sub(r'(<label class="md-nav__title") for="__toc"', r"\1", html)
    return html
