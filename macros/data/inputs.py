"""Reading the files editors write, whatever their bytes: a bounded, plain subset of YAML
and Markdown pages in UTF-8.

Every function here returns problems in French (file, line, what to do) instead of
raising: a broken or hostile file must end the build with a message, in bounded time and
memory, never with a Python trace.

The YAML subset: mappings with text keys, lists, scalars (plain, quoted or block) and
comments, one document per file. Refused, by name: anchors and aliases (`&` / `*`: one
alias can make a small file expand to gigabytes), tags (`!…`: they change a value's type
behind the editor's back), merge keys (`<<`), complex keys (`?` or a list used as a key),
several documents, directives (`%YAML`). A file is at most MAX_BYTES and nests at most
MAX_DEPTH levels. Scalars that libyaml would turn into an impossible date or an over-long
integer stay text, so that the models report them like any other wrong value.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic_core import ErrorDetails

MAX_BYTES = 1024 * 1024  # data files and pages are a few kilobytes
MAX_DEPTH = 40
# Python-Markdown's time grows with the square of the entities and tags of a page: a page
# holds at most this many « & » and « < » (the site's pages have a few dozen at most).
MAX_PAGE_SIGNS = 5000
MAX_SHOWN = 30  # problems printed at once: a message stays readable, whatever the input
MAX_LISTED = 8  # ids a message lists (« … et N autres »)


def listed(values: Iterable[str], limit: int = MAX_LISTED) -> str:
    """At most `limit` values, comma-separated, then how many more."""
    values = list(values)
    text = ", ".join(values[:limit])
    return text + (f" … et {len(values) - limit} autres" if len(values) > limit else "")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", ligne {self.line}"
        if self.field:
            where += f", champ « {self.field} »"
        return f"{where} : {self.message}"


class DataError(Exception):
    """Every problem found in the editors' files, reported at once."""

    def __init__(self, problems: Iterable[Problem], scope: str = "les données (resources/)"):
        self.problems = tuple(problems)
        self.scope = scope
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{count} erreur{'s' if count > 1 else ''} dans {self.scope} :"
        shown = [f"  - {p}" for p in self.problems[:MAX_SHOWN]]
        if count > MAX_SHOWN:
            shown.append(f"  … et {count - MAX_SHOWN} autres erreurs, non affichées : corrigez "
                         "d'abord celles-ci, puis relancez")
        return "\n".join([head, *shown])


# ----------------------------------------------------------------------- bytes


