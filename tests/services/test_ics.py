"""Calendar parsing: exact UTC times, keys that survive re-import and edits, bad input contained."""

import re
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from rapport.services.ics import NotACalendar, parse_calendar

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ics"
ME = "me@rapport.example"
YEAR_2026 = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
INSTANT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def parse(source: str | bytes, *, window=YEAR_2026, my_emails=(ME,), default_tz="UTC"):
    """Parse a fixture by file name, or inline calendar text/bytes."""
    if isinstance(source, str) and source.endswith(".ics"):
        source = (FIXTURES / source).read_bytes()
    return parse_calendar(
        source,
        window_start=window[0],
        window_end=window[1],
        my_emails=set(my_emails),
        default_tz=default_tz,
    )


def calendar(*events: str, header: str = "") -> str:
    body = "".join(f"BEGIN:VEVENT\n{event.strip()}\nEND:VEVENT\n" for event in events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{header}{body}END:VCALENDAR\n"


def starts(result) -> list[str]:
    return [meeting["starts_at"] for meeting in result.occurrences]


def keys(result) -> list[str]:
    return [meeting["key"] for meeting in result.occurrences]


# --- recurrence -----------------------------------------------------------------------------


def test_weekly_series_skips_the_exdate_and_moves_the_overridden_occurrence():
    result = parse("weekly_series.ics")

    assert starts(result) == [
        "2026-01-05T15:00:00.000Z",
        "2026-01-12T15:00:00.000Z",
        "2026-01-27T16:00:00.000Z",  # 26 Jan moved to Tuesday; 19 Jan is an EXDATE
        "2026-02-02T15:00:00.000Z",
        "2026-02-09T15:00:00.000Z",
    ]
    assert keys(result) == [
        "weekly-sync@rapport.test|2026-01-05T15:00:00.000Z",
        "weekly-sync@rapport.test|2026-01-12T15:00:00.000Z",
        "weekly-sync@rapport.test|2026-01-26T15:00:00.000Z",
        "weekly-sync@rapport.test|2026-02-02T15:00:00.000Z",
        "weekly-sync@rapport.test|2026-02-09T15:00:00.000Z",
    ]
    assert result.errors == []
    assert result.skipped == 0


def test_an_occurrence_is_meeting_shaped():
    first, _, moved, *_ = parse("weekly_series.ics").occurrences

    assert first == {
        "key": "weekly-sync@rapport.test|2026-01-05T15:00:00.000Z",
        "title": "Weekly sync",
        "starts_at": "2026-01-05T15:00:00.000Z",
        "ends_at": "2026-01-05T15:30:00.000Z",
        "all_day": False,
        "location": "Room 4",
        # The organizer once though also listed as attendee; not me (any case), not the room.
        "attendees": [
            {"name": "Grace Hopper", "email": "grace@navy.example"},
            {"name": "Lovelace, Ada", "email": "ada@analytical.example"},
        ],
        "description": "Agenda in the doc.",
        "url": "https://meet.example.com/weekly",
        "source": {
            "kind": "ics",
            "uid": "weekly-sync@rapport.test",
            "recurrence_id": "2026-01-05T15:00:00.000Z",
        },
    }
    assert moved["title"] == "Weekly sync (moved to Tuesday)"
    assert moved["ends_at"] == "2026-01-27T16:30:00.000Z"
    assert moved["location"] is None
    assert moved["source"]["recurrence_id"] == "2026-01-26T15:00:00.000Z"


def test_reparsing_the_same_file_gives_the_same_result():
    assert parse("weekly_series.ics") == parse("weekly_series.ics")


def test_an_edited_file_keeps_every_key_including_the_newly_moved_occurrence():
    before = {m["key"]: m for m in parse("weekly_series.ics").occurrences}
    after = {m["key"]: m for m in parse("weekly_series_edited.ics").occurrences}

    assert after.keys() == before.keys()
    moved = after["weekly-sync@rapport.test|2026-02-02T15:00:00.000Z"]
    assert (moved["starts_at"], moved["title"]) == (
        "2026-02-03T17:00:00.000Z",
        "Weekly sync (moved again)",
    )
    renamed = after["weekly-sync@rapport.test|2026-01-05T15:00:00.000Z"]
    assert renamed["title"] == "Weekly sync (renamed)"


def test_weekly_oslo_meeting_stays_at_nine_local_across_the_october_dst_change():
    result = parse("oslo_dst.ics")

    assert starts(result) == [
        "2026-10-15T07:00:00.000Z",  # 09:00 CEST
        "2026-10-22T07:00:00.000Z",
        "2026-10-29T08:00:00.000Z",  # 09:00 CET, after 25 October
        "2026-11-05T08:00:00.000Z",
    ]
    assert [m["ends_at"] for m in result.occurrences][2] == "2026-10-29T09:00:00.000Z"
    assert keys(result)[2] == "oslo-thursday@rapport.test|2026-10-29T08:00:00.000Z"


def test_rdate_adds_dates_and_a_period_with_its_own_length():
    result = parse("rdate.ics")

    assert [(m["starts_at"], m["ends_at"]) for m in result.occurrences] == [
        ("2026-06-01T10:00:00.000Z", "2026-06-01T11:00:00.000Z"),
        ("2026-06-03T10:00:00.000Z", "2026-06-03T11:00:00.000Z"),
        ("2026-06-10T14:00:00.000Z", "2026-06-10T15:00:00.000Z"),
        ("2026-06-15T10:00:00.000Z", "2026-06-15T12:00:00.000Z"),
    ]
    assert keys(result) == [
        "workshop@rapport.test|2026-06-01T10:00:00.000Z",
        "workshop@rapport.test|2026-06-03T10:00:00.000Z",
        "workshop@rapport.test|2026-06-10T14:00:00.000Z",
        "workshop@rapport.test|2026-06-15T10:00:00.000Z",
    ]


def test_this_and_future_change_moves_the_rest_and_each_keeps_its_own_key():
    result = parse("this_and_future.ics")

    assert starts(result) == [
        "2026-05-04T10:00:00.000Z",
        "2026-05-11T12:00:00.000Z",
        "2026-05-18T12:00:00.000Z",
        "2026-05-25T12:00:00.000Z",
    ]
    assert keys(result) == [
        "reading-group@rapport.test|2026-05-04T10:00:00.000Z",
        "reading-group@rapport.test|2026-05-11T10:00:00.000Z",
        "reading-group@rapport.test|2026-05-18T10:00:00.000Z",
        "reading-group@rapport.test|2026-05-25T10:00:00.000Z",
    ]


# --- time zones, all-day and floating times ---------------------------------------------------


def test_all_day_events_start_at_local_midnight_of_the_default_zone():
    result = parse("all_day.ics", default_tz="Europe/Oslo")

    conference, birthday = result.occurrences
    assert conference["key"] == "conference@rapport.test|"
    assert (conference["starts_at"], conference["ends_at"]) == (
        "2026-03-09T23:00:00.000Z",
        "2026-03-11T23:00:00.000Z",
    )
    assert conference["all_day"] is True
    assert (birthday["starts_at"], birthday["ends_at"]) == (
        "2026-12-09T23:00:00.000Z",
        "2026-12-10T23:00:00.000Z",
    )
    assert birthday["key"] == "birthday-ada@rapport.test|2026-12-10"


def test_keys_of_all_day_and_floating_series_do_not_depend_on_the_default_zone():
    for name in ("all_day.ics", "floating.ics"):
        in_oslo = parse(name, default_tz="Europe/Oslo")
        in_new_york = parse(name, default_tz="America/New_York")
        assert keys(in_oslo) == keys(in_new_york)
        assert starts(in_oslo) != starts(in_new_york)


def test_floating_times_are_read_in_the_default_zone():
    result = parse("floating.ics", default_tz="America/New_York")

    assert [(m["key"], m["starts_at"], m["ends_at"]) for m in result.occurrences] == [
        (
            "floating-breakfast@rapport.test|",
            "2026-04-15T13:00:00.000Z",
            "2026-04-15T14:00:00.000Z",
        ),
        (
            "floating-weekly@rapport.test|2026-04-16T08:00:00",
            "2026-04-16T12:00:00.000Z",
            "2026-04-16T12:30:00.000Z",
        ),
        (
            "floating-weekly@rapport.test|2026-04-23T08:00:00",
            "2026-04-23T12:00:00.000Z",
            "2026-04-23T12:30:00.000Z",
        ),
    ]


def test_outlook_export_with_windows_zone_names():
    result = parse("outlook_windows_tz.ics")

    assert [(m["title"], m["starts_at"]) for m in result.occurrences] == [
        ("Planning", "2026-03-18T09:00:00.000Z"),  # W. Europe Standard Time, winter
        ("Customer visit", "2026-03-20T13:00:00.000Z"),  # only its VTIMEZONE knows it: -03:00
        ("West coast sync (zone name without a VTIMEZONE)", "2026-03-23T16:30:00.000Z"),
        ("Planning", "2026-03-25T09:00:00.000Z"),
        ("Planning", "2026-04-01T08:00:00.000Z"),  # summer time since 29 March
    ]
    assert result.occurrences[0]["attendees"] == [
        {"name": "Smith, Jane", "email": "jane.smith@contoso.example"},
        {"name": "Doe, John", "email": "john.doe@contoso.example"},
    ]
    assert result.occurrences[0]["description"].startswith("Quarterly planning.\n\n")


def test_google_x_wr_timezone_keeps_a_utc_series_on_local_wall_time():
    event = "UID:g\nDTSTART:20261015T070000Z\nDTEND:20261015T080000Z\nRRULE:FREQ=WEEKLY;COUNT=3"
    in_oslo = parse(calendar(event, header="X-WR-TIMEZONE:Europe/Oslo\n"))
    unknown_zone = parse(calendar(event, header="X-WR-TIMEZONE:Mars/Olympus\n"))

    assert starts(in_oslo)[2] == "2026-10-29T08:00:00.000Z"
    assert starts(unknown_zone)[2] == "2026-10-29T07:00:00.000Z"  # ignored, not an error
    assert unknown_zone.errors == []


def test_globally_unique_tzid_is_read_as_its_olson_name_without_a_warning():
    event = "UID:lightning\nDTSTART;TZID=/mozilla.org/20070129_1/America/New_York:20260701T090000"

    assert starts(parse(calendar(event))) == ["2026-07-01T13:00:00.000Z"]


# --- what is dropped, and why -----------------------------------------------------------------


def test_cancelled_events_and_occurrences_are_dropped_and_counted():
    result = parse("cancelled.ics")

    assert keys(result) == [
        "standup@rapport.test|2026-03-02T09:00:00.000Z",
        "standup@rapport.test|2026-03-04T09:00:00.000Z",
    ]
    assert result.skipped == 2


def test_events_and_occurrences_i_declined_are_dropped_whatever_the_case_of_my_email():
    result = parse("declined.ics", my_emails=["ME@RAPPORT.example"])

    assert keys(result) == [
        "declined-by-other@rapport.test|",
        "one-on-one@rapport.test|2026-04-08T14:00:00.000Z",
        "one-on-one@rapport.test|2026-04-10T14:00:00.000Z",
    ]
    assert result.occurrences[0]["attendees"] == [{"name": "Busy Bee", "email": "bee@hive.example"}]
    assert result.skipped == 2


def test_window_is_start_inclusive_end_exclusive_and_single_events_outside_count_as_skipped():
    window = (datetime(2026, 1, 12, 15, tzinfo=UTC), datetime(2026, 2, 2, 15, tzinfo=UTC))

    assert starts(parse("weekly_series.ics", window=window)) == [
        "2026-01-12T15:00:00.000Z",
        "2026-01-27T16:00:00.000Z",
    ]
    next_year = (datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    broken_next_year = parse("broken.ics", window=next_year)
    assert broken_next_year.occurrences == []
    assert broken_next_year.skipped == 2  # the two good single events


def test_an_event_running_into_the_window_is_included():
    event = "UID:long\nDTSTART:20251231T220000Z\nDTEND:20260101T020000Z\nSUMMARY:New Year"

    assert starts(parse(calendar(event))) == ["2025-12-31T22:00:00.000Z"]


# --- attendees ------------------------------------------------------------------------------


def test_attendee_shapes():
    (meeting,) = parse("attendees.ics").occurrences

    assert meeting["attendees"] == [
        {"name": "Ada Lovelace", "email": "ada@analytical.example"},
        {"name": "jdoe", "email": "jdoe@acme.co.uk"},  # no CN: the local part
        {"name": "bob", "email": "bob@builder.example"},  # CN was the address itself
        {"name": "Charles Babbage", "email": None},  # invalid:nomail
    ]  # no projector (CUTYPE=RESOURCE), no nameless urn:uuid, not me


# --- broken input -----------------------------------------------------------------------------


def test_broken_events_are_reported_by_index_and_uid_and_the_rest_is_read():
    result = parse("broken.ics")

    assert [m["title"] for m in result.occurrences] == [
        "Before the broken ones",
        "After the broken ones",
    ]
    assert [(e["index"], e["uid"]) for e in result.errors] == [
        (1, "broken-no-start@rapport.test"),
        (2, "broken-bad-start@rapport.test"),
        (3, "broken-rrule@rapport.test"),
        (4, "too-frequent@rapport.test"),
    ]
    messages = [e["message"] for e in result.errors]
    assert messages[0] == "the event has no DTSTART"
    assert messages[1].startswith("the event's DTSTART is invalid: ")
    assert messages[2].startswith("the event's RRULE is invalid: ")
    assert messages[3] == "the event repeats more often than hourly"


def test_an_event_with_two_starts_is_an_error_naming_the_property():
    twice = "UID:twice\nDTSTART:20260301T090000Z\nDTSTART:20260301T100000Z"
    fine = "UID:fine\nDTSTART:20260302T090000Z"
    result = parse(calendar(twice, fine))

    assert result.errors == [
        {"index": 0, "uid": "twice", "message": "the event has more than one DTSTART"}
    ]
    assert keys(result) == ["fine|"]


def test_a_series_the_library_cannot_expand_is_one_error_and_the_rest_is_read():
    chinese = "UID:lunar\nDTSTART;VALUE=DATE:20260217\nRRULE:RSCALE=CHINESE;FREQ=YEARLY"
    fine = "UID:fine\nDTSTART:20260302T090000Z"
    result = parse(calendar(chinese, fine))

    assert [(e["index"], e["uid"]) for e in result.errors] == [(0, "lunar")]
    assert result.errors[0]["message"].startswith("the event could not be read: ")
    assert keys(result) == ["fine|"]


NOT_CALENDARS = {
    "html file": (FIXTURES / "not_a_calendar.ics").read_bytes(),
    "empty": b"",
    "blank lines": b"  \n\n",
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00",
    "json": b'{"events": []}',
    "a lone VEVENT": b"BEGIN:VEVENT\nUID:1\nDTSTART:20260101T100000Z\nEND:VEVENT\n",
    "never ends": b"BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:1\n",
    "a path, not data": "/etc/hostname",
}


@pytest.mark.parametrize("data", NOT_CALENDARS.values(), ids=NOT_CALENDARS.keys())
def test_input_that_is_no_calendar_raises_not_a_calendar(data):
    with pytest.raises(NotACalendar, match=r"^not an iCalendar file: "):
        parse(data)


def test_not_a_calendar_is_a_value_error_and_an_empty_calendar_is_not_one():
    assert issubclass(NotACalendar, ValueError)
    empty = parse(calendar())
    assert (empty.occurrences, empty.errors, empty.skipped) == ([], [], 0)


def test_a_window_without_offset_is_refused():
    with pytest.raises(ValueError, match="UTC offset"):
        parse("rdate.ics", window=(datetime(2026, 1, 1), datetime(2027, 1, 1)))


@pytest.mark.parametrize("zone", ["Mars/Olympus", "../etc", ""])
def test_an_unknown_default_zone_is_a_value_error(zone):
    with pytest.raises(ValueError, match="unknown time zone"):
        parse("rdate.ics", default_tz=zone)


# --- texts, limits and identities -------------------------------------------------------------


def test_text_limits_and_defaults():
    url = "https://example.com/" + "x" * 3000
    event = f"UID:long\nDTSTART:20260301T090000Z\nDESCRIPTION:{'d' * 100_500}\nURL:{url}"
    (meeting,) = parse(calendar(event)).occurrences

    assert meeting["title"] == "(no title)"
    assert len(meeting["description"]) == 100_000
    assert meeting["url"] is None  # too long to keep; a cut URL leads nowhere
    assert meeting["ends_at"] == meeting["starts_at"]


def test_an_event_without_uid_gets_a_stand_in_that_is_stable_across_parses():
    event = "DTSTART:20260301T090000Z\nSUMMARY:Nameless"
    first, second = parse(calendar(event)), parse(calendar(event))

    (key,) = keys(first)
    assert re.fullmatch(r"no-uid-[0-9a-f]{24}\|", key)
    assert keys(second) == [key]


def test_text_and_bytes_give_the_same_result():
    text = (FIXTURES / "weekly_series.ics").read_text()

    assert parse(text) == parse(text.encode())


# --- the calendars the libraries test themselves with -----------------------------------------


def _library_calendars() -> list[Path]:
    roots = [
        Path(icalendar.__file__).parent / "tests",
        Path(recurring_ical_events.__file__).parent / "test",
    ]
    return sorted(path for root in roots for path in root.rglob("*.ics"))


@pytest.mark.parametrize(
    "path", _library_calendars(), ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.name}"
)
def test_library_test_calendars_parse_or_are_refused_cleanly(path):
    try:
        result = parse(
            path.read_bytes(),
            window=(datetime(2000, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC)),
        )
    except NotACalendar:
        return
    assert len(set(keys(result))) == len(result.occurrences)
    for meeting in result.occurrences:
        assert INSTANT.match(meeting["starts_at"]) and INSTANT.match(meeting["ends_at"])
        assert meeting["starts_at"] <= meeting["ends_at"]
