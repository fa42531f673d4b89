"""People: identity rules (one record per profile and email), delete cascade, merge.

Deleting a person forgets them: their promises and reminders are deleted, they are removed from
every interaction (an interaction left with nobody is deleted), and meeting attendees that
pointed at them keep their calendar name and email but lose the link. Nothing dangles.
"""

from datetime import datetime

from rapport.errors import Conflict, NotFound, Unprocessable
from rapport.identity import NotAProfileUrl, canonical_profile, profile_key
from rapport.schema import PERSON, validate
from rapport.services.tables import new_id, profile_keys
from rapport.store import Delete, Op, Put, Store
from rapport.timefmt import format_instant

LIST_FIELDS = ("emails", "profiles", "tags", "interests")
PERSON_DEFAULTS = {
    "headline": None,
    "company": None,
    "title": None,
    "location": None,
    "emails": [],
    "profiles": [],
    "tags": [],
    "interests": [],
    "how_met": None,
    "keep_in_touch_days": None,
    "notes": None,
    "snoozed_until": None,
}


def clean_person(data, *, partial: bool = False, allow_readonly: bool = False) -> dict:
    """Validate, then canonicalize profiles and tags so equal things compare equal."""
    clean = validate(data, PERSON, partial=partial, allow_readonly=allow_readonly)
    if "profiles" in clean:
        clean["profiles"] = canonical_profiles(clean["profiles"])
    if "tags" in clean:
        clean["tags"] = list(dict.fromkeys(tag.lower() for tag in clean["tags"] if tag))
    return clean


def canonical_profiles(profiles: list[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for index, profile in enumerate(profiles):
        try:
            canonical = canonical_profile(profile["url"])
        except NotAProfileUrl as error:
            raise Unprocessable(f"profiles[{index}].url", str(error)) from None
        seen.setdefault(canonical.key, canonical.as_record())
    return list(seen.values())


def require_person(store: Store, person_id: str) -> dict:
    person = store.get("people", person_id)
    if person is None:
        raise NotFound("person", person_id)
    return person


def find_owner_conflict(store: Store, person: dict, ignore: set[str] = frozenset()) -> None:
    """Refuse a profile or email that already belongs to someone else, naming them."""
    for key in profile_keys(person):
        for owner in store.find("people_by_profile", key) - ignore - {person["id"]}:
            raise Conflict(
                f"profile {key} already belongs to person {owner}; "
                f"merge with POST /api/v1/people/{owner}/merge",
                "profiles",
            )
    for email in person.get("emails") or ():
        for owner in store.find("people_by_email", email) - ignore - {person["id"]}:
            raise Conflict(f"email {email} already belongs to person {owner}", "emails")


def create_person(store: Store, data, now: datetime) -> dict:
    clean = clean_person(data)
    person = build_person(clean, now)
    if store.get("people", person["id"]) is not None:
        raise Conflict(f"a person with id {person['id']!r} already exists", "id")
    find_owner_conflict(store, person)
    store.commit([Put("people", person)])
    return person


def build_person(clean: dict, now: datetime) -> dict:
    stamp = format_instant(now)
    person = {
        "id": new_id("people"),
        **PERSON_DEFAULTS,
        "created_at": stamp,
        **clean,
    }
    person.setdefault("updated_at", stamp)
    return {field: person[field] for field in PERSON}


def update_person(store: Store, person_id: str, data, now: datetime) -> dict:
    current = require_person(store, person_id)
    clean = clean_person(data, partial=True)
    if "name" in clean and clean["name"] is None:
        raise Unprocessable("name", "name cannot be null")
    person = {**current, **clean, "updated_at": format_instant(now)}
    find_owner_conflict(store, person)
    store.commit([Put("people", person)])
    return person


def delete_person(store: Store, person_id: str) -> None:
    require_person(store, person_id)
    store.commit(forget_ops(store, person_id, replacement=None))


def forget_ops(store: Store, person_id: str, replacement: str | None) -> list[Op]:
    """Every change that moves references from `person_id` to `replacement` (or drops them)."""
    ops: list[Op] = []
    for table in ("promises", "reminders"):
        for record_id in store.find(f"{table}_by_person", person_id):
            record = store.get(table, record_id)
            if replacement is None:
                ops.append(Delete(table, record_id))
            else:
                ops.append(Put(table, {**record, "person_id": replacement}))
    for record_id in store.find("interactions_by_person", person_id):
        interaction = store.get("interactions", record_id)
        people = [replacement if p == person_id else p for p in interaction["person_ids"]]
        people = list(dict.fromkeys(p for p in people if p))
        if people:
            ops.append(Put("interactions", {**interaction, "person_ids": people}))
        else:
            ops.append(Delete("interactions", record_id))
    for record_id in store.find("meetings_by_person", person_id):
        meeting = store.get("meetings", record_id)
        attendees = [
            {**a, "person_id": replacement} if a.get("person_id") == person_id else a
            for a in meeting["attendees"]
        ]
        ops.append(Put("meetings", {**meeting, "attendees": attendees}))
    ops.append(Delete("people", person_id))
    return ops


def merge_people(store: Store, person_id: str, other_id, now: datetime) -> dict:
    """Fold `other_id` into `person_id`: lists are united, empty fields filled, links moved."""
    if not isinstance(other_id, str):
        raise Unprocessable("other_id", "other_id must be a person id")
    if other_id == person_id:
        raise Unprocessable("other_id", "a person cannot be merged with itself")
    person = require_person(store, person_id)
    try:
        other = require_person(store, other_id)
    except NotFound as error:
        raise Unprocessable("other_id", error.message) from None
    merged = dict(person)
    for field in LIST_FIELDS:
        merged[field] = _union(person.get(field) or [], other.get(field) or [], field)
    for field, value in other.items():
        if merged.get(field) in (None, "") and value not in (None, ""):
            merged[field] = value
    if person.get("notes") and other.get("notes") and person["notes"] != other["notes"]:
        merged["notes"] = f"{person['notes']}\n\n{other['notes']}"
    merged["id"] = person_id
    merged["created_at"] = min(person["created_at"], other["created_at"])
    merged["updated_at"] = format_instant(now)
    ops = forget_ops(store, other_id, replacement=person_id)
    store.commit([*ops, Put("people", merged)])
    return merged


def _union(first: list, second: list, field: str) -> list:
    if field != "profiles":
        return list(dict.fromkeys([*first, *second]))
    by_key = {profile_key(p["url"]): p for p in second}
    by_key.update({profile_key(p["url"]): p for p in first})
    return list(by_key.values())


def lookup(store: Store, url: str) -> dict | None:
    try:
        key = profile_key(url)
    except NotAProfileUrl as error:
        raise Unprocessable("url", str(error)) from None
    for person_id in sorted(store.find("people_by_profile", key)):
        return store.get("people", person_id)
    return None


def check_person_ids(store: Store, ids: list[str], field: str) -> None:
    for index, person_id in enumerate(ids):
        if store.get("people", person_id) is None:
            name = f"{field}[{index}]" if len(ids) > 1 or field.endswith("s") else field
            raise Unprocessable(name, f"{name} names no person ({person_id!r})")
