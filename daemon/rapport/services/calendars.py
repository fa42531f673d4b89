"""Calendar sources: ICS addresses and files the daemon re-reads, and how each read went.

A source is an http(s) or webcal address, or an absolute file path. Its record keeps the
validators of the last read (ETag, Last-Modified, or a file's size and time) so that a source
that did not change costs one small request, and the outcome of the last attempt, so that a
failing source is visible in `/status` while the meetings it brought in stay.
"""

import re
from collections import Counter
from datetime import datetime, timedelta
from pathlib import PurePath

from rapport.errors import NotFound, Unprocessable
from rapport.schema import NAME_MAX, URL_MAX, Field, validate
from rapport.services.tables import new_id
from rapport.store import Delete, Put, Store
from rapport.timefmt import format_instant, parse_instant

PATH_MAX = 4096
CALENDAR = {
    "name": Field("str", max_len=NAME_MAX),
    "url": Field("str", max_len=URL_MAX),
    "path": Field("str", max_len=PATH_MAX),
}
PUBLIC_FIELDS = (
    "id", "name", "url", "path", "created_at", "last_attempt_at", "last_success_at",
    "last_error", "last_result",
)  # fmt: skip
_WEB = re.compile(r"^(?P<scheme>https?|webcals?)://(?P<rest>[^\s/?#]+[^\s]*)$", re.IGNORECASE)


def fetch_url(url: str) -> str:
    """The address to request: webcal is a calendar app's name for the same resource, read
    over https so that a private calendar address never travels in the clear."""
    match = _WEB.match(url.strip())
    if match is None:
        raise ValueError("a calendar address must start with http://, https:// or webcal://")
    scheme = match["scheme"].lower()
    return f"{'https' if scheme.startswith('webcal') else scheme}://{match['rest']}"


def new_calendar(data, now: datetime) -> dict:
    """A calendar record from a request body; not stored until its first read succeeds."""
    body = validate(data, CALENDAR)
    url, path = body.get("url") or None, body.get("path") or None
    if (url is None) == (path is None):
        raise Unprocessable("url", "give either url (an ICS address) or path (an ICS file)")
    if url is not None:
        try:
            fetch_url(url)
        except ValueError as error:
            raise Unprocessable("url", str(error)) from None
    if path is not None and not PurePath(path).is_absolute():
        raise Unprocessable("path", "path must be absolute (the daemon has no working directory)")
    return {
        "id": new_id("calendars"),
        "name": body.get("name") or _default_name(url, path),
        "url": url,
        "path": path,
        "created_at": format_instant(now),
        "last_attempt_at": None,
        "last_success_at": None,
        "last_read_at": None,  # when content was last parsed (not just found unchanged)
        "last_error": None,
        "last_result": None,
        "validators": {},
    }


def _default_name(url: str | None, path: str | None) -> str:
    if path is not None:
        return PurePath(path).name[:NAME_MAX]
    return fetch_url(url).split("://", 1)[1].split("/", 1)[0][:NAME_MAX]


def is_due(calendar: dict, now: datetime, every_minutes: int) -> bool:
    if not every_minutes:
        return False
    last = calendar["last_attempt_at"]
    return last is None or now - parse_instant(last) >= timedelta(minutes=every_minutes)


def may_skip_unchanged(calendar: dict, now: datetime) -> bool:
    """Whether an unchanged source may go unread: not across a day, because the import window
    moves on and a series then has occurrences to add at its far end."""
    last = calendar["last_read_at"]
    return last is not None and parse_instant(last).date() == now.date()


def read_succeeded(calendar: dict, now: datetime, validators: dict, result: dict) -> dict:
    stamp = format_instant(now)
    summary = {name: result[name] for name in ("imported", "updated", "unchanged", "removed")}
    summary |= {"skipped": result["skipped"], "errors": len(result["errors"])}
    return {
        **calendar,
        "last_attempt_at": stamp,
        "last_success_at": stamp,
        "last_read_at": stamp,
        "last_error": None,
        "last_result": summary,
        "validators": validators,
    }


def found_unchanged(calendar: dict, now: datetime) -> dict:
    stamp = format_instant(now)
    return {**calendar, "last_attempt_at": stamp, "last_success_at": stamp, "last_error": None}


def read_failed(calendar: dict, now: datetime, message: str) -> dict:
    """The failure is recorded; the meetings the source brought in earlier stay."""
    return {**calendar, "last_attempt_at": format_instant(now), "last_error": message}


def list_calendars(store: Store) -> list[dict]:
    """Every source as clients see it (no validators), with how many meetings it holds."""
    held = Counter(meeting["source"].get("calendar_id") for meeting in store.records("meetings"))
    ordered = sorted(store.records("calendars"), key=lambda c: (c["created_at"], c["id"]))
    return [_public(calendar, held[calendar["id"]]) for calendar in ordered]


def describe(store: Store, calendar: dict) -> dict:
    held = sum(
        1 for m in store.records("meetings") if m["source"].get("calendar_id") == calendar["id"]
    )
    return _public(calendar, held)


def _public(calendar: dict, meetings: int) -> dict:
    return {**{name: calendar[name] for name in PUBLIC_FIELDS}, "meetings": meetings}


def remove_calendar(store: Store, calendar_id: str, now: datetime) -> None:
    """Forget a source and its meetings still to come; those that began are history and stay,
    no longer tied to the source."""
    if store.get("calendars", calendar_id) is None:
        raise NotFound("calendar", calendar_id)
    stamp = format_instant(now)
    ops: list = [Delete("calendars", calendar_id)]
    for meeting in store.records("meetings"):
        if meeting["source"].get("calendar_id") != calendar_id:
            continue
        if meeting["starts_at"] >= stamp:
            ops.append(Delete("meetings", meeting["id"]))
        else:
            ops.append(
                Put("meetings", {**meeting, "source": {**meeting["source"], "calendar_id": None}})
            )
    store.commit(ops)
