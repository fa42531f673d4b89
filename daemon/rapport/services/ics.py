"""Calendar files (ICS) into meeting-shaped occurrences: pure Python, no HTTP, no storage.

Each series (the VEVENTs sharing a UID) is expanded on its own, because recurring_ical_events
expands a whole calendar at once and one broken event would otherwise lose every meeting in it.
Every occurrence carries `key` = `uid|recurrence_id`, stable across re-imports and edits, so an
importer can update the meeting it made last time instead of adding a second one.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rapport.schema import EMAIL_RE, LINE_MAX, LIST_MAX, NAME_MAX, TEXT_MAX, URL_MAX
from rapport.timefmt import format_instant

if TYPE_CHECKING:  # icalendar is imported on first use: it adds 0.1 s to the daemon's start
    from icalendar import Component

NO_TITLE = "(no title)"
EMAIL_MAX = 254
# A property that fails to parse here makes the event's times unknowable, so the event is an
# error; a broken property anywhere else (say CREATED) is ignored.
TIMING_PROPERTIES = {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"}
SINGLE_TIMING_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID")
# Nobody meets every second or minute; expanding such a rule over a window costs millions of
# steps, so it is refused rather than allowed to stall an import.
REFUSED_FREQUENCIES = {"SECONDLY", "MINUTELY"}
NOT_PEOPLE = {"ROOM", "RESOURCE"}  # CUTYPE of meeting rooms and equipment invited as attendees


class NotACalendar(ValueError):
    """The input is not iCalendar data at all (as opposed to a calendar with bad events)."""


@dataclass
class CalendarParse:
    occurrences: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {"index", "uid", "message"}
    skipped: int = 0  # cancelled, declined, and single events outside the window


@dataclass
class _Series:
    uid: str
    first_index: int  # among all VEVENTs in the file; errors of the series point here
    x_wr_timezone: str | None
    events: list[Component] = field(default_factory=list)


def parse_calendar(
    data: bytes | str,
    *,
    window_start: datetime,
    window_end: datetime,
    my_emails: set[str],
    default_tz: str = "UTC",
) -> CalendarParse:
    """Meetings occurring in [window_start, window_end); floating and all-day in `default_tz`."""
    if window_start.tzinfo is None or window_end.tzinfo is None:
        raise ValueError("the window bounds need a UTC offset")
    try:
        zone = ZoneInfo(default_tz)
    except (ValueError, OSError, ZoneInfoNotFoundError) as exc:
        raise ValueError(f"unknown time zone {default_tz!r}") from exc
    # In the zone, so that the library compares dates and floating times as local wall time.
    window = (window_start.astimezone(zone), window_end.astimezone(zone))
    me = {email for email in map(_bare_email, my_emails) if email}
    result = CalendarParse()
    for series in _collect_series(_read_calendars(data), result):
        _expand_series(series, window, zone, me, result)
    result.occurrences.sort(key=lambda meeting: (meeting["starts_at"], meeting["key"]))
    result.errors.sort(key=lambda error: error["index"])
    return result


def _read_calendars(data: bytes | str) -> list[Component]:
    # Always bytes: icalendar has probed newline-free strings as file paths.
    from icalendar import Calendar
    from icalendar.error import GloballyUniqueTZIDGuessed

    raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
    try:
        with warnings.catch_warnings():
            # `/mozilla.org/20070129_1/America/New_York` (Lightning, Evolution) read as the
            # Olson name at its end is the guess we want; a warning per event is only noise.
            warnings.simplefilter("ignore", GloballyUniqueTZIDGuessed)
            components = Calendar.from_ical(raw, multiple=True)
    except Exception as exc:
        raise NotACalendar(f"not an iCalendar file: {str(exc)[:200]}") from exc
    calendars = [component for component in components if component.name == "VCALENDAR"]
    if not calendars:
        raise NotACalendar("not an iCalendar file: no complete BEGIN:VCALENDAR ... END:VCALENDAR")
    return calendars


def _collect_series(calendars: list[Component], result: CalendarParse) -> list[_Series]:
    """Group events by UID; an event whose times cannot be known becomes an error here."""
    series_by_uid: dict[str, _Series] = {}
    index = 0
    for calendar in calendars:
        x_wr_timezone = _known_zone(str(calendar.get("X-WR-TIMEZONE", "")).strip())
        for event in calendar.walk("VEVENT"):
            uid = str(event.get("UID", "")).strip() or None
            try:
                problem = _timing_problem(event)
                if not problem:
                    uid = uid or _stand_in_uid(event)
                    series = series_by_uid.setdefault(uid, _Series(uid, index, x_wr_timezone))
                    series.events.append(event)
            except Exception as exc:
                problem = _describe(exc)
            if problem:
                result.errors.append({"index": index, "uid": uid, "message": problem})
            index += 1
    return list(series_by_uid.values())


def _known_zone(name: str) -> str | None:
    """The calendar's X-WR-TIMEZONE if it names a zone; an unknown one would fail every event."""
    try:
        return name if name and ZoneInfo(name) else None
    except (ValueError, OSError, ZoneInfoNotFoundError):  # OSError: a name too long for a path
        return None


