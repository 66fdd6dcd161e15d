"""Lighter files as served, with the same meaning to the browser: pages without Material's
indentation, the site's own stylesheets and scripts without their comments (read in the
sources) and indentation. Material's files are minified already; vendored ones are left as
they are."""

from __future__ import annotations

import re

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


def lighter_script(js: str) -> str:
    """A script of the site's own without its comment lines and indentation, line breaks
    kept (so no statement joins another). Left whole if it has template literals or
    continued strings, whose text a line's indentation belongs to."""
    if "`" in js or re.search(r"\\\n", js):
        return js
    out, in_comment = [], False
    for line in js.splitlines():
        text = line.strip()
        if in_comment:
            if "*/" not in text:
                continue
            in_comment, text = False, text.split("*/", 1)[1].strip()
        elif text.startswith("/*"):
            if "*/" not in text:
                in_comment = True
                continue
            text = text.split("*/", 1)[1].strip()
        if text and not text.startswith("//"):
            out.append(text)
    return "\n".join(out) + "\n"
