"""What a field of the models declares besides its type: the one place it is said.

A field carries an `Info` in its `Annotated[...]` metadata: its labels (French for the form
and the fiche, English for the English fiche), the kind of id it may hold (`Ref`), and its
open-data columns (`Column`). Its docstring is its help text. Everything else reads them:

- the loader checks each `Ref` against the ids of the data (`loader._check_references`),
- the JSON Schemas list those ids as enums and the form offers them (`references.py`),
- the form's labels and widgets (`content/cms.py`), the fiche's row labels (`field_label`),
- the catalogue's CSV/JSON columns (`content/catalogue.py`).

So adding a field is: the model (with its `Info`) and the template that shows it.
"""

from __future__ import annotations

import enum
import re
import types
import typing
from dataclasses import dataclass
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

# An identifier of the site (file names, ids in the data): the one pattern.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)


def is_slug(value: str) -> bool:
    return bool(_SLUG.match(value))


@dataclass(frozen=True)
class Ref:
    """A kind of id a field may hold: its options come from the data (references.py)."""

    kind: str
    """Key of `references.OPTIONS` and of the loader's table of known ids."""
    unknown: str
    """The loader's French words for a value not among them (« partenaire inconnu »)."""
    message: str | None = None
    """A whole message instead, with {value} and {known} (e.g. a year out of the programme)."""


@dataclass(frozen=True)
class Column:
    """One column of the open data (catalogue.csv/json) that a field gives."""

    name: str
    fr: str
    """What the column holds, in French (also in the JSON file's `fields`)."""
    en: str
    """The same for the English catalogue page."""
    lang: str | None = None
    """For a bilingual text: the language this column holds (the English one may be empty)."""
    value: Callable[[Any], object] | None = None
    """The cell from the whole item, when it is not the field's own value."""


@dataclass(frozen=True)
class Info:
    """The declaration of a field besides its type (see the module's docstring)."""

    fr: str
    """Label in French: the form's, the fiche's."""
    en: str | None = None
    """Label in English (the English fiche); needed when the field is shown there."""
    refs: Ref | None = None
    columns: tuple[Column, ...] = ()
    one_line: bool = False
    """A text that fits on one line: a one-line input in the form."""
    multi_line: bool = False
    """A plain text of several lines (editors' notes): a multi-line box in the form."""

    def label(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.fr


def unwrap(annotation: Any) -> tuple[Any, list, bool]:
    """(inner type, metadata of every Annotated on the way, optional) of a field's annotation.

    Stops at a tuple (a list in YAML) and at a union of several types (`date | datetime`).
    """
    metadata: list = []
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            metadata += extra
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) > 1:
                return annotation, metadata, optional
            annotation = args[0]
        else:
            return annotation, metadata, optional


def item_type(annotation: Any) -> Any:
    """The type of one value: inside Optional, Annotated and tuple[...] (a list's items)."""
    inner, _, _ = unwrap(annotation)
    if typing.get_origin(inner) in (tuple, list):
        inner, _, _ = unwrap(typing.get_args(inner)[0])
    return inner


def is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def info(model: type[BaseModel], name: str) -> Info | None:
    field = model.model_fields[name]
    found = [x for x in field.metadata if isinstance(x, Info)]
    found += [x for x in unwrap(field.annotation)[1] if isinstance(x, Info)]
    return found[0] if found else None


def field_label(model: type[BaseModel], name: str, lang: str = "fr") -> str:
    declared = info(model, name)
    if declared is None:
        raise KeyError(f"{model.__name__}.{name} n'a pas de libellé (Info) dans macros/data/models.py")
    return declared.label(lang)


def models_under(*roots: Any) -> list[type[BaseModel]]:
    """Every model reachable from `roots` (the types the loader validates), each once."""
    out: list[type[BaseModel]] = []
    todo = [item_type(root) for root in roots]
    while todo:
        model = todo.pop(0)
        if not is_model(model) or model in out:
            continue
        out.append(model)
        todo += [item_type(field.annotation) for field in model.model_fields.values()]
    return out


def references(*roots: Any) -> dict[tuple[type[BaseModel], str], Ref]:
    """(model, field) -> the kind of id it holds, for every model under `roots`."""
    return {(model, name): declared.refs for model in models_under(*roots)
            for name in model.model_fields
            if (declared := info(model, name)) is not None and declared.refs is not None}


def columns(model: type[BaseModel]) -> list[tuple[str, Column]]:
    """(field name, column) of every open-data column of `model`, in the fields' order."""
    return [(name, column) for name in model.model_fields
            if (declared := info(model, name)) is not None for column in declared.columns]


def cell(item: BaseModel, name: str, column: Column) -> object:
    """One open-data cell: a list for several values, "" for no text, None for no number."""
    if column.value is not None:
        return column.value(item)
    value = getattr(item, name)
    if column.lang is not None:
        return "" if value is None else (value.fr if column.lang == "fr" else (value.en or ""))
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if value is None:
        inner = unwrap(type(item).model_fields[name].annotation)[0]
        return None if inner in (int, float) else ""
    return _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (int, float, str)):
        return value
    return str(value)  # a URL
