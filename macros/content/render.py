"""Markdown fragments built from the data, for generated pages and macros.

Plain functions of (data, language, ...) -> Markdown, testable without MkDocs. The
templates are in macros/content/templates/; every `{{ value }}` in them is escaped by
`md_text` unless a filter below already made it safe.
"""

from __future__ import annotations

import functools
import posixpath
from datetime import date
from functools import partial
from pathlib import Path

import babel
import babel.dates
import babel.numbers
import jinja2
from pydantic import BaseModel
from markupsafe import Markup, escape

from . import calendar as cal
from . import catalogue, charts
from . import glossary as g
from . import brief as brief_mod
from . import indicators as ind
from ..data import models as m
from ..data.declare import field_label
from .brochure import brief_pdf_path, partner_groups, pdf_path
from .labels import babel_locale, colon, label, semicolon
from ..data.loader import SiteData
from .text import md_text, md_url, typeset

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
    value = typeset(value, actual)
    if actual != context["lang"]:
        return Markup(f'<span lang="{actual}" class="psds-untranslated">{md_text(value)}</span>')
    return md_text(value)


@jinja2.pass_context
def _label(context, key: str, **values) -> Markup:
    """An interface word in the page language; `values` fill its {placeholders}."""
    text = label(key, context["lang"])
    return md_text(typeset(text.format(**values) if values else text, context["lang"]))


@jinja2.pass_context
def _plain(context, text: m.Text) -> str:
    return typeset(*text.get(context["lang"]))


@jinja2.pass_context
def _field_label(context, item: BaseModel, name: str) -> Markup:
    """The label a model declares for one of its fields (`Info` in the models), in the page's language."""
    return md_text(typeset(field_label(type(item), name, context["lang"]), context["lang"]))


@jinja2.pass_context
def _page_link(context, target: str) -> Markup:
    """Relative link from the current page to another docs page (`territoires/carene.md`)."""
    return md_url(_relative(target, context["base"] or "."))


@functools.lru_cache(maxsize=1 << 14)  # the same few links (territories, catalogue) from thousands of pages
def _relative(target: str, base: str) -> str:
    return posixpath.relpath(target, base)


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
    # Compiled once, not at every build (in the system's temporary folder, by source checksum).
    bytecode_cache=jinja2.FileSystemBytecodeCache(),
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
    link = md_url(_relative(path, context["base"] or "."))
    label = _tr(context, item.name)
    return Markup(f"[{label}]({link}{'#' + anchor if anchor else ''})")


@jinja2.pass_context
def _html(context, value) -> Markup:
    """Text for an HTML attribute or a raw HTML block (no Markdown there)."""
    if isinstance(value, m.Text):
        value = typeset(*value.get(context["lang"]))
    return Markup(escape(str(value)))


@jinja2.pass_context
def _figure(context, figure: m.Figure | None, unit: m.Unit) -> Markup:
    """A figure in a table cell: its value and source, or « non renseigné » (never 0)."""
    lang = context["lang"]
    if figure is None:
        return Markup(f"*{md_text(label('not_reported', lang))}*")
    return Markup(f"{md_text(ind.value_text(figure, unit, lang))} "
                  f"([{md_text(label('source', lang))}]({md_url(str(figure.source))}))")


@jinja2.pass_context
def _language_name(context, code: str) -> str:
    """« français » / "French" for `fr`, in the page's language (babel's CLDR names)."""
    return babel.Locale.parse(babel_locale(context["lang"])).languages.get(code, code)


@jinja2.pass_context
def _names(context, names) -> Markup:
    """Names of people and organisations as the source writes them (French): marked so
    on an English page."""
    text = md_text(", ".join(names))
    return Markup(f'<span lang="fr">{text}</span>') if context["lang"] != "fr" else text


_env.filters.update(names=_names, tr=_tr, label=_label, field_label=_field_label, url=md_url, page_link=_page_link, years=_years,
                    cps_link=_cps_link, html=_html, plain=_plain, figure=_figure,
                    language_name=_language_name, french=partial(typeset, lang="fr"))


@jinja2.pass_context
def _programme_status(context) -> Markup:
    """The programme's status and dates, from programme.yml (status, closing_date)."""
    return md_text(typeset(ind.programme_status(context["data"].programme, context["lang"]),
                           context["lang"]))