def decode(raw: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """The text of a file: UTF-8 (a byte-order mark is allowed), of bounded size."""
    if len(raw) > MAX_BYTES:
        return None, [Problem(rel, None, None,
                              f"fichier trop gros (plus de {MAX_BYTES // 1024} Kio) : "
                              "un fichier de données ou une page fait quelques kilo-octets ; "
                              "vérifiez qu'il ne contient pas autre chose (image, copier-coller répété)")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        offset = err.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
        line = raw[:offset].count(b"\n") + 1
        return None, [Problem(rel, line, None,
                              f"le fichier n'est pas encodé en UTF-8 (octet 0x{raw[offset]:02x} illisible) : "
                              "réenregistrez-le en UTF-8 dans votre éditeur "
                              "(« Enregistrer sous… », encodage « UTF-8 »)")]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Problem(rel, line, None,
                              "caractère nul (octet 0x00) : ce n'est pas un fichier texte ; "
                              "réenregistrez-le en texte UTF-8")]
    return text, []


def read(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """`decode` of a regular file, without reading more than MAX_BYTES of it. A link, a
    named pipe, a device or a folder is refused by name, never opened for reading (a pipe
    would block the build)."""
    import stat

    special = None
    try:
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            special = "lien symbolique refusé : remplacez-le par le fichier lui-même"
        elif stat.S_ISDIR(mode):
            special = "c'est un dossier, pas un fichier : renommez-le sans « .yml » ni « .md »"
        elif not stat.S_ISREG(mode):
            special = ("fichier spécial (tube nommé, périphérique ou socket) refusé : "
                       "supprimez-le, seuls des fichiers ordinaires se lisent")
        if special is None:
            descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(descriptor, "rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
    except OSError as err:
        return None, [Problem(rel, None, None, f"fichier illisible ({french_os_error(err)})")]
    if special:
        return None, [Problem(rel, None, None, special)]
    return decode(raw, rel)


_ERRNO_FR = {
    "ENOSPC": "disque plein : libérez de la place puis recommencez",
    "EDQUOT": "quota du disque atteint : libérez de la place puis recommencez",
    "EROFS": "disque en lecture seule : construisez dans un dossier où vous pouvez écrire",
    "EACCES": "accès refusé : vérifiez les droits du fichier ou du dossier",
    "EPERM": "opération non permise : vérifiez les droits du fichier ou du dossier",
    "ENAMETOOLONG": "nom de fichier trop long : raccourcissez-le",
    "ENOENT": "fichier ou dossier introuvable",
    "ELOOP": "lien symbolique refusé (ou boucle de liens)",
    "EISDIR": "c'est un dossier, pas un fichier",
    "ENOTDIR": "un élément du chemin n'est pas un dossier",
    "EMFILE": "trop de fichiers ouverts : fermez des programmes puis recommencez",
    "EIO": "erreur d'entrée-sortie du disque",
}


def os_error_message(err: OSError, step: str, root: Path | None = None) -> str:
    """The French message of a system error while the site is made: what, on which file."""
    names = []
    for name in (err.filename, err.filename2):
        if name:
            path = Path(os.fsdecode(name))
            try:
                path = path.resolve().relative_to(root.resolve()) if root else path
            except ValueError:
                pass
            names.append(str(path))
    where = f"{' → '.join(names)} : " if names else ""
    return f"{where}{french_os_error(err)} (pendant {step})"


def french_os_error(err: OSError) -> str:
    """An operating-system error said in French (its English text is the last resort)."""
    import errno

    name = errno.errorcode.get(err.errno or 0, "")
    return _ERRNO_FR.get(name, err.strerror or str(err))


# ------------------------------------------------------------------------ YAML

_Base: type[Any]
try:  # libyaml is much faster than the pure-Python parser
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Base = yaml.SafeLoader


def _lenient(constructor):
    """A scalar constructor that keeps the text when the value is impossible (a 13th
    month, an integer of 5,000 digits): the models then say what is expected."""

    def construct(loader, node):
        try:
            return constructor(loader, node)
        except (ValueError, OverflowError):
            return node.value

    return construct


def _text_keys(loader, node, deep=False):
    # Keys are text, as the editor wrote them: `on:` or `2022:` are not a boolean and an int.
    return {key.value: loader.construct_object(value, deep=deep) for key, value in node.value}


def _loader_class(base: type[Any]) -> type[Any]:
    Loader: type[Any] = type("Loader", (base,), {})  # add_constructor changes the class: our own

    for tag in ("timestamp", "int", "float"):
        full = f"tag:yaml.org,2002:{tag}"
        Loader.add_constructor(full, _lenient(base.yaml_constructors[full]))
    Loader.add_constructor("tag:yaml.org,2002:map", _text_keys)
    return Loader


Loader = _loader_class(_Base)
PureLoader = _loader_class(yaml.SafeLoader)  # what editors' tools and CMSs parse like

_SYNTAX = {
    "found unexpected end of stream": "le fichier se termine avant la fin de l'élément : "
    "guillemet ou crochet non fermé ?",
    "mapping values are not allowed": "deux-points inattendu : mettez entre guillemets "
    "un texte qui contient « : », ou vérifiez l'indentation",
    "expected <block end>": "indentation incohérente : alignez les clés d'un même bloc",
    "did not find expected key": "indentation incohérente ou ligne inattendue : alignez les clés "
    "d'un même bloc, et commencez chaque élément de liste par « - »",
    "could not find expected ':'": "il manque « : » après une clé, ou l'indentation est fausse",
    "cannot start any token": "caractère interdit en début de valeur (tabulation ? indentez "
    "avec des espaces ; un texte qui commence par @ ou ` se met entre guillemets)",
    "expected ',' or ']'": "liste entre crochets mal fermée : il manque « , » ou « ] »",
    "expected ',' or '}'": "bloc entre accolades mal fermé : il manque « , » ou « } »",
    "found unknown escape character": "barre oblique inverse « \\ » dans un texte entre guillemets "
    "doubles : doublez-la (\\\\) ou utilisez des guillemets simples",
    "found invalid Unicode character escape code": "séquence « \\u » invalide dans un texte entre "
    "guillemets doubles : doublez la barre oblique (\\\\u) ou utilisez des guillemets simples",
    "control characters are not allowed": "caractère de contrôle invisible dans le fichier : "
    "supprimez-le (il vient souvent d'un copier-coller)",
    "found unexpected ':'": "deux-points inattendu : mettez le texte entre guillemets",
    "while scanning a quoted scalar": "guillemet non fermé",
    "expected the node content": "valeur manquante ou mal placée",
    "found a tab character": "tabulation dans l'indentation : indentez avec des espaces",
    "expected alphabetic or numeric character": "caractère inattendu après « & », « * » ou « ! » : "
    "mettez le texte entre guillemets",
    "exceeded maximum nesting depth": f"trop de niveaux d'imbrication (au plus {MAX_DEPTH}) : "
    "vérifiez les crochets et l'indentation",
    "expected a single document": "plusieurs documents dans un fichier (séparés par « --- ») : "
    "un fichier ne contient qu'un document, supprimez la ligne « --- » en trop",
}


def _syntax(err: yaml.YAMLError) -> str:
    english = " ".join(filter(None, [getattr(err, "problem", None), getattr(err, "context", None)]))
    for key, french in _SYNTAX.items():
        if key in english:
            return french
    return "vérifiez l'indentation, les deux-points et les guillemets"


def _refused(event, rel: str, what: str, why: str) -> Problem:
    return Problem(rel, event.start_mark.line + 1, None, f"{what} : {why}")


_WHY_SIMPLE = "les fichiers de données n'utilisent que des clés, des listes et des textes"


def _check_events(text: str, rel: str, loader) -> list[Problem]:
    """Refuse, by name, what the plain subset leaves out; stop at the first problem."""
    # Each open collection: [is_mapping, next node is a key].
    stack: list[list[bool]] = []
    documents = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if event.version or event.tags:
                    return [_refused(event, rel, "directive « % » refusée", _WHY_SIMPLE)]
                if documents > 1:
                    return [_refused(event, rel, "plusieurs documents dans un fichier (séparés par « --- »)",
                                     "un fichier ne contient qu'un document : supprimez la ligne « --- » "
                                     "en trop, ou séparez les documents en plusieurs fichiers")]
                continue
            if not isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent | yaml.AliasEvent):
                if isinstance(event, yaml.CollectionEndEvent):
                    stack.pop()
                    if stack and stack[-1][0]:
                        stack[-1][1] = True
                continue
            is_key = bool(stack) and stack[-1][0] and stack[-1][1]
            if isinstance(event, yaml.AliasEvent):
                return [_refused(event, rel, f"alias « *{event.anchor} » refusé",
                                 "recopiez la valeur à chaque endroit où elle sert (un alias peut faire "
                                 "grossir un fichier sans limite, et les autres outils le lisent mal)")]
            if event.anchor is not None:
                return [_refused(event, rel, f"ancre « &{event.anchor} » refusée",
                                 "les ancres et alias ne sont pas acceptés : recopiez la valeur là où "
                                 "elle sert ; si le texte commence par « & », mettez-le entre guillemets")]
            if event.tag is not None:
                return [_refused(event, rel, f"étiquette « {event.tag} » refusée",
                                 "une étiquette change le type d'une valeur ; si le texte commence par "
                                 "« ! », mettez-le entre guillemets")]
            if is_key and not isinstance(event, yaml.ScalarEvent):
                return [_refused(event, rel, "clé complexe refusée (« ? », ou une liste ou un bloc "
                                 "utilisé comme clé)", "une clé est un mot suivi de « : »")]
            if is_key and isinstance(event, yaml.ScalarEvent) and event.value == "<<" and event.implicit[0]:
                return [_refused(event, rel, "clé de fusion « << » refusée", _WHY_SIMPLE)]
            if isinstance(event, yaml.CollectionStartEvent):
                if len(stack) >= MAX_DEPTH:
                    return [_refused(event, rel, f"plus de {MAX_DEPTH} niveaux d'imbrication",
                                     "un fichier de données en a quelques-uns : vérifiez les crochets "
                                     "et l'indentation")]
                if stack and stack[-1][0]:
                    stack[-1][1] = not stack[-1][1]
                stack.append([isinstance(event, yaml.MappingStartEvent), True])
            elif stack and stack[-1][0]:
                stack[-1][1] = not stack[-1][1]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        message = f"syntaxe YAML invalide : {_syntax(err)}"
        if err.context_mark and mark and err.context_mark.line != mark.line:
            message += f" (élément commencé ligne {err.context_mark.line + 1})"
        return [Problem(rel, mark.line + 1 if mark else None, None, message)]
    except yaml.YAMLError as err:
        return [Problem(rel, None, None, f"syntaxe YAML invalide : {_syntax(err)}")]
    return []


def compose(text: str, rel: str, loader=Loader) -> tuple[yaml.Node | None, list[Problem]]:
    """The YAML node tree of `text` within the plain subset, or the problems that refuse it."""
    problems = _check_events(text, rel, loader)
    if problems:
        return None, problems
    return yaml.compose(text, Loader=loader), []


def construct(node: yaml.Node, loader=Loader) -> Any:
    return loader("").construct_document(node)


def parse(text: str, rel: str, loader=Loader) -> tuple[Any, list[Problem]]:
    """The value of a YAML text within the plain subset (None for an empty text)."""
    node, problems = compose(text, rel, loader)
    if problems or node is None:
        return None, problems
    return construct(node, loader), []


def parser_disagreement(text: str, rel: str) -> list[Problem]:
    """A problem when libyaml and PyYAML's pure-Python parser (closer to what editors'
    tools and CMSs use) read `text` differently: the file would not mean the same thing
    everywhere. Slower than `parse`: for `make check` and the tests."""
    fast, fast_problems = parse(text, rel, Loader)
    pure, pure_problems = parse(text, rel, PureLoader)
    if fast_problems or pure_problems:
        if bool(fast_problems) == bool(pure_problems):
            return []  # both refuse it: the build reports why
        line = (pure_problems or fast_problems)[0].line
        return [Problem(rel, line, None,
                        "ce passage est lu différemment selon les outils (le site l'accepte, d'autres "
                        "éditeurs le refusent, ou l'inverse) : mettez entre guillemets les adresses et "
                        "les textes qui contiennent « ? », « & », « # » ou « : », et écrivez les "
                        "listes une ligne par élément, avec « - »")]
    if fast != pure:
        return [Problem(rel, None, None, "ce fichier est lu différemment selon les outils : mettez "
                                         "entre guillemets les textes qui contiennent des signes")]
    return []


# -------------------------------------------------------------------- Markdown

# MkDocs' own front matter pattern (mkdocs.utils.meta), on the text as MkDocs reads it:
# Python's universal newlines, so CRLF and CR pages are checked like LF ones.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def _meta_message(error: ErrorDetails) -> str:
    kind, ctx, given = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "extra_forbidden":
        from .models import PageMeta

        return ("clé inconnue dans l'en-tête d'une page. Clés possibles : "
                f"{', '.join(PageMeta.model_fields)}")
    if kind == "string_too_long":
        return f"texte trop long (au plus {ctx.get('max_length')} caractères)"
    if kind == "string_too_short":
        return "ce texte ne peut pas être vide"
    if kind in ("string_type", "bool_type", "bool_parsing", "float_type", "float_parsing"):
        expected = {"s": "texte", "b": "oui/non (true ou false)", "f": "nombre"}[kind[0]]
        shown = repr(given) if not isinstance(given, str) else given
        return f"{expected} attendu (reçu : {shown[:60]})"
    if kind in ("literal_error", "enum"):
        values = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"valeur « {str(given)[:60]} » inconnue : valeurs possibles : {', '.join(values)}"
    if kind in ("tuple_type", "list_type"):
        return "liste attendue (une ligne par élément, commençant par « - »)"
    if kind == "too_long":
        return f"liste trop longue (au plus {ctx.get('max_length')} éléments)"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "bloc de champs attendu (clé: valeur)"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"]


def _check_meta(value: dict, front: str, rel: str) -> list[Problem]:
    """The front matter against the PageMeta model: types, lengths, no markup in a title."""
    from pydantic import ValidationError

    from .models import PageMeta

    try:
        PageMeta.model_validate(value)
    except ValidationError as err:
        problems = []
        for error in err.errors():
            key = str(error["loc"][0]) if error["loc"] else None
            line = next((index + 2 for index, text in enumerate(front.splitlines())
                         if key and text.startswith(f"{key}:")), 2)
            field = ".".join(str(part) for part in error["loc"]) or None
            problems.append(Problem(rel, line, field, "en-tête de la page (entre les lignes « --- ») : "
                                    + _meta_message(error)))
        return problems
    return []


# Pages go through mkdocs-macros' Jinja, which is not sandboxed: a page calls the site's
# macros with plain values, nothing else (no statement, attribute walk or other function,
# which could read or run anything on the building machine).
_JINJA = re.compile(r"\{\{(.*?)\}\}|\{%-?\s*(.*?)\s*-?%\}", re.DOTALL)
_VALUE = (r"""(?:"[^"\\{}]*"|'[^'\\{}]*'|-?\d+(?:\.\d+)?|true|false|True|False|"""
          r"""(?:config|page)\.[a-z][a-z_]*)""")
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_ARGUMENT = rf"(?:[a-z_]\w*\s*=\s*)?{_VALUE}(?:\s*~\s*{_VALUE})*"
_CALL = re.compile(rf"\s*([a-z_]\w*)\(\s*(?:{_ARGUMENT}(?:\s*,\s*{_ARGUMENT})*)?\s*,?\s*\)\s*")
# A plain text, printed as written: how a page writes « {{ » itself ({{ '{{' }}), as the
# messages and the guide say.
_LITERAL = re.compile(r"""\s*(?:'[^'\\]*'|"[^"\\]*")\s*""")


def _check_jinja(text: str, rel: str, macros: Iterable[str] | None) -> list[Problem]:
    known = set(macros) if macros is not None else None
    # What a raw block holds is shown as written, never run (its lines are kept for counting).
    text = _RAW.sub(lambda raw: "\n" * raw[0].count("\n"), text)
    for match in _JINJA.finditer(text):
        line = text[:match.start()].count("\n") + 1
        shown = match[0] if len(match[0]) <= 60 else match[0][:57] + "…"
        if match[1] is None:  # {% … %}
            if match[2] in ("raw", "endraw"):
                continue
            return [Problem(rel, line, None, f"instruction « {shown} » refusée : une page n'appelle que les "
                            "macros du site, par ex. {{ calendar() }}")]
        if _LITERAL.fullmatch(match[1]):
            continue
        call = _CALL.fullmatch(match[1])
        if call is None or (known is not None and call[1] not in known):
            hint = f" (macros : {listed(sorted(known))})" if known else ""
            return [Problem(rel, line, None, f"expression « {shown} » refusée : une page n'appelle que les "
                            "macros du site, avec des textes ou des nombres, par ex. "
                            f"{{{{ lessons_list(\"force\") }}}}{hint}")]
    return []


def check_page(path: Path, rel: str, macros: Iterable[str] | None = None) -> list[Problem]:
    """Problems of a Markdown page that would stop MkDocs with a trace, blow up or print
    markup outside the article: its encoding, its size, and its front matter (the `---`
    block at the top), validated like data."""
    text, problems = read(path, rel)
    if text is None:
        return problems
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    signs = text.count("&") + text.count("<")
    if signs > MAX_PAGE_SIGNS:
        return [Problem(rel, None, None, f"trop de signes « & » et « < » ({signs}, au plus {MAX_PAGE_SIGNS}) : "
                        "la mise en page d'un tel texte devient très lente ; une page en contient quelques-uns")]
    if jinja := _check_jinja(text, rel, macros):
        return jinja
    if equiv := _META_EQUIV.search(text):
        return [Problem(rel, text[:equiv.start()].count("\n") + 1, None,
                        "balise <meta http-equiv> refusée dans une page (elle peut envoyer le lecteur "
                        "vers un autre site) : retirez-la, et mettez un lien à la place")]
    front = _FRONT_MATTER.match(text)
    if not front:
        return []
    value, problems = parse(front.group(1), rel)
    # Lines are counted from the page's first line, the opening `---`.
    problems = [Problem(p.file, p.line + 1 if p.line else None, p.field,
                        f"en-tête de la page (entre les lignes « --- ») : {p.message}") for p in problems]
    if not problems and value is not None and not isinstance(value, dict):
        problems = [Problem(rel, 2, None, "en-tête de la page (entre les lignes « --- ») : il doit "
                                          "contenir des lignes « clé: valeur »")]
    if not problems and isinstance(value, dict):
        problems = _check_meta(value, front.group(1), rel)
    return problems


# ------------------------------------------------------------------- docs/ files

MAX_NAME = 100  # characters in a file name: the site adds its own path and suffixes to it
# Files of docs/ the site would publish as they are, outside every check of a page.
_MARKUP_FILES = {".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".xsl", ".xslt", ".mht", ".mhtml"}
_SCRIPT_FILES = {".js", ".mjs", ".cjs", ".wasm"}
SCRIPTS_FOLDER = "assets/javascripts"  # the project's own scripts (its catalogue, the offline shim)
# A page sends no reader elsewhere by itself (`<meta http-equiv="refresh">` is out of the CSP's reach).
_META_EQUIV = re.compile(r"<meta\b[^>]*\bhttp-equiv\b", re.IGNORECASE)
# What an SVG of the site is drawn with; nothing that runs, loads or embeds.
_SVG_ELEMENTS = {
    "svg", "g", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon", "text", "tspan",
    "textpath", "title", "desc", "defs", "lineargradient", "radialgradient", "stop", "clippath",
    "mask", "symbol", "use", "pattern", "marker", "metadata", "style", "filter", "fegaussianblur",
    "feoffset", "feblend", "fecolormatrix", "feflood", "fecomposite", "femerge", "femergenode",
}
_FOREIGN_URL = re.compile(r"url\(\s*['\"]?(?!#)|@import", re.IGNORECASE)


def _special(path: Path) -> str | None:
    """Why the site refuses `path` as such (a link, a pipe, a device), or None."""
    import stat

    try:
        mode = os.lstat(path).st_mode
    except OSError as err:
        return f"fichier illisible ({err.strerror or err})"
    if stat.S_ISLNK(mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return (f"lien symbolique (vers « {target} ») refusé : le site publierait ce qu'il désigne, "
                "même hors du dépôt ; remplacez-le par une copie du fichier")
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return ("fichier spécial (tube nommé, périphérique ou socket) refusé : "
                "supprimez-le, seuls des fichiers ordinaires se publient")
    return None


def check_svg(path: Path, rel: str) -> list[Problem]:
    """An SVG image drawn only: no script, event attribute, foreign reference or embedding
    (opened alone, an SVG runs its scripts with the site's rights)."""
    import xml.etree.ElementTree as ET

    text, problems = read(path, rel)
    if text is None:
        return problems
    why = "une image SVG du site ne contient que du dessin : réexportez-la sans script ni lien " \
          "(« SVG simple » / « optimisé »), ou utilisez une image PNG"
    if re.search(r"<!(?:DOCTYPE|ENTITY)", text, re.IGNORECASE):
        return [Problem(rel, None, None, f"déclaration <!DOCTYPE> ou <!ENTITY> refusée : {why}")]
    try:
        root = ET.fromstring(text)
    except ET.ParseError as err:
        return [Problem(rel, err.position[0], None, "image SVG illisible (XML invalide) : "
                                                    "réexportez-la depuis votre logiciel de dessin")]
    for element in root.iter():
        name = str(element.tag).rsplit("}", 1)[-1].lower()
        if name not in _SVG_ELEMENTS:
            return [Problem(rel, None, None, f"élément <{name}> refusé dans une image SVG : {why}")]
        if name == "style" and _FOREIGN_URL.search(element.text or ""):
            return [Problem(rel, None, None, f"style qui charge une ressource extérieure refusé : {why}")]
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return [Problem(rel, None, None, f"attribut d'événement « {local} » refusé : {why}")]
            if (local in ("href", "src") and not value.strip().startswith("#")) or \
                    "href" in value.lower() and local == "attributename" or _FOREIGN_URL.search(value):
                return [Problem(rel, None, None, f"référence extérieure (« {value[:60]} ») refusée : {why}")]
    return []


def check_docs(docs_dir: Path, skipped: Iterable[str] = (), macros: Iterable[str] | None = None) -> list[Problem]:
    """Every file docs/ would publish: no link out of it, no special file, no over-long name,
    no HTML or script page beside the Markdown ones, SVG drawn only, pages MkDocs can read.
    `skipped`: folders of docs/ written by the generator (their files are checked for what
    they are, links and special files, not as pages)."""
    problems: list[Problem] = []
    skipped = set(skipped)
    for folder, dirs, files in os.walk(docs_dir):  # never follows a link
        base = Path(folder)
        top = base.relative_to(docs_dir).parts[:1]
        generated = bool(top) and top[0] in skipped
        for name in sorted(dirs + files):
            path = base / name
            rel = f"docs/{path.relative_to(docs_dir).as_posix()}"
            if name.startswith("."):  # MkDocs leaves these out of the site
                if name in dirs:
                    dirs.remove(name)
                continue
            special = _special(path)
            long_name = len(name) > MAX_NAME
            if special or long_name:
                if name in dirs:
                    dirs.remove(name)
                problems.append(Problem(rel if not long_name else rel[:60] + "…", None, None, special or (
                    f"nom de fichier trop long ({len(name)} caractères, au plus {MAX_NAME}) : raccourcissez-le")))
                continue
            if name in dirs:
                continue
            if generated:  # the generator's pages are UTF-8; a hand-written one there may not be
                if name.endswith(".md"):
                    problems += _unless_unchanged(path, rel, _read_problems)
                continue
            suffix = Path(name).suffix.lower()
            if suffix in _MARKUP_FILES:
                problems.append(Problem(rel, None, None, "fichier HTML refusé dans docs/ : il serait publié "
                                        "tel quel, sans aucune vérification ; écrivez la page en Markdown (.md)"))
            elif suffix in _SCRIPT_FILES and not rel.startswith(f"docs/{SCRIPTS_FOLDER}/"):
                problems.append(Problem(rel, None, None, "script refusé hors de "
                                        f"docs/{SCRIPTS_FOLDER}/ : les pages n'apportent pas de script"))
            elif suffix == ".svg":
                problems += _unless_unchanged(path, rel, check_svg)
            elif suffix == ".md":
                problems += _unless_unchanged(path, rel, check_page, macros)
    return problems


def _read_problems(path: Path, rel: str) -> list[Problem]:
    return read(path, rel)[1]


# Each file's problems as last checked, by its path: under serve, every rebuild checks
# docs/ again and reads only the files changed since (4 % of a rebuild).
_checked: dict[str, tuple[tuple, list[Problem]]] = {}


def _unless_unchanged(path: Path, rel: str, check, macros: Iterable[str] | None = None) -> list[Problem]:
    """`check(path, rel[, macros])`, or what it found the last time if the file has the same
    inode, dates and size since (as the data's `fingerprint` and MkDocs' watcher tell an edit)."""
    extra = () if macros is None else (frozenset(macros),)
    try:
        stat = os.lstat(path)
    except OSError:
        return check(path, rel, *extra)
    key = (rel, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, check, extra)
    found = _checked.get(str(path))
    if found is None or found[0] != key:
        found = _checked[str(path)] = (key, check(path, rel, *extra))
    return list(found[1])


def check_pages(docs_dir: Path, skipped: Iterable[str] = (), macros: Iterable[str] | None = None) -> None:
    """Raise DataError for every file of docs/ the site must not publish, and every
    hand-written Markdown page MkDocs could not read. `skipped`: folders of docs/ written
    by the generator."""
    problems = check_docs(docs_dir, skipped, macros)
    if problems:
        raise DataError(problems, "les pages (docs/)")
