"""JSON Schemas of the YAML files (schemas/*.json), generated from the models, with the ids
of the data as enums (an editor in VS Code is offered the valid CPS, territories,
modalities, partners…). The build rewrites them when the data changes them; a test fails
when the committed ones are stale."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from .files import write_if_changed
from .loader import FOLDERS, TOP_LEVEL, SiteData, load_site_data, once_per_data
from .references import REFERENCES, reference_values


def schema_targets() -> dict[str, tuple[Any, str]]:
    """Schema name -> (type validated by the loader, YAML files it describes)."""
    targets = {Path(name).stem: (kind, name) for name, kind in TOP_LEVEL.items()}
    targets |= {name: (kind, f"{name}/*.yml") for name, (kind, _) in FOLDERS.items()}
    return targets


@functools.cache
def _model_schema(kind) -> str:
    """The models' part, the same for the whole process (the ids are added to a copy)."""
    return json.dumps(TypeAdapter(kind).json_schema())


def _string_part(schema: dict) -> dict:
    """The string schema inside a property: itself, a list's items, an optional's value."""
    if schema.get("type") == "array":
        return _string_part(schema["items"])
    for variant in schema.get("anyOf", ()):
        if variant.get("type") in ("string", "array"):
            return _string_part(variant)
    return schema


def _with_ids(schema: dict, kind, data: SiteData) -> dict:
    root = getattr(kind, "__name__", None)
    for (model, field), options in REFERENCES.items():
        if model.__name__ == root:
            holder = schema
        else:
            holder = schema.get("$defs", {}).get(model.__name__)
        if holder is None or field not in holder.get("properties", {}):
            continue
        _string_part(holder["properties"][field])["enum"] = reference_values(options(data))
    return schema


def schema_text(name: str, data: SiteData) -> str:
    return _schema_texts(data)[name]


@once_per_data
def _schema_texts(data: SiteData) -> dict[str, str]:
    return {name: _schema_text(name, data) for name in schema_targets()}


def _schema_text(name: str, data: SiteData) -> str:
    kind, files = schema_targets()[name]
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"resources/{files}",
        **_with_ids(json.loads(_model_schema(kind)), kind, data),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def header_line(relative: str) -> str:
    """The first line of a data file (`resources/…`, from the repository's root): the JSON
    Schema VS Code reads. `make new` writes it, the form keeps it."""
    path = Path(relative)
    name = path.parent.name if path.parent.name != "resources" else path.stem
    up = "../" * (len(path.parts) - 1)
    return f"# yaml-language-server: $schema={up}schemas/{name}.schema.json"


def schema_header(yaml_path: Path, resources: Path) -> str:
    return header_line(yaml_path.relative_to(resources.parent).as_posix())


def stale_schemas(root: Path, data: SiteData | None = None) -> dict[Path, str]:
    """The schema files whose text is not what the models and the data give."""
    data = data or load_site_data(root / "resources")
    wanted = {root / "schemas" / f"{name}.schema.json": schema_text(name, data) for name in schema_targets()}
    return {path: text for path, text in wanted.items()
            if not path.is_file() or path.read_text(encoding="utf-8") != text}


def write_schemas(root: Path, check: bool) -> int:
    stale = stale_schemas(root)
    if check and stale:
        print("Schémas périmés (lancez `make schemas`) : "
              + ", ".join(path.relative_to(root).as_posix() for path in stale))
        return 1
    for path, text in stale.items():
        write_if_changed(path, text.encode("utf-8"))
        print(f"écrit : {path.relative_to(root)}")
    return 0
