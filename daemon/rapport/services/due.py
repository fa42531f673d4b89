"""The due list: what to follow through on by a moment, in the order it should be done.

1. my promises that are overdue, most late first;      2. my promises due by `until`;
3. reminders due by `until`;                           4. keep-in-touch lapses (cadence.lapses);
5. promises others owe me that are overdue (a nudge);
6. meetings that ended in the last 24 hours with nothing logged with their attendees since.

Dates are UTC. An item is left out while its own snooze, or its person's, runs past `until`.
Each item names its person, why it is due, how late, and the requests that act on it (paths
relative to /api/v1, as the CLI client and the extension's API module take them).
"""

from datetime import date, datetime, timedelta

from rapport.services.cadence import Lapse, Rules, lapses, latest_contacts, quiet, snoozed
from rapport.services.records import promise_days_late
from rapport.store import Store
from rapport.timefmt import format_instant, parse_instant

FOLLOW_UP_WINDOW = timedelta(hours=24)
SNOOZE_ITEM_DAYS = 1  # the date a snooze action suggests: tomorrow for an item,
SNOOZE_PERSON_DAYS = 7  # a week for a person


def due_items(store: Store, now: datetime, until: datetime, rules: Rules) -> list[dict]:
    today, horizon = now.date(), until.date()
    day, last_day = today.isoformat(), horizon.isoformat()
    contacts = latest_contacts(store, now)
    dated = sorted(
        (p for p in store.records("promises") if p["status"] == "open" and p["due"]),
        key=lambda p: (p["due"], p["created_at"], p["id"]),
    )
    mine = _unsnoozed(store, [p for p in dated if p["direction"] == "mine"], horizon)
    theirs = _unsnoozed(store, [p for p in dated if p["direction"] == "theirs"], horizon)
    return [
        *(_promise_item(store, p, today) for p in mine if p["due"] < day),
        *(_promise_item(store, p, today) for p in mine if day <= p["due"] <= last_day),
        *_reminder_items(store, now, until),
        *(_lapse_item(lapse, now) for lapse in lapses(store, rules, now, until, contacts, horizon)),
        *(_nudge_item(store, p, today) for p in theirs if p["due"] < day),
        *_meeting_items(store, now, horizon, contacts),
    ]


def _unsnoozed(store: Store, records: list[dict], horizon: date) -> list[dict]:
    return [record for record in records if not quiet(store, record, horizon)]


def _person_ref(store: Store, person_id: str | None) -> dict | None:
    person = store.get("people", person_id) if person_id else None
    return {"id": person["id"], "name": person["name"]} if person else None


def _late(days: int) -> str:
    return "1 day late" if days == 1 else f"{days} days late"


def _action(name: str, method: str, path: str, body: dict | None = None) -> dict:
    action = {"name": name, "method": method, "path": path}
    return {**action, "body": body} if body is not None else action


def _snooze(path: str, today: date, days: int) -> dict:
    return _action("snooze", "PATCH", path, {"snoozed_until": str(today + timedelta(days=days))})


def _log(person_id: str) -> dict:
    return _action("log", "POST", "/interactions", {"person_ids": [person_id], "kind": "message"})


def _promise_item(store: Store, promise: dict, today: date) -> dict:
    person = _person_ref(store, promise["person_id"])
    late = max(promise_days_late(promise, today), 0)
    when = "today" if promise["due"] == today.isoformat() else promise["due"]
    tail = f", {_late(late)}" if late else ""
    path = f"/promises/{promise['id']}"
    return {
        "kind": "promise",
        "id": promise["id"],
        "person": person,
        "why": f"You promised {person['name']}: {promise['text']} (due {when}{tail})",
        "late_days": late,
        "due": promise["due"],
        "text": promise["text"],
        "actions": [
            _action("done", "PATCH", path, {"status": "done"}),
            _action("drop", "PATCH", path, {"status": "dropped"}),
            _snooze(path, today, SNOOZE_ITEM_DAYS),
        ],
    }


