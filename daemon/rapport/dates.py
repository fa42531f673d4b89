"""Days as people say them on the command line: `2026-03-06`, `friday`, `next week`, `in 3 days`.

One small parser for every command that takes a day (`rapport snooze --until`, `rapport due
--until`, `rapport promise --due`), so the words mean the same everywhere:

- `today`, `tomorrow`, `yesterday`; an ISO date `2026-03-06`
- a weekday (`friday`, `fri`): its next occurrence after today, never today itself
- `next friday`: the Friday of next week (Monday to Sunday)
- `next week`, `last week`: that week's Monday; `next month`: the first of next month
- `in 3 days`, `in 2 weeks`, `in 1 month`, `in a week`
"""

import calendar
import re
from datetime import date, timedelta

import click

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
FORMS = "an ISO date (2026-03-06), today, tomorrow, friday, next friday, next week, in 3 days"
_IN = re.compile(r"^in\s+(\d{1,4}|a|an|one)\s+(day|week|month)s?$")
_NEXT = re.compile(r"^next\s+(\w+)$")


class NotADay(ValueError):
    """Text that names no day; the message lists the forms that do."""

    def __init__(self, text: str):
        super().__init__(f"{text!r} is not a day; write {FORMS}")


def parse_day(text: str, today: date) -> date:
    """The day `text` names, counted from `today`; NotADay when it names none."""
    words = " ".join(text.lower().split())
    try:
        return _iso(words) or _word(words, today) or _relative(words, today)
    except (NotADay, OverflowError):
        raise NotADay(text) from None


def _iso(words: str) -> date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", words):
        return None
    try:
        return date.fromisoformat(words)
    except ValueError:
        raise NotADay(words) from None


def _word(words: str, today: date) -> date | None:
    fixed = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if words in fixed:
        return today + timedelta(days=fixed[words])
    weekday = _weekday(words)
    if weekday is not None:
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    return None


def _relative(words: str, today: date) -> date:
    monday = today - timedelta(days=today.weekday())
    if words == "next week":
        return monday + timedelta(weeks=1)
    if words == "last week":
        return monday - timedelta(weeks=1)
    if words == "next month":
        return _add_months(today, 1).replace(day=1)
    found = _NEXT.match(words)
    if found and (weekday := _weekday(found[1])) is not None:
        return monday + timedelta(weeks=1, days=weekday)
    found = _IN.match(words)
    if found:
        count = 1 if found[1] in ("a", "an", "one") else int(found[1])
        if found[2] == "month":
            return _add_months(today, count)
        return today + timedelta(days=count * (7 if found[2] == "week" else 1))
    raise NotADay(words)


def _weekday(word: str) -> int | None:
    for number, name in enumerate(WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):
            return number
    return None


def _add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, or that month's last day if it is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


class DayParam(click.ParamType):
    """A click option type for days: `@click.option("--due", type=DAY)` gives a `date`."""

    name = "day"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return parse_day(value, date.today())
        except NotADay as error:
            self.fail(str(error), param, ctx)


DAY = DayParam()
