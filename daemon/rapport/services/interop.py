"""People in from LinkedIn's Connections.csv and vCard files, and out as vCards.

Both imports match a row to a person the same way: by id (a Rapport vCard export carries it),
then by canonical profile URL, then by email (stored lower case). A match is updated, never doubled,
so importing the same file twice changes nothing the second time. What an import may change
differs by source:

- LinkedIn knows people's current jobs: a different company or title replaces the old one and
  is recorded as a job change (see services/job_changes.py). The name the user gave is kept
  (unless it is only the profile handle LinkedIn gave for a member who hid their name).
- A vCard comes from an address book the user keeps elsewhere, so Rapport's values win: empty
  fields are filled, emails, profiles, tags and interests are added, a new note is appended.

Every row is checked and planned first; then everything is written in one transaction, so an
import is all of it or none of it. Rows that cannot become a person are reported, not fatal.
"""

from datetime import datetime

from rapport.errors import ApiError
from rapport.identity import profile_key
from rapport.schema import InvalidField
from rapport.services.job_changes import changed_role, job_change_text
from rapport.services.linkedin_csv import ConnectionRow, ConnectionsParse, to_person
from rapport.services.people import build_person, clean_person
from rapport.services.records import build_record
from rapport.services.tables import profile_keys
from rapport.services.text import fold
from rapport.services.vcard import VCardParse, people_to_vcard
from rapport.store import Put, Store
from rapport.timefmt import format_instant

FILLED_FROM_VCARD = ("headline", "company", "title", "location", "how_met", "keep_in_touch_days")
UNITED_FROM_VCARD = ("tags", "interests")


class _Plan:
    """The people an import touches, as they will be written, and who owns which key."""

    def __init__(self, store: Store, now: datetime):
        self.store = store
        self.now = now
        self.stamp = format_instant(now)
        self.people: dict[str, dict] = {}  # id -> the version to write
        self.interactions: list[dict] = []
        self.counts = {"created": 0, "updated": 0, "unchanged": 0}
        self.errors: list[dict] = []
        self._owners: dict[tuple[str, str], str] = {}  # profiles and emails claimed meanwhile
        self._names: dict[str, list[str]] | None = None  # folded name -> ids

    # -- finding -----------------------------------------------------------------------------

    def person(self, person_id: str) -> dict | None:
        return self.people.get(person_id) or self.store.get("people", person_id)

    def owner(self, index: str, key: str) -> str | None:
        """Who holds a profile key (`people_by_profile`) or an email (`people_by_email`)."""
        if (index, key) in self._owners:
            return self._owners[index, key]
        owners = self.store.find(index, key)
        return min(owners) if owners else None

    def name_owner(self, name: str) -> str | None:
        """The one person of that name (case and accents aside), or None for none or several."""
        if self._names is None:
            self._names = {}
            staged = [p for p in self.people.values() if self.store.get("people", p["id"]) is None]
            for person in [*self.store.records("people"), *staged]:
                self._names.setdefault(fold(person["name"]), []).append(person["id"])
        owners = self._names.get(fold(name), ())
        return owners[0] if len(owners) == 1 else None

    def match(self, incoming: dict) -> dict | None:
        """The person an incoming record is: by id, then profile, then email; with neither,
        by a name that only one person has (else a re-import would double them)."""
        if incoming.get("id"):
            known = self.person(incoming["id"])
            if known is not None:
                return known
        for index, key in _claims(incoming):
            owner = self.owner(index, key)
            if owner is not None:
                return self.person(owner)
        if not incoming["profiles"] and not incoming["emails"]:
            owner = self.name_owner(incoming["name"])
            if owner is not None:
                return self.person(owner)
        return None

    def claims(self, current: dict, incoming: dict) -> dict:
        """`current` plus the emails and profiles of `incoming` that nobody else owns."""
        emails = [
            email
            for email in incoming["emails"]
            if email not in current["emails"]
            and self.owner("people_by_email", email) in (None, current["id"])
        ]
        known = set(profile_keys(current))
        profiles = [
            profile
            for profile in incoming["profiles"]
            if (key := profile_key(profile["url"])) not in known
            and self.owner("people_by_profile", key) in (None, current["id"])
        ]
        if not emails and not profiles:
            return current
        return {
            **current,
            "emails": [*current["emails"], *emails],
            "profiles": [*current["profiles"], *profiles],
        }

    # -- changing ----------------------------------------------------------------------------

    def create(self, clean: dict) -> None:
        self.counts["created"] += 1
        person = build_person(clean, self.now)
        self._stage(person)
        if self._names is not None:
            self._names.setdefault(fold(person["name"]), []).append(person["id"])

    def update(self, current: dict, changed: dict) -> None:
        """Count a matched record; stage the change if there is one."""
        if changed == current:
            self.counts["unchanged"] += 1
            return
        self.counts["updated"] += 1
        self._stage({**changed, "updated_at": self.stamp})

    def _stage(self, person: dict) -> None:
        self.people[person["id"]] = person
        for claim in _claims(person):
            self._owners[claim] = person["id"]

    def refuse(self, row: int, message: str) -> None:
        self.errors.append({"row": row, "message": message})

    def commit(self) -> dict:
        """Write every staged person and interaction in one transaction; the counts."""
        ops = [Put("people", person) for person in self.people.values()]
        ops += [Put("interactions", interaction) for interaction in self.interactions]
        self.store.commit(ops)
        self.errors.sort(key=lambda error: error["row"])
        return {**self.counts, "errors": self.errors}


