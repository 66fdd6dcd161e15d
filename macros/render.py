"""Markdown fragments built from the data, for generated pages and macros.

Plain functions of (data, language, ...) -> Markdown, testable without MkDocs. The
templates are in macros/templates/; every `{{ value }}` in them is escaped by
`md_text` unless a filter below already made it safe.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import catalogue
from . import glossary as g
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
def _label(context, key: str, **values) -> Markup:
    """An interface word in the page language; `values` fill its {placeholders}."""
    text = label(key, context["lang"])
    return md_text(text.format(**values) if values else text)


@jinja2.pass_context
def _plain(context, text: m.Text) -> str:
    return text.get(context["lang"])[0]


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
@jinja2.pass_context
def _cps_link(context, cps_id: str) -> Markup:
    """Link to the page (and anchor) of any CPS id."""
    data = context["data"]
    item = data.cps_item(cps_id)
    if isinstance(item, m.SpecificCps):
        target = f"{cps_path(item.general)}#{item.id}"
    elif isinstance(item, m.GeneralCps):
        target = cps_path(item.id)
    else:
        target = f"cps.md#{item.id}"
    path, _, anchor = target.partition("#")
    link = md_url(posixpath.relpath(path, context["base"] or "."))
    label = _tr(context, item.name)
    return Markup(f"[{label}]({link}{'#' + anchor if anchor else ''})")


@jinja2.pass_context
def _html(context, value) -> Markup:
    """Text for an HTML attribute or a raw HTML block (no Markdown there)."""
    if isinstance(value, m.Text):
        value = value.get(context["lang"])[0]
    return Markup(escape(str(value)))


_env.filters.update(tr=_tr, label=_label, url=md_url, page_link=_page_link, years=_years,
                    cps_link=_cps_link, html=_html, plain=_plain)


def _render(template: str, data: SiteData, lang: str, base: str = "", **context) -> str:
    # French puts a space before a colon, English does not.
    colon = Markup(" :" if lang == "fr" else ":")
    return _env.get_template(template).render(
        data=data, lang=lang, base=base, colon=colon, **context
    )


def territory_page(data: SiteData, lang: str, base: str, territory_id: str) -> str:
    territory = data.territories[territory_id]
    return _render("territory.md", data, lang, base, id=territory_id, t=territory,
                   tools=territory_tools(data, territory_id))


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


def cps_path(general_id: str) -> str:
    return f"cps/{general_id}.md"


def _cps_tree(data: SiteData):
    """[(category, [(general, [specific, ...]), ...]), ...] in file order."""
    return [
        (
            category,
            [
                (general, [s for s in data.cps.specific if s.general == general.id])
                for general in data.cps.general
                if general.category == category.id
            ],
        )
        for category in data.cps.categories
    ]


def cps_overview(data: SiteData, lang: str, base: str) -> str:
    return _render("cps_overview.md", data, lang, base, tree=_cps_tree(data))


def cps_page(data: SiteData, lang: str, base: str, general_id: str) -> str:
    general = data.cps_item(general_id)
    category = data.cps_item(general.category)
    specific = [s for s in data.cps.specific if s.general == general_id]
    ids = {general_id, *(s.id for s in specific)}
    skills = [w for w in data.cps.who_life_skills if ids & set(w.maps_to)]
    return _render("cps_page.md", data, lang, base, general=general, category=category,
                   specific=specific, skills=skills, tools=tools_for_cps(data, general_id))


def age_text(tool: m.Tool, lang: str) -> str:
    if tool.age_min is not None and tool.age_max is not None:
        return label("age_range", lang).format(min=tool.age_min, max=tool.age_max)
    if tool.age_min is not None:
        return label("age_from", lang).format(min=tool.age_min)
    if tool.age_max is not None:
        return label("age_to", lang).format(max=tool.age_max)
    return label("not_reported", lang)


def tool_page(data: SiteData, lang: str, base: str, tool_id: str) -> str:
    tool = data.tools[tool_id]
    return _render("tool.md", data, lang, base, tool=tool, ages=age_text(tool, lang))


def tool_catalogue(data: SiteData, lang: str, base: str) -> str:
    items = [
        (tool_id, tool, " ".join(catalogue.cps_lineage(data, tool)), age_text(tool, lang))
        for tool_id, tool in sorted(data.tools.items(), key=lambda kv: kv[1].title.get(lang)[0].casefold())
    ]
    ages = range(3, 15)
    return _render("catalogue.md", data, lang, base, items=items, ages=ages,
                   tree=_cps_tree(data), types=list(m.ToolType), settings=list(m.Setting),
                   fields=catalogue.FIELDS)


def catalogue_fields(data: SiteData, lang: str, base: str) -> str:
    return _render("catalogue_fields.md", data, lang, base, fields=catalogue.FIELDS)


def territory_tools(data: SiteData, territory_id: str) -> list[tuple[str, m.Tool]]:
    return [(tid, tool) for tid, tool in data.tools.items() if territory_id in tool.territories]


def tools_for_cps(data: SiteData, cps_id: str) -> list[tuple[str, m.Tool]]:
    """Tools of the catalogue that target `cps_id` or a competence under it."""
    wanted = {cps_id}
    wanted |= {g.id for g in data.cps.general if g.category == cps_id}
    wanted |= {s.id for s in data.cps.specific if s.general in wanted}
    return [(tid, tool) for tid, tool in data.tools.items() if wanted & set(tool.cps)]


def cps_tools(data: SiteData, lang: str, base: str, cps_id: str) -> str:
    data.cps_item(cps_id)  # an unknown id is an error, not an empty list
    return _render("cps_tools.md", data, lang, base, tools=tools_for_cps(data, cps_id))


def who_table(data: SiteData, lang: str, base: str) -> str:
    return _render("who_table.md", data, lang, base)


def glossary(data: SiteData, lang: str, base: str) -> str:
    return _render("glossary.md", data, lang, base, groups=g.grouped(data, lang))


# The macros pages may call, each as `{{ name(...) }}` (see macros/__init__.py).
MACROS = {
    fn.__name__: fn
    for fn in (
        modality_matrix,
        territory_cards,
        programme_card,
        programme_summary,
        modalities_list,
        partners_list,
        objectives,
        cps_overview,
        cps_tools,
        who_table,
        glossary,
        tool_catalogue,
        catalogue_fields,
    )
}