@jinja2.pass_context
def _territory_status(context, territory: m.Territory, with_label: bool = True) -> Markup:
    lang = context["lang"]
    text = ind.territory_status(context["data"].programme, territory, lang, with_label)
    return md_text(typeset(text, lang))


_env.globals.update(programme_status=_programme_status, territory_status=_territory_status)


def _render(template: str, data: SiteData, lang: str, base: str = "", **context) -> str:
    return _env.get_template(template).render(
        data=data, lang=lang, base=base, colon=Markup(colon(lang)), semicolon=Markup(semicolon(lang)), **context
    )


def territory_page(data: SiteData, lang: str, base: str, territory_id: str) -> str:
    territory = data.territories[territory_id]
    known, none = ind.territory_known(data, territory_id, lang)
    return _render("territory.md", data, lang, base, id=territory_id, t=territory,
                   tools=territory_tools(data, territory_id),
                   events=_events(data, lang, base, territory_id, heading_level=3),
                   known=known, unpublished=typeset(ind.names_sentence(
                       "not_published_for_territory", none, lang), lang) if none else "",
                   headline=ind.headline_results(data), value_text=partial(ind.value_text, lang=lang),
                   results_anchor=_RESULTS_ANCHOR.get(lang, _RESULTS_ANCHOR["fr"]),
                   chart=_markup(ind.territory_known_chart(data, territory_id, known, lang)))


def _markup(svg: str | None) -> Markup | None:
    # SVG from macros/content/charts.py: ElementTree has escaped every text in it.
    return None if svg is None else Markup(svg)


def _events(data: SiteData, lang: str, base: str, territory_id: str | None,
            heading_level: int, today: date | None = None) -> Markup:
    today = today or date.today()
    return Markup(_render(
        "events.md", data, lang, base, level=Markup("#" * heading_level),
        agenda=cal.agenda(cal.events_for(data, territory_id), today),
        feed=cal.feed_path(territory_id, lang), today=cal.format_day(today, lang),
        closed=cal.format_day(data.programme.closing_date, lang) if data.programme.closing_date else "",
        when=partial(cal.when, lang=lang)))


def calendar(data: SiteData, lang: str, base: str, heading_level: int = 2) -> str:
    """The programme's whole agenda: upcoming events, then past ones by school year."""
    return _events(data, lang, base, None, heading_level)


def timeline(data: SiteData, lang: str, base: str) -> str:
    """The programme timeline as an SVG image, and the same facts as a list."""
    p = data.programme
    title = label("timeline_title", lang).format(start=p.start_year, end=p.end_year)
    entries = [(e.label.get(lang)[0], e) for e in data.timeline]
    svg = charts.timeline("frise-programme", title,
                          label("timeline_desc", lang).format(start=p.start_year, end=p.end_year),
                          entries, [(y, y) for y in p.school_years], p.start_year, p.end_year)
    return _render("timeline.md", data, lang, base, title=title, svg=Markup(svg),
                   entries=data.timeline, period_text=partial(charts.period_text, lang=lang))


def indicators_overview(data: SiteData, lang: str, base: str, heading_level: int = 3) -> str:
    """The published territory-level figures (value, source, note), a chart only of known
    values, and one sentence naming the indicators with no published figure."""
    items, none = ind.published(data, lang)
    charts_ = [_markup(ind.published_chart(item, lang, f"indicateur-{item.indicator.id}"))
               for item in items]
    return _render("indicators.md", data, lang, base, items=list(zip(items, charts_, strict=True)),
                   unpublished=typeset(ind.names_sentence("not_published_by_territory", none, lang),
                                       lang) if none else "",
                   level=Markup("#" * heading_level))


def programme_results(data: SiteData, lang: str, base: str) -> str:
    """The children's answers as key figures, with their note and source, then the other
    programme-wide figures (coordination time)."""
    headline = ind.headline_results(data)
    others = [(i, f) for i, f in ind.programme_figures(data) if (i, f) not in headline]
    return _render("programme_results.md", data, lang, base, headline=headline, others=others,
                   bars=[Markup(charts.meter(f.value)) for _, f in headline],
                   value_text=partial(ind.value_text, lang=lang), source_title=partial(
                       _source_title, data.programme.sources))


def _source_title(sources: tuple[m.Source, ...], url) -> m.Text | None:
    return next((s.title for s in sources if str(s.url) == str(url)), None)


