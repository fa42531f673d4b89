"""`rapport log`, `promise` and `remind` against a real daemon."""

import json
from datetime import UTC, date, datetime, time, timedelta

import pytest

from rapport.timefmt import parse_instant
from tests.daemon import start_daemon


@pytest.fixture(scope="module")
def daemon(tmp_path_factory, isolated_home):
    running = start_daemon(tmp_path_factory.mktemp("cli-notes"))
    running.client().post("/people", {"name": "Ada Lovelace"})
    yield running
    running.stop()


def ok(result) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def next_weekday(weekday: int) -> date:
    day = date.today() + timedelta(days=1)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day


def test_log_records_an_interaction_of_the_given_kind(daemon):
    logged = ok(daemon.rapport("log", "ada", "--kind", "coffee", "talked Rust", "--json"))
    ada = daemon.client().find_person("Ada Lovelace")
    assert logged["person_ids"] == [ada["id"]]
    assert (logged["kind"], logged["text"]) == ("coffee", "talked Rust")
    assert abs(parse_instant(logged["occurred_at"]) - datetime.now(UTC)) < timedelta(minutes=1)
    card = daemon.client().get(f"/people/{ada['id']}/card")
    assert card["days_since_contact"] == 0
    human = daemon.rapport("log", "Ada", "a note")
    assert human.returncode == 0
    assert human.stdout.startswith("logged note with Ada Lovelace (i_")


def test_log_on_a_past_day(daemon):
    logged = ok(daemon.rapport("log", "ada", "--on", "yesterday", "met at the fair", "--json"))
    occurred = parse_instant(logged["occurred_at"]).astimezone()
    assert occurred.date() == date.today() - timedelta(days=1)


def test_promise_takes_a_day_in_words_and_a_direction(daemon):
    mine = ok(daemon.rapport("promise", "ada", "send the deck", "--due", "friday", "--json"))
    assert (mine["direction"], mine["text"], mine["status"]) == ("mine", "send the deck", "open")
    assert mine["due"] == next_weekday(4).isoformat()
    theirs = ok(daemon.rapport("promise", "ada", "intro to the CTO", "--theirs", "--json"))
    assert (theirs["direction"], theirs["due"]) == ("theirs", None)
    human = daemon.rapport("promise", "ada", "book", "--due", "2026-03-06")
    assert human.stdout.startswith("you promised Ada Lovelace: book, due Fri 2026-03-06 (pr_")


def test_remind_in_a_duration_or_at_a_day(daemon):
    soon = ok(daemon.rapport("remind", "ada", "ask about the offsite", "--in", "3d", "--json"))
    expected = datetime.now(UTC) + timedelta(days=3)
    assert abs(parse_instant(soon["due_at"]) - expected) < timedelta(minutes=1)
    assert soon["text"] == "ask about the offsite"
    friday = ok(daemon.rapport("remind", "ada", "launch", "--at", "friday", "--json"))
    morning = datetime.combine(next_weekday(4), time(9)).astimezone()
    assert parse_instant(friday["due_at"]) == morning
    exact = ok(daemon.rapport("remind", "ada", "call", "--at", "2026-03-06T14:30+01:00", "--json"))
    assert exact["due_at"] == "2026-03-06T13:30:00.000Z"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("promise", "ada", "x", "--due", "someday"), "'someday' is not a day; write"),
        (("remind", "ada", "x"), "give one of --in (e.g. 3d) or --at (e.g. friday)"),
        (("remind", "ada", "x", "--in", "3y"), "'3y' is not a duration; write 30m, 4h, 3d or 2w"),
        (("remind", "ada", "x", "--in", "3d", "--at", "friday"), "give one of --in"),
        (("log", "ada", "x", "--kind", "lunch"), "Invalid value for '--kind'"),
        (("log", "nobody-like-this", "x"), "nobody matches 'nobody-like-this'"),
    ],
)
def test_bad_input_exits_2_in_one_line(daemon, args, message):
    result = daemon.rapport(*args)
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr
