"""A Content-Security-Policy for every page, as a <meta> tag (GitHub Pages sets no headers).

Scripts, styles, images, fonts and connections come from the site itself only. An inline
script is allowed by its hash only when it is one the theme's templates write (Material's and
`overrides/`, read from their sources at build time, their `{{ … }}` values limited to a
relative address); any other — raw HTML in a page's Markdown, wherever it lands in the
page — is not, so the browser refuses it. Offline, the iframe-worker shim runs search in an iframe whose
bootstrap script is inline too: its hash is computed from the vendored shim and the search
worker's address on the page.
"""

from __future__ import annotations

import base64
import hashlib
import functools
import json
import re
from collections.abc import Iterable
from pathlib import Path

DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'{hashes}",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)
_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)
_CHARSET = re.compile(r'<meta charset="[^"]*">', re.IGNORECASE)


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


# Templates whose script would act on a page's own values (a redirect to `page.meta.location`).
_UNTRUSTED_TEMPLATES = {"redirect.html"}
# What a template's `{{ … }}` may stand for in a script it allows: the page's base address
# ("..", "../..", "/", the site's path), never a quote, a colon or a markup character.
_VALUE = r"[\w./-]*"
_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_TEMPLATE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def _default_dirs() -> list[Path]:
    import material  # the theme this project builds with

    root = Path(__file__).resolve().parents[2]
    return [root / "overrides", Path(material.__file__).parent / "templates"]


@functools.lru_cache(maxsize=4)
def known_scripts(dirs: tuple[str, ...] | None = None) -> re.Pattern:
    """One pattern matching exactly the inline scripts the templates of `dirs` can write
    (`<script>` with no attribute and no Jinja statement inside)."""
    bodies = set()
    for folder in map(Path, dirs or _default_dirs()):
        for path in sorted(folder.rglob("*.html")) if folder.is_dir() else ():
            if path.name in _UNTRUSTED_TEMPLATES:
                continue
            for body in _TEMPLATE_SCRIPT.findall(path.read_text(encoding="utf-8")):
                if "{%" in body or "{#" in body:
                    continue
                bodies.add(_VALUE.join(map(re.escape, _EXPRESSION.split(body))))
    return re.compile("|".join(f"(?:{b})" for b in sorted(bodies)) or "(?!)")


def theme_scripts(html: str, dirs: Iterable[str] | None = None) -> list[str]:
    """The inline scripts of a page that the theme's templates write (JSON data blocks do not
    run, and scripts with `src` are the site's own files)."""
    known = known_scripts(tuple(map(str, dirs)) if dirs else None)
    scripts = []
    for match in _SCRIPT.finditer(html):
        attrs = match["attrs"]
        if "src=" in attrs or "application/json" in attrs:
            continue
        if known.fullmatch(match["body"]):
            scripts.append(match["body"])
    return scripts


def _function_source(source: str, name: str) -> str:
    """The text of `function name(...) {...}` in a minified script: its toString()."""
    start = source.index(f"function {name}(")
    depth, index = 0, source.index("{", start)
    while True:
        depth += {"{": 1, "}": -1}.get(source[index], 0)
        if depth == 0:
            return source[start:index + 1]
        index += 1


def shim_bootstrap(shim: str, worker_url: str) -> str:
    """The inline script the iframe-worker shim writes into its iframe for `worker_url`."""
    template = re.search(r"<script>(postMessage=\$\{(\w)\};importScripts=\$\{(\w)\};.*?)<\\/script>", shim)
    if template is None:
        raise ValueError("iframe-worker shim: bootstrap script not found (was the shim updated?)")
    text, post, imports = template.groups()
    return (text.replace("${" + post + "}", _function_source(shim, post))
                .replace("${" + imports + "}", _function_source(shim, imports))
                .replace("${e}", worker_url))


def _search_worker(html: str) -> str | None:
    # The theme's configuration is the page's last one: a page's content comes before it.
    found = re.findall(r'<script id="__config" type="application/json">(.*?)</script>', html, re.DOTALL)
    try:
        return json.loads(found[-1]).get("search") if found else None
    except (ValueError, AttributeError):
        return None


def policy(html: str, shim: str | None = None, dirs: Iterable[str] | None = None) -> str:
    scripts = theme_scripts(html, dirs)
    worker = _search_worker(html) if shim else None
    if worker:
        scripts.append(shim_bootstrap(shim, worker))
    hashes = "".join(" " + h for h in dict.fromkeys(_hash(s) for s in scripts))
    return "; ".join(DIRECTIVES).format(hashes=hashes)


def add_policy(html: str, shim: str | None = None, dirs: Iterable[str] | None = None) -> str:
    """The page with its policy as the first thing after <meta charset> (a policy applies
    only to what follows it)."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, shim, dirs)}">'
    match = _CHARSET.search(html)
    if match is None:
        head = html.find("<head>")
        at = head + len("<head>") if head >= 0 else 0
    else:
        at = match.end()
    return html[:at] + tag + html[at:]
