"""Keep-in-touch cadences: how often to talk to someone, and whether that has lapsed.

A person's own `keep_in_touch_days` wins; otherwise the shortest cadence among their tags in the
config's `cadence_by_tag`. The clock runs from the latest interaction of any kind, however it
was logged (API, capture, import, a meeting's "how did it go"), or from when they were added.
A lapse has two levels: `due` once the cadence has passed, `overdue` past 1.5 times it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType

from rapport.config import DEFAULT_CADENCE_BY_TAG, DEFAULT_INFLUENCE_TAGS, Config
from rapport.services.job_changes import is_job_change
from rapport.services.text import fold
from rapport.store import Store
from rapport.timefmt import format_instant, parse_instant

OVERDUE_FACTOR = 1.5
LEVEL_ORDER = {"overdue": 0, "due": 1, "ok": 2}
LATEST = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Rules:
    """The follow-through settings services need, taken from the Config once per request."""

    cadence_by_tag: Mapping[str, int] = field(
        default_factory=lambda: MappingProxyType(dict(DEFAULT_CADENCE_BY_TAG))
    )
    influence_tags: tuple[str, ...] = DEFAULT_INFLUENCE_TAGS

    @classmethod
    def from_config(cls, config: Config) -> "Rules":
        return cls(MappingProxyType(dict(config.cadence_by_tag)), tuple(config.influence_tags))

    def cadence_of(self, person: dict) -> tuple[int, str | None] | None:
        """(days, the tag it comes from or None for the person's own), or None without one."""
        if person.get("keep_in_touch_days"):
            return person["keep_in_touch_days"], None
        by_tag = [(self.cadence_by_tag[t], t) for t in person["tags"] if t in self.cadence_by_tag]
        return min(by_tag) if by_tag else None

    def influence_of(self, person: dict) -> list[str]:
        return [tag for tag in person["tags"] if tag in self.influence_tags]


@dataclass(frozen=True)
class Lapse:
    """A person whose cadence has run out (or will by a horizon), with what is known of them."""

    person: dict  # its id and CADENCE_FIELDS
    state: dict  # keep_in_touch()
    last: dict | None  # their latest interaction: its id and CONTACT_FIELDS
    influence: list[str]


def keep_in_touch(
    person: dict, last_contact: datetime | None, now: datetime, rules: Rules
) -> dict | None:
    """Where the person stands on their cadence at `now`, or None when they have none."""
    cadence = rules.cadence_of(person)
    if cadence is None:
        return None
    every, tag = cadence
    since = last_contact or parse_instant(person["created_at"])
    elapsed = now - since
    due_at = _plus_days(since, every)
    if elapsed > timedelta(days=every * OVERDUE_FACTOR):
        level = "overdue"
    else:
        level = "due" if now >= due_at else "ok"
    return {
        "every_days": every,
        "from_tag": tag,
        "level": level,
        "due_at": format_instant(due_at),
        "overdue_days": max(elapsed.days - every, 0),
        "due_in_days": max(every - elapsed.days, 0),
    }


def _plus_days(moment: datetime, days: int) -> datetime:
    try:
        return moment + timedelta(days=days)
    except OverflowError:
        return LATEST


def is_contact(interaction: dict, stamp: str) -> bool:
    """Whether an interaction counts as being in touch by `stamp`: it has happened, and it is
    not a job change an import noticed (that is news about them, not contact with them)."""
    return interaction["occurred_at"] <= stamp and not is_job_change(interaction)


def latest_contact(newest_first: list[dict], now: datetime) -> dict | None:
    """The latest contact that has happened by `now` (a future one has not reset anything)."""
    stamp = format_instant(now)
    return next((i for i in newest_first if is_contact(i, stamp)), None)


def latest_contacts(store: Store, now: datetime) -> dict[str, dict]:
    """Each person's latest interaction by `now` (its id and CONTACT_FIELDS), in one pass.

    The pass decodes only those fields (and the text only of kind "other", for a possible job
    change): whole interactions would take three times as long and, held for 10k people, 10 MB.
    """
    stamp = format_instant(now)
    latest: dict[str, dict] = {}
    for seen in store.records("interactions", CONTACT_FIELDS):
        when = seen["occurred_at"]
        if when > stamp or (
            seen["kind"] == "other" and not is_contact(store.get("interactions", seen["id"]), stamp)
        ):
            continue
        for person_id in seen["person_ids"]:
            known = latest.get(person_id)
            if known is None or when > known["occurred_at"]:
                latest[person_id] = seen
    return latest


CONTACT_FIELDS = ("occurred_at", "person_ids", "kind")
# What of a person cadences read, and what a lapse shows of them (`Lapse.person` has these).
CADENCE_FIELDS = ("name", "created_at", "snoozed_until", "keep_in_touch_days", "tags", "profiles")


def snoozed(record: dict, day: date | None) -> bool:
    """Whether a snooze keeps `record` (person, promise, reminder) quiet through `day`.

    `day` None: no snooze applies (a past week is described as it was, snoozes unknown).
    """
    return day is not None and (record.get("snoozed_until") or "") > day.isoformat()


def quiet(store: Store, record: dict, day: date | None) -> bool:
    """Whether a promise or reminder is snoozed through `day`, by its own snooze or its person's."""
    person = store.get("people", record["person_id"]) if record.get("person_id") else None
    return snoozed(record, day) or (person is not None and snoozed(person, day))


def lapses(
    store: Store,
    rules: Rules,
    now: datetime,
    until: datetime,
    contacts: dict[str, dict],
    snooze_day: date | None,
) -> list[Lapse]:
    """People whose cadence runs out by `until` and not snoozed through `snooze_day`, the
    people who speak for you first."""
    added_by = format_instant(now)
    horizon = format_instant(until)
    found = []
    for person in store.records("people", CADENCE_FIELDS):
        if person["created_at"] > added_by or snoozed(person, snooze_day):
            continue
        last = contacts.get(person["id"])
        contact = parse_instant(last["occurred_at"]) if last else None
        state = keep_in_touch(person, contact, now, rules)
        if state is not None and state["due_at"] <= horizon:
            found.append(Lapse(person, state, last, rules.influence_of(person)))
    found.sort(
        key=lambda lapse: (
            not lapse.influence,
            LEVEL_ORDER[lapse.state["level"]],
            -lapse.state["overdue_days"],
            fold(lapse.person["name"]),
            lapse.person["id"],
        )
    )
    return found
