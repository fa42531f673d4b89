"""Interactions, promises, reminders and meetings: create, change, delete, list.

The four share one life cycle; what differs (defaults, which people they point at, how a
status change stamps `closed_at`, sort order) lives in a `Kind` each.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter

from rapport.errors import NotFound, Unprocessable
from rapport.schema import INTERACTION, MEETING, PROMISE, REMINDER, validate
from rapport.services.people import check_person_ids
from rapport.services.tables import new_id
from rapport.store import Delete, Put, Store
from rapport.timefmt import format_instant


@dataclass(frozen=True)
class Kind:
    table: str
    noun: str
    spec: dict
    defaults: Callable[[str], dict]  # the creation time stamp -> default fields
    sort_key: Callable[[dict], object]
    person_index: str
    newest_first: bool = False


def _promise_order(promise: dict):
    return (promise["status"] != "open", promise["due"] or "9999-12-31", promise["created_at"])


KINDS = {
    "interactions": Kind(
        "interactions",
        "interaction",
        INTERACTION,
        lambda now: {"text": "", "occurred_at": now, "url": None},
        lambda i: (i["occurred_at"], i["id"]),
        "interactions_by_person",
        newest_first=True,
    ),
    "promises": Kind(
        "promises",
        "promise",
        PROMISE,
        lambda now: {"due": None, "status": "open", "closed_at": None, "snoozed_until": None},
        _promise_order,
        "promises_by_person",
    ),
    "reminders": Kind(
        "reminders",
        "reminder",
        REMINDER,
        lambda now: {
            "person_id": None,
            "status": "open",
            "closed_at": None,
            "snoozed_until": None,
        },
        lambda r: (r["status"] != "open", r["due_at"]),
        "reminders_by_person",
    ),
    "meetings": Kind(
        "meetings",
        "meeting",
        MEETING,
        lambda now: {
            "ends_at": None,
            "location": None,
            "attendees": [],
            "notes": None,
            "source": {"kind": "manual", "uid": None},
            "all_day": False,
            "description": None,
            "url": None,
            "logged_at": None,
        },
        lambda m: (m["starts_at"], m["id"]),
        "meetings_by_person",
    ),
}


def promise_days_late(promise: dict, today: date) -> int:
    """Days past a promise's due date (negative before it; 0 without a date)."""
    return (today - date.fromisoformat(promise["due"])).days if promise["due"] else 0


def referenced_people(table: str, record: dict) -> list[tuple[str, list[str]]]:
    """(field, ids) pairs of the people a record points at, for reference checks."""
    if table == "interactions":
        return [("person_ids", record["person_ids"])]
    if table in ("promises", "reminders"):
        return [("person_id", [record["person_id"]])] if record.get("person_id") else []
    if table == "meetings":
        return [
            (f"attendees[{i}].person_id", [a["person_id"]])
            for i, a in enumerate(record["attendees"])
            if a.get("person_id")
        ]
    return []


def check_record(store: Store, table: str, record: dict) -> None:
    """Rules that span fields or records; the schema checks each field alone."""
    for field, ids in referenced_people(table, record):
        check_person_ids(store, ids, field)
    if table == "meetings" and record.get("ends_at") and record["ends_at"] < record["starts_at"]:
        raise Unprocessable("ends_at", "ends_at is before starts_at")


def build_record(table: str, clean: dict, now: datetime) -> dict:
    stamp = format_instant(now)
    record = {"id": new_id(table), **KINDS[table].defaults(stamp), "created_at": stamp, **clean}
    record = {field: record[field] for field in KINDS[table].spec if field in record}
    return _stamp_closed(table, _complete_parts(table, record), None, stamp)


def _complete_parts(table: str, record: dict) -> dict:
    """Give nested objects every key, however little of them a client sent."""
    if table != "meetings":
        return record
    attendees = [{"name": None, "email": None, "person_id": None, **a} for a in record["attendees"]]
    return {**record, "attendees": attendees, "source": {"uid": None, **record["source"]}}


def _stamp_closed(table: str, record: dict, before: dict | None, stamp: str) -> dict:
    """`closed_at` follows the status: stamped when it leaves open, cleared when it returns.

    A closed record arriving with its own `closed_at` (an import) keeps it.
    """
    if table not in ("promises", "reminders"):
        return record
    if record["status"] == "open":
        return {**record, "closed_at": None}
    closing_now = before is not None and before["status"] == "open"
    if closing_now or not record.get("closed_at"):
        return {**record, "closed_at": stamp}
    return record


def create_record(store: Store, table: str, data, now: datetime) -> dict:
    clean = validate(data, KINDS[table].spec)
    record = build_record(table, clean, now)
    check_record(store, table, record)
    store.commit([Put(table, record)])
    return record


def require_record(store: Store, table: str, record_id: str) -> dict:
    record = store.get(table, record_id)
    if record is None:
        raise NotFound(KINDS[table].noun, record_id)
    return record


def update_record(store: Store, table: str, record_id: str, data, now: datetime) -> dict:
    current = require_record(store, table, record_id)
    clean = validate(data, KINDS[table].spec, partial=True)
    for name, value in clean.items():
        if value is None and KINDS[table].spec[name].required:
            raise Unprocessable(name, f"{name} cannot be null")
    record = _complete_parts(table, {**current, **clean})
    record = _stamp_closed(table, record, current, format_instant(now))
    check_record(store, table, record)
    store.commit([Put(table, record)])
    return record


def delete_record(store: Store, table: str, record_id: str) -> None:
    require_record(store, table, record_id)
    store.commit([Delete(table, record_id)])


def list_records(
    store: Store,
    table: str,
    *,
    person_id: str | None = None,
    where: Callable[[dict], bool] | None = None,
) -> list[dict]:
    """The records of `table` (a person's, if given) that `where` keeps, in the kind's order."""
    kind = KINDS[table]
    chosen = [r for r in _candidates(store, table, person_id) if where is None or where(r)]
    chosen.sort(key=kind.sort_key, reverse=kind.newest_first)
    return chosen


def list_ids(
    store: Store,
    table: str,
    *,
    person_id: str | None = None,
    where: Callable[[dict], bool] | None = None,
) -> list[str]:
    """The ids of what `list_records` lists, in its order, without holding the records: a
    page of 50 of 100k packed interactions then decodes 50 more, not 100k at once."""
    kind = KINDS[table]
    keyed = [
        (kind.sort_key(r), r["id"])
        for r in _candidates(store, table, person_id)
        if where is None or where(r)
    ]
    keyed.sort(key=itemgetter(0), reverse=kind.newest_first)
    return [record_id for _, record_id in keyed]


def _candidates(store: Store, table: str, person_id: str | None) -> Iterable[dict]:
    if person_id is None:
        return store.records(table)
    return (store.get(table, i) for i in store.find(KINDS[table].person_index, person_id))
