"""What the store holds for Rapport: its tables, the indexes routes look things up by, new ids."""

import secrets
from pathlib import Path

from rapport.identity import NotAProfileUrl, profile_key
from rapport.store import Index, Store

TABLES = (
    "people", "interactions", "promises", "reminders", "meetings", "clients", "settings",
    "calendars",
)  # fmt: skip
ID_PREFIX = {
    "people": "p",
    "interactions": "i",
    "promises": "pr",
    "reminders": "r",
    "meetings": "m",
    "clients": "c",
    "calendars": "cal",
}


def profile_keys(person: dict) -> list[str]:
    """The identity keys of a person's profiles.

    Stored profiles are canonical (every write goes through identity.canonical_profile), so the
    key is `site:handle` without parsing the URL again: that keeps start-up fast at 10k people.
    """
    return [stored_profile_key(p) for p in person.get("profiles") or ()]


def stored_profile_key(profile: dict) -> str:
    if profile.get("site") and profile.get("handle"):
        return f"{profile['site']}:{profile['handle'].removeprefix('@')}"
    try:
        return profile_key(profile["url"])
    except NotAProfileUrl:
        return f"url:{profile['url']}"


INDEXES = {
    "people_by_profile": Index("people", profile_keys, ("profiles",)),
    "people_by_email": Index("people", lambda p: p.get("emails") or (), ("emails",)),
    "interactions_by_person": Index("interactions", lambda i: i["person_ids"], ("person_ids",)),
    "promises_by_person": Index("promises", lambda p: (p["person_id"],), ("person_id",)),
    "reminders_by_person": Index(
        "reminders", lambda r: (r["person_id"],) if r["person_id"] else (), ("person_id",)
    ),
    "meetings_by_person": Index(
        "meetings",
        lambda m: {a["person_id"] for a in m["attendees"] if a.get("person_id")},
        ("attendees",),
    ),
    "clients_by_hash": Index("clients", lambda c: (c["token_hash"],), ("token_hash",)),
}


# Tables of many records, each read a few at a time: kept as JSON bytes (see Store).
PACKED_TABLES = ("people", "interactions", "promises", "reminders", "meetings")


def new_id(table: str) -> str:
    return f"{ID_PREFIX[table]}_{secrets.token_urlsafe(12)}"


def open_store(data_dir: Path) -> Store:
    # Imported here: migrations build on the record services, which import this module.
    from rapport.services.migrations import MIGRATIONS

    return Store(data_dir, INDEXES, TABLES, MIGRATIONS, PACKED_TABLES).open()
