"""Published figures, territory by territory and for the whole programme: what is known is
shown with its source and note; what is not is named in one sentence, never drawn, never 0.
Also the programme's and territories' status, from programme.yml."""

from __future__ import annotations

from dataclasses import dataclass

from babel.dates import format_date
from babel.numbers import format_decimal

from . import charts
from ..data import models as m
from .labels import babel_locale, colon, label
from ..data.loader import SiteData

NO_YEAR = None  # the column of figures whose source gives no school year


def value_text(figure: m.Figure | None, unit: m.Unit, lang: str) -> str:
    if figure is None:
        return label("not_reported", lang)
    number = format_decimal(figure.value, locale=lang)
    if unit is m.Unit.pourcentage:
        return label("percent_value", lang).format(n=number)
    if unit is m.Unit.etp:
        return label("etp_value", lang).format(n=number)
    return number


def column_text(column: str | None, lang: str) -> str:
    return label("year_not_given", lang) if column is NO_YEAR else column


def territory_names(data: SiteData, ids: tuple[str, ...], lang: str) -> str:
    names = [data.territories[t].short_name.get(lang)[0] for t in ids]
    if len(names) == 1:
        return names[0]
    joined = ", ".join(names[:-1]) + (" et " if lang == "fr" else " and ") + names[-1]
    return label("combined", lang).format(names=joined)


def _figures(data: SiteData, indicator_id: str) -> list[m.Figure]:
    return [f for f in data.indicators.figures if f.indicator == indicator_id]


def territory_indicators(data: SiteData) -> list[m.Indicator]:
    return [i for i in data.indicators.indicators if i.scope is m.IndicatorScope.territoire]


def programme_figures(data: SiteData) -> list[tuple[m.Indicator, m.Figure | None]]:
    """Programme-wide indicators with each of their figures (None when there is none)."""
    out: list[tuple[m.Indicator, m.Figure | None]] = []
    for indicator in data.indicators.indicators:
        if indicator.scope is m.IndicatorScope.programme:
            figures = _figures(data, indicator.id)
            out += [(indicator, f) for f in figures] or [(indicator, None)]
    return out


# ------------------------------------------------- what is published, what is not