def programme_status_line(data: SiteData, lang: str, base: str) -> str:
    """The programme's status and dates in one sentence, from programme.yml."""
    return md_text(typeset(ind.programme_status(data.programme, lang), lang))


def modality_matrix(data: SiteData, lang: str, base: str) -> str:
    return _render("modality_matrix.md", data, lang, base)


def territory_cards(data: SiteData, lang: str, base: str) -> str:
    return _render("territory_cards.md", data, lang, base)


def programme_card(data: SiteData, lang: str, base: str) -> str:
    return _render("programme_card.md", data, lang, base)


def modalities_list(data: SiteData, lang: str, base: str, heading_level: int = 2) -> str:
    return _render("modalities.md", data, lang, base, level=Markup("#" * heading_level))


def modality_links(data: SiteData, lang: str, base: str) -> str:
    """The modalities as a list of links to their descriptions on the programme page."""
    return _render("modality_links.md", data, lang, base)


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
    sessions = sessions_for_cps(data, general_id)
    return _render("cps_page.md", data, lang, base, general=general, category=category,
                   specific=specific, skills=skills, sessions=sessions,
                   session_facts={tid: session_facts(tool, lang) for tid, tool in sessions},
                   tools=[(tid, tool) for tid, tool in tools_for_cps(data, general_id)
                          if tool.type is not m.ToolType.seances])


def age_text(tool: m.Tool, lang: str) -> str:
    """The tool's ages (given by the source, else derived from its school levels)."""
    low, high = tool.ages
    if low is not None and high is not None:
        return label("age_range", lang).format(min=low, max=high)
    if low is not None:
        return label("age_from", lang).format(min=low)
    if high is not None:
        return label("age_to", lang).format(max=high)
    return label("not_reported", lang)


def plural(text: str, n: int) -> str:
    """« one|many » labels: the form for n."""
    one, _, many = text.partition("|")
    return (one if n == 1 or not many else many).format(n=n)


def levels_text(tool: m.Tool, lang: str) -> str:
    """French school levels (« CM1, CM2, 6e »), marked French on an English page."""
    text = ", ".join(label(f"level.{level.value}", "fr") for level in tool.levels)
    return text if lang == "fr" or not text else Markup(f'<span lang="fr">{md_text(text)}</span>')


def equivalence_text(tool: m.Tool, lang: str) -> str:
    """How the ages were derived from levels, when they were; else empty."""
    if not tool.ages_from_levels:
        return ""
    return label("levels_equivalence", lang).format(levels=levels_text(tool, lang))


def session_text(tool: m.Tool, lang: str) -> str:
    """« 45 à 60 min par séance, 14 séances » from the structured fields; empty if none."""
    parts = []
    if tool.session_minutes is not None:
        if tool.session_minutes_max not in (None, tool.session_minutes):
            parts.append(label("session_range", lang).format(n=tool.session_minutes, m=tool.session_minutes_max))
        else:
            parts.append(label("session_one", lang).format(n=tool.session_minutes))
    if tool.session_count is not None:
        parts.append(plural(label("session_count", lang), tool.session_count))
    return ", ".join(parts)


def group_text(tool: m.Tool, lang: str) -> str:
    low, high = tool.group_min, tool.group_max
    if low is not None and high is not None:
        return label("group_range", lang).format(min=low, max=high)
    if low is not None:
        return label("group_from", lang).format(min=low)
    if high is not None:
        return label("group_to", lang).format(max=high)
    return ""


def long_date(day: date, lang: str) -> str:
    return babel.dates.format_date(day, format="long", locale=babel_locale(lang))


def in_lang(text: m.Text, lang: str) -> Markup:
    """Data text for Markdown, in `lang` or marked with the language actually used."""
    value, actual = text.get(lang)
    escaped = md_text(typeset(value, actual))
    if actual != lang:
        return Markup(f'<span lang="{actual}" class="psds-untranslated">{escaped}</span>')
    return escaped


