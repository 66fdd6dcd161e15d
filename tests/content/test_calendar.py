"""Events: the agenda's order and grouping, and the .ics feeds (parsed back with icalendar)."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, add_fixture_territory
from macros.content import calendar as cal
from macros.data import models as m
from macros.data.loader import DataError, load_site_data
from macros.content.pages import data_files

FIXTURE_EVENTS = {"pays-fictif-formation-2030", "pays-fictif-atelier-2024", "journee-fictive-2031"}


@pytest.fixture(scope="module")
def resources(tmp_path_factory) -> Path:
    """The real data plus the 4th territory's illustrative events and figures."""
    folder = tmp_path_factory.mktemp("data") / "resources"
    shutil.copytree(ROOT / "resources", folder)
    add_fixture_territory(folder, "territory-4")
    return folder


@pytest.fixture(scope="module")
def data(resources):
    return load_site_data(resources)


def parse(feed: bytes) -> tuple[icalendar.Calendar, list[icalendar.Event]]:
    calendar = icalendar.Calendar.from_ical(feed)
    return calendar, list(calendar.walk("VEVENT"))


def uids(events) -> list[str]:
    return [str(e["UID"]) for e in events]


@pytest.mark.parametrize("day, year", [
    (date(2022, 8, 31), "2021-2022"), (date(2022, 9, 1), "2022-2023"),
    (date(2023, 1, 15), "2022-2023"), (date(2025, 10, 21), "2025-2026"),
])
def test_school_year_starts_on_1_september(day, year):
    assert cal.school_year(day) == year


def test_agenda_upcoming_soonest_first_then_past_by_school_year(data):
    agenda = cal.agenda(cal.events_for(data), today=date(2026, 1, 1))
    assert [i for i, _ in agenda.upcoming] == ["pays-fictif-formation-2030", "journee-fictive-2031"]
    assert [(year, [i for i, _ in items]) for year, items in agenda.past] == [
        ("2025-2026", ["cloture-2025"]),
        ("2023-2024", ["pays-fictif-atelier-2024"]),
    ]
    # An event is upcoming until its last day is over.
    two_days = cal.agenda(cal.events_for(data), today=date(2031, 6, 3))
    assert [i for i, _ in two_days.upcoming] == ["journee-fictive-2031"]


def test_territory_agenda_has_its_own_and_programme_wide_events(data):
    assert [i for i, _ in cal.events_for(data, "pays-fictif")] == [
        "pays-fictif-atelier-2024", "cloture-2025", "pays-fictif-formation-2030", "journee-fictive-2031"]
    assert [i for i, _ in cal.events_for(data, "carene")] == ["cloture-2025", "journee-fictive-2031"]
    assert [i for i, _ in cal.events_for(data, "chateaubriant")] == ["cloture-2025"]


def test_dates_in_words_in_both_languages(data):
    training = data.events["pays-fictif-formation-2030"]
    assert cal.when(training, "fr") == "mardi 12 mars 2030, 9 h – 17 h 30"
    assert cal.when(training, "en") == "Tuesday, 12 March 2030, 09:00 – 17:30"
    two_days = data.events["journee-fictive-2031"]
    assert cal.when(two_days, "fr") == "du lundi 2 juin 2031 au mardi 3 juin 2031"
    assert cal.when(data.events["cloture-2025"], "fr") == "mardi 21 octobre 2025"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_global_feed_has_every_event_once_in_paris_time(data, lang):
    calendar, events = parse(cal.to_ics(data, lang))
    assert sorted(uids(events)) == sorted(f"{i}@{cal.UID_DOMAIN}" for i in data.events)
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Paris"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    by_uid = {str(e["UID"]).split("@")[0]: e for e in events}
    training = by_uid["pays-fictif-formation-2030"]
    start, end = training.decoded("DTSTART"), training.decoded("DTEND")
    assert start.tzinfo.key == "Europe/Paris" and end.tzinfo.key == "Europe/Paris"
    assert (start.replace(tzinfo=None), end.replace(tzinfo=None)) == (
        datetime(2030, 3, 12, 9, 0), datetime(2030, 3, 12, 17, 30))
    assert start.utcoffset() == timedelta(hours=1)  # winter time in Paris
    assert training["DTSTART"].params["TZID"] == "Europe/Paris"
    # All-day events: DTEND is the day after the last day (RFC 5545).
    two_days = by_uid["journee-fictive-2031"]
    assert two_days.decoded("DTSTART") == date(2031, 6, 2)
    assert two_days.decoded("DTEND") == date(2031, 6, 4)
    title = data.events["cloture-2025"].title.get(lang)[0]
    assert str(by_uid["cloture-2025"]["SUMMARY"]) == title
    assert str(by_uid["pays-fictif-formation-2030"]["URL"]) == "https://example.org/inscription"


