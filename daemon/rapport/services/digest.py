"""The weekly networking digest: one page a week instead of a stream of nags.

For an ISO week (Monday to Sunday, UTC): who to reach out to (lapsed cadences, the people who
speak for you first, with the last thing you talked about), what you owe and what you are owed,
the week's meetings, people met in the last two weeks with nothing logged since, people added
in the last four weeks and never contacted, and the week's engagements by kind and by niche tag
next to the four weeks before.

A digest describes its week as it stood at the week's end, or now for the current week: the
promises open then and the interactions logged by then, so last week's digest still reads as
it did on Sunday. Snoozes quiet the current week's digest only: when a past one was set is
not known.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from rapport.services.cadence import (
    CONTACT_FIELDS,
    Lapse,
    Rules,
    lapses,
    latest_contacts,
    quiet,
    snoozed,
)
from rapport.services.cards import clip
from rapport.services.records import promise_days_late
from rapport.services.user import read_me
from rapport.store import Store
from rapport.timefmt import format_instant, parse_instant

WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
PREVIOUS_WEEKS = 4
MET_RECENTLY = timedelta(days=14)
NEWLY_ADDED = timedelta(days=28)
MET_KINDS = frozenset({"meeting", "coffee", "call", "event"})
SHOWN = {"reach_out": 10, "never_contacted": 10, "by_tag": 10}  # other sections list all
ONE_MS = timedelta(milliseconds=1)


@dataclass(frozen=True)
class Week:
    """An ISO week in UTC: Monday 00:00 up to (not including) the next Monday."""

    start: datetime

    @property
    def end(self) -> datetime:
        return self.start + timedelta(weeks=1)

    @property
    def label(self) -> str:
        year, number, _ = self.start.date().isocalendar()
        return f"{year}-W{number:02d}"

    def shifted(self, weeks: int) -> "Week":
        return Week(self.start + timedelta(weeks=weeks))


def week_of(day: date) -> Week:
    monday = day - timedelta(days=day.weekday())
    return Week(datetime.combine(monday, time(), UTC))


def parse_week(text: str) -> Week:
    """`2026-W10` -> its Week; ValueError for anything else, or a week the digest cannot reach."""
    found = WEEK_RE.match(text)
    if not found:
        raise ValueError("week must look like 2026-W10")
    try:
        week = week_of(date.fromisocalendar(int(found[1]), int(found[2]), 1))
    except ValueError:
        raise ValueError(f"{text} is not a week of the ISO calendar") from None
    if not _within_the_calendar(week):
        raise ValueError(f"{text} is outside 0001-W05 to 9999-W51, the weeks a digest can show")
    return week


def _within_the_calendar(week: Week) -> bool:
    """Whether the weeks the digest compares with, and the week's end, are representable."""
    try:
        return week.shifted(-PREVIOUS_WEEKS).start < week.end
    except OverflowError:
        return False


def weekly_digest(store: Store, week: Week, now: datetime, rules: Rules) -> dict:
    as_of = min(now, week.end - ONE_MS)
    stamp = format_instant(as_of)
    sunday = (week.end - ONE_MS).date()
    hush = sunday if as_of == now else None  # only today's snoozes are known
    contacts = latest_contacts(store, as_of)
    reach_out = lapses(store, rules, as_of, week.end - ONE_MS, contacts, hush)
    open_promises = [
        p for p in store.records("promises") if _open_at(p, stamp) and not quiet(store, p, hush)
    ]
    return {
        "week": week.label,
        "starts_on": week.start.date().isoformat(),
        "ends_on": sunday.isoformat(),
        "as_of": stamp,
        "reach_out": _listed(
            [_reach_out_item(store, lapse, as_of) for lapse in reach_out[: SHOWN["reach_out"]]],
            len(reach_out),
        ),
        "i_owe": _promises(store, open_promises, "mine", as_of.date()),
        "owed_to_me": _promises(store, open_promises, "theirs", as_of.date()),
        "meetings": _meetings(store, week),
        "met_without_follow_up": _met_without_follow_up(store, as_of, hush, contacts),
        "never_contacted": _never_contacted(store, as_of, hush, contacts),
        "engagements": _engagements(store, week, as_of, rules),
    }


