"""The meeting card: who you are about to meet, what you owe each other, and one line to keep.

Each attendee gets their person card when they are saved (linked by the import, by hand, or
now by their email), the contacts you share with them, and what to talk about; an unknown
attendee gets what a one-click "save as person" needs. The headline is the one thing worth
remembering as the meeting starts.
"""

import re
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from rapport.services.cadence import Rules
from rapport.services.cards import card_markdown, clip, person_card
from rapport.services.matching import suggest_company
from rapport.services.meetings import linked_people, person_of, upcoming
from rapport.services.records import require_record
from rapport.services.text import fold
from rapport.store import Store
from rapport.timefmt import format_instant, parse_instant

MAX_MUTUAL = 5
MAX_PREVIOUS = 5


def meeting_card(store: Store, meeting_id: str, me: dict, now: datetime, rules: Rules) -> dict:
    meeting = require_record(store, "meetings", meeting_id)
    attendees = attendee_entries(store, meeting, me, now, rules)
    return {
        "meeting": meeting,
        "attendees": attendees,
        "headline": headline(attendees),
        "previous_meetings": previous_meetings(store, meeting, attendees, now),
    }


def upcoming_items(
    store: Store, me: dict, now: datetime, within_minutes: int, rules: Rules
) -> list[dict]:
    """What a notification shows for each meeting about to start: the people and one line."""
    items = []
    for meeting in upcoming(store, now, within_minutes):
        attendees = attendee_entries(store, meeting, me, now, rules)
        people = people_names(attendees)
        items.append({"meeting": meeting, "headline": headline(attendees), "people": people})
    return items


def attendee_entries(
    store: Store, meeting: dict, me: dict, now: datetime, rules: Rules
) -> list[dict]:
    entries = [_entry(store, attendee, me, now, rules) for attendee in meeting["attendees"]]
    present = {entry["person_id"] for entry in entries if entry["person_id"]}
    for entry in entries:
        if entry["person_id"]:
            entry["mutual_contacts"] = mutual_contacts(store, entry["person_id"], present)
            entry["talking_points"] = entry["card"]["talking_points"] + [
                f"You both know {contact['name']}" for contact in entry["mutual_contacts"][:1]
            ]
    return entries


def _entry(store: Store, attendee: dict, me: dict, now: datetime, rules: Rules) -> dict:
    person_id, match = person_of(store, attendee)
    if person_id is None:
        email = attendee.get("email")
        return {
            "attendee": attendee,
            "person_id": None,
            "card": None,
            "match": None,
            "mutual_contacts": [],
            "talking_points": [],
            # What "save as person" sends to POST /people.
            "suggested_person": {
                "name": attendee.get("name") or (email or "").split("@")[0],
                "emails": [email] if email else [],
                "company": suggest_company(email) if email else None,
            },
        }
    return {
        "attendee": attendee,
        "person_id": person_id,
        "card": person_card(store, person_id, me, now, rules),
        "match": match,
        "mutual_contacts": [],  # filled in once everyone in the meeting is known
        "talking_points": [],
        "suggested_person": None,
    }


def mutual_contacts(store: Store, person_id: str, present: set[str]) -> list[dict]:
    """Saved people who share interactions or meetings with this person, most shared first;
    those in the meeting itself are no news."""
    shared: Counter[str] = Counter()
    for interaction_id in store.find("interactions_by_person", person_id):
        shared.update(store.get("interactions", interaction_id)["person_ids"])
    for meeting_id in store.find("meetings_by_person", person_id):
        shared.update(linked_people(store.get("meetings", meeting_id)))
    contacts = [
        {"id": other, "name": person["name"], "shared": count}
        for other, count in shared.items()
        if other not in present and other != person_id
        and (person := store.get("people", other)) is not None
    ]  # fmt: skip
    contacts.sort(key=lambda contact: (-contact["shared"], fold(contact["name"]), contact["id"]))
    return contacts[:MAX_MUTUAL]


def previous_meetings(
    store: Store, meeting: dict, attendees: list[dict], now: datetime
) -> list[dict]:
    """Meetings that already happened with any of the same people, newest first."""
    names = {entry["person_id"]: entry["card"]["person"]["name"] for entry in attendees
             if entry["person_id"]}  # fmt: skip
    before = min(meeting["starts_at"], format_instant(now))
    found: dict[str, dict] = {}
    for person_id in names:
        for other_id in store.find("meetings_by_person", person_id):
            other = store.get("meetings", other_id)
            if other_id != meeting["id"] and other["starts_at"] < before:
                found[other_id] = other
    earlier = sorted(found.values(), key=lambda m: (m["starts_at"], m["id"]), reverse=True)
    return [
        {
            "id": other["id"],
            "title": other["title"],
            "starts_at": other["starts_at"],
            "people": [names[p] for p in linked_people(other) if p in names],
        }
        for other in earlier[:MAX_PREVIOUS]
    ]


