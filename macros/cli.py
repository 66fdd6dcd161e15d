"""Editors' commands, without building the site (messages in French).

    python -m macros.cli check                 valider toutes les données
    python -m macros.cli generate              écrire les pages générées dans docs/ (sans moteur)
    python -m macros.cli new territory ID      créer le squelette d'un territoire
    python -m macros.cli new tool ID           créer le squelette d'un outil
    python -m macros.cli new event ID          créer le squelette d'un événement
    python -m macros.cli translations          lister ce qui manque en anglais
    python -m macros.cli schemas [--check]     régénérer (ou vérifier) schemas/*.json
    python -m macros.cli cms [--check]         écrire (ou vérifier) cms/config.yml, copie à lire (non suivie)
"""

from __future__ import annotations

import argparse
import enum
import os
import sys
import typing
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

from .content import page_checks
from .content.brochure import FOLDER as BROCHURE_FOLDER
from .content.brochure import BrochureError
from .content.cms import write_config
from .content.generate import generate
from .content.render import MACROS
from .content.pages import SECTIONS, GeneratedFileConflict, name_conflicts
from .data import inputs
from .data import models as m
from .data.declare import is_slug, unwrap
from .data.loader import FOLDERS, DataError, Problem, _field_name, documents, load_site_data
from .data.schemas import schema_header, write_schemas

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = m.PLACEHOLDER

# --------------------------------------------------------------------- skeletons


def _unwrap(annotation):
    return unwrap(annotation)[0]


def _commented(lines: list[str], indent: str) -> list[str]:
    # Deleting the "# " gives back correctly indented YAML.
    return [indent + "# " + line[len(indent):] for line in lines]


def _value_lines(name: str, field, indent: str) -> list[str]:
    annotation = _unwrap(field.annotation)
    is_list = typing.get_origin(annotation) is tuple
    item = _unwrap(typing.get_args(annotation)[0]) if is_list else annotation
    if item is m.Text:
        if is_list:
            return [f"{indent}{name}:", f'{indent}  - fr: "{PLACEHOLDER}"', f'{indent}    # en: ""']
        return [f"{indent}{name}:", f'{indent}  fr: "{PLACEHOLDER}"', f'{indent}  # en: ""']
    if isinstance(item, type) and issubclass(item, BaseModel):
        inner = skeleton(item, indent + "    ")
        first = next(i for i, line in enumerate(inner) if not line.lstrip().startswith("#"))
        inner[first] = f"{indent}  - " + inner[first][len(indent) + 4:]
        return [f"{indent}{name}:", *inner]
    if is_list:
        return [f"{indent}{name}: []"]
    if item is int:
        # An optional number is left empty (not reported); never `None`, which YAML reads as text.
        return [f"{indent}{name}: {0 if field.is_required() else ''}".rstrip()]
    return [f'{indent}{name}: "{PLACEHOLDER if field.is_required() else ""}"']


def skeleton(model: type[BaseModel], indent: str = "") -> list[str]:
    """Commented YAML lines for `model`: required fields to fill, optional ones commented."""
    lines: list[str] = []
    for name, field in model.model_fields.items():
        annotation = _unwrap(field.annotation)
        if typing.get_origin(annotation) is tuple:
            annotation = _unwrap(typing.get_args(annotation)[0])
        comment = " ".join((field.description or name).split())
        if not field.is_required():
            comment += " (facultatif)"
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            comment += " Valeurs : " + " | ".join(e.value for e in annotation) + "."
        lines.append(f"{indent}# {comment}")
        block = _value_lines(name, field, indent)
        lines += block if field.is_required() else _commented(block, indent)
    return lines


def new_item(kind: str, item_id: str, resources: Path) -> int:
    folders = {"territory": "territories", "tool": "tools", "event": "events"}
    folder = resources / folders[kind]
    path = folder / f"{item_id}.yml"
    if not is_slug(item_id):
        print(f"Identifiant invalide « {item_id} » : minuscules sans accent, chiffres et tirets.")
        return 2
    if path.exists():
        print(f"{path.relative_to(resources.parent)} existe déjà : choisissez un autre identifiant.")
        return 2
    model = FOLDERS[folders[kind]][0]
    header = schema_header(path, resources)
    text = "\n".join([
        header,
        f"# Nouveau fichier ({ {'territory': 'territoire', 'tool': 'outil', 'event': 'événement'}[kind]}) : remplacez chaque « {PLACEHOLDER} », retirez le « # »",
        "# des champs facultatifs utiles, puis vérifiez avec `make check`.",
        *skeleton(model),
    ]) + "\n"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"créé : {path.relative_to(resources.parent)}")
    return 0


# ------------------------------------------------------------------ translations


def _untranslated(value, loc=()):
    if isinstance(value, m.Text):
        if not value.en:
            yield loc
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _untranslated(getattr(value, name), loc + (name,))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _untranslated(item, loc + (index,))


def translation_report(root: Path) -> list[str]:
    """Pages without an English version and data texts without `en`."""
    docs = root / "docs"
    report = []
    for page in sorted(docs.rglob("*.md")):
        relative = page.relative_to(docs)
        if page.name.endswith(".en.md") or relative.parts[0] in SECTIONS:
            continue
        if not page.with_name(page.stem + ".en.md").is_file():
            report.append(f"docs/{relative.as_posix()} : pas de version anglaise ({page.stem}.en.md)")
    for rel, doc, value in documents(root / "resources"):
        for loc in _untranslated(value):
            report.append(str(Problem(rel, doc.line(loc), _field_name(loc), "pas de traduction anglaise (en)")))
    return report


# --------------------------------------------------------------------------- main


