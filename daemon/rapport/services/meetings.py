"""Meetings from calendars: import occurrences by key, link attendees, log how a meeting went.

An occurrence's key (`uid|recurrence_id`) names one meeting across imports, so importing the
same or an edited calendar again updates in place. What a source no longer lists inside the
import window is removed; what lies outside the window is history, or not expanded yet, and
stays.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tzlocal

from rapport.config import Config, ConfigError
from rapport.errors import Unprocessable
from rapport.schema import INTERACTION, INTERACTION_KINDS, PROMISE, Field, validate
from rapport.services.ics import parse_calendar
from rapport.services.matching import AttendeeMatcher, PersonRef
from rapport.services.records import build_record, require_record
from rapport.services.tables import new_id
from rapport.services.text import fold
from rapport.store import Delete, Put, Store
from rapport.timefmt import format_instant

# Lines are unfolded before UIDs are read: a long UID may be folded over several lines.
_FOLD = re.compile(rb"\r?\n[ \t]")
_UID_LINE = re.compile(rb"^UID(?:;[^:\r\n]*)?:(.*?)\r?$", re.MULTILINE | re.IGNORECASE)
_HTTP_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
NO_LINK = {"person_id": None, "match": None, "score": None}


@dataclass(frozen=True)
class ImportPolicy:
    """Which occurrences an import keeps, and the zone of floating and all-day events."""

    days_back: int
    days_ahead: int
    zone: str

    @classmethod
    def from_config(cls, config: Config) -> "ImportPolicy":
        zone = config.calendar_timezone or _local_zone()
        try:
            ZoneInfo(zone)
        except (ValueError, OSError, ZoneInfoNotFoundError):
            raise ConfigError(f"calendar_timezone {zone!r} is not a known time zone") from None
        return cls(config.calendar_days_back, config.calendar_days_ahead, zone)

    def window(self, now: datetime) -> tuple[datetime, datetime]:
        return now - timedelta(days=self.days_back), now + timedelta(days=self.days_ahead)


def _local_zone() -> str:
    try:
        name = tzlocal.get_localzone_name()
        return name if name and ZoneInfo(name) else "UTC"
    except (ValueError, OSError, ZoneInfoNotFoundError):
        return "UTC"  # a machine without a zone setting (containers): calendars still import


@dataclass
class ReadCalendar:
    """A parsed calendar with its attendees linked, ready to be written."""

    window: tuple[datetime, datetime]
    occurrences: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    skipped: int = 0
    uids: set[str] = field(default_factory=set)  # every UID the file names, cancelled ones too


def read_calendar(
    data: bytes, *, people: list[dict], me: dict, policy: ImportPolicy, now: datetime
) -> ReadCalendar:
    """Parse and link attendees to people. CPU-bound and store-free: run it in a thread.

    Raises NotACalendar for input that is no iCalendar data at all.
    """
    window = policy.window(now)
    parsed = parse_calendar(
        data,
        window_start=window[0],
        window_end=window[1],
        my_emails=set(me.get("emails") or ()),
        default_tz=policy.zone,
    )
    matcher = AttendeeMatcher(PersonRef.from_record(person) for person in people)
    for occurrence in parsed.occurrences:
        occurrence["attendees"] = [_linked(a, matcher) for a in occurrence["attendees"]]
    uids = named_uids(data) | {o["source"]["uid"] for o in parsed.occurrences}
    uids |= {error["uid"] for error in parsed.errors if error["uid"]}
    return ReadCalendar(window, parsed.occurrences, parsed.errors, parsed.skipped, uids)


def _linked(attendee: dict, matcher: AttendeeMatcher) -> dict:
    found = matcher.match(attendee)
    if found is None:
        return {**attendee, **NO_LINK}
    return {**attendee, "person_id": found.person_id, "match": found.match, "score": found.score}


def named_uids(data: bytes) -> set[str]:
    """The UIDs a calendar file names. The parser reports only the events it keeps, so without
    this a single event that became CANCELLED would never leave an imported calendar."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "replace")
    unfolded = _FOLD.sub(b"", raw)
    return {m[1].decode("utf-8", "replace").strip() for m in _UID_LINE.finditer(unfolded)} - {""}


def apply_import(store: Store, read: ReadCalendar, now: datetime) -> dict:
    """Write a calendar sent directly (not from a source), in one transaction."""
    ops, result = import_ops(store, read, now)
    store.commit(ops)
    return result


def import_ops(
    store: Store, read: ReadCalendar, now: datetime, calendar_id: str | None = None
) -> tuple[list, dict]:
    """The writes that add, update, and remove what disappeared, with their counts.

    Removed are meetings starting inside the window that the file no longer lists: those of
    every series (UID) the file names, and for a calendar source everything it brought in.
    Read and write with no await between: the writes are right only for the store they saw.
    """
    start, end = (format_instant(moment) for moment in read.window)
    by_key: dict[str, dict] = {}
    in_scope: list[dict] = []
    for meeting in store.records("meetings"):
        source = meeting["source"]
        if source.get("kind") != "ics" or not source.get("uid"):
            continue
        by_key.setdefault(meeting_key(meeting), meeting)
        owned = calendar_id is not None and source.get("calendar_id") == calendar_id
        if start <= meeting["starts_at"] < end and (owned or source["uid"] in read.uids):
            in_scope.append(meeting)
    ops: list = []
    counts = {"imported": 0, "updated": 0, "unchanged": 0}
    for occurrence in read.occurrences:
        before = by_key.get(occurrence["key"])
        meeting = _meeting_record(store, occurrence, before, calendar_id, now)
        if before is None:
            counts["imported"] += 1
        elif meeting == before:
            counts["unchanged"] += 1
            continue
        else:
            counts["updated"] += 1
        ops.append(Put("meetings", meeting))
    listed = {occurrence["key"] for occurrence in read.occurrences}
    gone = [meeting for meeting in in_scope if meeting_key(meeting) not in listed]
    ops += [Delete("meetings", meeting["id"]) for meeting in gone]
    return ops, {**counts, "removed": len(gone), "skipped": read.skipped, "errors": read.errors}


