"""Table-of-contents entries keep the language of their heading: MkDocs strips a heading's
HTML for the table of contents, so a French title on an English page (`<span lang="fr">`)
would lose its lang there."""

from __future__ import annotations

import re
from html import unescape

from markupsafe import Markup, escape

# A heading whose whole text is one element in another language (the `tr` filter's span).
_HEADING = re.compile(r'<h([1-6])[^>]*\bid="([^"]+)"[^>]*>\s*(?:<a [^>]*>)?\s*<span lang="([a-z-]+)"[^>]*>(.*?)</span>',
                      re.S)
_TAGS = re.compile(r"<[^>]+>")


def heading_languages(html: str) -> dict[str, str]:
    """{heading id: lang} for headings whose text is a span in another language."""
    return {m.group(2): m.group(3) for m in _HEADING.finditer(html)}


def mark_toc(toc, languages: dict[str, str]) -> None:
    """Wrap the matching table-of-contents entries in their heading's language."""
    for item in toc:
        lang = languages.get(getattr(item, "id", None))
        if lang and not str(item.title).startswith("<span lang="):
            text = unescape(_TAGS.sub("", str(item.title)))
            item.title = Markup(f'<span lang="{escape(lang)}">{escape(text)}</span>')
        mark_toc(item.children, languages)


_H1 = re.compile(r'<h1[^>]*>\s*<span lang="([a-z-]+)"')
_TOPIC = re.compile(r'(<div class="md-header__topic" data-md-component="header-topic">\s*<span class="md-ellipsis">)'
                    r'([^<]*?)(\s*</span>)')


def mark_header_title(output: str) -> str:
    """The page title in the header, in the h1's language when the h1 is one span in another."""
    h1 = _H1.search(output)
    if not h1:
        return output
    return _TOPIC.sub(lambda m: f'{m.group(1)}<span lang="{h1.group(1)}">{m.group(2).strip()}</span>{m.group(3)}',
                      output, count=1)