def cost_text(tool: m.Tool, lang: str) -> Markup:
    """« Payant : 25 € (prix vu le 4 décembre 2026) » from `cost`, with its conditions
    (« Gratuit sous conditions : … »), as Markdown text; empty without it."""
    cost = tool.cost
    if cost is None:
        return Markup("")
    conditional_free = cost.kind is m.CostKind.gratuit and cost.conditions is not None
    text = label("cost.gratuit-conditions" if conditional_free else f"cost.{cost.kind.value}", lang)
    if cost.amount_eur is not None:
        amount = babel.numbers.format_currency(cost.amount_eur, "EUR", locale=babel_locale(lang))
        if cost.amount_eur % 1 == 0:  # « 25 € », not « 25,00 € »
            amount = amount.replace(",00", "").replace(".00", "")
        text += f"{colon(lang)} {amount}"
    if cost.conditions is not None and cost.amount_eur is None:
        text += colon(lang)
    out = md_text(typeset(text, lang))
    if cost.conditions is not None:
        conditions = cost.conditions
        if conditional_free:  # « Gratuit sous conditions : pour les enseignants… », not « : Gratuit pour… »
            conditions = _without_first_word(conditions, "cost.gratuit")
        out += Markup(" — " if cost.amount_eur is not None else " ") + in_lang(conditions, lang)
    if cost.seen is not None:  # the date the data gives, never the build's
        seen = "price_seen" if cost.amount_eur is not None else "cost_seen"  # no « prix » for a free tool
        out += Markup(" ") + md_text(f"({label(seen, lang).format(date=long_date(cost.seen, lang))})")
    return out


def _without_first_word(text: m.Text, key: str) -> m.Text:
    """`text` without a first word that repeats the label `key` in its own language
    (« Gratuit pour… » after « Gratuit sous conditions : »); unchanged otherwise."""
    def trim(value: str | None, lang: str) -> str | None:
        word = label(key, lang)
        if value and value.casefold().startswith(word.casefold() + " ") and value[len(word) + 1:].strip():
            return value[len(word) + 1:].lstrip()
        return value
    return text.model_copy(update={"fr": trim(text.fr, "fr"), "en": trim(text.en, "en")})


def access_label(tool: m.Tool, kind: m.AccessKind, lang: str) -> str:
    """A way to get a tool; « Gratuit » says « Gratuit sous conditions » when its cost does."""
    cost = tool.cost
    if (kind is m.AccessKind.gratuit and cost is not None and cost.kind is m.CostKind.gratuit
            and cost.conditions is not None):
        return label("cost.gratuit-conditions", lang)
    return label(f"access.{kind.value}", lang)


def access_ways(tool: m.Tool, lang: str) -> list[str]:
    """The fiche's « Depuis la Loire-Atlantique » row: each way to get the tool once; that it
    is free is the Cost row's to say (with its conditions) when the fiche has one."""
    kinds = dict.fromkeys(access.kind for access in tool.access)
    return [access_label(tool, kind, lang) for kind in kinds
            if not (kind is m.AccessKind.gratuit and tool.cost is not None)]


def tool_url(site_url: str, lang: str, tool_id: str) -> str:
    """The public address of a fiche (directory URLs, as the site is served online)."""
    prefix = "" if lang == "fr" else f"{lang}/"
    return f"{site_url.rstrip('/')}/{prefix}outils/{tool_id}/" if site_url else ""


def _type_icon(kind: str) -> Markup:
    return Markup(catalogue.type_icon(kind))  # the theme's own SVG file, no data in it


def tool_page(data: SiteData, lang: str, base: str, tool_id: str, site_url: str = "") -> str:
    tool = data.tools[tool_id]
    return _render("tool.md", data, lang, base, tool=tool, tool_id=tool_id, ages=age_text(tool, lang),
                   equivalence=equivalence_text(tool, lang), sessions=session_text(tool, lang),
                   group=group_text(tool, lang), cost=cost_text(tool, lang),
                   ways=access_ways(tool, lang), access_label=partial(access_label, tool, lang=lang),
                   checked=long_date(tool.checked, lang) if tool.checked else "",
                   icon=_type_icon, page_url=tool_url(site_url, lang, tool_id))


