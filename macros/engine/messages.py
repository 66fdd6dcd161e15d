"""MkDocs' and mkdocs-macros' messages, said in French with what to do.

Editors read the terminal of `make serve` and the log of a failed build. The records
MkDocs logs in English for an editor's mistake (a broken link, a page missing from the
navigation) are rewritten in place by a filter on the logger that emits them: every
handler, MkDocs' strict-mode counter included, then sees the French record, so a strict
build still fails. A `{{ … }}` that mkdocs-macros cannot render is reported here instead
of its Jinja trace; the page is built as written (its sections, that other pages link
to, intact), and the strict build fails.

Under `mkdocs serve` without `--verbose`, MkDocs' progress lines (INFO) are not printed:
only warnings, errors and this project's own French lines.
"""

from __future__ import annotations

import difflib
import logging
import posixpath
import re
import traceback
from pathlib import Path

import jinja2
from mkdocs.exceptions import Abort, BuildError

from ..data.inputs import DataError

OURS = "mkdocs.hooks.prendre_soin_de_soi"
log = logging.getLogger(OURS)
LITERAL = ("Pour écrire « {{ » tel quel, écrivez {{ '{{' }} ; pour tout un passage, "
           "entourez-le de {% raw %} et {% endraw %}.")
# Where pages and the configuration are; set by `configure` at each build.
_where = {"root": Path.cwd(), "docs": Path.cwd() / "docs"}
# Messages already said in this build: static-i18n builds each language, and a page
# without an English version is built (and would be reported) twice.
_said: set[str] = set()


def new_build() -> None:
    _said.clear()
    # The engine's CLI drops any message its build logger already printed in this process
    # (utils.DuplicateFilter): under serve, a mistake made again would show only « corrigez
    # l'erreur ci-dessus ». Repeats are dropped within one build only.
    for duplicates in logging.getLogger(f"{engine()}.commands.build").filters:
        if isinstance(getattr(duplicates, "msgs", None), set):
            duplicates.msgs.clear()


def unexpected(err: BaseException, step: str) -> str:
    """The French message of a fault that is not one of ours (a bug, a full disk…)."""
    detail = str(err).strip().splitlines()[0][:300] if str(err).strip() else ""
    return (f"erreur inattendue pendant {step} ({type(err).__name__}{' : ' + detail if detail else ''}). "
            "Si elle persiste après avoir annulé votre dernière modification, signalez-la à "
            "l'équipe technique avec ce message (détails : `mkdocs serve --verbose`).")


def _once(message: str) -> bool:
    if message in _said:
        return False
    _said.add(message)
    return True


def configure(config) -> None:
    _where["root"] = Path(config.config_file_path).resolve().parent
    _where["docs"] = Path(config.docs_dir).resolve()
    plugin = config.plugins.get("macros")
    if plugin is not None and not getattr(plugin.render, "literal_on_error", False):
        plugin.render = _literal_on_error(plugin.render)


def _docs_rel(src_uri: str) -> str:
    path = _where["docs"] / src_uri
    try:
        return path.relative_to(_where["root"]).as_posix()
    except ValueError:
        return path.as_posix()


def _pages() -> list[str]:
    """The French pages of docs/ (the English ones, `*.en.md`, follow them)."""
    docs = _where["docs"]
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if not p.name.endswith(".en.md"))


def _line_of(src_uri: str, needle: str) -> int | None:
    try:
        lines = (_where["docs"] / src_uri).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((number for number, line in enumerate(lines, 1) if needle in line), None)


def _at(src_uri: str, line: int | None) -> str:
    return _docs_rel(src_uri) + (f", ligne {line}" if line else "")


# ------------------------------------------------------------------ links and nav

_NOT_FOUND = re.compile(r"Doc file '(?P<page>[^']+)' contains a link '(?P<url>[^']*)', but the target"
                        r"(?: '(?P<target>[^']+)')? is not found among documentation files\.")
_ANCHOR = re.compile(r"Doc file '(?P<page>[^']+)' contains a link '(?P<url>[^']*)', but (?:the doc "
                     r"'(?P<target>[^']+)' does not contain an anchor '#(?P<anchor>[^']*)'|there is no "
                     r"such anchor on this page)")
