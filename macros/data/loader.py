"""Load resources/ once, validate it against the models, and say clearly what is wrong.

`load_site_data(folder)` returns one immutable `SiteData` or raises `DataError`, which
lists every problem found (file, line, field, what was expected), in French because
the people who edit these files are French-speaking health-promotion officers.
"""

from __future__ import annotations

import difflib
import os
import functools
import re
import types
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from . import inputs
from . import models as m
from .declare import SLUG_PATTERN, Ref, info, is_model, is_slug, item_type
from .inputs import DataError, Problem

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class SiteData:
    """All data of the site, validated and cross-checked. Never mutated."""

    programme: m.Programme
    modalities: Mapping[str, m.Modality]
    partners: Mapping[str, m.Partner]
    territories: Mapping[str, m.Territory]
    cps: m.CpsFile
    glossary: Mapping[str, m.GlossaryTerm]
    tools: Mapping[str, m.Tool]
    events: Mapping[str, m.Event]  # in date order
    timeline: tuple[m.TimelineEntry, ...]
    indicators: m.IndicatorsFile
    lessons: m.LessonsFile

    def cps_item(self, cps_id: str) -> m.CpsCategory | m.GeneralCps | m.SpecificCps:
        """A category, general or specific CPS by its id."""
        for group in (self.cps.categories, self.cps.general, self.cps.specific):
            for item in group:
                if item.id == cps_id:
                    return item
        raise KeyError(cps_id)


# --------------------------------------------------------------------------- YAML


class _Doc:
    """A parsed YAML file: its data and the line of every value, by path."""

    def __init__(self, rel: str, data: Any, lines: dict[Loc, int]):
        self.rel = rel
        self.data = data
        self.lines = lines

    def line(self, loc: Loc) -> int | None:
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get(())


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int], problems: list[Problem], rel: str):
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(
                    Problem(
                        rel,
                        line,
                        _field_name(loc + (key,)),
                        f"clé en double (déjà écrite ligne {seen[key]}) : "
                        "une seule des deux valeurs serait gardée, supprimez l'autre",
                    )
                )
                continue
            seen[key] = line
            lines[loc + (key,)] = line
            _walk(value_node, loc + (key,), lines, problems, rel)
            lines[loc + (key,)] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, loc + (index,), lines, problems, rel)


def read_yaml(path: Path, rel: str) -> tuple[_Doc | None, list[Problem]]:
    text, problems = inputs.read(path, rel)
    if text is None:
        return None, problems
    return _parse(text, rel)


def _parse(text: str, rel: str) -> tuple[_Doc | None, list[Problem]]:
    node, problems = inputs.compose(text, rel)
    if problems:
        return None, problems
    if node is None:
        return None, [Problem(rel, None, None, "le fichier est vide : il doit contenir des données")]
    lines: dict[Loc, int] = {}
    _walk(node, (), lines, problems, rel)
    if problems:
        return None, problems
    return _Doc(rel, inputs.construct(node), lines), []


# ---------------------------------------------------------------- validation errors


def _field_name(loc: Loc) -> str | None:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or None