def _timing_problem(event: Component) -> str | None:
    if "DTSTART" not in event:
        return "the event has no DTSTART"
    for name, message in event.errors:
        if name in TIMING_PROPERTIES:
            return f"the event's {name} is invalid: {message}"
    for name in SINGLE_TIMING_PROPERTIES:
        if isinstance(event.get(name), list):
            return f"the event has more than one {name}"
    for rule in _as_list(event.get("RRULE")):
        if set(rule.get("FREQ", [])) & REFUSED_FREQUENCIES:
            return "the event repeats more often than hourly"
    return None


def _stand_in_uid(event: Component) -> str:
    """A UID for an event without one, stable as long as its title and start stay the same."""
    start = event["DTSTART"]
    seed = f"{event.get('SUMMARY', '')}\n{start.params.get('TZID', '')}\n{start.to_ical()!r}"
    return "no-uid-" + hashlib.sha256(seed.encode()).hexdigest()[:24]


def _expand_series(
    series: _Series,
    window: tuple[datetime, datetime],
    zone: tzinfo,
    me: set[str],
    result: CalendarParse,
) -> None:
    events = series.events
    has_rules = any("RRULE" in event or "RDATE" in event for event in events)
    is_recurring = has_rules or any("RECURRENCE-ID" in event for event in events)
    error = {"index": series.first_index, "uid": series.uid}
    failed = False
    try:
        found = _occurrences_between(series, window)
        shifts = _future_shifts(events)
    except Exception as exc:
        found, failed = [], True
        result.errors.append(error | {"message": _describe(exc)})
    if not has_rules and not failed:
        result.skipped += len(events) - len(found)  # single events outside the window
    for component in found:
        try:
            if _is_cancelled(component) or _declined_by(component, me):
                result.skipped += 1
                continue
            original = _original_start(component, shifts) if is_recurring else None
            recurrence_id = _recurrence_id(original, zone) if original is not None else None
            result.occurrences.append(_meeting(component, series.uid, recurrence_id, zone, me))
        except Exception as exc:
            if not failed:  # one error per series, not one per occurrence
                result.errors.append(error | {"message": _describe(exc)})
            failed = True


def _occurrences_between(series: _Series, window: tuple[datetime, datetime]) -> list[Component]:
    import recurring_ical_events
    from icalendar import Calendar

    calendar = Calendar()
    if series.x_wr_timezone:
        calendar["X-WR-TIMEZONE"] = series.x_wr_timezone
    calendar.subcomponents.extend(series.events)
    return recurring_ical_events.of(calendar).between(*window)


def _future_shifts(events: list[Component]) -> dict:
    """RECURRENCE-ID of each RANGE=THISANDFUTURE change -> how far it moved what follows."""
    shifts = {}
    for event in events:
        changed = event.get("RECURRENCE-ID")
        if changed is not None and _param(changed, "RANGE").upper() == "THISANDFUTURE":
            shifts[changed.dt] = event["DTSTART"].dt - changed.dt
    return shifts


