"""The person card: everything worth knowing in the minute before you talk to someone."""

from datetime import date, datetime

from rapport.services.people import require_person
from rapport.services.records import list_records
from rapport.services.text import fold
from rapport.store import Store
from rapport.timefmt import parse_instant

RECENT_INTERACTIONS = 10
MAX_TALKING_POINTS = 6


def person_card(store: Store, person_id: str, me: dict, now: datetime) -> dict:
    person = require_person(store, person_id)
    interactions = list_records(store, "interactions", person_id=person_id)
    last_contact = parse_instant(interactions[0]["occurred_at"]) if interactions else None
    today = now.date()
    promises = list_records(
        store, "promises", person_id=person_id, where=lambda p: p["status"] == "open"
    )
    annotated = sorted(
        (_with_lateness(p, today) for p in promises),
        key=lambda p: (not p["overdue"], p["due"] or "9999-12-31", p["created_at"]),
    )
    reminders = list_records(
        store, "reminders", person_id=person_id, where=lambda r: r["status"] == "open"
    )
    common = common_ground(person, me)
    card = {
        "person": person,
        "days_since_contact": (now - last_contact).days if last_contact else None,
        "last_interaction": interactions[0] if interactions else None,
        "interactions": interactions[:RECENT_INTERACTIONS],
        "interaction_count": len(interactions),
        "promises": {
            "mine": [p for p in annotated if p["direction"] == "mine"],
            "theirs": [p for p in annotated if p["direction"] == "theirs"],
        },
        "reminders": reminders,
        "common_ground": common,
        "keep_in_touch": keep_in_touch(person, last_contact, now),
    }
    card["talking_points"] = talking_points(card)
    return card


def _with_lateness(promise: dict, today: date) -> dict:
    late = (today - date.fromisoformat(promise["due"])).days if promise["due"] else 0
    return {**promise, "overdue": late > 0, "overdue_days": max(late, 0)}


def keep_in_touch(person: dict, last_contact: datetime | None, now: datetime) -> dict | None:
    """Cadence measured from the latest interaction (or from when they were added)."""
    every = person.get("keep_in_touch_days")
    if not every:
        return None
    since = last_contact or parse_instant(person["created_at"])
    elapsed = (now - since).days
    return {
        "every_days": every,
        "overdue_days": max(elapsed - every, 0),
        "due_in_days": max(every - elapsed, 0),
    }


def common_ground(person: dict, me: dict) -> list[dict]:
    """What the person shares with the user: tags, interests, companies, places, schools."""
    found: list[dict] = []
    theirs_text = fold(" ".join(filter(None, (person.get(k) for k in _FREE_TEXT))))

    def shared(kind: str, mine: list[str], theirs: list[str]) -> None:
        folded = {fold(t) for t in theirs if t}
        for value in mine:
            if value and fold(value) in folded and {"kind": kind, "value": value} not in found:
                found.append({"kind": kind, "value": value})

    shared("tag", me.get("tags") or [], person.get("tags") or [])
    shared("interest", me.get("interests") or [], person.get("interests") or [])
    my_companies = [*(me.get("companies") or []), me.get("company")]
    shared("company", my_companies, [person.get("company")])
    my_places = [*(me.get("locations") or []), me.get("location")]
    shared("location", my_places, [person.get("location")])
    for school in me.get("schools") or []:
        if school and fold(school) in theirs_text:
            found.append({"kind": "school", "value": school})
    return found


_FREE_TEXT = ("headline", "notes", "how_met", "title")


def talking_points(card: dict) -> list[str]:
    points = []
    for promise in card["promises"]["mine"]:
        late = f", {promise['overdue_days']} days overdue" if promise["overdue"] else ""
        due = f" (due {promise['due']}{late})" if promise["due"] else ""
        points.append(f"You promised: {promise['text']}{due}")
    for promise in card["promises"]["theirs"]:
        points.append(f"Ask about what they promised: {promise['text']}")
    last = card["last_interaction"]
    if last and last["text"]:
        points.append(
            f"Last time ({last['kind']}, {last['occurred_at'][:10]}): {_clip(last['text'])}"
        )
    for item in card["common_ground"]:
        points.append(f"Common ground ({item['kind']}): {item['value']}")
    notes = card["person"].get("notes")
    if notes:
        points.append(f"From your notes: {_clip(notes.strip().splitlines()[0])}")
    return points[:MAX_TALKING_POINTS]


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def card_markdown(card: dict) -> str:
    person = card["person"]
    lines = [f"# {person['name']}"]
    role = " at ".join(filter(None, (person.get("title"), person.get("company"))))
    for detail in (person.get("headline"), role, person.get("location")):
        if detail:
            lines.append(f"{detail}  ")
    if person["profiles"]:
        lines.append(" · ".join(f"[{p['site']}]({p['url']})" for p in person["profiles"]))
    if person["tags"]:
        lines.append("Tags: " + ", ".join(person["tags"]))
    lines.append("")
    days = card["days_since_contact"]
    lines.append("Last contact: never" if days is None else f"Last contact: {days} days ago")
    if card["keep_in_touch"]:
        kit = card["keep_in_touch"]
        state = f"{kit['overdue_days']} days overdue" if kit["overdue_days"] else "on track"
        lines.append(f"Keep in touch every {kit['every_days']} days: {state}")
    _section(lines, "Talking points", card["talking_points"])
    _section(lines, "I owe", [_promise_line(p) for p in card["promises"]["mine"]])
    _section(lines, "They owe me", [_promise_line(p) for p in card["promises"]["theirs"]])
    _section(lines, "Reminders", [f"{r['due_at'][:10]}: {r['text']}" for r in card["reminders"]])
    _section(
        lines,
        "Recent interactions",
        [f"{i['occurred_at'][:10]} {i['kind']}: {_clip(i['text'])}" for i in card["interactions"]],
    )
    _section(lines, "Common ground", [f"{c['kind']}: {c['value']}" for c in card["common_ground"]])
    return "\n".join(lines).rstrip() + "\n"


def _promise_line(promise: dict) -> str:
    due = f" (due {promise['due']})" if promise["due"] else ""
    flag = " **overdue**" if promise["overdue"] else ""
    return f"{promise['text']}{due}{flag}"


def _section(lines: list[str], title: str, items: list[str]) -> None:
    if items:
        lines.extend(["", f"## {title}", *(f"- {item}" for item in items)])
