"""Capture: turn the page the user is looking at into a person (and maybe an engagement).

A page whose person is already known (by any canonical profile URL, including the linked
profiles a page publishes, or by email) updates that record only where the page adds something:
empty fields are filled and new profiles and emails are added, but nothing the user wrote is
overwritten. `save: false` answers a preview without writing anything.
"""

from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING

from rapport.errors import ApiError
from rapport.schema import INTERACTION, INTERACTION_KINDS, TEXT_MAX, URL_MAX, Field, validate
from rapport.services.cadence import Rules
from rapport.services.cards import person_card
from rapport.services.people import build_person, clean_person
from rapport.services.records import build_record
from rapport.services.tables import profile_keys
from rapport.store import Put, Store

if TYPE_CHECKING:
    from rapport.capture import Extracted
from rapport.timefmt import format_instant

HTML_MAX = 8 * 1024 * 1024
SCALAR_FIELDS = ("headline", "company", "title", "location")
LIST_FIELDS = ("emails", "interests")
ENGAGEMENT = {
    "kind": Field("enum", choices=INTERACTION_KINDS, required=True, nullable=False),
    "text": Field("text", max_len=TEXT_MAX),
}
CAPTURE = {
    "url": Field("str", required=True, nullable=False, max_len=URL_MAX),
    "title": Field("str", max_len=2000),
    "html": Field("text", max_len=HTML_MAX),
    "selection": Field("text", max_len=TEXT_MAX),
    "save": Field("bool"),
    "engagement": Field("object", fields=ENGAGEMENT),
}


def read_page(body) -> tuple[dict, "Extracted"]:
    """Validate the request and read the page. CPU-bound and store-free: run it in a thread."""
    # Imported on first use: the HTML parser and the site adapters are 2 MB the daemon needs
    # only once the extension sends a page.
    from rapport.capture import NothingToCapture, Page, extract

    request = validate(body, CAPTURE)
    page = Page(
        url=request["url"],
        title=request.get("title") or "",
        html=request.get("html") or "",
        selection=request.get("selection") or "",
    )
    try:
        extracted = extract(page)
    except NothingToCapture as error:
        raise ApiError(422, "no_person_found", str(error)) from None
    return request, extracted


def capture(
    store: Store, request: dict, extracted: "Extracted", me: dict, now: datetime, rules: Rules
) -> dict:
    """Preview, save or update the person `read_page` found, and log the engagement asked for."""
    found = clean_person(_named(extracted.person))
    known = find_known(store, found)
    if request.get("save") is False:
        return {
            "person": known or found,
            "created": False,
            "known": known is not None,
            "card": person_card(store, known["id"], me, now, rules) if known else None,
            "extracted": extracted.as_record(),
        }
    person = enrich(store, known, found, now) if known else build_person(found, now)
    ops = [Put("people", person)] if person is not known else []
    interaction = None
    if request.get("engagement"):
        interaction = _interaction(request, extracted, person["id"], now)
        ops.append(Put("interactions", interaction))
    store.commit(ops)
    return {
        "person": person,
        "created": known is None,
        "known": known is not None,
        "card": person_card(store, person["id"], me, now, rules),
        "extracted": extracted.as_record(),
        "interaction": interaction,
    }


def _named(person: dict) -> dict:
    """Some pages show only a handle (a GitHub thread, a bare URL): it stands in for the name."""
    if person.get("name") or not person.get("profiles"):
        return person
    return {**person, "name": person["profiles"][0]["handle"].lstrip("@").split("@")[0]}


def find_known(store: Store, found: dict) -> dict | None:
    """The stored person most of the page's profiles and emails point at, if any."""
    votes: Counter[str] = Counter()
    for key in profile_keys(found):
        votes.update(store.find("people_by_profile", key))
    for email in found.get("emails") or ():
        votes.update(store.find("people_by_email", email))
    if not votes:
        return None
    ranked = sorted(
        votes.items(), key=lambda item: (-item[1], store.get("people", item[0])["created_at"])
    )
    return store.get("people", ranked[0][0])


def enrich(store: Store, person: dict, found: dict, now: datetime) -> dict:
    """`person` with what the page adds; the same object when it adds nothing."""
    changes = {
        field: found[field] for field in SCALAR_FIELDS if found.get(field) and not person.get(field)
    }
    for field in LIST_FIELDS:
        new = [
            v for v in found.get(field) or () if v not in person[field] and _free(store, field, v)
        ]
        if new:
            changes[field] = [*person[field], *new]
    new_profiles = [
        profile
        for profile, key in zip(found.get("profiles") or (), profile_keys(found), strict=True)
        if not store.find("people_by_profile", key)
    ]
    if new_profiles:
        changes["profiles"] = [*person["profiles"], *new_profiles]
    if not changes:
        return person
    return {**person, **changes, "updated_at": format_instant(now)}


def _free(store: Store, field: str, value: str) -> bool:
    return field != "emails" or not store.find("people_by_email", value)


def _interaction(request: dict, extracted, person_id: str, now: datetime) -> dict:
    engagement = request["engagement"]
    seen = extracted.engagement or {}
    text = engagement.get("text") or request.get("selection") or seen.get("text") or ""
    url = seen.get("url") or request["url"]
    clean = validate(
        {
            "person_ids": [person_id],
            "kind": engagement["kind"],
            "text": text[:TEXT_MAX],
            "url": url if url.startswith(("http://", "https://")) else None,
        },
        INTERACTION,
    )
    return build_record("interactions", clean, now)