def tool_catalogue(data: SiteData, lang: str, base: str) -> str:
    items = [
        (tool_id, tool, " ".join(catalogue.cps_lineage(data, tool)), age_text(tool, lang),
         {"levels": levels_text(tool, lang), "sessions": session_text(tool, lang),
          "group": group_text(tool, lang), "cost": cost_text(tool, lang)})
        for tool_id, tool in sorted(data.tools.items(), key=lambda kv: kv[1].title.get(lang)[0].casefold())
    ]
    tools = list(data.tools.values())
    used = {tool.type for tool in tools}  # an empty type is not offered
    return _render("catalogue.md", data, lang, base, items=items,
                   ages=catalogue.offered_ages(tools, range(3, 15)),
                   durations=catalogue.offered_durations(tools, (30, 45, 60, 90)),
                   groups=catalogue.offered_groups(tools, (5, 10, 15, 20, 25, 30)),
                   tree=_cps_tree(data), types=[t for t in m.ToolType if t in used],
                   used_cps={c for tool in tools for c in catalogue.cps_lineage(data, tool)},
                   offer_free=any(t.cost and t.cost.kind.value in ("gratuit", "pret") for t in tools),
                   offer_pdl=any(t.availability and t.availability.status.value in ("partout", "pays-de-la-loire")
                                 for t in tools),
                   settings=catalogue.offered_settings(tools, list(m.Setting)),
                   fields=catalogue.field_descriptions(lang), icon=_type_icon)


def selection_facts(tool: m.Tool, lang: str) -> Markup:
    """One line a plan needs, as Markdown: ages, length, cost and where to get it (or why not)."""
    def fact(name: str, value) -> Markup:
        return md_text(f"{label(name, lang)}{colon(lang)}") + Markup(" ") + value

    ages = age_text(tool, lang)  # « de 8 à 11 ans » says what it is; « non renseigné » does not
    parts = [md_text(typeset(ages, lang)) if tool.ages != (None, None) else fact("ages", md_text(ages))]
    length = (md_text(typeset(session_text(tool, lang), lang)) if session_text(tool, lang)
              else in_lang(tool.duration, lang) if tool.duration else md_text(label("not_reported_f", lang)))
    parts.append(fact("duration", length))
    price = cost_text(tool, lang) or (in_lang(tool.price, lang) if tool.price else md_text(label("not_reported", lang)))
    parts.append(fact("cost", price))
    if tool.availability is not None:
        where = label(f"availability.{tool.availability.status.value}", lang)
    elif tool.access:
        where = " · ".join(dict.fromkeys(label(f"access.{a.kind.value}", lang) for a in tool.access))
    else:
        where = label("no_way_to_get", lang)
    where_md = md_text(typeset(where, lang))
    urls = [a.url for a in tool.access if a.url is not None]
    if urls:  # a link, not a raw address in the text
        where_md += Markup(f" ([{md_text(label('get_it', lang))}]({md_url(urls[0])}))")
    parts.append(fact("availability", where_md))
    return Markup(" · ").join(parts)


def selection(data: SiteData, lang: str, base: str) -> str:
    """« Ma sélection »: the page's frame and every tool's line, shown in the reader's order
    by selection.js (the selection lives in the browser only)."""
    items = [(tid, tool, selection_facts(tool, lang))
             for tid, tool in sorted(data.tools.items(), key=lambda kv: kv[1].title.get(lang)[0].casefold())]
    return _render("selection.md", data, lang, base, items=items)


def catalogue_fields(data: SiteData, lang: str, base: str) -> str:
    return _render("catalogue_fields.md", data, lang, base, fields=catalogue.field_descriptions(lang))


def territory_tools(data: SiteData, territory_id: str) -> list[tuple[str, m.Tool]]:
    return [(tid, tool) for tid, tool in data.tools.items() if territory_id in tool.territories]


def tools_for_cps(data: SiteData, cps_id: str) -> list[tuple[str, m.Tool]]:
    """Tools of the catalogue that target `cps_id` or a competence under it."""
    wanted = {cps_id}
    wanted |= {g.id for g in data.cps.general if g.category == cps_id}
    wanted |= {s.id for s in data.cps.specific if s.general in wanted}
    return [(tid, tool) for tid, tool in data.tools.items() if wanted & set(tool.cps)]


def sessions_for_cps(data: SiteData, general_id: str) -> list[tuple[str, m.Tool]]:
    """Ready-to-run sessions for a general CPS: those naming it, one of its specific CPS, or
    its whole category (a guide for « les compétences émotionnelles » serves each of them)."""
    general = data.cps_item(general_id)
    wanted = {general_id, general.category, *(s.id for s in data.cps.specific if s.general == general_id)}
    return sorted(((tid, tool) for tid, tool in data.tools.items()
                   if tool.type is m.ToolType.seances and wanted & set(tool.cps)),
                  key=lambda item: item[1].title.fr.casefold())


