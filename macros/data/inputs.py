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

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 1024 * 1024  # data files and pages are a few kilobytes
MAX_DEPTH = 40


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
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


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
    """`decode` of a file, without reading more than MAX_BYTES of it."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as err:
        return None, [Problem(rel, None, None, f"fichier illisible ({err.strerror or err})")]
    return decode(raw, rel)


# ------------------------------------------------------------------------ YAML

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


def _loader_class(base):
    class Loader(base):
        pass

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
            if not isinstance(event, yaml.NodeEvent):
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
            if is_key and event.value == "<<" and event.implicit[0]:
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


def _meta_message(error: dict) -> str:
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


def check_page(path: Path, rel: str) -> list[Problem]:
    """Problems of a Markdown page that would stop MkDocs with a trace, blow up or print
    markup outside the article: its encoding, its size, and its front matter (the `---`
    block at the top), validated like data."""
    text, problems = read(path, rel)
    if text is None:
        return problems
    front = _FRONT_MATTER.match(text.replace("\r\n", "\n").replace("\r", "\n"))
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


def check_pages(docs_dir: Path, skipped: Iterable[str] = ()) -> None:
    """Raise DataError for every hand-written Markdown page of docs/ MkDocs could not read.
    `skipped`: folders of docs/ written by the generator."""
    skipped_dirs = {docs_dir / name for name in skipped}
    problems = []
    for path in sorted(docs_dir.rglob("*.md")):
        if skipped_dirs.intersection(path.parents) or any(
                part.startswith(".") for part in path.relative_to(docs_dir).parts):
            continue
        problems += check_page(path, f"docs/{path.relative_to(docs_dir).as_posix()}")
    if problems:
        raise DataError(problems, "les pages (docs/)")