def github_annotations(problems: Iterable[Problem]) -> list[str]:
    """Workflow commands that pin each problem to its file and line in a pull request."""
    def escape(text: str, property_: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if property_ else text

    lines = []
    for problem in problems:
        where = f"file={escape(problem.file, True)}"
        if problem.line is not None:
            where += f",line={problem.line}"
        title = f"Champ « {problem.field} »" if problem.field else "À corriger"
        lines.append(f"::error {where},title={escape(title, True)}::{escape(str(problem))}")
    return lines


def _count(number: int, noun: str) -> str:
    """« 1 événement », « 2 événements », « 3 termes du glossaire »: French plural of the head word."""
    if number < 2:
        return f"{number} {noun}"
    head, _, rest = noun.partition(" ")
    if head == "CPS":
        return f"{number} {head} {rest}s"
    return f"{number} {head}s{' ' + rest if rest else ''}"


def check(root: Path) -> int:
    """Every problem of the data and of the hand-written pages, at once."""
    problems: list[Problem] = []
    data = None
    try:
        data = load_site_data(root / "resources")
        problems += name_conflicts(data, root / "docs")
    except DataError as err:
        problems += err.problems
    for path in sorted((root / "resources").rglob("*.yml")):
        text, _ = inputs.read(path, "")
        if text is not None:  # an unreadable file is already reported
            problems += inputs.parser_disagreement(text, path.relative_to(root).as_posix())
    try:
        inputs.check_pages(root / "docs", SECTIONS, MACROS)
    except DataError as err:
        problems += err.problems
    # Links to pages or files that will not exist, pages missing from the menu.
    generated = (*SECTIONS, BROCHURE_FOLDER, "telechargements")
    pages = page_checks.hand_written_pages(root, generated)
    problems += page_checks.check_links(root, data, pages, generated) + page_checks.check_nav(root, pages, generated)
    if problems:
        in_data = all(p.file.startswith("resources/") for p in problems)
        print(DataError(problems, "les données (resources/)" if in_data else "les fichiers du site"))
        if os.environ.get("GITHUB_ACTIONS") == "true":
            for line in github_annotations(problems[:inputs.MAX_SHOWN]):
                print(line)
        return 1
    counts = [(len(data.territories), "territoire"), (len(data.modalities), "modalité"),
              (len(data.partners), "partenaire"), (len(data.cps.general), "CPS générale"),
              (len(data.glossary), "terme du glossaire"), (len(data.tools), "outil"),
              (len(data.events), "événement"), (len(data.timeline), "jalon"),
              (len(data.indicators.figures), "chiffre d'indicateurs")]
    print("Données valides : " + ", ".join(_count(n, noun) for n, noun in counts) + " ; pages lisibles.")
    return 0


# `make new KIND=…`: the French names editors use, and the English ones of the code.
KINDS = {"territoire": "territory", "territory": "territory", "outil": "tool", "tool": "tool",
         "evenement": "event", "événement": "event", "event": "event"}


class _FrenchParser(argparse.ArgumentParser):
    """argparse, with its usage errors said in French and what to type instead."""

    def error(self, message):
        if "invalid choice" in message or "argument kind" in message:
            message = ("type de fichier inconnu : écrivez KIND=territoire, KIND=outil ou "
                       "KIND=evenement (par ex. `make new KIND=outil ID=mon-outil`)")
        elif "the following arguments are required" in message:
            message = ("il manque un argument : par ex. `make new KIND=outil ID=mon-outil` "
                       "(ID : minuscules sans accent et tirets)")
        else:
            message = f"commande mal écrite ({message}) ; voir `python -m macros.cli --help`"
        self.exit(2, f"Erreur : {message}\n")


def generate_command(root: Path) -> int:
    """`make generate`: the generator alone, with no engine (the build runs the same step)."""
    try:
        generated = generate(root)
    except (DataError, GeneratedFileConflict, BrochureError) as err:
        print(err)
        return 1
    except OSError as err:  # a full or read-only disk: in French, with the file
        print(f"Erreur : {inputs.os_error_message(err, 'la génération des pages', root)}")
        return 1
    pages = sum(len(paths) for paths in generated.values())
    print(f"Pages générées dans docs/ : {pages} (et leur version anglaise), données ouvertes, "
          "agendas .ics et plaquettes PDF.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _FrenchParser(prog="python -m macros.cli", description=__doc__,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="dossier du projet")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_FrenchParser)
    commands.add_parser("check", help="valider toutes les données")
    commands.add_parser("generate", help="écrire dans docs/ ce qui est généré depuis resources/")
    new = commands.add_parser("new", help="créer le squelette d'un fichier")
    new.add_argument("kind", choices=list(KINDS))
    new.add_argument("id")
    commands.add_parser("translations", help="lister ce qui manque en anglais")
    schemas = commands.add_parser("schemas", help="régénérer les schémas JSON")
    schemas.add_argument("--check", action="store_true", help="vérifier sans écrire")
    cms_config = commands.add_parser("cms", help="régénérer la configuration du formulaire /admin/")
    cms_config.add_argument("--check", action="store_true", help="vérifier sans écrire")
    args = parser.parse_args(argv)
    resources = args.root / "resources"

    if args.command == "check":
        return check(args.root)
    if args.command == "generate":
        return generate_command(args.root)
    if args.command == "new":
        return new_item(KINDS[args.kind], args.id, resources)
    if args.command == "translations":
        report = translation_report(args.root)
        print("\n".join(report) if report else "Tout est traduit en anglais.")
        return 0
    try:  # both read the data: a mistake in it is said in French, not as a trace
        if args.command == "cms":
            return write_config(args.root, args.check)
        return write_schemas(args.root, args.check)
    except DataError as err:
        print(err)
        return 1


if __name__ == "__main__":
    sys.exit(main())