def _model_at(root: Any, loc: Loc) -> type[BaseModel] | None:
    current = item_type(root)
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = item_type(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _suggest(value: str, known: Iterable[str]) -> str:
    known = list(known)
    close = difflib.get_close_matches(value, known, n=1)
    if not close:  # e.g. "ars-paysdelaloire" for "ars-pdl"
        close = [k for k in known if k.split("-")[0] == value.split("-")[0]][:1]
    return f" Vouliez-vous écrire « {close[0]} » ?" if close else ""


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "…"


_PATTERNS = {
    SLUG_PATTERN: "un identifiant en minuscules sans accent, chiffres et tirets (par ex. ateliers-parents)",
    r"^\d{4}-\d{4}$": "une année scolaire au format AAAA-AAAA (par ex. 2022-2023)",
    m.PARTIAL_DATE: "une date AAAA, AAAA-MM ou AAAA-MM-JJ, avec un mois de 01 à 12 "
                    "(par ex. 2022, 2022-05 ou 2022-08-19)",
}


def _explain(error: ErrorDetails, root: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    given = error.get("input")
    if kind == "missing":
        return "champ obligatoire manquant"
    if kind == "extra_forbidden":
        loc = error["loc"]
        model = _model_at(root, loc[:-1])
        allowed = sorted(model.model_fields) if model else []
        hint = _suggest(str(loc[-1]), allowed)
        return f"champ inconnu. Champs possibles : {inputs.listed(allowed, 30)}.{hint}"
    if kind in ("string_type",):
        return f"texte attendu (reçu : {_shown(given)})"
    if kind == "string_too_short":
        return "ce texte ne peut pas être vide"
    if kind == "string_too_long":
        return f"texte trop long (au plus {ctx.get('max_length')} caractères)"
    if kind == "string_pattern_mismatch":
        expected = _PATTERNS.get(str(ctx.get("pattern")), f"le format {ctx.get('pattern')}")
        return f"valeur « {_shown(given)} » invalide : il faut {expected}"
    if kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        return f"nombre entier attendu (reçu : {_shown(given)})"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(ctx.values()), "?")
        word = "au moins" if kind.startswith("greater") else "au plus"
        return f"valeur {_shown(given)} hors limites : il faut {word} {bound}"
    if kind in ("enum", "literal_error"):
        values = re.findall(r"'([^']*)'", str(ctx.get("expected", ""))) or [str(ctx.get("expected"))]
        return f"valeur « {_shown(given)} » inconnue : valeurs possibles : {', '.join(values)}"
    if kind.startswith("url"):
        return f"adresse web complète attendue, commençant par https:// (reçu : {_shown(given)})"
    if kind in ("tuple_type", "list_type"):
        return "liste attendue (une ligne par élément, commençant par « - »)"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        model = _model_at(root, error["loc"])
        if model is m.Text:
            return "texte attendu : soit du texte, soit un bloc avec « fr: » (et « en: »)"
        return f"bloc de champs attendu (clé: valeur), reçu : {_shown(given)}"
    if kind == "too_short":
        return f"liste vide : il faut au moins {ctx.get('min_length')} élément(s)"
    if kind in _DATE_ERRORS:
        return _date_message(given)
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "bool_type" or kind == "bool_parsing":
        return f"oui/non attendu (true ou false), reçu : {_shown(given)}"
    return error["msg"]


def _value_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _validate(doc: _Doc, root_type: Any) -> tuple[Any, list[Problem]]:
    try:
        return TypeAdapter(root_type).validate_python(doc.data), []
    except ValidationError as err:
        problems: dict[Problem, None] = {}  # each once, in order (thousands in a broken file)
        for error in err.errors(include_url=False):
            loc = tuple(error["loc"])
            if loc and loc[-1] == "fr" and isinstance(_value_at(doc.data, loc[:-1]), str):
                loc = loc[:-1]  # `name: texte` is shorthand for `name: {fr: texte}`
            if error["type"] in _DATE_ERRORS and loc and loc[-1] in ("date", "datetime"):
                loc = loc[:-1]  # one message for `date | datetime`, not one per member
            problems[Problem(doc.rel, doc.line(loc), _field_name(loc), _explain(error, root_type))] = None
        return None, list(problems)


_DATE_ERRORS = {"date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact",
                "datetime_parsing", "datetime_from_date_parsing", "date_type", "datetime_type",
                "time_parsing", "datetime_object_invalid"}
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:\s+(\d{1,2})[:h](\d{2}))?\s*$")


def _date_message(given: Any) -> str:
    shown = _shown(given)
    day_first = _DAY_FIRST.match(given) if isinstance(given, str) else None
    if day_first:
        day, month, year, hour, minute = day_first.groups()
        better = f"{year}-{int(month):02d}-{int(day):02d}"
        if hour:
            better += f" {int(hour):02d}:{minute}"
        return (f"« {shown} » : écrivez la date sous la forme {better} "
                "(année-mois-jour, avec des tirets)")
    return (f"date « {shown} » impossible ou mal écrite : écrivez une date réelle sous la forme "
            "AAAA-MM-JJ (par ex. 2025-10-21), ou une date et une heure de Paris sous la forme "
            "AAAA-MM-JJ HH:MM (par ex. 2025-10-21 09:30)")


# ------------------------------------------------------------------------ loading

TOP_LEVEL = {
    "programme.yml": m.Programme,
    "modalities.yml": tuple[m.Modality, ...],
    "partners.yml": tuple[m.Partner, ...],
    "cps.yml": m.CpsFile,
    "glossary.yml": tuple[m.GlossaryTerm, ...],
    "timeline.yml": tuple[m.TimelineEntry, ...],
    "indicators.yml": m.IndicatorsFile,
    "lessons.yml": m.LessonsFile,
}
# One file per item; the file name is the id. `required`: the folder must hold one.
FOLDERS = {"territories": (m.Territory, True), "tools": (m.Tool, False),
           "events": (m.Event, False)}
