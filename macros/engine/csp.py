"""A Content-Security-Policy for every page, as a <meta> tag (GitHub Pages sets no headers).

Scripts, styles, images, fonts and connections come from the site itself only. The theme's
inline scripts (outside the page's <article>) are allowed by their hash, computed here from
the page as built; a script inside the article — raw HTML in a page's Markdown — is not, so
the browser refuses it. Offline, the iframe-worker shim runs search in an iframe whose
bootstrap script is inline too: its hash is computed from the vendored shim and the search
worker's address on the page.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re

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


def _article(html: str) -> tuple[int, int]:
    start = html.find("<article")
    if start < 0:
        return (0, 0)
    end = html.find("</article>", start)
    return (start, len(html) if end < 0 else end)


def theme_scripts(html: str) -> list[str]:
    """The inline scripts of a page outside its article (JSON data blocks do not run)."""
    start, end = _article(html)
    scripts = []
    for match in _SCRIPT.finditer(html):
        attrs = match["attrs"]
        if "src=" in attrs or "application/json" in attrs or start <= match.start() < end:
            continue
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
    match = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.DOTALL)
    return json.loads(match[1]).get("search") if match else None


def policy(html: str, shim: str | None = None) -> str:
    scripts = theme_scripts(html)
    worker = _search_worker(html) if shim else None
    if worker:
        scripts.append(shim_bootstrap(shim, worker))
    hashes = "".join(" " + h for h in dict.fromkeys(_hash(s) for s in scripts))
    return "; ".join(DIRECTIVES).format(hashes=hashes)


def add_policy(html: str, shim: str | None = None) -> str:
    """The page with its policy as the first thing after <meta charset> (a policy applies
    only to what follows it)."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, shim)}">'
    match = _CHARSET.search(html)
    if match is None:
        head = html.find("<head>")
        at = head + len("<head>") if head >= 0 else 0
    else:
        at = match.end()
    return html[:at] + tag + html[at:]
