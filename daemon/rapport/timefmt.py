"""One spelling for instants and dates, so stored times sort as strings and compare as times.

Instants are stored in UTC as `YYYY-MM-DDTHH:MM:SS.mmmZ` (always milliseconds, so that
lexicographic order is chronological); dates as `YYYY-MM-DD`.
"""

from datetime import UTC, date, datetime


class NaiveTime(ValueError):
    """An instant without a UTC offset: ambiguous, so refused rather than guessed."""


def format_instant(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise NaiveTime("time has no UTC offset")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_instant(text: str) -> datetime:
    """Parse ISO 8601 with an offset (or `Z`); raise ValueError/NaiveTime otherwise."""
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        raise NaiveTime(f"{text!r} has no UTC offset (add Z or +HH:MM)")
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{text!r} is outside the years 1-9999 in UTC") from None


def normalize_instant(text: str) -> str:
    return format_instant(parse_instant(text))


def parse_date(text: str) -> date:
    return date.fromisoformat(text.strip())