IGNORED_NAMES = {"README.md"}


def _ignored(path: Path) -> bool:
    return path.name.startswith(".") or path.name.endswith("~") or path.name in IGNORED_NAMES


def _unique(items: tuple, doc: _Doc, label: str, problems: list[Problem], at: Loc = ()) -> dict:
    out: dict[str, Any] = {}
    for index, item in enumerate(items):
        if item.id in out:
            where = (*at, index, "id")
            problems.append(
                Problem(doc.rel, doc.line(where), _field_name(where) or f"[{index}].id",
                        f"identifiant « {item.id} » déjà utilisé par un autre {label} de ce fichier")
            )
        else:
            out[item.id] = item
    return out


def _check_ref(doc: _Doc, where: Loc, value: str, known: Collection[str], label: str,
               problems: list[Problem]):
    if value not in known:
        # A suggestion costs a fuzzy search: only for the problems a message shows.
        hint = _suggest(value, known) if len(problems) < inputs.MAX_SHOWN else ""
        problems.append(
            Problem(doc.rel, doc.line(where), _field_name(where),
                    f"{label} « {_shown(value)} ». Valeurs possibles : "
                    f"{inputs.listed(known) or '(aucune)'}.{hint}")
        )


@functools.cache
def _reference_fields(model: type[BaseModel]) -> tuple[tuple[str, Ref | None], ...]:
    """The fields of `model` that hold ids (with their `Ref`) or models that may (None)."""
    out: list[tuple[str, Ref | None]] = []
    for name, field in model.model_fields.items():
        declared = info(model, name)
        if declared is not None and declared.refs is not None:
            out.append((name, declared.refs))
        elif is_model(item_type(field.annotation)):
            out.append((name, None))
    return tuple(out)


def _check_references(doc: _Doc, value: Any, known: Mapping[str, Collection[str]],
                      problems: list[Problem], loc: Loc = ()):
    """Every field declaring `Info(refs=…)` in the models, anywhere in `value`, against the
    ids of the data (`known`, by kind; a kind whose file could not be read is left out)."""
    if isinstance(value, tuple):
        for index, item in enumerate(value):
            _check_references(doc, item, known, problems, loc + (index,))
        return
    if not isinstance(value, BaseModel):
        return
    for name, ref in _reference_fields(type(value)):
        held = getattr(value, name)
        if ref is None:
            _check_references(doc, held, known, problems, loc + (name,))
        elif ref.kind in known and held is not None:
            values = held if isinstance(held, tuple) else (held,)
            at = [loc + (name, index) for index in range(len(values))] \
                if isinstance(held, tuple) else [loc + (name,)]
            for where, item in zip(at, values, strict=True):
                if ref.message is not None and item not in known[ref.kind]:
                    problems.append(Problem(doc.rel, doc.line(where), _field_name(where), ref.message.format(
                        value=item, known=", ".join(known[ref.kind]))))
                elif ref.message is None:
                    _check_ref(doc, where, item, known[ref.kind], ref.unknown, problems)


def _load(folder: Path) -> SiteData:
    problems: list[Problem] = []
    base = folder.parent

    def rel(path: Path) -> str:
        return path.relative_to(base).as_posix()

    if not folder.is_dir():
        raise DataError([Problem(rel(folder), None, None, "dossier de données introuvable")])

    _kept_now.clear()
    try:
        return _load_kept(folder, problems, rel)
    finally:
        _kept.clear()
        _kept.update(_kept_now)