def headline(attendees: list[dict]) -> str | None:
    """The one line to read as the meeting starts: what is late first, then what is open, then
    what you last talked about; for a meeting with strangers only, who is new."""
    known = [(e["card"]["person"]["name"], e["card"]) for e in attendees if e["card"]]
    lines = (
        _most_late(known, "mine", "You owe {name}: {text}"),
        _most_late(known, "theirs", "{name} owes you: {text}"),
        _most_lapsed(known),
        _due_soonest(known, "mine", "You promised {name}: {text}"),
        _due_soonest(known, "theirs", "{name} promised you: {text}"),
        _latest_talk(known),
    )
    line = next((line for line in lines if line), None)
    if line or known:
        return line
    new = [entry["suggested_person"]["name"] for entry in attendees]
    return f"First meeting with {', '.join(new)}" if new else None


def _most_late(known: list, direction: str, template: str) -> str | None:
    late = [(p, name) for name, card in known for p in card["promises"][direction] if p["overdue"]]
    if not late:
        return None
    promise, name = max(late, key=lambda item: item[0]["overdue_days"])
    return template.format(name=name, text=_promise_text(promise))


def _due_soonest(known: list, direction: str, template: str) -> str | None:
    promises = [(p, name) for name, card in known for p in card["promises"][direction]]
    if not promises:
        return None
    promise, name = min(promises, key=lambda item: item[0]["due"] or "9999-12-31")
    return template.format(name=name, text=_promise_text(promise))


def _most_lapsed(known: list) -> str | None:
    lapsed = [(card, name) for name, card in known
              if card["keep_in_touch"] and card["keep_in_touch"]["overdue_days"]]  # fmt: skip
    if not lapsed:
        return None
    card, name = max(lapsed, key=lambda item: item[0]["keep_in_touch"]["overdue_days"])
    days, every = card["days_since_contact"], card["keep_in_touch"]["every_days"]
    since = "never in touch" if days is None else f"no contact for {days} days"
    return f"{name}: {since} (keep in touch every {every} days)"


def _latest_talk(known: list) -> str | None:
    talks = [(card["last_interaction"], name) for name, card in known
             if card["last_interaction"] and card["last_interaction"]["text"].strip()]  # fmt: skip
    if not talks:
        return None
    last, name = max(talks, key=lambda item: item[0]["occurred_at"])
    day = last["occurred_at"][:10]
    return f"Last time with {name} ({last['kind']}, {day}): {clip(last['text'])}"


def _promise_text(promise: dict) -> str:
    if promise["overdue"]:
        return f"{promise['text']} ({promise['overdue_days']} days overdue)"
    return f"{promise['text']} (due {promise['due']})" if promise["due"] else promise["text"]


def people_names(attendees: list[dict]) -> list[str]:
    return [
        entry["card"]["person"]["name"] if entry["card"] else entry["suggested_person"]["name"]
        for entry in attendees
    ]


# -- Markdown -----------------------------------------------------------------------------


def meeting_card_markdown(card: dict, zone: str) -> str:
    meeting = card["meeting"]
    lines = [f"# {meeting['title']}", when(meeting, zone) + "  "]
    for detail in (meeting.get("location"), meeting.get("url")):
        if detail:
            lines.append(f"{detail}  ")
    if card["headline"]:
        lines += ["", f"> **{card['headline']}**"]
    for entry in card["attendees"]:
        lines.append("")
        lines += _attendee_markdown(entry)
    if card["previous_meetings"]:
        lines += ["", "## Previous meetings"]
        for other in card["previous_meetings"]:
            people = f" (with {', '.join(other['people'])})" if other["people"] else ""
            lines.append(f"- {other['starts_at'][:10]} {other['title']}{people}")
    return "\n".join(lines).rstrip() + "\n"


def _attendee_markdown(entry: dict) -> list[str]:
    attendee = entry["attendee"]
    if entry["card"] is None:
        suggested = entry["suggested_person"]
        lines = [f"## {suggested['name']} (not saved yet)"]
        facts = [attendee.get("email"), suggested["company"] and f"company: {suggested['company']}"]
        if any(facts):
            lines.append(" · ".join(filter(None, facts)))
        return lines
    person = _demoted(card_markdown(entry["card"])).rstrip().splitlines()
    person.insert(1, _invited_as(entry) + "  ")
    if entry["mutual_contacts"]:
        person += ["", "### Mutual contacts"]
        person += [f"- {c['name']} ({c['shared']} shared)" for c in entry["mutual_contacts"]]
    return person


def _invited_as(entry: dict) -> str:
    attendee = entry["attendee"]
    how = {
        "email": "matched by email",
        "name": f"matched by name, {attendee.get('score')}% alike",
        "manual": "linked by hand",
    }[entry["match"]]
    return f"Invited as {attendee.get('email') or attendee.get('name')} ({how})"


def _demoted(markdown: str) -> str:
    """A person card's headings one level down, to sit under the meeting's title."""
    return re.sub(r"^(#+) ", r"#\1 ", markdown, flags=re.MULTILINE)


def when(meeting: dict, zone: str) -> str:
    tz = ZoneInfo(zone)
    start = parse_instant(meeting["starts_at"]).astimezone(tz)
    day = f"{start:%a} {start.day} {start:%b %Y}"
    if meeting.get("all_day"):
        return f"{day}, all day"
    end = parse_instant(meeting["ends_at"]).astimezone(tz) if meeting.get("ends_at") else None
    until = f"-{end:%H:%M}" if end and end.date() == start.date() and end != start else ""
    return f"{day}, {start:%H:%M}{until} ({zone})"
