"""Make text from data safe to put into Markdown.

Text from resources/ must come out exactly as written: no Markdown syntax, HTML,
attribute list or Jinja of an editor's text may ever become markup on a page.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

from markupsafe import Markup

# Punctuation that is inert in Python-Markdown and its extensions when not at the start of
# a line. Letters and digits are kept too, so glossary terms (abbreviations) still match.
_INERT = frozenset(" -'’‘“”,.;?%/«»…–—°€@·()")
_ORDERED_LIST = re.compile(r"^(\d+)([.)])")
# Runs of white space become one space; no-break spaces (French typography) are kept.
_SPACES = re.compile(r"[^\S\u00a0\u202f]+")


# Control characters and lone surrogates are not text (and &#128;-&#159; would be read as
# Windows-1252 by browsers); white space among them stays (it becomes one space).
_NOT_TEXT = re.compile("[" + "".join(
    re.escape(chr(c)) for c in (*range(0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000))
    if not chr(c).isspace()) + "]")
# What becomes a character reference: all but letters, digits (`\w` is str.isalnum() and
# "_") and the inert punctuation. One regular expression: this runs for every text of every
# page (tens of thousands of calls at 2,000 tools).
_ESCAPED = re.compile("_|[^\\w" + "".join(re.escape(c) for c in sorted(_INERT)) + "]")


def _reference(match: re.Match) -> str:
    return f"&#{ord(match.group())};"


def md_text(value: object) -> Markup:
    """`value` as literal text inside a Markdown paragraph, table cell or heading."""
    return _md_text(str(value))


@functools.lru_cache(maxsize=1 << 16)  # labels and values repeat across pages and languages
def _md_text(text: str) -> Markup:
    text = _SPACES.sub(" ", _NOT_TEXT.sub("", text)).strip(" ")
    escaped = _ESCAPED.sub(_reference, text)
    if text and text[0] in _INERT:  # inert punctuation is not inert at the start of a line
        escaped = f"&#{ord(text[0])};" + escaped[1:]
    # "2022. Le projet" at the start of a line would start an ordered list.
    escaped = _ORDERED_LIST.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", escaped)
    return Markup(escaped)


def md_url(url: object) -> Markup:
    """A URL usable inside Markdown's `[label](url)`: no space, parenthesis or quote."""
    return Markup(quote(str(url), safe=";/?:@&=+$,-_.!~*#%[]"))


_BEFORE_HIGH = re.compile(r"[ \t]+([;!?»])")
_BEFORE_COLON = re.compile(r"[ \t]+:")
_AFTER_GUILLEMET = re.compile(r"«[ \t]+")


def french_spacing(text: str) -> str:
    """French typography: the space before « ; ! ? » » and after « « » becomes a narrow
    no-break space, the one before « : » a no-break space, so they never start a line.
    Only spaces the text already has are changed."""
    text = _BEFORE_HIGH.sub("\u202f\\1", text)
    text = _BEFORE_COLON.sub("\u00a0:", text)
    return _AFTER_GUILLEMET.sub("«\u202f", text)


def typeset(text: str, lang: str) -> str:
    """`text` with the typography of its language."""
    return french_spacing(text) if lang == "fr" else text