def session_facts(tool: m.Tool, lang: str) -> str:
    """« de 3 à 11 ans · 45 min par séance · Gratuit » — what a teacher checks first."""
    ages = md_text(age_text(tool, lang))
    if tool.ages == (None, None):  # « non renseigné » alone would not say what is unknown
        ages = md_text(f"{label('ages', lang)}{colon(lang)}") + Markup(" ") + ages
    parts = [ages, md_text(session_text(tool, lang) or ""), cost_text(tool, lang)]
    return Markup(" · ").join(p for p in parts if p)


def cps_tools(data: SiteData, lang: str, base: str, cps_id: str) -> str:
    data.cps_item(cps_id)  # an unknown id is an error, not an empty list
    return _render("cps_tools.md", data, lang, base, tools=tools_for_cps(data, cps_id))


def who_table(data: SiteData, lang: str, base: str) -> str:
    return _render("who_table.md", data, lang, base)


def glossary(data: SiteData, lang: str, base: str) -> str:
    return _render("glossary.md", data, lang, base, groups=g.grouped(data, lang))


def brochure(data: SiteData, lang: str, base: str) -> str:
    """The programme brochure as a web page: the sections of its PDF (macros/content/brochure.py)."""
    content = brief_mod.brief_content(data)
    return _render("brochure.md", data, lang, base, groups=partner_groups(data),
                   results=content.results, notes=brief_mod.result_notes(content),
                   result_sources=brief_mod.result_sources(data, content),
                   lessons=brief_mod.brochure_lessons(data), sheet=data.lessons.source,
                   value=partial(ind.value_text, lang=lang))


def brochure_download(data: SiteData, lang: str, base: str, primary: bool = True) -> str:
    """A button that downloads the brochure PDF of the page's language."""
    return _render("brochure_download.md", data, lang, base, pdf=pdf_path(lang), primary=primary)


def brief(data: SiteData, lang: str, base: str) -> str:
    """The brief for elected officials and funders as a web page (its PDF: brief.py)."""
    content = brief_mod.brief_content(data)
    open_, close = _quote_marks(lang)
    return _render("brief.md", data, lang, base, b=content, open=open_, close=close,
                   status=ind.programme_status(data.programme, lang),
                   notes=brief_mod.result_notes(content),
                   result_sources=brief_mod.result_sources(data, content),
                   value=partial(ind.value_text, lang=lang))


def brief_download(data: SiteData, lang: str, base: str) -> str:
    """A button that downloads the brief's PDF in the page's language."""
    return _render("brochure_download.md", data, lang, base, pdf=brief_pdf_path(lang), primary=True,
                   key="brief.download")


# --------------------------------------------------------------------------- home page

OFFLINE_ZIP = "telechargements/prendre-soin-de-soi-hors-ligne.zip"
"""Where the deployment puts the trainers' zip in docs/ before the online build."""

_RESULTS_ANCHOR = {"fr": "resultats-a-lechelle-du-programme", "en": "results-for-the-whole-programme"}


def offline_zip_size(docs_dir: str | Path) -> int | None:
    """The size in bytes of the offline zip placed in docs/, None when it is not there."""
    if not docs_dir:
        return None
    path = Path(docs_dir) / OFFLINE_ZIP
    return path.stat().st_size if path.is_file() else None


def size_text(size: int, lang: str) -> str:
    """« 4,2 Mo » / "4.2 MB" (1 Mo = 1,000,000 bytes), never below 0.1."""
    number = babel.numbers.format_decimal(max(round(size / 1_000_000, 1), 0.1), locale=lang)
    return label("home.megabytes", lang).format(n=number)


def home_intro(data: SiteData, lang: str, base: str) -> str:
    """The hero's sentence on what the site is, and the programme's status and dates."""
    p = data.programme
    status = p.status.value
    lead = label("home.lead", lang).format(
        name=typeset(*p.name.get(lang)), carrier=typeset(*p.carrier.name.get(lang)),
        verb=label(f"home.verb.{status}", lang), area=typeset(*p.area.get(lang)),
        start=p.start_year, end=p.end_year)
    closing = None
    if p.closing_date is not None:
        day = babel.dates.format_date(p.closing_date, format="long", locale=babel_locale(lang))
        closing = (label("home.closing", lang).format(date=day, place=typeset(*p.closing_place.get(lang)))
                   if p.closing_place is not None else
                   label("home.closing_noplace", lang).format(date=day))
    return _render("home_intro.md", data, lang, base, p=p, lead=typeset(lead, lang),
                   status=label(f"home.status.{status}", lang), closing=closing,
                   ran=label("home.ran", lang).format(start=p.start_year, end=p.end_year))