def _load_kept(folder: Path, problems: list[Problem], rel) -> SiteData:
    docs: dict[str, tuple[_Doc, Any]] = {}
    for name, root_type in TOP_LEVEL.items():
        path = folder / name
        if not os.path.lexists(path):  # a link, a pipe or a folder is refused by name when read
            problems.append(Problem(rel(path), None, None, "fichier obligatoire manquant"))
            continue
        if loaded := _read_valid(path, rel(path), root_type, problems):
            docs[name] = loaded

    for entry in sorted(folder.iterdir()):
        if _ignored(entry) or entry.name in TOP_LEVEL or entry.name in FOLDERS:
            continue
        problems.append(
            Problem(rel(entry), None, None,
                    "fichier ou dossier inconnu dans resources/ (attendus : "
                    f"{', '.join([*TOP_LEVEL, *(f + '/' for f in FOLDERS)])})")
        )

    folders: dict[str, dict[str, tuple[_Doc, Any]]] = {}
    for name, (model, required) in FOLDERS.items():
        folders[name] = _load_folder(folder / name, model, required, rel, problems)
    territories = folders["territories"]
    # Ids of every territory file, valid or not: a file with an error is reported once, not
    # again as an "unknown territory" wherever it is referred to.
    territory_ids = dict.fromkeys(sorted(
        p.stem for p in (folder / "territories").glob("*.yml") if not _ignored(p) and is_slug(p.stem)))

    modalities: dict[str, m.Modality] = {}
    partners: dict[str, m.Partner] = {}
    glossary: dict[str, m.GlossaryTerm] = {}
    if "modalities.yml" in docs:
        doc, items = docs["modalities.yml"]
        modalities = _unique(items, doc, "modalité", problems)
    if "partners.yml" in docs:
        doc, items = docs["partners.yml"]
        partners = _unique(items, doc, "partenaire", problems)
    programme = docs.get("programme.yml", (None, None))[1]

    for doc, territory in territories.values():
        seen_runs: dict[str, int] = {}
        for index, run in enumerate(territory.modalities):
            if run.modality in seen_runs:
                where = ("modalities", index, "modality")
                problems.append(Problem(doc.rel, doc.line(where), _field_name(where),
                                        f"modalité « {run.modality} » déjà décrite plus haut "
                                        f"(modalities[{seen_runs[run.modality]}]) : regroupez les années"))
            seen_runs.setdefault(run.modality, index)

    # The ids each kind of reference may hold (models.PARTNER…), from the files that could be read.
    known: dict[str, Collection[str]] = {m.TERRITORY.kind: territory_ids}
    if "partners.yml" in docs:
        known[m.PARTNER.kind] = partners
    if "modalities.yml" in docs:
        known[m.MODALITY.kind] = modalities
    if programme is not None:
        known[m.SCHOOL_YEAR.kind] = programme.school_years
    if "cps.yml" in docs:
        cps = docs["cps.yml"][1]
        known[m.CPS.kind] = _check_cps(*docs["cps.yml"], problems)
        known[m.CPS_CATEGORY.kind] = {c.id: c for c in cps.categories}
        known[m.GENERAL_CPS.kind] = {g.id: g for g in cps.general}
    if "indicators.yml" in docs:
        doc, file = docs["indicators.yml"]
        indicators = known[m.INDICATOR.kind] = _unique(file.indicators, doc, "indicateur", problems,
                                                       at=("indicators",))
    if "glossary.yml" in docs:
        doc, terms = docs["glossary.yml"]
        glossary = _unique(terms, doc, "terme", problems)
        seen: dict[str, int] = {}
        for index, term in enumerate(terms):
            for spelling in term.spellings:
                if spelling in seen and seen[spelling] != index:
                    problems.append(Problem(doc.rel, doc.line((index, "term")), f"[{index}].term",
                                            f"« {spelling} » est déjà défini par le terme [{seen[spelling]}]"))
                seen.setdefault(spelling, index)

    if "timeline.yml" in docs:
        _unique(docs["timeline.yml"][1], docs["timeline.yml"][0], "jalon", problems)
    if "lessons.yml" in docs:
        _unique(docs["lessons.yml"][1].lessons, docs["lessons.yml"][0], "enseignement", problems,
                at=("lessons",))
    if "indicators.yml" in docs:
        _check_indicators(*docs["indicators.yml"], indicators, problems)
    for doc, value in [*docs.values(), *(item for found in folders.values() for item in found.values())]:
        _check_references(doc, value, known, problems)

    if problems:
        raise DataError(problems)

    ordered = sorted(territories.items(), key=lambda kv: (kv[1][1].order, kv[0]))
    return SiteData(
        programme=docs["programme.yml"][1],
        modalities=types.MappingProxyType(modalities),
        partners=types.MappingProxyType(partners),
        territories=types.MappingProxyType({key: value[1] for key, value in ordered}),
        cps=docs["cps.yml"][1],
        glossary=types.MappingProxyType(glossary),
        tools=types.MappingProxyType({key: value[1] for key, value in folders["tools"].items()}),
        events=types.MappingProxyType(dict(sorted(
            ((key, value[1]) for key, value in folders["events"].items()),
            key=lambda kv: (str(kv[1].start), kv[0])))),
        timeline=docs["timeline.yml"][1],
        indicators=docs["indicators.yml"][1],
        lessons=docs["lessons.yml"][1],
    )