def _original_start(component: Component, shifts: dict) -> date | datetime:
    """When the occurrence was first planned: what its key is made of, so moving keeps it.

    Every occurrence after a RANGE=THISANDFUTURE change carries the RECURRENCE-ID of the change
    itself; undoing the change's shift gives each its own.
    """
    planned = component["RECURRENCE-ID"].dt
    if planned in shifts:
        return component["DTSTART"].dt - shifts[planned]
    return planned


def _meeting(
    component: Component, uid: str, recurrence_id: str | None, zone: tzinfo, me: set[str]
) -> dict:
    start = component["DTSTART"].dt
    end = component["DTEND"].dt if "DTEND" in component else start
    url = _text(component, "URL")
    return {
        "key": f"{uid}|{recurrence_id or ''}",
        "title": (_text(component, "SUMMARY") or NO_TITLE)[:LINE_MAX],
        "starts_at": _instant(start, zone),
        "ends_at": _instant(end, zone),
        "all_day": not isinstance(start, datetime),
        "location": _clip(_text(component, "LOCATION"), LINE_MAX),
        "attendees": _attendees(component, me),
        "description": _clip(_text(component, "DESCRIPTION"), TEXT_MAX),
        "url": url if url and len(url) <= URL_MAX else None,  # a cut URL leads nowhere
        "source": {"kind": "ics", "uid": uid, "recurrence_id": recurrence_id},
    }


def _recurrence_id(original_start: date | datetime, zone: tzinfo) -> str:
    """The original start: a UTC instant, or as written when it is a date or floating time.

    A wall-clock value names no instant; spelling it as one would tie the key to `default_tz`,
    and a user who travels (or changes the setting) would get every such meeting twice.
    """
    if not isinstance(original_start, datetime):
        return original_start.isoformat()
    if original_start.tzinfo is None:
        return original_start.isoformat(timespec="seconds")
    return _instant(original_start, zone)


def _instant(moment: date | datetime, zone: tzinfo) -> str:
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return format_instant(moment)


def _is_cancelled(component: Component) -> bool:
    return str(component.get("STATUS", "")).strip().upper() == "CANCELLED"


def _declined_by(component: Component, me: set[str]) -> bool:
    return any(
        _bare_email(str(attendee)) in me and _param(attendee, "PARTSTAT").upper() == "DECLINED"
        for attendee in _as_list(component.get("ATTENDEE"))
    )


def _attendees(component: Component, me: set[str]) -> list[dict]:
    """Organizer and attendees, once each, without the user, rooms or nameless addresses."""
    people: list[dict] = []
    seen: set[str] = set()
    addresses = [*_as_list(component.get("ORGANIZER")), *_as_list(component.get("ATTENDEE"))]
    for address in addresses:
        if _param(address, "CUTYPE").upper() in NOT_PEOPLE:
            continue
        email = _bare_email(str(address))
        if email in me:
            continue
        name = _param(address, "CN").strip()
        if not name or name.casefold() == email:
            name = email.split("@")[0] if email else ""
        identity = email or name.casefold()
        if not identity or identity in seen:
            continue
        seen.add(identity)
        people.append({"name": name[:NAME_MAX], "email": email})
    return people[:LIST_MAX]


def _bare_email(text: str) -> str | None:
    """`mailto:Ada@Example.com` -> `ada@example.com`; anything that is no email -> None."""
    text = text.strip()
    if text[:7].lower() == "mailto:":
        text = text[7:].strip()
    text = text.lower()
    return text if len(text) <= EMAIL_MAX and EMAIL_RE.match(text) else None


def _param(prop, name: str) -> str:
    value = getattr(prop, "params", {}).get(name, "")
    return str(value[0] if isinstance(value, list) and value else value or "")


def _text(component: Component, name: str) -> str | None:
    value = component.get(name)
    if isinstance(value, list):  # a repeated property that should be single; keep the first
        value = value[0] if value else None
    text = str(value).strip() if value is not None else ""
    return text or None


def _clip(text: str | None, limit: int) -> str | None:
    return text[:limit] if text else None


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _describe(exc: Exception) -> str:
    return f"the event could not be read: {str(exc) or type(exc).__name__}"