def lower_first(text: str) -> str:
    """« Structures impliquées » → « structures impliquées », inside a sentence."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def names_sentence(key: str, indicators: list[m.Indicator], lang: str) -> str:
    names = ", ".join(lower_first(i.name.get(lang)[0]) for i in indicators)
    return label(key, lang).format(names=names)


@dataclass(frozen=True)
class Known:
    """One published figure of a territory-level indicator, with whom and when it counts."""

    indicator: m.Indicator
    figure: m.Figure
    who: str  # the territory, or the territories together
    year: str  # the school year, or « année non précisée »


@dataclass(frozen=True)
class Published:
    """An indicator with at least one published figure, and the territories it has none for."""

    indicator: m.Indicator
    known: tuple[Known, ...]
    missing: tuple[str, ...]  # names of territories that no figure of it covers


def _known(data: SiteData, indicator: m.Indicator, figure: m.Figure, lang: str) -> Known:
    return Known(indicator, figure, territory_names(data, tuple(figure.territories), lang),
                 column_text(figure.school_year, lang))


def _year_key(data: SiteData, figure: m.Figure) -> int:
    years = data.programme.school_years
    return years.index(figure.school_year) if figure.school_year in years else len(years)


def published(data: SiteData, lang: str) -> tuple[list[Published], list[m.Indicator]]:
    """(territory-level indicators with figures, those with none at all)."""
    out, none = [], []
    order = list(data.territories)
    for indicator in territory_indicators(data):
        figures = [f for f in _figures(data, indicator.id) if f.territories]
        if not figures:
            none.append(indicator)
            continue
        figures.sort(key=lambda f: (len(f.territories) > 1, order.index(f.territories[0]),
                                    _year_key(data, f)))
        covered = {t for f in figures for t in f.territories}
        missing = tuple(territory_names(data, (t,), lang) for t in order if t not in covered)
        out.append(Published(indicator, tuple(_known(data, indicator, f, lang) for f in figures),
                             missing))
    return out, none


def territory_known(data: SiteData, territory_id: str, lang: str) -> tuple[list[Known], list[m.Indicator]]:
    """(this territory's published figures, its own then shared; indicators it has none for)."""
    known, none = [], []
    for indicator in territory_indicators(data):
        mine = [f for f in _figures(data, indicator.id) if territory_id in f.territories]
        mine.sort(key=lambda f: (len(f.territories) > 1, _year_key(data, f)))
        known += [_known(data, indicator, f, lang) for f in mine]
        if not mine:
            none.append(indicator)
    return known, none


def published_chart(item: Published, lang: str, chart_id: str) -> str | None:
    """Bars for the published figures only (never for an unknown value); none under two."""
    if len(item.known) < 2:
        return None
    groups: dict[str, list[charts.Bar]] = {}
    for k in item.known:
        groups.setdefault(k.who, []).append(
            charts.Bar(k.year, k.figure.value, value_text(k.figure, item.indicator.unit, lang)))
    name = item.indicator.name.get(lang)[0]
    scale = 100 if item.indicator.unit is not m.Unit.nombre else None
    return charts.bar_chart(
        chart_id, label("chart_title", lang).format(indicator=name),
        label("chart_desc", lang).format(indicator=name),
        [charts.Group(who, tuple(bars)) for who, bars in groups.items()], scale)


def territory_known_chart(data: SiteData, territory_id: str, known: list[Known], lang: str) -> str | None:
    """This territory's own counts (not shared ones), one group per indicator; none under two bars."""
    own = [k for k in known if k.figure.territories == (territory_id,)
           and k.indicator.unit is m.Unit.nombre]
    if len(own) < 2:
        return None
    groups: dict[str, list[charts.Bar]] = {}
    for k in own:
        groups.setdefault(k.indicator.name.get(lang)[0], []).append(
            charts.Bar(k.year, k.figure.value, value_text(k.figure, k.indicator.unit, lang)))
    name = data.territories[territory_id].short_name.get(lang)[0]
    return charts.bar_chart(
        f"indicateurs-{territory_id}", f"{label('indicators', lang)} – {name}",
        label("chart_desc", lang).format(indicator=label("known_figures", lang)),
        [charts.Group(g, tuple(b)) for g, b in groups.items()])


def headline_results(data: SiteData) -> list[tuple[m.Indicator, m.Figure]]:
    """The published percentages for the whole programme (the children's answers)."""
    return [(i, f) for i, f in programme_figures(data)
            if f is not None and i.unit is m.Unit.pourcentage]


# ------------------------------------------------------------------------ status


def programme_status(programme: m.Programme, lang: str) -> str:
    """« Programme mené de 2022 à 2025, clos le 21 octobre 2025 (…) », from programme.yml."""
    if programme.status is m.ProgrammeStatus.en_cours:
        return label("programme_status.en-cours", lang).format(start=programme.start_year)
    when = format_date(programme.closing_date, "long", locale=babel_locale(lang))
    if programme.closing_place is not None:
        return label("programme_status.clos_place", lang).format(
            start=programme.start_year, end=programme.end_year, date=when,
            place=programme.closing_place.get(lang)[0])
    return label("programme_status.clos", lang).format(
        start=programme.start_year, end=programme.end_year, date=when)


def territory_status(programme: m.Programme, territory: m.Territory, lang: str,
                     with_label: bool = True) -> str:
    """« Territoire d'expérimentation : le programme s'y est déployé de 2022 à 2025 »."""
    end = programme.end_year if programme.status is m.ProgrammeStatus.clos else "…"
    text = label(f"territory_status.{territory.status.value}", lang).format(
        start=programme.start_year, end=end)
    if not with_label:
        return text[:1].upper() + text[1:]
    return label(f"status.{territory.status.value}", lang) + colon(lang) + " " + text
