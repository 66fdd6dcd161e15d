"""Indicator tables and charts: what is known per territory and school year, and the rest
shown as not reported (never as 0)."""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import format_decimal

from . import charts
from . import models as m
from .labels import label
from .loader import SiteData

NO_YEAR = None  # the column of figures whose source gives no school year


@dataclass(frozen=True)
class Row:
    """One line of a table: a territory (or several, for a figure they share)."""

    territories: tuple[str, ...]
    name: str
    cells: tuple[m.Figure | None, ...]  # one per column; None = not reported


@dataclass(frozen=True)
class Table:
    indicator: m.Indicator
    columns: tuple[str | None, ...]  # school years, then NO_YEAR when a figure has none
    rows: tuple[Row, ...]

    @property
    def has_figures(self) -> bool:
        return any(cell for row in self.rows for cell in row.cells)


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


def _columns(data: SiteData, figures: list[m.Figure]) -> tuple[str | None, ...]:
    columns: list[str | None] = list(data.programme.school_years)
    if any(f.school_year is None for f in figures):
        columns.append(NO_YEAR)
    return tuple(columns)


def _row(ids: tuple[str, ...], name: str, columns, figures: list[m.Figure]) -> Row:
    mine = {f.school_year: f for f in figures if tuple(sorted(f.territories)) == tuple(sorted(ids))}
    return Row(ids, name, tuple(mine.get(column) for column in columns))


def territory_indicators(data: SiteData) -> list[m.Indicator]:
    return [i for i in data.indicators.indicators if i.scope is m.IndicatorScope.territoire]


def comparison(data: SiteData, indicator: m.Indicator, lang: str) -> Table:
    """Every territory side by side; a figure shared by several territories gets its own row."""
    figures = _figures(data, indicator.id)
    columns = _columns(data, figures)
    rows = [_row((tid,), territory_names(data, (tid,), lang), columns, figures)
            for tid in data.territories]
    shared = dict.fromkeys(tuple(f.territories) for f in figures if len(f.territories) > 1)
    rows += [_row(ids, territory_names(data, ids, lang), columns, figures) for ids in shared]
    return Table(indicator, columns, tuple(rows))


def for_territory(data: SiteData, territory_id: str) -> tuple[list[Table], list[tuple[m.Indicator, m.Figure]]]:
    """(one single-row table per indicator, figures this territory shares with others)."""
    tables, shared = [], []
    indicators = territory_indicators(data)
    own = [f for f in data.indicators.figures if f.territories == (territory_id,)]
    columns = _columns(data, own)  # the same columns for every indicator: one table
    for indicator in indicators:
        mine = [f for f in own if f.indicator == indicator.id]
        tables.append(Table(indicator, columns, (_row((territory_id,), "", columns, mine),)))
        shared += [(indicator, f) for f in _figures(data, indicator.id)
                   if len(f.territories) > 1 and territory_id in f.territories]
    return tables, shared


def comparison_chart(table: Table, lang: str, chart_id: str) -> str:
    name = table.indicator.name.get(lang)[0]
    used = [i for i, column in enumerate(table.columns)
            if any(row.cells[i] for row in table.rows)]
    groups = [
        charts.Group(row.name, tuple(
            charts.Bar(column_text(table.columns[i], lang),
                       row.cells[i].value if row.cells[i] else None,
                       value_text(row.cells[i], table.indicator.unit, lang))
            for i in used))
        for row in table.rows
    ]
    scale = 100 if table.indicator.unit is not m.Unit.nombre else None
    return charts.bar_chart(
        chart_id, label("chart_title", lang).format(indicator=name),
        label("chart_desc", lang).format(indicator=name), groups, scale)


def territory_chart(data: SiteData, territory_id: str, tables: list[Table], lang: str) -> str | None:
    """One group per indicator that has a figure for this territory, one bar per year."""
    groups = []
    for table in tables:
        row = table.rows[0]
        used = [i for i, cell in enumerate(row.cells) if cell]
        if used and table.indicator.unit is m.Unit.nombre:
            groups.append(charts.Group(table.indicator.name.get(lang)[0], tuple(
                charts.Bar(column_text(table.columns[i], lang), row.cells[i].value,
                           value_text(row.cells[i], table.indicator.unit, lang))
                for i in used)))
    if not groups:
        return None
    name = data.territories[territory_id].short_name.get(lang)[0]
    return charts.bar_chart(
        f"indicateurs-{territory_id}", f"{label('indicators', lang)} – {name}",
        label("chart_desc", lang).format(indicator=label("indicators", lang)), groups)


def programme_figures(data: SiteData) -> list[tuple[m.Indicator, m.Figure | None]]:
    """Programme-wide indicators with each of their figures (None when there is none)."""
    out: list[tuple[m.Indicator, m.Figure | None]] = []
    for indicator in data.indicators.indicators:
        if indicator.scope is m.IndicatorScope.programme:
            figures = _figures(data, indicator.id)
            out += [(indicator, f) for f in figures] or [(indicator, None)]
    return out


def programme_chart(data: SiteData, lang: str) -> str | None:
    """The published percentages (children's answers) as bars on a 0–100 scale."""
    groups = [
        charts.Group(indicator.name.get(lang)[0],
                     (charts.Bar("", figure.value, value_text(figure, indicator.unit, lang)),))
        for indicator, figure in programme_figures(data)
        if figure is not None and indicator.unit is m.Unit.pourcentage
    ]
    if not groups:
        return None
    return charts.bar_chart("resultats-programme", label("results_title", lang),
                            label("results_desc", lang), groups, 100)
