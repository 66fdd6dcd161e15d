"""One search index per language, that also finds words typed without their accents.

Material builds one index for both languages (static-i18n's per-language rewrite is off:
it is quadratic), so a French search listed English pages too. After the build, the index
is split: French pages stay in `search/`, English ones go to `en/search/` with their
addresses made relative to `en/`, and English pages point Material at `en/` as their search
base. Each entry gains a `folded` field (the accented words of the page, without their
accents, indexed but never shown; `folded_title`, those of its title, weighed as the title):
« colere » then finds « colère ». Offline, the
`search_index.js` copies Material reads from file:// are written for each language too.

Stop words (« de », « des », « the »…) never match on their own: Material's search worker
gets, at its head, a script that takes them out of each query (`assets/search-stop-words.js`).

Offline, lunr would build its index in the browser from every page's text when search opens
(seconds at 2,000 tools). When Node is there, the build runs the site's own search worker
once per language (`assets/search-prebuild.js`) and puts the result in `search_index.js`;
the worker then starts from it (`assets/search-prebuilt.js`, also at its head).
"""

from __future__ import annotations

import functools
import json
import logging
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

from ..data.files import write_anew

FOLDED = "folded"
FOLDED_TITLE = "folded_title"  # a title's words without accents outrank body text, as the title does
STOP_WORDS = Path(__file__).parent / "assets" / "search-stop-words.js"
PREBUILT = Path(__file__).parent / "assets" / "search-prebuilt.js"
PREBUILD = Path(__file__).parent / "assets" / "search-prebuild.js"
PREBUILT_FIELD = "prebuilt"
log = logging.getLogger("mkdocs.hooks.prendre_soin_de_soi")
WORKERS = Path("assets") / "javascripts" / "workers"
_TAGS = re.compile(r"<[^>]+>")
_WORDS = re.compile(r"\w+")
_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">\{.*?"base": ")([^"]*)(")', re.DOTALL)


def fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1 << 16)  # under serve, a page's entries are folded once
def folded_words(*texts: str) -> str:
    """The words of `texts` that carry accents, without them (each once)."""
    words = (_WORDS.findall(_TAGS.sub(" ", text or "")) for text in texts)
    accented = dict.fromkeys(w.lower() for group in words for w in group if not w.isascii())
    return " ".join(dict.fromkeys(f for w in accented if (f := fold(w)) != w))


def _page_path(location: str) -> str:
    """`outils/`, `outils/index.html`, `outils.html` -> `outils` (online and offline addresses)."""
    path = location.split("#", 1)[0]
    for suffix in ("index.html", ".html", "/"):
        path = path.removesuffix(suffix)
    return path.rstrip("/")


def without_duplicate_summaries(docs: list[dict]) -> list[dict]:
    """Leave out a section that only summarises a page below it, under that page's title
    (the catalogue's card of a tool, beside the tool's own fiche): search leads to the page,
    and the index of a large catalogue is a sixth smaller (it loads that much faster offline)."""
    below: dict[str, set[str]] = {}  # page path -> titles of the pages right below it
    for doc in docs:
        path = _page_path(doc["location"])
        if "#" not in doc["location"] and path:
            below.setdefault(path.rsplit("/", 1)[0] if "/" in path else "", set()).add(doc.get("title", ""))
    return [doc for doc in docs
            if "#" not in doc["location"] or doc.get("title", "") not in below.get(_page_path(doc["location"]), ())]


