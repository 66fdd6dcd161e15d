"""Accessibility fixes to Material's markup that its templates offer no option for."""

from __future__ import annotations

from markupsafe import escape

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_LABEL = {"fr": "Recherche dans le site", "en": "Search the site"}


def label_search_dialog(html: str, lang: str) -> str:
    """Give Material's search dialog an accessible name (axe rule aria-dialog-name)."""
    label = escape(SEARCH_LABEL.get(lang, SEARCH_LABEL["fr"]))
    return html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label}">', 1)