def _reminder_items(store: Store, now: datetime, until: datetime) -> list[dict]:
    horizon = format_instant(until)
    due = [
        r for r in store.records("reminders") if r["status"] == "open" and r["due_at"] <= horizon
    ]
    due = _unsnoozed(store, due, until.date())
    due.sort(key=lambda r: (r["due_at"], r["id"]))
    today = now.date()
    items = []
    for reminder in due:
        person = _person_ref(store, reminder["person_id"])
        late = max((today - parse_instant(reminder["due_at"]).date()).days, 0)
        about = f" about {person['name']}" if person else ""
        tail = f", {_late(late)}" if late else ""
        path = f"/reminders/{reminder['id']}"
        items.append(
            {
                "kind": "reminder",
                "id": reminder["id"],
                "person": person,
                "why": f"Reminder{about}: {reminder['text']} (due {reminder['due_at'][:10]}{tail})",
                "late_days": late,
                "due": reminder["due_at"][:10],
                "due_at": reminder["due_at"],
                "text": reminder["text"],
                "actions": [
                    _action("done", "PATCH", path, {"status": "done"}),
                    _snooze(path, today, SNOOZE_ITEM_DAYS),
                ],
            }
        )
    return items


def _lapse_item(lapse: Lapse, now: datetime) -> dict:
    person, state = lapse.person, lapse.state
    who = person["name"] + (f" ({', '.join(lapse.influence)})" if lapse.influence else "")
    if lapse.last:
        days = (now - parse_instant(lapse.last["occurred_at"])).days
        since = f"last contact {days} days ago"
    else:
        since = "never contacted"
    level = {"ok": "due soon", "due": "due", "overdue": "overdue"}[state["level"]]
    return {
        "kind": "keep_in_touch",
        "id": person["id"],
        "person": {"id": person["id"], "name": person["name"]},
        "why": f"Keep in touch with {who} every {state['every_days']} days: {since}, {level}",
        "late_days": state["overdue_days"],
        "due": state["due_at"][:10],
        "level": state["level"],
        "every_days": state["every_days"],
        "from_tag": state["from_tag"],
        "influence": lapse.influence,
        "last_contact": lapse.last["occurred_at"] if lapse.last else None,
        "actions": [
            _log(person["id"]),
            _snooze(f"/people/{person['id']}", now.date(), SNOOZE_PERSON_DAYS),
        ],
    }


def _nudge_item(store: Store, promise: dict, today: date) -> dict:
    person = _person_ref(store, promise["person_id"])
    late = promise_days_late(promise, today)
    path = f"/promises/{promise['id']}"
    return {
        "kind": "nudge",
        "id": promise["id"],
        "person": person,
        "why": (
            f"{person['name']} promised: {promise['text']} "
            f"(due {promise['due']}, {_late(late)}): nudge them"
        ),
        "late_days": late,
        "due": promise["due"],
        "text": promise["text"],
        "actions": [
            _log(person["id"]),
            _action("done", "PATCH", path, {"status": "done"}),
            _action("drop", "PATCH", path, {"status": "dropped"}),
            _snooze(path, today, SNOOZE_ITEM_DAYS),
        ],
    }


def _meeting_items(
    store: Store, now: datetime, horizon: date, contacts: dict[str, dict]
) -> list[dict]:
    """Meetings that ended in the last 24 hours and still wait for a "how did it go" note."""
    since, until = format_instant(now - FOLLOW_UP_WINDOW), format_instant(now)
    waiting = []
    for meeting in store.records("meetings"):
        ended = meeting["ends_at"] or meeting["starts_at"]
        if not since < ended <= until or meeting.get("logged_at"):
            continue
        people = [
            person
            for person_id in dict.fromkeys(a["person_id"] for a in meeting["attendees"])
            if person_id and (person := store.get("people", person_id)) is not None
        ]
        if not people or all(snoozed(person, horizon) for person in people):
            continue
        heard = (contacts.get(p["id"]) for p in people)
        if any(i is not None and i["occurred_at"] >= meeting["starts_at"] for i in heard):
            continue
        waiting.append((ended, meeting, people))
    waiting.sort(key=lambda found: (found[0], found[1]["id"]))
    return [_meeting_item(meeting, people) for _, meeting, people in waiting]


def _meeting_item(meeting: dict, people: list[dict]) -> dict:
    refs = [{"id": p["id"], "name": p["name"]} for p in people]
    names = ", ".join(p["name"] for p in people)
    return {
        "kind": "meeting_followup",
        "id": meeting["id"],
        "person": refs[0],
        "people": refs,
        "why": f'How did "{meeting["title"]}" go? Nothing logged with {names} since it started',
        "late_days": 0,
        "due": (meeting["ends_at"] or meeting["starts_at"])[:10],
        "meeting": {
            "id": meeting["id"],
            "title": meeting["title"],
            "starts_at": meeting["starts_at"],
            "ends_at": meeting["ends_at"],
        },
        "actions": [_action("log", "POST", f"/meetings/{meeting['id']}/log")],
    }