# Under serve an edit changes one file: the others' parse and validation are kept, by their
# text (those of the last load only).
_kept: dict[tuple, tuple] = {}
_kept_now: dict[tuple, tuple] = {}


def _read_valid(path: Path, rel_path: str, model: Any, problems: list[Problem]):
    """(document, validated value) of one file, or None with its problems recorded."""
    text, found = inputs.read(path, rel_path)
    if text is None:
        problems += found
        return None
    key = (rel_path, model, text)
    if key not in _kept:
        _kept[key] = _parse_valid(text, rel_path, model)
    _kept_now[key] = _kept[key]
    loaded, found = _kept[key]
    problems += found
    return loaded


def _parse_valid(text: str, rel_path: str, model: Any) -> tuple[tuple[_Doc, Any] | None, list[Problem]]:
    problems: list[Problem] = []
    doc, found = _parse(text, rel_path)
    problems += found
    if doc is None:
        return None, problems
    left = list(_placeholders(doc.data))
    for loc in left:
        problems.append(Problem(doc.rel, doc.line(loc), _field_name(loc),
                                f"« {m.PLACEHOLDER} » laissé tel quel : remplacez-le par la vraie valeur, "
                                "ou retirez ce champ s'il est facultatif"))
    if left:
        return None, problems
    value, found = _validate(doc, model)
    problems += found
    return (None if value is None else (doc, value)), problems


