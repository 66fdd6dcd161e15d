"""Make text from data safe to put into Markdown.

Text from resources/ must come out exactly as written: no Markdown syntax, HTML,
attribute list or Jinja of an editor's text may ever become markup on a page.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from markupsafe import Markup

# Punctuation that is inert in Python-Markdown and its extensions when not at the start of
# a line. Letters and digits are kept too, so glossary terms (abbreviations) still match.
_INERT = frozenset(" -'’‘“”,.;?%/«»…–—°€@·()")
_ORDERED_LIST = re.compile(r"^(\d+)([.)])")
# Runs of white space become one space; no-break spaces (French typography) are kept.
_SPACES = re.compile(r"[^\S\u00a0\u202f]+")


def md_text(value: object) -> Markup:
    """`value` as literal text inside a Markdown paragraph, table cell or heading."""
    # Control characters and lone surrogates are not text (and &#128;-&#159; would
    # be read as Windows-1252 by browsers): drop them; whitespace becomes one space.
    text = "".join(
        c if c.isspace() else "" if unicodedata.category(c) in ("Cc", "Cs") else c
        for c in str(value)
    )
    text = _SPACES.sub(" ", text).strip(" ")
    out = []
    for index, char in enumerate(text):
        if char.isalnum() or (char in _INERT and index > 0):
            out.append(char)
        else:
            out.append(f"&#{ord(char)};")
    escaped = "".join(out)
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