def meeting_key(meeting: dict) -> str:
    source = meeting["source"]
    return f"{source['uid']}|{source.get('recurrence_id') or ''}"


def _meeting_record(
    store: Store, occurrence: dict, before: dict | None, calendar_id: str | None, now: datetime
) -> dict:
    """The stored meeting for an occurrence; what the user added to it (notes, links) stays."""
    kept = before or {"id": new_id("meetings"), "created_at": format_instant(now)}
    url = occurrence["url"]
    return {
        "id": kept["id"],
        "created_at": kept["created_at"],
        "title": occurrence["title"],
        "starts_at": occurrence["starts_at"],
        "ends_at": occurrence["ends_at"],
        "location": occurrence["location"],
        "attendees": [_attendee(store, a, before) for a in occurrence["attendees"]],
        "source": {**occurrence["source"], "calendar_id": calendar_id},
        "notes": kept.get("notes"),
        "all_day": occurrence["all_day"],
        "description": occurrence["description"],
        # Only web links: the extension renders this one, and javascript: or zoommtg: is no page.
        "url": url if url and _HTTP_URL.match(url) else None,
        "logged_at": kept.get("logged_at"),
    }


def _attendee(store: Store, attendee: dict, before: dict | None) -> dict:
    """Link by this import's match; else keep a link made earlier (by hand, say) if it holds."""
    person_id = attendee["person_id"]
    if person_id is not None and store.get("people", person_id) is not None:
        return attendee
    for earlier in (before or {}).get("attendees", ()):
        linked = earlier.get("person_id")
        if _identity(earlier) == _identity(attendee) and linked and store.get("people", linked):
            return {**attendee, **{name: earlier.get(name) for name in NO_LINK}}
    return {**attendee, **NO_LINK}


def _identity(attendee: dict) -> str:
    return attendee.get("email") or fold(attendee.get("name") or "")


def linked_people(meeting: dict) -> list[str]:
    """Ids of the people the attendees are linked to, each once, in attendee order."""
    return list(dict.fromkeys(a["person_id"] for a in meeting["attendees"] if a.get("person_id")))


def person_of(store: Store, attendee: dict) -> tuple[str | None, str | None]:
    """The saved person an attendee is, and how we know: the import's link, a link made by
    hand ("manual"), or an email saved since the import ("email")."""
    linked = attendee.get("person_id")
    if linked and store.get("people", linked) is not None:
        return linked, attendee.get("match") or "manual"
    owners = store.find("people_by_email", attendee.get("email") or "")
    if len(owners) == 1:
        return owners.pop(), "email"
    return None, None


def saved_people(store: Store, meeting: dict) -> list[str]:
    """Ids of the saved people in a meeting, each once, in attendee order."""
    found = (person_of(store, attendee)[0] for attendee in meeting["attendees"])
    return list(dict.fromkeys(person_id for person_id in found if person_id))


def upcoming(store: Store, now: datetime, within_minutes: int) -> list[dict]:
    """Timed meetings starting from now to `within_minutes` ahead, soonest first."""
    start = format_instant(now)
    end = format_instant(now + timedelta(minutes=within_minutes))
    found = [
        meeting
        for meeting in store.records("meetings")
        if start <= meeting["starts_at"] < end and not meeting.get("all_day")
    ]
    return sorted(found, key=lambda meeting: (meeting["starts_at"], meeting["id"]))


# -- after the meeting -----------------------------------------------------------------------

LOG_PROMISE = {k: v for k, v in PROMISE.items() if not v.readonly and k != "status"}
MEETING_LOG = {
    "text": Field("text", required=True, nullable=False, max_len=INTERACTION["text"].max_len),
    "kind": Field("enum", choices=INTERACTION_KINDS, nullable=False),
    "occurred_at": INTERACTION["occurred_at"],
    "promises": Field("list", items=Field("object", fields=LOG_PROMISE, nullable=False),
                      max_len=50, nullable=False),
}  # fmt: skip


def log_meeting(store: Store, meeting_id: str, data, now: datetime) -> dict:
    """One interaction with every saved attendee (and any promises made), in one write."""
    meeting = require_record(store, "meetings", meeting_id)
    body = validate(data, MEETING_LOG)
    people = saved_people(store, meeting)
    if not people:
        raise Unprocessable(
            "attendees", "no attendee of this meeting is a saved person; save one first"
        )
    interaction = build_record(
        "interactions",
        {
            "person_ids": people,
            "kind": body.get("kind") or "meeting",
            "text": body["text"],
            "occurred_at": body.get("occurred_at") or meeting["ends_at"] or meeting["starts_at"],
        },
        now,
    )
    promises = []
    for index, promise in enumerate(body.get("promises", [])):
        if promise["person_id"] not in people:
            raise Unprocessable(
                f"promises[{index}].person_id", "a promise must be with a saved attendee"
            )
        promises.append(build_record("promises", promise, now))
    logged = {**meeting, "logged_at": format_instant(now)}
    store.commit(
        [
            Put("interactions", interaction),
            *(Put("promises", promise) for promise in promises),
            Put("meetings", logged),
        ]
    )
    return {"interaction": interaction, "promises": promises, "meeting": logged}
