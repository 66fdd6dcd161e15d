"""The generator as a step of its own: from resources/, write into docs/ the generated pages,
the open data and calendar feeds, and the brochure PDFs, and keep the files derived from the
models and the data current (schemas/*.json, cms/config.yml). `make generate` runs it with no
engine installed; the MkDocs adapter's `on_pre_build` calls the same function."""

from __future__ import annotations

import os
from pathlib import Path

from ..data.files import write_if_changed
from ..data.inputs import check_pages
from ..data import reads
from ..data.loader import fingerprint, forget_derived, load_site_data
from ..data.schemas import stale_schemas
from .brochure import write_brochures
from .cms import CMS, config_text
from .pages import SECTIONS, write_pages
from .render import MACROS, TEMPLATES

# Rendered brochure PDFs, by a hash of their input (brochure.py); git-ignored.
# BROCHURE_CACHE may name another folder (the tests share the project's between copies).
BROCHURE_CACHE = ".cache/plaquette"
_templates_seen: list[tuple] = []


def generate(root: Path, docs_dir: Path | None = None, site_url: str = "") -> dict[str, list[str]]:
    """Check the hand-written pages, load and validate the data, write what is generated from
    it. Returns, per navigation placeholder (`territoires/*`…), the generated French pages.
    Raises DataError (French, every problem at once) on bad input."""
    docs_dir = docs_dir or root / "docs"
    check_pages(docs_dir, SECTIONS, MACROS)
    forget_texts_if_templates_changed()
    data = load_site_data(root / "resources")
    generated = write_pages(data, docs_dir, site_url)
    cache = Path(os.environ.get("BROCHURE_CACHE") or root / BROCHURE_CACHE)
    write_brochures(data, docs_dir, site_url or None, cache)
    # A new territory, partner or CPS is offered at once by VS Code and by the form editor.
    # (Derived files only, where the project has them; never a file an editor writes.)
    if (root / "schemas").is_dir():
        for path, text in stale_schemas(root, data).items():
            write_if_changed(path, text.encode("utf-8"))
    if (root / CMS).is_dir():
        write_if_changed(root / CMS / "config.yml", config_text(data).encode("utf-8"))
    return generated


def forget_texts_if_templates_changed(templates: Path = TEMPLATES) -> bool:
    """Texts made from the data are kept while it is unchanged (loader.once_per_data, reads.kept):
    under serve, an edit of a page template (macros/content/templates/) makes them all again."""
    stamp = fingerprint(templates)
    if _templates_seen == [stamp]:
        return False
    forget_derived()
    reads.forget()
    _templates_seen[:] = [stamp]
    return True
