"""The shared language: glossary page groups and tooltips on every page.

Tooltips use Python-Markdown's `abbr` extension: each page's Markdown gets the glossary's
abbreviation definitions appended, in the page's language, so nobody writes them by hand.
"""

from __future__ import annotations

import re
import unicodedata

from ..data.loader import SiteData, once_per_data
from ..data.models import GlossaryTerm


def sort_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tooltip(term: GlossaryTerm, lang: str) -> str:
    plain = term.plain.get(lang)[0]
    text = f"{term.expansion.get(lang)[0]} : {plain}" if term.expansion else plain
    if lang == "en":
        text = text.replace(" : ", ": ")
    return " ".join(text.split())


def abbreviation_definitions(data: SiteData, lang: str, markdown: str | None = None) -> str:
    """Markdown `*[term]: title` lines for every spelling of every glossary term, or only
    for those that occur in `markdown` (the abbr extension then has less to look for)."""
    return "\n".join(line for spelling, line in _definition_lines(data, lang) if markdown is None or spelling in markdown)


@once_per_data  # asked by every page converted, in each language
def _definition_lines(data: SiteData, lang: str) -> tuple[tuple[str, str], ...]:
    return tuple((spelling, f"*[{spelling}]: {tooltip(term, lang)}")
                 for term in data.glossary.values() for spelling in term.spellings)


def grouped(data: SiteData, lang: str) -> list[tuple[str, list[GlossaryTerm]]]:
    """Terms sorted alphabetically in `lang`, grouped by initial letter."""
    terms = sorted(data.glossary.values(), key=lambda t: sort_key(t.name(lang)))
    groups: dict[str, list[GlossaryTerm]] = {}
    for term in terms:
        groups.setdefault(sort_key(term.name(lang))[0].upper(), []).append(term)
    return list(groups.items())


_TOKENS = re.compile(r'<a[\s>]|</a>|<abbr title="([^"]*)">')


def focusable_abbreviations(html: str) -> str:
    """Let keyboard users reach each term's tooltip once per page: its first use outside a
    link (a link is already a tab stop, and may not contain another one)."""
    seen: set[str] = set()
    depth = 0
    out, last = [], 0
    for match in _TOKENS.finditer(html):
        title = match.group(1)
        if title is None:
            depth = max(0, depth - 1) if match.group(0) == "</a>" else depth + 1
        elif depth == 0 and title not in seen:
            seen.add(title)
            out.append(html[last:match.start()])
            out.append(f'<abbr tabindex="0" title="{title}">')
            last = match.end()
    out.append(html[last:])
    return "".join(out)
