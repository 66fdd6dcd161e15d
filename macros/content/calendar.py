"""The programme's events: which ones a page shows, in what order, and the .ics feeds."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
from babel.dates import format_date, format_time

from ..data import models as m
from .labels import babel_locale, colon, label
from ..data.loader import SiteData

TIMEZONE = ZoneInfo("Europe/Paris")
# Event UIDs are `<file name>@<this>`: an identifier under the carrier's public domain
# (irepspdl.org, cited in the legal notice), never an address anyone writes to.
UID_DOMAIN = "prendre-soin-de-soi.irepspdl.org"
FEED_FOLDER = "agenda"
ALL = "prendre-soin-de-soi"  # the global feed's name


def school_year(day: date) -> str:
    """The school year a day falls in (a year starts on 1 September)."""
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}-{first + 1}"


def events_for(data: SiteData, territory_id: str | None = None) -> list[tuple[str, m.Event]]:
    """Events in date order; for a territory, its own and the programme-wide ones."""
    return [
        (event_id, event)
        for event_id, event in data.events.items()
        if territory_id is None or not event.territories or territory_id in event.territories
    ]


@dataclass(frozen=True)
class Agenda:
    upcoming: list[tuple[str, m.Event]]  # soonest first
    past: list[tuple[str, list[tuple[str, m.Event]]]]  # (school year, events), latest first


def agenda(events: list[tuple[str, m.Event]], today: date) -> Agenda:
    upcoming = [item for item in events if item[1].last_day >= today]
    past: dict[str, list[tuple[str, m.Event]]] = {}
    for item in reversed(events):
        if item[1].last_day < today:
            past.setdefault(school_year(item[1].first_day), []).append(item)
    return Agenda(upcoming, sorted(past.items(), reverse=True))


def format_day(value: date, lang: str) -> str:
    return format_date(value, "long", locale=babel_locale(lang))


def when(event: m.Event, lang: str) -> str:
    """The event's date(s) and time(s) in words, e.g. « mardi 21 octobre 2025, 9 h 30 – 17 h »."""
    def day(value: date) -> str:
        return format_date(value, "full", locale=babel_locale(lang))

    def hour(value: datetime) -> str:
        if lang == "fr":
            return f"{value.hour} h {value.minute:02d}" if value.minute else f"{value.hour} h"
        return format_time(value, "short", locale=babel_locale(lang))

    start, end = event.start, event.end
    if isinstance(start, datetime):
        if end is None:
            return f"{day(start.date())}, {hour(start)}"
        if end.date() == start.date():
            return f"{day(start.date())}, {hour(start)} – {hour(end)}"
        return f"{day(start.date())}, {hour(start)} – {day(end.date())}, {hour(end)}"
    if end is None or end == start:
        return day(start)
    return label("date_range", lang).format(start=day(start), end=day(end))


def feed_path(territory_id: str | None, lang: str) -> str:
    """Docs-relative path of a feed: agenda/<territory or all>[-en].ics."""
    name = territory_id or ALL
    return f"{FEED_FOLDER}/{name}{'' if lang == m.DEFAULT_LANGUAGE else '-' + lang}.ics"


def _text(text: m.Text | None, lang: str) -> str | None:
    return None if text is None else text.get(lang)[0]


def to_ics(data: SiteData, lang: str, territory_id: str | None = None) -> bytes:
    """An iCalendar feed (RFC 5545) of the events, times in Europe/Paris, stable UIDs."""
    programme = data.programme.name.get(lang)[0]
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//Promotion Santé Pays de la Loire//{programme}//{lang.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    title = programme
    if territory_id:
        title = f"{programme} – {data.territories[territory_id].short_name.get(lang)[0]}"
    cal.add("x-wr-calname", title)
    cal.add("x-wr-timezone", "Europe/Paris")
    for event_id, event in events_for(data, territory_id):
        cal.add_component(_vevent(data, lang, event_id, event))
    # As cal.add_missing_timezones(), each VTIMEZONE made once (not once per feed: 0.7 s of
    # a build with 200 feeds).
    for tzid in sorted(cal.get_missing_tzids()):
        if (timezone := _vtimezone(tzid)) is not None:
            cal.subcomponents.insert(0, timezone)
    return cal.to_ical()


@functools.cache
def _vtimezone(tzid: str) -> icalendar.Timezone | None:
    try:
        return icalendar.Timezone.from_tzid(tzid)
    except ValueError:  # a zone the system does not know: left out, as icalendar does
        return None


def _vevent(data: SiteData, lang: str, event_id: str, event: m.Event) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", f"{event_id}@{UID_DOMAIN}")
    # A fixed stamp keeps the file identical from one build to the next (no rebuild loop
    # under `mkdocs serve`); it is the event's first day, midnight UTC.
    vevent.add("dtstamp", datetime.combine(event.first_day, time(), tzinfo=ZoneInfo("UTC")))
    if isinstance(event.start, datetime):
        vevent.add("dtstart", event.start.replace(tzinfo=TIMEZONE))
        if event.end is not None:
            vevent.add("dtend", event.end.replace(tzinfo=TIMEZONE))
    else:
        vevent.add("dtstart", event.start)
        # An all-day DTEND is exclusive: the day after the last one.
        vevent.add("dtend", (event.end or event.start) + timedelta(days=1))
    vevent.add("summary", event.title.get(lang)[0])
    lines = [_text(event.summary, lang)]
    if event.audience:
        lines.append(f"{label('audience', lang)}{colon(lang)} {_text(event.audience, lang)}")
    if event.registration:
        lines.append(_text(event.registration, lang))
    vevent.add("description", "\n".join(line for line in lines if line) or event.title.get(lang)[0])
    places = [data.territories[t].short_name.get(lang)[0] for t in event.territories]
    location = _text(event.place, lang) or ", ".join(places)
    if location:
        vevent.add("location", location)
    vevent.add("categories", [label(f"event.{event.kind.value}", lang)])
    if event.registration_url or event.source:
        vevent.add("url", str(event.registration_url or event.source))
    return vevent