_ABSOLUTE = re.compile(r"Doc file '(?P<page>[^']+)' contains an absolute link '(?P<url>[^']*)'")
_UNRECOGNIZED = re.compile(r"Doc file '(?P<page>[^']+)' contains an unrecognized relative link '(?P<url>[^']*)'")
_EXCLUDED = re.compile(r"Doc file '(?P<page>[^']+)' contains a link to '(?P<target>[^']+)' which is excluded")
_OMITTED = re.compile(r'The following pages exist in the docs directory, but are not included in the "nav" '
                      r"configuration:\n(?P<pages>.*)", re.DOTALL)
_NAV_MISSING = re.compile(r"A reference to '(?P<url>[^']+)' is included in the 'nav' configuration, "
                          r"which is not found")


def _closest(target: str, page: str) -> list[str]:
    """The existing pages whose names are closest to `target`, as links from `page`."""
    pages = _pages()
    names = difflib.get_close_matches(target, pages, n=3, cutoff=0.6)
    if not names:  # the right name in the wrong folder
        by_name = {}
        for path in pages:
            by_name.setdefault(posixpath.basename(path), path)
        names = [by_name[n] for n in difflib.get_close_matches(posixpath.basename(target), by_name, n=3, cutoff=0.6)]
    base = posixpath.dirname(page)
    return [posixpath.relpath(name, base or ".") for name in names]


def _link_message(match: re.Match, kind: str) -> str:
    page, url = match["page"], match.groupdict().get("url")
    where = _at(page, _line_of(page, f"({url}") or _line_of(page, url) if url else None)
    if kind == "not_found":
        target = match["target"] or posixpath.normpath(posixpath.join(posixpath.dirname(page), url.split("#")[0]))
        close = _closest(target, page)
        hint = (" Pages aux noms proches : " + ", ".join(f"« {name} »" for name in close) + "."
                if close else " Aucune page au nom proche.")
        return (f"{where} : le lien « {url} » mène à une page qui n'existe pas ({_docs_rel(target)}).{hint} "
                "Corrigez le lien (le chemin part du dossier de la page, par ex. [texte](programme.md)), "
                "ou créez la page.")
    if kind == "anchor":
        target = match["target"] or page
        return (f"{where} : le lien « {url} » mène à une section qui n'existe pas dans {_docs_rel(target)}. "
                "L'ancre (après « # ») est le titre de la section en minuscules, sans accent, les espaces "
                "remplacés par des tirets : vérifiez le titre visé, ou retirez « #… » pour viser la page.")
    if kind == "absolute":
        return (f"{where} : le lien « {url} » commence par « / » : écrivez un lien relatif vers le fichier "
                "de la page, par ex. [texte](programme.md) ; pour un autre site, l'adresse complète "
                "(https://…).")
    if kind == "unrecognized":
        return (f"{where} : le lien « {url} » ne désigne aucun fichier : écrivez le nom du fichier avec son "
                "extension (par ex. programme.md), ou l'adresse complète d'un autre site (https://…).")
    return (f"{where} : le lien mène à {_docs_rel(match['target'])}, qui n'est pas publié : retirez le lien "
            "ou publiez la page.")


def _omitted_message(src: str) -> str:
    page = src.replace("\\", "/")
    english = page[:-3] + ".en.md"
    has_english = (_where["docs"] / english).is_file()
    return (f"{_docs_rel(page)} n'apparaît dans aucun menu du site. Ajoutez-la à la navigation : dans "
            f"mkdocs.yml, sous « nav: », écrivez la ligne « - {page} » à l'endroit voulu (par ex. juste "
            "après « - parents.md »), avec le même retrait que les lignes voisines. "
            + (f"Sa version anglaise, {_docs_rel(english)}, y prendra la même place, sans autre ligne."
               if has_english else
               f"Pour la version anglaise, créez {_docs_rel(english)} : elle prendra la même place dans le "
               "menu anglais, sans autre ligne (sans elle, le site anglais affiche la page en français)."))


