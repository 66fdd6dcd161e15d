"""Build-time SVG: the programme timeline and bar charts of the indicators.

Made with ElementTree, which escapes every text and attribute. Each SVG is an image
(role="img") named by its <title> and described by its <desc>; the page always gives the
same facts as text next to it (a list, a table). No script, colours from the site's CSS.
"""

from __future__ import annotations

import calendar as cal
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from ..data import models as m
from .labels import babel_locale

SVG_NS = "http://www.w3.org/2000/svg"
FONT = 15  # px in the viewBox; charts are drawn at about their real size
CHAR = 0.56 * FONT  # average advance of a character, to wrap and place text
TIMELINE_WIDTH = 680.0  # px; extra.css shows the scroll cue below this width of text column


def _svg(chart_id: str, width: float, height: float, title: str, desc: str) -> ET.Element:
    root = ET.Element("svg", {
        "xmlns": SVG_NS, "viewBox": f"0 0 {width:g} {height:g}", "width": f"{width:g}",
        "role": "img", "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
        "class": "psds-svg", "id": chart_id,
        "font-family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
        "font-size": str(FONT),
    })
    ET.SubElement(root, "title", {"id": f"{chart_id}-title"}).text = title
    ET.SubElement(root, "desc", {"id": f"{chart_id}-desc"}).text = desc
    return root


def _text(parent: ET.Element, x: float, y: float, text: str, **attrs) -> ET.Element:
    element = ET.SubElement(parent, "text", {"x": f"{x:g}", "y": f"{y:g}",
                                             **{k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}})
    element.text = text
    return element


def _serialise(root: ET.Element) -> str:
    return ET.tostring(root, encoding="unicode")


# ------------------------------------------------------------------ bar charts


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: not reported (no bar, the words instead)
    text: str  # the value as written in the table, or « non renseigné »


@dataclass(frozen=True)
class Group:
    label: str
    bars: tuple[Bar, ...]


def bar_chart(chart_id: str, title: str, desc: str, groups: list[Group],
              scale_max: float | None = None, width: float = 560) -> str:
    """Horizontal bars; each group's name on its own line, then one bar per series."""
    row, bar_h, label_w = 30, 18, 0.0
    if any(b.label for g in groups for b in g.bars):
        label_w = max(len(b.label) for g in groups for b in g.bars) * CHAR + 30
    top = max((b.value or 0) for g in groups for b in g.bars)
    scale_max = scale_max or _nice(top)
    value_w = max(len(b.text) for g in groups for b in g.bars) * CHAR + 8
    area = width - label_w - value_w
    height = sum(row * (1 + len(g.bars)) for g in groups) + 8
    root = _svg(chart_id, width, height, title, desc)
    y = 0.0
    for group in groups:
        y += row
        _text(root, 0, y - 9, group.label, font_weight="bold", class_="psds-svg-label")
        for bar in group.bars:
            if bar.label:
                _text(root, 12, y + bar_h - 4, bar.label, class_="psds-svg-muted")
            if bar.value is None:
                _text(root, label_w, y + bar_h - 4, bar.text, font_style="italic",
                      class_="psds-svg-muted")
            else:
                length = max(area * bar.value / scale_max, 1.5) if scale_max else 0
                ET.SubElement(root, "rect", {
                    "x": f"{label_w:g}", "y": f"{y:g}", "width": f"{length:.1f}",
                    "height": str(bar_h), "class": "psds-svg-bar", "fill": "#00695c",
                })
                _text(root, label_w + length + 6, y + bar_h - 4, bar.text, class_="psds-svg-label")
            y += row
    return _serialise(root)


def meter(percent: float) -> str:
    """A decorative 0–100 % bar beside a key figure written as text (hidden from assistive
    technology: the number next to it says the same)."""
    root = ET.Element("svg", {
        "xmlns": SVG_NS, "viewBox": "0 0 100 8", "preserveAspectRatio": "none",
        "class": "psds-meter", "aria-hidden": "true", "focusable": "false",
        "width": "100%", "height": "8",
    })
    ET.SubElement(root, "rect", {"x": "0", "y": "0", "width": "100", "height": "8",
                                 "class": "psds-meter-track", "fill": "#d4ebe7"})
    ET.SubElement(root, "rect", {"x": "0", "y": "0", "width": f"{min(max(percent, 0), 100):g}",
                                 "height": "8", "class": "psds-svg-bar", "fill": "#00695c"})
    return _serialise(root)


