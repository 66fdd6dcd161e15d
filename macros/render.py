"""Markdown fragments built from the data, for generated pages and macros.

Plain functions of (data, language, ...) -> Markdown, testable without MkDocs. The
templates are in macros/templates/; every `{{ value }}` in them is escaped by
`md_text` unless a filter below already made it safe.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import models as m
from .labels import label
from .loader import SiteData
from .text import md_text, md_url

TEMPLATES = Path(__file__).parent / "templates"


def _finalize(value):
    if isinstance(value, Markup):
        return value
    if isinstance(value, m.Text):
        raise TypeError("a bilingual Text must go through the `tr` filter")
    return md_text(value)


@jinja2.pass_context
def _tr(context, text: m.Text | None) -> Markup:
    """The text in the page language; French, marked with lang="fr", when untranslated."""
    if text is None:
        return md_text(label("not_reported", context["lang"]))
    value, actual = text.get(context["lang"])
    if actual != context["lang"]:
        return Markup(f'<span lang="{actual}" class="psds-untranslated">{md_text(value)}</span>')
    return md_text(value)


@jinja2.pass_context
def _label(context, key: str) -> Markup:
    return md_text(label(key, context["lang"]))


@jinja2.pass_context
def _page_link(context, target: str) -> Markup:
    """Relative link from the current page to another docs page (`territoires/carene.md`)."""
    return md_url(posixpath.relpath(target, context["base"] or "."))


def _years(years) -> str:
    return ", ".join(years)


_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    finalize=_finalize,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    autoescape=False,
)
_env.filters.update(tr=_tr, label=_label, url=md_url, page_link=_page_link, years=_years)


def _render(template: str, data: SiteData, lang: str, base: str = "", **context) -> str:
    # French puts a space before a colon, English does not.
    colon = Markup(" :" if lang == "fr" else ":")
    return _env.get_template(template).render(
        data=data, lang=lang, base=base, colon=colon, **context
    )


def territory_path(territory_id: str) -> str:
    return f"territoires/{territory_id}.md"


def territory_page(data: SiteData, lang: str, base: str, territory_id: str) -> str:
    territory = data.territories[territory_id]
    return _render("territory.md", data, lang, base, id=territory_id, t=territory)


def modality_matrix(data: SiteData, lang: str, base: str) -> str:
    return _render("modality_matrix.md", data, lang, base)


def territory_cards(data: SiteData, lang: str, base: str) -> str:
    return _render("territory_cards.md", data, lang, base)


def programme_card(data: SiteData, lang: str, base: str) -> str:
    return _render("programme_card.md", data, lang, base)


def modalities_list(data: SiteData, lang: str, base: str, heading_level: int = 2) -> str:
    return _render("modalities.md", data, lang, base, level=Markup("#" * heading_level))


def partners_list(data: SiteData, lang: str, base: str) -> str:
    groups = [
        (role, [p for p in data.partners.values() if role in p.roles]) for role in m.PartnerRole
    ]
    return _render("partners.md", data, lang, base, groups=[g for g in groups if g[1]])


def programme_summary(data: SiteData, lang: str, base: str) -> str:
    return _render("programme_summary.md", data, lang, base)


def objectives(data: SiteData, lang: str, base: str) -> str:
    return _render("objectives.md", data, lang, base)


# The macros pages may call, each as `{{ name(...) }}` (see macros/__init__.py).
MACROS = {
    fn.__name__: fn
    for fn in (
        territory_page,
        modality_matrix,
        territory_cards,
        programme_card,
        programme_summary,
        modalities_list,
        partners_list,
        objectives,
    )
}