def translate(message: str) -> list[str] | None:
    """The French messages for one of MkDocs' English ones, or None if it is not one we know."""
    for pattern, kind in ((_NOT_FOUND, "not_found"), (_ANCHOR, "anchor"), (_ABSOLUTE, "absolute"),
                          (_UNRECOGNIZED, "unrecognized"), (_EXCLUDED, "excluded")):
        if match := pattern.match(message):
            return [_link_message(match, kind)]
    if match := _OMITTED.match(message):
        pages = [line.strip()[2:] for line in match["pages"].splitlines() if line.strip().startswith("- ")]
        return [_omitted_message(page) for page in pages]
    if match := _NAV_MISSING.match(message):
        close = _closest(match["url"], "")
        hint = (" Pages aux noms proches : " + ", ".join(f"« {n} »" for n in close) + "." if close else "")
        return [f"mkdocs.yml, « nav: » : « {match['url']} » ne correspond à aucune page de docs/.{hint} "
                "Corrigez le nom, ou créez la page."]
    return None


class _French(logging.Filter):
    """Rewrites the records it knows in French (dropping a repeat of the same message)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if MACRO_FAILED in str(record.msg):
            return False  # mkdocs-macros' own report; ours is already logged
        if record.levelno < logging.WARNING:
            return True
        try:
            french = translate(record.getMessage())
        except Exception:  # noqa: BLE001 - a message must never stop the build
            return True
        if french is None:
            return True
        french = [text for text in french if _once(text)]
        if not french:
            return False
        record.msg, record.args = "\n".join(french), None
        return True


_FILTER = _French()
# The modules whose records are rewritten, under the engine's own package name: ProperDocs
# serves `mkdocs.*` imports from `properdocs.*`, whose loggers bear that name.
SOURCES = ("structure.pages", "structure.nav")
# mkdocs-macros names its logger itself, the same under either engine.
MACROS_LOGGER = "mkdocs.plugins.mkdocs_macros.util"


def engine() -> str:
    """The running engine's package: « mkdocs », or « properdocs » (which answers `import mkdocs`)."""
    import mkdocs

    return mkdocs.__name__


def source_loggers() -> list[str]:
    names = [f"{prefix}.{module}" for prefix in dict.fromkeys((engine(), "mkdocs")) for module in SOURCES]
    return [*names, MACROS_LOGGER]


# ---------------------------------------------------------------- `{{` in a page

MACRO_FAILED = "\x00psds-macro-failed\x00"  # what mkdocs-macros logs and returns for a failed page


def _template_line(error: Exception) -> int | None:
    if isinstance(error, jinja2.TemplateSyntaxError):
        return error.lineno
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__) if frame.filename == "<template>"]
    return lines[-1] if lines else None


def _file_line(page, markdown: str, line: int | None) -> int | None:
    """The line in the file: MkDocs gives the macros the page without its front matter."""
    if line is None:
        return None
    text = markdown.splitlines()[line - 1] if 0 < line <= len(markdown.splitlines()) else None
    try:
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError, TypeError):
        return line
    if text is not None:
        for number in range(line, len(source) + 1):
            if source[number - 1] == text:
                return number
    return line


def macro_message(error: Exception, markdown: str, page) -> str:
    line = _template_line(error)
    where = _at(page.file.src_uri, _file_line(page, markdown, line))
    written = ""
    if line and 0 < line <= len(markdown.splitlines()):
        written = f" (ligne écrite : « {markdown.splitlines()[line - 1].strip()[:120]} »)"
    meaning = ("« {{ … }} » appelle une macro du site, par ex. {{ partners_list() }}, et « {% … %} » "
               "une instruction")
    undefined = re.match(r"'([^']+)' is undefined", str(error))
    if isinstance(error, jinja2.UndefinedError) and undefined:
        what = f"« {undefined[1]} » n'est ni une macro ni une variable du site"
    elif isinstance(error, jinja2.TemplateSyntaxError):
        what = "le texte entre « {{ » et « }} » (ou « {% » et « %} ») est mal écrit ou pas fermé"
    elif isinstance(error, DataError):
        what = str(error)
    else:
        what = unexpected(error, "l'appel d'une macro")
    return f"{where} : {what}{written}. {meaning} ; vérifiez le nom de la macro. {LITERAL}"