def _nice(value: float) -> float:
    """A round scale maximum at or above `value` (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


# -------------------------------------------------------------------- timeline


def month_index(value: date, origin: int) -> float:
    """Months since 1 January of `origin`, with the day as a fraction."""
    days = cal.monthrange(value.year, value.month)[1]
    return (value.year - origin) * 12 + value.month - 1 + (value.day - 1) / days


def span(partial: str, end: str | None = None) -> tuple[date, date]:
    """First and last day a partial date (or a start/end pair) covers."""
    first = date.fromisoformat(m.padded_date(partial))
    last_text = m.padded_date(end or partial, last=True)
    year, month, day = (int(p) for p in last_text.split("-"))
    last = date(year, month, min(day, cal.monthrange(year, month)[1]))
    return first, last


def partial_date_text(partial: str, lang: str) -> str:
    parts = partial.split("-")
    value = date.fromisoformat(m.padded_date(partial))
    if len(parts) == 3:
        return format_date(value, "long", locale=babel_locale(lang))
    if len(parts) == 2:
        return format_date(value, "MMMM y", locale=babel_locale(lang))
    return partial


def period_text(entry: m.TimelineEntry, lang: str) -> str:
    if entry.end is None:
        return partial_date_text(entry.start, lang)
    return f"{partial_date_text(entry.start, lang)} – {partial_date_text(entry.end, lang)}"


def timeline(chart_id: str, title: str, desc: str, entries: list[tuple[str, m.TimelineEntry]],
             bands: list[tuple[str, str]], start_year: int, end_year: int) -> str:
    """A Gantt-like timeline: one row per entry (label left), school-year bands on top.

    `entries` are (label in the page language, entry); `bands` (school year, its label)."""
    # Sized to the text column of a laptop screen (about 690 px at 1366 px): drawn at its
    # real size there, never scaled down; narrower screens scroll it (with a cue, in CSS).
    label_w, area, row, head = 206.0, 464.0, 38.0, 64.0
    months = (end_year - start_year + 1) * 12
    per_month = area / months
    wrapped = [textwrap.wrap(label, 23) or [""] for label, _ in entries]
    height = head + sum(row + 16 * (len(lines) - 1) for lines in wrapped) + 10
    width = TIMELINE_WIDTH
    root = _svg(chart_id, width, height, title, desc)

    def x(day: date) -> float:
        return label_w + max(0.0, min(months, month_index(day, start_year))) * per_month

    for index, (year, text) in enumerate(bands):
        first = int(year[:4])
        left, right = x(date(first, 9, 1)), x(date(first + 1, 8, 31))
        ET.SubElement(root, "rect", {
            "x": f"{left:.1f}", "y": "30", "width": f"{right - left:.1f}", "height": f"{height - 36:g}",
            "class": "psds-svg-band", "fill": ("#e8f4f2", "#d4ebe7")[index % 2],
        })
        _text(root, (left + right) / 2, 48, text, text_anchor="middle", font_size="13",
              class_="psds-svg-muted")
    for year in range(start_year, end_year + 2):
        left = x(date(year, 1, 1)) if year <= end_year else label_w + area
        ET.SubElement(root, "line", {"x1": f"{left:.1f}", "x2": f"{left:.1f}", "y1": "6",
                                     "y2": f"{height - 6:g}", "class": "psds-svg-grid",
                                     "stroke": "#767676", "stroke-width": "1"})
        if year <= end_year:
            _text(root, left + 6 * per_month, 20, str(year), text_anchor="middle",
                  font_weight="bold", class_="psds-svg-label")
    y = head
    for lines, (_, entry) in zip(wrapped, entries, strict=True):
        for n, line in enumerate(lines):
            _text(root, 0, y + 14 + 16 * n, line, class_="psds-svg-label")
        first, last = span(entry.start, entry.end)
        mid = y + 9
        precise = entry.end is None and len(entry.start.split("-")) > 1
        if precise:  # a dated milestone: a diamond
            cx, r = x(first) + (per_month / 2 if len(entry.start.split("-")) == 2 else 0), 7
            ET.SubElement(root, "path", {
                "d": f"M{cx:.1f} {mid - r:g}L{cx + r:.1f} {mid:g}L{cx:.1f} {mid + r:g}L{cx - r:.1f} {mid:g}Z",
                "class": "psds-svg-mark", "fill": "#00695c",
            })
        else:  # a period, or a milestone known only to the year
            left, right = x(first), x(last) + per_month * (1 / 31)
            attrs = {"x": f"{left:.1f}", "y": f"{mid - 7:g}", "width": f"{max(right - left, 3):.1f}",
                     "height": "14", "rx": "3", "class": "psds-svg-bar", "fill": "#00695c"}
            if entry.end is None:  # "some time in 2023": a pale bar, not a period
                attrs.update({"fill-opacity": "0.35", "stroke": "#00695c", "stroke-dasharray": "4 3"})
            ET.SubElement(root, "rect", attrs)
        y += row + 16 * (len(lines) - 1)
    return _serialise(root)