def home_audiences(data: SiteData, lang: str, base: str, docs_dir: str = "") -> str:
    """One card per audience, each leading to its pages; the trainers' card to the zip."""
    size = offline_zip_size(docs_dir)
    return _render("home_audiences.md", data, lang, base, zip=OFFLINE_ZIP,
                   zip_size=size_text(size, lang) if size is not None else None,
                   pdf=pdf_path(lang), results=_RESULTS_ANCHOR.get(lang, _RESULTS_ANCHOR["fr"]))


def home_results(data: SiteData, lang: str, base: str) -> str:
    """The published percentages, with their caveats and sources, once each."""
    figures = [(i, f) for i, f in ind.programme_figures(data)
               if f is not None and i.unit is m.Unit.pourcentage]
    notes, sources = [], []
    for _, figure in figures:
        if figure.note is not None and figure.note not in notes:
            notes.append(figure.note)
        if str(figure.source) not in sources:
            sources.append(str(figure.source))
    titles = {str(s.url): s.title for s in data.programme.sources}
    return _render("home_results.md", data, lang, base, figures=figures, notes=notes,
                   sources=[(url, titles.get(url)) for url in sources],
                   value=partial(ind.value_text, lang=lang),
                   results=_RESULTS_ANCHOR.get(lang, _RESULTS_ANCHOR["fr"]))


def _source_groups(data: SiteData, lang: str) -> list[tuple[str, list[tuple[str, str, list[str]]]]]:
    """Every source the data cites, grouped: [(group label key, [(url, title, cited for), ...])]."""
    # Titles and "cited for" stay Text (or str): the template renders them in the page
    # language, a French fallback marked lang="fr".
    groups: dict[str, dict[str, tuple[object, list[object], set[str]]]] = {}

    def add(group: str, url, title=None, what=None) -> None:
        entries = groups.setdefault(group, {})
        key = str(url)
        known_title, cited, seen = entries.get(key, (None, [], set()))
        # A set, not `what in cited`: a source cited by thousands of tools was quadratic.
        # Text is an unhashable model; its repr is its values.
        if what is not None and repr(what) not in seen:
            seen.add(repr(what))
            cited.append(what)
        entries[key] = (known_title or title, cited, seen)

    p = data.programme
    for source in p.sources:
        add("sources.programme", source.url, source.title)
    for entry in data.timeline:
        add("sources.programme", entry.source, None, entry.label)
    for territory in data.territories.values():
        for source in territory.sources:
            add("sources.territories", source.url, source.title, territory.short_name)
    for figure in data.indicators.figures:
        indicator = next(i for i in data.indicators.indicators if i.id == figure.indicator)
        add("sources.indicators", figure.source, None, indicator.name)
    for event in data.events.values():
        if event.source:
            add("sources.events", event.source, None, event.title)
    for source in data.cps.framework.sources:
        add("sources.cps", source.url, source.title)
    add("sources.cps", data.cps.who_source.url, data.cps.who_source.title)
    for term in data.glossary.values():
        if term.source:
            add("sources.glossary", term.source, None, term.name(lang))
    add("sources.lessons", data.lessons.source.url, data.lessons.source.title)
    for lesson in data.lessons.lessons:
        for source in lesson.other_sources:
            add("sources.lessons", source.url, source.title, lesson.section)
    for tool in sorted(data.tools.values(), key=lambda t: t.title.get(lang)[0].casefold()):
        for url in tool.all_sources:
            add("sources.tools", url, None, tool.title)
    order = ["sources.programme", "sources.territories", "sources.indicators", "sources.events",
             "sources.cps", "sources.glossary", "sources.lessons", "sources.tools"]
    return [(key, [(url, title, cited) for url, (title, cited, _) in groups[key].items()])
            for key in order if key in groups]