def _format_error(error, markdown, page) -> str:
    message = macro_message(error, markdown, page)
    if _once(message):
        log.warning(message)
    return MACRO_FAILED


def _literal_on_error(render):
    def render_or_literal(markdown, *args, **kwargs):
        out = render(markdown, *args, **kwargs)
        return markdown if out == MACRO_FAILED else out

    render_or_literal.literal_on_error = True
    return render_or_literal


# ------------------------------------------------------------------ the terminal

_SERVING = re.compile(r"(?:\[[0-9:]+\] )?Serving on (?P<url>\S+)")
_REQUEST = re.compile(r'(?:\[[0-9:]+\] )?"(?:GET|HEAD) (?P<path>\S+) [^"]*" code 404')


class _Quiet(logging.Filter):
    """Under serve without --verbose: warnings, errors and our own lines only."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == OURS or record.name.startswith(OURS + "."):
            return True
        message = record.getMessage()
        if match := _SERVING.match(message):
            record.msg, record.args = (f"Aperçu du site : {match['url']} (arrêter : Ctrl+C ; "
                                       "tous les détails : mkdocs serve --verbose)"), None
            return True
        if match := _REQUEST.match(message):
            record.msg, record.args = (f"le navigateur a demandé {match['path']}, qui n'existe pas (404) : "
                                       "un lien mène peut-être à une page renommée ou supprimée"), None
            return True
        return record.levelno >= logging.WARNING


_QUIET = _Quiet()
LEVELS = {"WARNING": "ALERTE", "ERROR": "ERREUR", "CRITICAL": "ERREUR"}


class _FrenchLevels(logging.Formatter):
    """MkDocs' terminal format, with the level in French and no « INFO - » before our
    progress lines."""

    def __init__(self, formatter: logging.Formatter):
        super().__init__()
        self.inner = formatter

    def format(self, record: logging.LogRecord) -> str:
        if record.levelno < logging.WARNING:
            return record.getMessage()
        english = record.levelname
        record.levelname = LEVELS.get(english, english)
        try:
            return self.inner.format(record)
        finally:
            record.levelname = english


def install(command: str) -> None:
    """French messages for every command; under serve, a quiet terminal unless --verbose."""
    import mkdocs_macros.plugin as macros_plugin

    macros_plugin.format_error = _format_error
    for name in source_loggers():
        source = logging.getLogger(name)
        if _FILTER not in source.filters:
            source.addFilter(_FILTER)
    new_build()
    # MkDocs' terminal handler is « MkDocsStreamHandler » on `mkdocs`, ProperDocs' is
    # « ProperDocsStreamHandler » on `properdocs`.
    engine_log = logging.getLogger(engine())
    if command != "serve" or engine_log.level == logging.DEBUG:  # --verbose: everything
        return
    for handler in engine_log.handlers:
        if str(getattr(handler, "name", "")).endswith("StreamHandler") and _QUIET not in handler.filters:
            handler.addFilter(_QUIET)
            handler.setFormatter(_FrenchLevels(handler.formatter or logging.Formatter()))


STOPPED = "Construction arrêtée : corrigez l'erreur ci-dessus."


def stop_in_french(error: BaseException) -> None:
    """on_build_error. A BuildError (a hook's or a plugin's PluginError: our data messages)
    would be logged by the engine through its duplicate filter, then end the output with
    « Aborted with a BuildError! »: it is said here, every time, and the build stops in
    French. Strict mode's summary is rewritten (`in_french_abort`)."""
    in_french_abort(error)
    if isinstance(error, BuildError):
        log.error(str(error))
        raise Abort(STOPPED) from None


def in_french_abort(error: BaseException) -> None:
    """MkDocs' last line of a failed build (« Aborted with 2 warnings in strict mode! »)."""
    if not isinstance(error, Abort):
        return
    # The count is of one language's build only (static-i18n builds each in turn): not said.
    if re.match(r"Aborted with .* in strict mode!", error.message):
        error.message = ("Construction arrêtée : corrigez les messages ci-dessus (le site n'est "
                         "construit qu'une fois tous corrigés).")
    elif error.message == "Aborted with a BuildError!":
        error.message = STOPPED