def split_index(index: dict, languages: list[str], default: str) -> dict[str, dict]:
    """Material's index of the whole site -> one index per language."""
    fields = index["config"]["fields"]
    title_boost = fields.get("title", {}).get("boost", 1.0)
    config = {**index["config"], "fields": {**fields, FOLDED: {"boost": 1.0},
                                            FOLDED_TITLE: {"boost": title_boost}}}
    out = {lang: {**index, "config": {**config, "lang": [lang]}, "docs": []} for lang in languages}
    for doc in index["docs"]:
        location = doc["location"]
        lang = next((lang for lang in languages if lang != default and
                     (location == f"{lang}/" or location.startswith(f"{lang}/"))), default)
        if lang != default:
            location = location[len(lang) + 1:]
        out[lang]["docs"].append({**doc, "location": location,
                                  FOLDED: folded_words(doc.get("text", "")),
                                  FOLDED_TITLE: folded_words(doc.get("title", ""))})
    for index in out.values():
        index["docs"] = without_duplicate_summaries(index["docs"])
    return out


def write_language_indexes(site_dir: Path, languages: list[str], default: str) -> None:
    source = site_dir / "search" / "search_index.json"
    if not source.is_file():
        return
    offline = (site_dir / "search" / "search_index.js").is_file()
    indexes = split_index(json.loads(source.read_text(encoding="utf-8")), languages, default)
    if not any(indexes[lang]["docs"] for lang in languages if lang != default):
        return  # already split (or one language only): nothing to move
    for lang, index in indexes.items():
        folder = site_dir / "search" if lang == default else site_dir / lang / "search"
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        (folder / "search_index.json").write_text(text, encoding="utf-8")
        if offline:  # what Material's offline plugin writes, for file:// (no fetch there)
            prebuilt = prebuilt_index(site_dir, folder / "search_index.json")
            if prebuilt is not None:
                # In the config: Material passes on to its worker only the config and docs.
                text = json.dumps({**index, "config": {**index["config"], PREBUILT_FIELD: prebuilt}},
                                  ensure_ascii=False, separators=(",", ":"))
            # The object as script, not JSON.parse of a string: at 2,000 tools (11 MiB) Chromium
            # runs it 0.1 s sooner (measured 5 December). U+2028/9, raw in JSON, are escaped for
            # engines older than ES2019; the keys are Material's and ours, never "__proto__".
            literal = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
            (folder / "search_index.js").write_text(f"var __index = {literal}", encoding="utf-8")


def prebuilt_index(site_dir: Path, index_file: Path) -> str | None:
    """The lunr index of `index_file`, built by the site's search worker (its preludes in
    place) under Node, compact, as JSON text; None without Node or if it fails: the browser
    then builds the index from the texts, as it always could."""
    node = shutil.which("node")
    if node is None:
        log.info("Node.js absent : la recherche hors connexion construira son index dans le navigateur.")
        return None
    try:
        done = subprocess.run([node, str(PREBUILD), str(site_dir), str(index_file)],
                              capture_output=True, text=True, encoding="utf-8", timeout=600)
    except (OSError, subprocess.TimeoutExpired) as err:
        log.info("Index de recherche hors connexion non préconstruit (%s) : le navigateur le construira.", err)
        return None
    if done.returncode or not done.stdout.startswith("{"):
        log.info("Index de recherche hors connexion non préconstruit (%s) : le navigateur le construira.",
                 done.stderr.strip()[-300:])
        return None
    return done.stdout


def add_worker_preludes(site_dir: Path) -> None:
    """Put the stop-word and prebuilt-index scripts at the head of Material's search worker (once)."""
    prelude = STOP_WORDS.read_text(encoding="utf-8") + PREBUILT.read_text(encoding="utf-8")
    for worker in (site_dir / WORKERS).glob("search.*.js"):
        text = worker.read_text(encoding="utf-8")
        if not text.startswith(prelude):
            write_anew(worker, prelude + text)


def language_search_base(html: str, lang: str, default: str) -> str:
    """On a page of a language other than the default, Material's base for search is
    that language's folder, where its own index is."""
    if lang == default:
        return html
    # "../.." -> "../../en/"; a 404 page's root-absolute "/" -> "/en/" (never "//en/").
    return _CONFIG_BASE.sub(lambda m: f"{m[1]}{m[2].rstrip('/')}/{lang}/{m[3]}", html, count=1)
