"""What `make check` finds in the hand-written pages before any build: links to a page or a
file that does not exist, and pages missing from the menu (`nav:` of mkdocs.yml). Each a
French message naming the page and the line, as for data. No engine here: mkdocs.yml is
read as plain YAML (its `!!python/name` tags ignored).

The strict build would stop on the same broken links, later and in MkDocs' English; a page
missing from the menu it would only mention in passing, and readers would never find it.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

import yaml

from ..data.inputs import Problem

# [text](target) and ![alt](target), the target up to a space or the closing parenthesis.
_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_CODE = re.compile(r"^(```|~~~).*?^\1[ \t]*$|`[^`\n]+`", re.M | re.S)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.I)
SHOWN = 60  # characters of a target shown in a message


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def _nav_entries(nav) -> Iterable[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_entries(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_entries(item)


def _config(root: Path) -> dict:
    try:
        return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, yaml.YAMLError):
        return {}  # the build says what is wrong with mkdocs.yml


def _blank_code(text: str) -> str:
    """The text with code blocks and spans blanked (a link shown as code is not a link)."""
    return _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)


def _generated_ids(data) -> dict[str, set[str]]:
    if data is None:
        return {}
    return {"territoires": set(data.territories), "outils": set(data.tools),
            "cps": {c.id for c in data.cps.general}, "agenda": set()}


def _exists(docs: Path, target: PurePosixPath, generated: dict[str, set[str]]) -> bool:
    parts = target.parts
    if parts and parts[0] in generated:  # written by the build: known from the data
        if target.suffix == ".md":
            stem = target.name[:-3].removesuffix(".en")
            return len(parts) == 2 and (stem == "index" or stem in generated[parts[0]])
        return True  # open data, feeds: written with the section
    path = docs.joinpath(*parts)
    if path.is_file():
        return True
    if target.suffix == ".md" and target.name.endswith(".en.md"):
        return docs.joinpath(*parts[:-1], target.name[:-6] + ".md").is_file()
    return False


def check_links(root: Path, data, pages: Iterable[Path], generated_folders: Iterable[str]) -> list[Problem]:
    """Links of the hand-written pages to a page or file of docs/ that will not exist."""
    docs = root / "docs"
    generated = _generated_ids(data)
    skipped = set(generated_folders)
    problems = []
    for path in pages:
        rel = path.relative_to(root).as_posix()
        try:
            text = _blank_code(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            continue  # reported by the pages' own check
        folder = PurePosixPath(path.relative_to(docs).as_posix()).parent
        for match in _LINK.finditer(text):
            target = match[1].split("#", 1)[0].split("?", 1)[0]
            if not target or _EXTERNAL.match(match[1]) or target.startswith("/"):
                continue
            if not PurePosixPath(target).suffix:
                continue  # a folder address (`../agenda/`): not checked by name
            resolved = _normalise(folder / target)
            if resolved is None or (resolved.parts and resolved.parts[0] in skipped and resolved.parts[0] not in generated):
                continue
            if not _exists(docs, resolved, generated):
                line = text[:match.start()].count("\n") + 1
                shown = target if len(target) <= SHOWN else target[:SHOWN - 1] + "…"
                problems.append(Problem(rel, line, None, f"lien vers « {shown} », qui n'existe pas dans docs/ : "
                                        "vérifiez le nom du fichier et son dossier (une page s'écrit par ex. "
                                        "« programme.md », depuis le dossier de la page)"))
    return problems


def _normalise(path: PurePosixPath) -> PurePosixPath | None:
    parts: list[str] = []
    for part in path.parts:
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None  # outside docs/: the build says so
            parts.pop()
        else:
            parts.append(part)
    return PurePosixPath(*parts) if parts else None


def check_nav(root: Path, pages: Iterable[Path], generated_folders: Iterable[str]) -> list[Problem]:
    """Hand-written pages (French ones: their English version follows) missing from `nav:`."""
    config = _config(root)
    nav = config.get("nav")
    if not nav:
        return []  # no menu written: MkDocs lists every page
    entries = set(_nav_entries(nav))
    patterns = [line.strip().lstrip("/") for line in str(config.get("not_in_nav") or "").splitlines()
                if line.strip() and not line.strip().startswith("#")]
    docs = root / "docs"
    problems = []
    for path in pages:
        rel = path.relative_to(docs).as_posix()
        if rel.endswith(".en.md") or rel.split("/")[0] in set(generated_folders):
            continue
        if rel in entries or any(fnmatch.fnmatch(rel, entry) for entry in entries if "*" in entry):
            continue
        if any(fnmatch.fnmatch(rel, pattern) for pattern in patterns):
            continue
        problems.append(Problem(f"docs/{rel}", None, None,
                                f"page absente du menu : ajoutez « - {rel} » à « nav: » dans mkdocs.yml "
                                "(à l'endroit du menu où elle doit paraître), sinon les lecteurs ne la "
                                "trouvent pas"))
    return problems


def hand_written_pages(root: Path, generated_folders: Iterable[str]) -> list[Path]:
    docs = root / "docs"
    skipped = set(generated_folders)
    return sorted(p for p in docs.rglob("*.md") if p.is_file() and not p.is_symlink()
                  and p.relative_to(docs).parts[0] not in skipped)