def _claims(person: dict) -> list[tuple[str, str]]:
    """(index, key) of every profile and email a person holds, profiles first."""
    profiles = [("people_by_profile", key) for key in profile_keys(person)]
    return profiles + [("people_by_email", email) for email in person["emails"]]


def _clean(data: dict) -> dict:
    """Check a person like POST /people does; a ValueError carries the row's error message."""
    try:
        return clean_person(data, allow_readonly=True)  # a Rapport vCard carries the id
    except (InvalidField, ApiError) as error:
        raise ValueError(error.message) from None


# -- LinkedIn --------------------------------------------------------------------------------


def import_linkedin(store: Store, parsed: ConnectionsParse, now: datetime) -> dict:
    """Create or update a person per connection: `{"created", "updated", "unchanged",
    "job_changes", "errors": [{"row", "message"}]}`."""
    plan = _Plan(store, now)
    plan.errors.extend(parsed.errors)
    for row in parsed.rows:
        try:
            incoming = _clean(to_person(row))
        except ValueError as error:
            plan.refuse(row.row, f"row {row.row}: {error}")
            continue
        current = plan.match(incoming)
        if current is None:
            plan.create(incoming)
        else:
            plan.update(current, _linkedin_update(plan, current, incoming, row))
    return {**plan.commit(), "job_changes": len(plan.interactions)}


def _linkedin_update(plan: _Plan, current: dict, incoming: dict, row: ConnectionRow) -> dict:
    title = _newer(current["title"], incoming["title"])
    company = _newer(current["company"], incoming["company"])
    if changed_role(current, title, company):
        change = {
            "person_ids": [current["id"]],
            "kind": "other",
            "text": job_change_text(current, title, company),
            "occurred_at": plan.stamp,
            "url": row.profile["url"] if row.profile else None,
        }
        plan.interactions.append(build_record("interactions", change, plan.now))
    changed = {**plan.claims(current, incoming), "title": title, "company": company}
    if not changed["how_met"]:
        changed["how_met"] = incoming["how_met"]
    if row.profile and current["name"] == row.profile["handle"]:
        changed["name"] = incoming["name"]  # the member no longer hides their name
    return changed


def _newer(before: str | None, after: str | None) -> str | None:
    """LinkedIn's value, unless it is blank or the same but for case and accents."""
    if not after or (before and fold(before) == fold(after)):
        return before
    return after


# -- vCard -----------------------------------------------------------------------------------


def import_vcards(store: Store, parsed: VCardParse, now: datetime) -> dict:
    """Create or update a person per card; answered like the LinkedIn import, with `row`
    counting cards from 1."""
    plan = _Plan(store, now)
    broken = {error["index"] for error in parsed.errors}
    for error in parsed.errors:
        plan.refuse(error["index"] + 1, error["message"])
    cards = len(parsed.people) + len(broken)
    numbers = [index + 1 for index in range(cards) if index not in broken]
    for number, data in zip(numbers, parsed.people, strict=True):
        try:
            incoming = _clean(data)
        except ValueError as error:
            plan.refuse(number, f"vCard {number}: {error}")
            continue
        current = plan.match(incoming)
        if current is None:
            plan.create(incoming)
        else:
            plan.update(current, _vcard_update(plan, current, incoming))
    return plan.commit()


def _vcard_update(plan: _Plan, current: dict, incoming: dict) -> dict:
    changed = plan.claims(current, incoming)
    for name in FILLED_FROM_VCARD:
        if changed[name] in (None, "") and incoming[name] not in (None, ""):
            changed = {**changed, name: incoming[name]}
    for name in UNITED_FROM_VCARD:
        added = [value for value in incoming[name] if value not in changed[name]]
        if added:
            changed = {**changed, name: [*changed[name], *added]}
    note = incoming["notes"]
    if note and note not in (changed["notes"] or ""):
        joined = f"{changed['notes']}\n\n{note}" if changed["notes"] else note
        changed = {**changed, "notes": joined}
    return changed


def export_vcards(people: list[dict]) -> str:
    """All people as vCard 3.0, oldest first, so two exports of the same data are equal."""
    return people_to_vcard(sorted(people, key=lambda person: (person["created_at"], person["id"])))