def test_territory_feeds_hold_exactly_their_events(data):
    for territory_id in data.territories:
        _, events = parse(cal.to_ics(data, "fr", territory_id))
        expected = [f"{i}@{cal.UID_DOMAIN}" for i, _ in cal.events_for(data, territory_id)]
        assert uids(events) == expected


def test_feeds_are_stable_from_one_load_to_the_next(data, resources, tmp_path):
    copy = tmp_path / "resources"
    shutil.copytree(resources, copy)
    again = load_site_data(copy)
    assert again is not data
    assert cal.to_ics(again, "fr") == cal.to_ics(data, "fr")


def test_every_feed_is_a_generated_download(data):
    files = data_files(data)
    for territory_id in (None, *data.territories):
        for lang in m.LANGUAGES:
            assert cal.feed_path(territory_id, lang) in files
    assert files["agenda/prendre-soin-de-soi.ics"].startswith("BEGIN:VCALENDAR\r\n")


def test_real_data_has_only_sourced_dated_events():
    real = load_site_data(ROOT / "resources")
    assert real.events, "the programme's closing event is in resources/events/"
    for event in real.events.values():
        assert event.source is not None


@pytest.mark.parametrize("text, message", [
    ("title: x\nkind: formation\nstart: 2030-03-12\nend: 2030-03-10\n", "la fin (2030-03-10) est avant le début"),
    ("title: x\nkind: formation\nstart: 2030-03-12 09:00\nend: 2030-03-13\n", "même forme"),
    ("title: x\nkind: formation\nstart: 2030-03-12\nterritories: [atlantide]\n", "territoire inconnu « atlantide »"),
    ("title: x\nkind: formation\nstart: 2030-03-12\nmodality: cuisine\n", "modalité inconnue « cuisine »"),
    ("title: x\nkind: fete\nstart: 2030-03-12\n", "formation"),
])
def test_bad_events_are_rejected_with_the_file_named(tmp_path, text, message):
    resources = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", resources)
    (resources / "events" / "mauvais.yml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_site_data(resources)
    problems = raised.value.problems
    assert any(p.file == "resources/events/mauvais.yml" and message in p.message for p in problems), \
        "\n".join(map(str, problems))


# ------------------------------------------------------------------- built site


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_built_feeds_parse_and_are_linked_from_the_pages(four_territories_site, lang):
    site = four_territories_site
    prefix = "" if lang == "fr" else "en/"
    suffix = "" if lang == "fr" else "-en"
    data = load_site_data(ROOT / "resources")
    for name in ["prendre-soin-de-soi", *data.territories, "pays-fictif"]:
        feed = site / "agenda" / f"{name}{suffix}.ics"
        _, events = parse(feed.read_bytes())
        assert len(uids(events)) == len(set(uids(events)))
    for page_path, feed in [("calendrier", "prendre-soin-de-soi"), ("territoires/pays-fictif", "pays-fictif")]:
        html = site / prefix / page_path / "index.html"
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in soup.select("article a.md-button") if a["href"].endswith(".ics")]
        assert len(links) == 1, page_path
        assert (html.parent / links[0]).resolve() == (site / "agenda" / f"{feed}{suffix}.ics").resolve()


@pytest.mark.slow
def test_calendar_pages_list_the_fixture_events(four_territories_site):
    soup = BeautifulSoup((four_territories_site / "calendrier/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    text = soup.select_one("article").get_text(" ")
    order = [text.index(s) for s in ("À venir", "Formation fictive de trois jours",
                                     "Journée d'échanges fictive", "Passés", "Année scolaire 2025-2026",
                                     "Événement de clôture", "Année scolaire 2023-2024",
                                     "Atelier parents fictif")]
    assert order == sorted(order)
    carene = (four_territories_site / "territoires/carene/index.html").read_text(encoding="utf-8")
    assert "Journée d'échanges fictive" in carene and "Formation fictive" not in carene
    english = (four_territories_site / "en/calendrier/index.html").read_text(encoding="utf-8")
    assert "Fictional three-day training" in english and "Upcoming" in english
