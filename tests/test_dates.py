"""Days as words: what `friday`, `next week` and `in 3 days` mean, counted from a fixed today."""

from datetime import date

import click
import pytest
from click.testing import CliRunner

from rapport.dates import DAY, NotADay, parse_day

WEDNESDAY = date(2026, 3, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-06", "2026-03-06"),
        ("  2026-12-31 ", "2026-12-31"),
        ("today", "2026-03-04"),
        ("Tomorrow", "2026-03-05"),
        ("yesterday", "2026-03-03"),
        ("friday", "2026-03-06"),
        ("fri", "2026-03-06"),
        ("thursday", "2026-03-05"),
        ("wednesday", "2026-03-11"),  # a weekday is never today: the next one
        ("monday", "2026-03-09"),
        ("next friday", "2026-03-13"),  # the Friday of next week
        ("next monday", "2026-03-09"),
        ("next  week", "2026-03-09"),
        ("last week", "2026-02-23"),
        ("next month", "2026-04-01"),
        ("in 3 days", "2026-03-07"),
        ("in 1 day", "2026-03-05"),
        ("in a week", "2026-03-11"),
        ("in 2 weeks", "2026-03-18"),
        ("in one month", "2026-04-04"),
        ("in 12 months", "2027-03-04"),
    ],
)
def test_words_name_days(text, expected):
    assert parse_day(text, WEDNESDAY).isoformat() == expected


def test_a_month_ahead_of_a_long_month_ends_at_the_short_months_end():
    assert parse_day("in 1 month", date(2026, 1, 31)) == date(2026, 2, 28)
    assert parse_day("in 1 month", date(2028, 1, 31)) == date(2028, 2, 29)


@pytest.mark.parametrize(
    "text",
    ["", "someday", "fr", "next", "next year", "in days", "in -3 days", "2026-02-30", "3/6/2026",
     "in 3 fortnights"],
)  # fmt: skip
def test_other_text_is_refused_naming_the_forms(text):
    with pytest.raises(NotADay, match="write an ISO date"):
        parse_day(text, WEDNESDAY)


@pytest.mark.parametrize("text", ["tomorrow", "in 1 month", "next week", "in 9999 days"])
def test_days_past_the_calendar_are_refused_not_crashed(text):
    with pytest.raises(NotADay):
        parse_day(text, date(9999, 12, 31))


def test_the_click_type_turns_words_into_dates_and_refuses_with_usage_error():
    @click.command()
    @click.option("--until", type=DAY)
    def show(until):
        click.echo(until.isoformat())

    runner = CliRunner()
    assert runner.invoke(show, ["--until", "2026-03-06"]).output == "2026-03-06\n"
    assert runner.invoke(show, ["--until", "today"]).output == f"{date.today().isoformat()}\n"
    refused = runner.invoke(show, ["--until", "someday"])
    assert refused.exit_code == 2 and "'someday' is not a day" in refused.output