def _listed(items: list[dict], total: int | None = None) -> dict:
    return {"items": items, "total": len(items) if total is None else total}


def _ref(person: dict) -> dict:
    return {"id": person["id"], "name": person["name"]}


def _open_at(record: dict, stamp: str) -> bool:
    """Whether a promise was open at `stamp`: made by then and not yet kept or dropped."""
    if record["created_at"] > stamp:
        return False
    return record["status"] == "open" or (record.get("closed_at") or "") > stamp


def _reach_out_item(store: Store, lapse: Lapse, as_of: datetime) -> dict:
    person, state = lapse.person, lapse.state
    topic = _last_topic(store, person["id"], format_instant(as_of)) or (
        lapse.last and store.get("interactions", lapse.last["id"])
    )
    return {
        "person": _ref(person),
        "url": person["profiles"][0]["url"] if person["profiles"] else None,
        "influence": lapse.influence,
        "level": state["level"],
        "every_days": state["every_days"],
        "from_tag": state["from_tag"],
        "late_days": state["overdue_days"],
        "due": state["due_at"][:10],
        "days_since_contact": (
            (as_of - parse_instant(lapse.last["occurred_at"])).days if lapse.last else None
        ),
        "last_topic": (
            {
                "kind": topic["kind"],
                "occurred_at": topic["occurred_at"],
                "text": clip(topic["text"]),
            }
            if topic
            else None
        ),
    }


def _last_topic(store: Store, person_id: str, stamp: str) -> dict | None:
    """The latest interaction with words in it: what you last talked about."""
    said = (store.get("interactions", i) for i in store.find("interactions_by_person", person_id))
    spoken = [i for i in said if i["occurred_at"] <= stamp and (i["text"] or "").strip()]
    return max(spoken, key=lambda i: (i["occurred_at"], i["id"]), default=None)


def _promises(store: Store, promises: list[dict], direction: str, today: date) -> dict:
    chosen = sorted(
        (p for p in promises if p["direction"] == direction),
        key=lambda p: (p["due"] is None, p["due"] or "", p["created_at"], p["id"]),
    )
    items = []
    for promise in chosen:
        late = promise_days_late(promise, today)
        person = store.get("people", promise["person_id"])
        items.append(
            {
                "id": promise["id"],
                "person": _ref(person),
                "text": promise["text"],
                "due": promise["due"],
                "late_days": max(late, 0),
            }
        )
    return _listed(items)


def _meetings(store: Store, week: Week) -> dict:
    first, end = format_instant(week.start), format_instant(week.end)
    mine = {email.lower() for email in read_me(store)["emails"]}
    chosen = sorted(
        (m for m in store.records("meetings") if first <= m["starts_at"] < end),
        key=lambda m: (m["starts_at"], m["id"]),
    )
    return _listed(
        [
            {
                "id": meeting["id"],
                "title": meeting["title"],
                "starts_at": meeting["starts_at"],
                "ends_at": meeting["ends_at"],
                "location": meeting["location"],
                "people": [
                    name
                    for attendee in meeting["attendees"]
                    if (attendee.get("email") or "").lower() not in mine
                    and (name := _attendee_name(store, attendee))
                ],
            }
            for meeting in chosen
        ]
    )


def _attendee_name(store: Store, attendee: dict) -> str | None:
    person = store.get("people", attendee["person_id"]) if attendee.get("person_id") else None
    return person["name"] if person else attendee.get("name") or attendee.get("email")