def sources_list(data: SiteData, lang: str, base: str, heading_level: int = 3) -> str:
    """Every source cited by the data, grouped by what it supports, with what cites it."""
    return _render("sources_list.md", data, lang, base, groups=_source_groups(data, lang),
                   level=Markup("#" * heading_level))


def _quote_marks(lang: str) -> tuple[Markup, Markup]:
    return (Markup("«\u202f"), Markup("\u202f»")) if lang == "fr" else (Markup("“"), Markup("”"))


def lessons_list(data: SiteData, lang: str, base: str, kind: str, scope: str | None = None) -> str:
    """The points of one part of the capitalisation sheet (`kind`: lecon, force, faiblesse,
    piste, opportunite, condition; `scope` for weaknesses), as a list, in file order."""
    kind_, scope_ = m.LessonKind(kind), m.LessonScope(scope) if scope else None
    items = [lesson for lesson in data.lessons.lessons
             if lesson.kind is kind_ and (scope_ is None or lesson.scope is scope_)]
    if not items:
        raise ValueError(f"aucun enseignement « {kind} »{f' / « {scope} »' if scope else ''} dans lessons.yml")
    return _render("lessons.md", data, lang, base, items=items)


def checklist_groups(data: SiteData) -> list[tuple[m.LessonTopic, list[m.Lesson]]]:
    """The points to check, by heading of the checklist (in the order of LessonTopic)."""
    return [(topic, items) for topic in m.LessonTopic
            if (items := [lesson for lesson in data.lessons.lessons if lesson.topic is topic])]


def start_checklist(data: SiteData, lang: str, base: str, heading_level: int = 2) -> str:
    """« Démarrer sur votre territoire »: every point to check, with the sheet's words and
    the link to the part of the sheet it comes from, then every source with its address."""
    sheet = data.lessons.source
    sources = list({str(s.url): s for s in (sheet, *(o for lesson in data.lessons.lessons
                                                      for o in lesson.other_sources))}.values())
    open_, close = _quote_marks(lang)
    return _render("lessons_checklist.md", data, lang, base, groups=checklist_groups(data),
                   sheet=sheet, sources=sources, open=open_, close=close,
                   level=Markup("#" * heading_level))


def print_frame(data: SiteData, lang: str, base: str, part: str, url: str = "",
                every_page: bool = False) -> Markup:
    """The head (site, date of printing) or foot (site, address) a page shows only on paper
    (on every printed page with `every_page`); the date is written by the browser when
    printing (assets/javascripts/catalogue.js)."""
    name = data.programme.name.get(lang)[0]
    every = " psds-print-every" if every_page else ""
    if part == "head":
        return Markup('<p class="psds-print-only psds-print-head{}" data-search-exclude>{}{}'
                      '<span class="psds-print-date" data-template="{}"></span></p>').format(
            every, label("print_site", lang).format(name=name), f" · {url}" if url else "",
            label("print_date_page", lang))
    return Markup('<p class="psds-print-only psds-print-foot{}" data-search-exclude>{}{}</p>').format(
        every, name, f" · {url}" if url else "")


def lesson_quote(data: SiteData, lang: str, base: str, lesson_id: str) -> str:
    """One point of the sheet in its own words (verbatim in French), with its link."""
    lesson = next((x for x in data.lessons.lessons if x.id == lesson_id), None)
    if lesson is None:
        raise ValueError(f"enseignement inconnu « {lesson_id} » (lessons.yml)")
    open_, close = _quote_marks(lang)
    return _render("lesson_quote.md", data, lang, base, lesson=lesson,
                   sheet=data.lessons.source, open=open_, close=close).strip()


# The macros pages may call, each as `{{ name(...) }}` (see macros/__init__.py).
MACROS = {
    fn.__name__: fn
    for fn in (
        modality_matrix,
        territory_cards,
        programme_card,
        programme_summary,
        modalities_list,
        modality_links,
        partners_list,
        objectives,
        cps_overview,
        cps_tools,
        who_table,
        glossary,
        tool_catalogue,
        selection,
        catalogue_fields,
        calendar,
        timeline,
        indicators_overview,
        programme_results,
        programme_status_line,
        brochure,
        brochure_download,
        brief,
        brief_download,
        home_intro,
        home_audiences,
        home_results,
        sources_list,
        lessons_list,
        start_checklist,
        lesson_quote,
        print_frame,
    )
}