def _placeholders(value: Any, loc: Loc = ()):
    """Where a skeleton's placeholder is still in the data."""
    if isinstance(value, str):
        if m.PLACEHOLDER.casefold() in value.casefold():
            yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _placeholders(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _placeholders(item, loc + (index,))


def documents(folder: Path):
    """(relative path, parsed document, validated value) of every valid data file."""
    folder = Path(folder).resolve()
    ignored: list[Problem] = []
    paths = [folder / name for name in TOP_LEVEL]
    for name in FOLDERS:
        if (folder / name).is_dir():
            paths += sorted(p for p in (folder / name).glob("*.yml") if not _ignored(p))
    for path in paths:
        if not path.is_file():
            continue
        kind = TOP_LEVEL.get(path.name) if path.parent == folder else FOLDERS[path.parent.name][0]
        rel = path.relative_to(folder.parent).as_posix()
        if loaded := _read_valid(path, rel, kind, ignored):
            yield rel, *loaded


def _load_folder(path: Path, model: type, required: bool, rel, problems: list[Problem]) -> dict:
    """Every `<id>.yml` of a folder, validated against `model`."""
    found: dict[str, tuple[_Doc, Any]] = {}
    entries = sorted(path.iterdir()) if path.is_dir() else []
    for entry in entries:
        if _ignored(entry):
            continue
        if entry.is_symlink():
            problems.append(Problem(rel(entry), None, None, "lien symbolique refusé : remplacez-le par "
                                    "le fichier lui-même (un lien peut désigner n'importe quoi hors du dépôt)"))
            continue
        if entry.is_dir():
            problems.append(Problem(rel(entry), None, None, "dossier inattendu : ce dossier ne contient "
                                    "que des fichiers .yml ; déplacez ou supprimez ce dossier"))
            continue
        if entry.suffix != ".yml":
            problems.append(Problem(rel(entry), None, None,
                                    "seuls les fichiers .yml sont lus ici : renommez-le en .yml"))
            continue
        if len(entry.name) > inputs.MAX_NAME:
            problems.append(Problem(rel(entry)[:80] + "…", None, None,
                                    f"nom de fichier trop long ({len(entry.name)} caractères) : "
                                    "l'identifiant d'un fichier fait au plus 60 caractères"))
            continue
        if not is_slug(entry.stem):
            problems.append(Problem(rel(entry), None, None,
                                    "nom de fichier invalide : il sert d'identifiant, donc "
                                    "minuscules sans accent, chiffres et tirets (par ex. pays-de-retz.yml)"))
            continue
        if loaded := _read_valid(entry, rel(entry), model, problems):
            found[entry.stem] = loaded
    if required and not entries:
        problems.append(Problem(rel(path), None, None,
                                "dossier vide ou absent : ajoutez au moins un fichier .yml"))
    return found


def _check_indicators(doc: _Doc, file: m.IndicatorsFile, indicators: Mapping, problems: list[Problem]):
    """Figures say something possible (their references are checked with every other)."""
    seen: dict[tuple, int] = {}
    for index, figure in enumerate(file.figures):
        where = ("figures", index)
        indicator = indicators.get(figure.indicator)
        if indicator is None:
            continue
        if indicator.unit is not m.Unit.nombre and figure.value > 100:
            problems.append(Problem(doc.rel, doc.line(where + ("value",)), _field_name(where + ("value",)),
                                    f"un pourcentage ne dépasse pas 100 (valeur : {_shown(figure.value)})"))
        if indicator.scope is m.IndicatorScope.programme and figure.territories:
            problems.append(Problem(doc.rel, doc.line(where + ("territories",)),
                                    _field_name(where + ("territories",)),
                                    f"l'indicateur « {indicator.id} » porte sur tout le programme : "
                                    "retirez « territories »"))
        key = (figure.indicator, tuple(sorted(figure.territories)), figure.school_year)
        if indicator.scope is m.IndicatorScope.territoire and key in seen:
            problems.append(Problem(doc.rel, doc.line(where), f"figures[{index}]",
                                    f"chiffre déjà donné pour cet indicateur, ce territoire et cette "
                                    f"année (figures[{seen[key]}]) : gardez-en un seul"))
        seen.setdefault(key, index)


def _check_cps(doc: _Doc, cps: m.CpsFile, problems: list[Problem]) -> dict[str, str]:
    """Unique ids across the framework (the parents are checked as references)."""
    ids: dict[str, str] = {}
    groups = {"categories": "les catégories", "general": "les CPS générales",
              "specific": "les CPS spécifiques"}
    for group in groups:
        for index, item in enumerate(getattr(cps, group)):
            where = (group, index, "id")
            if item.id in ids:
                problems.append(Problem(doc.rel, doc.line(where), _field_name(where),
                                        f"identifiant « {item.id} » déjà utilisé par {ids[item.id]}"))
            ids.setdefault(item.id, groups[group])
    return ids


def fingerprint(folder: Path) -> tuple:
    """Name, date and size of every file under `folder`: changes when one is edited."""
    if not folder.is_dir():
        return ()
    stamps = []
    for path in sorted(folder.rglob("*")):
        try:  # lstat: an editor's lock file is a dangling link, and is no reason to stop
            stat = path.lstat()
        except OSError:
            continue
        stamps.append((path.relative_to(folder).as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


_cache: dict[Path, tuple[tuple, SiteData | DataError]] = {}


def current_site_data(folder: Path | str) -> SiteData:
    """The data last loaded from `folder` in this process, without looking at the files again.

    Pages and macros use this during a build: the hook's `on_pre_build` has just called
    `load_site_data`, so checking every file's date once per page would only cost time.
    """
    folder = _resolved(os.path.abspath(folder))
    cached = _cache.get(folder)
    if cached is None or isinstance(cached[1], DataError):
        return load_site_data(folder)
    return cached[1]


@functools.lru_cache(maxsize=16)
def _resolved(folder: str) -> Path:
    # Every macro call asks for the data: resolving the folder's links each time cost 3 % of
    # a serve rebuild.
    return Path(folder).resolve()


def load_site_data(folder: Path | str) -> SiteData:
    """Validated data of `folder`; parsed again only when a file in it changed.

    MkDocs, static-i18n (one build per language) and every macro call this: the files
    are read once per build, and once more only after an edit.
    """
    folder = Path(folder).resolve()
    stamp = fingerprint(folder)
    cached = _cache.get(folder)
    if cached is None or cached[0] != stamp:
        try:
            result: SiteData | DataError = _load(folder)
        except DataError as err:
            result = err
        _cache[folder] = (stamp, result)
        cached = _cache[folder]
    if isinstance(cached[1], DataError):
        raise cached[1]
    return cached[1]


_derived: list[list] = []  # the results kept by once_per_data


def forget_derived() -> None:
    """Make every once_per_data result again at its next call (a template it renders changed)."""
    for last in _derived:
        last[:] = [None, {}]


def once_per_data(function):
    """Keep the last result of `function(data, *args)` while `data` is the same object:
    static-i18n builds once per language and each build asks for the same derived texts
    (generated pages, schemas, the form's configuration); an edit loads a new SiteData."""
    last: list = [None, {}]
    _derived.append(last)

    @functools.wraps(function)
    def cached(data: SiteData, *args):
        if last[0] is not data:
            last[:] = [data, {}]
        if args not in last[1]:
            last[1][args] = function(data, *args)
        return last[1][args]

    return cached