def _met_without_follow_up(
    store: Store, as_of: datetime, hush: date | None, contacts: dict[str, dict]
) -> dict:
    """People met lately (a meeting, a coffee, a call, an event) with nothing logged after."""
    since, stamp = format_instant(as_of - MET_RECENTLY), format_instant(as_of)
    met: dict[str, tuple[str, str, str | None]] = {}

    def saw(person_id: str | None, when: str, kind: str, title: str | None = None) -> None:
        if person_id and (person_id not in met or when > met[person_id][0]):
            met[person_id] = (when, kind, title)

    for meeting in store.records("meetings"):
        if since <= meeting["starts_at"] <= stamp:
            for attendee in meeting["attendees"]:
                saw(attendee.get("person_id"), meeting["starts_at"], "meeting", meeting["title"])
    for interaction in store.records("interactions", CONTACT_FIELDS):
        if interaction["kind"] in MET_KINDS and since <= interaction["occurred_at"] <= stamp:
            for person_id in interaction["person_ids"]:
                saw(person_id, interaction["occurred_at"], interaction["kind"])
    items = []
    for person_id, (when, kind, title) in met.items():
        person = store.get("people", person_id)
        last = contacts.get(person_id)
        if person is None or snoozed(person, hush) or (last and last["occurred_at"] > when):
            continue
        items.append({"person": _ref(person), "met_at": when, "kind": kind, "title": title})
    items.sort(key=lambda item: (item["met_at"], item["person"]["id"]), reverse=True)
    return _listed(items)


def _never_contacted(
    store: Store, as_of: datetime, hush: date | None, contacts: dict[str, dict]
) -> dict:
    since, stamp = format_instant(as_of - NEWLY_ADDED), format_instant(as_of)
    chosen = sorted(
        (
            person
            for person in store.records("people")
            if since <= person["created_at"] <= stamp
            and person["id"] not in contacts
            and not snoozed(person, hush)
            and not any(
                store.get("meetings", m)["starts_at"] <= stamp
                for m in store.find("meetings_by_person", person["id"])
            )
        ),
        key=lambda p: (p["created_at"], p["id"]),
        reverse=True,
    )
    items = [
        {
            "person": _ref(person),
            "added_on": person["created_at"][:10],
            "role": " at ".join(filter(None, (person.get("title"), person.get("company")))),
        }
        for person in chosen[: SHOWN["never_contacted"]]
    ]
    return _listed(items, len(chosen))


def _engagements(store: Store, week: Week, as_of: datetime, rules: Rules) -> dict:
    """Interactions per week by kind and by niche tag: this week and the four before it."""
    weeks = [week.shifted(-back) for back in range(PREVIOUS_WEEKS, -1, -1)]
    first, end = weeks[0].start, min(week.end, as_of + ONE_MS)
    low, high = format_instant(first), format_instant(end)
    relationship_tags = {*rules.influence_tags, *rules.cadence_by_tag}
    total = [0] * len(weeks)
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0] * len(weeks))
    by_tag: dict[str, list[int]] = defaultdict(lambda: [0] * len(weeks))
    for interaction in store.records("interactions", CONTACT_FIELDS):
        if not low <= interaction["occurred_at"] < high:
            continue
        column = (parse_instant(interaction["occurred_at"]) - first).days // 7
        total[column] += 1
        by_kind[interaction["kind"]][column] += 1
        tags = set()
        for person_id in interaction["person_ids"]:
            person = store.get("people", person_id)
            tags.update(t for t in (person["tags"] if person else ()) if t not in relationship_tags)
        for tag in tags:
            by_tag[tag][column] += 1
    return {
        "weeks": [w.label for w in weeks],
        "complete": end == week.end,  # false while the week is still going on
        "total": total,
        "by_kind": _rows("kind", by_kind),
        "by_tag": _rows("tag", by_tag)[: SHOWN["by_tag"]],
    }


def _rows(name: str, counts: dict[str, list[int]]) -> list[dict]:
    """Busiest this week first, then busiest over all the weeks."""
    ordered = sorted(counts.items(), key=lambda row: (-row[1][-1], -sum(row[1]), row[0]))
    return [{name: key, "counts": values} for key, values in ordered]
