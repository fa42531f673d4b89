"""The person card: everything worth knowing in the minute before you talk to someone."""

from datetime import date, datetime

from rapport.services.cadence import Rules, keep_in_touch, latest_contact
from rapport.services.job_changes import job_change_lines, job_changes, recent_job_change
from rapport.services.people import require_person
from rapport.services.records import list_records, promise_days_late
from rapport.services.signals import signals_of
from rapport.services.text import fold
from rapport.store import Store
from rapport.timefmt import parse_instant

RECENT_INTERACTIONS = 10
MAX_TALKING_POINTS = 6


def person_card(
    store: Store, person_id: str, me: dict, now: datetime, rules: Rules | None = None
) -> dict:
    rules = rules or Rules()
    person = require_person(store, person_id)
    interactions = list_records(store, "interactions", person_id=person_id)
    last_contact = _contact_time(interactions, now)
    today = now.date()
    promises = list_records(store, "promises", person_id=person_id)
    annotated = sorted(
        (_with_lateness(p, today) for p in promises if p["status"] == "open"),
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
        "keep_in_touch": keep_in_touch(person, last_contact, now, rules),
        "signals": signals_of(person, interactions, promises, now, rules),
        "job_changes": job_changes(interactions),  # from LinkedIn re-imports, newest first
    }
    card["talking_points"] = talking_points(card, recent_job_change(interactions, now))
    return card


def _with_lateness(promise: dict, today: date) -> dict:
    late = promise_days_late(promise, today)
    return {**promise, "overdue": late > 0, "overdue_days": max(late, 0)}


def _contact_time(interactions: list[dict], now: datetime) -> datetime | None:
    last = latest_contact(interactions, now)
    return parse_instant(last["occurred_at"]) if last else None


def common_ground(person: dict, me: dict) -> list[dict]:
    """What the person shares with the user: tags, interests, companies, places, schools."""
    found: list[dict] = []

    def shared(kind: str, mine: list[str], theirs: list[str]) -> None:
        mine = [value for value in mine if value]
        if not mine:
            return  # folding costs: skip it when the user has nothing of this kind
        folded = {fold(t) for t in theirs if t}
        for value in mine:
            if fold(value) in folded and {"kind": kind, "value": value} not in found:
                found.append({"kind": kind, "value": value})

    shared("tag", me.get("tags") or [], person.get("tags") or [])
    shared("interest", me.get("interests") or [], person.get("interests") or [])
    my_companies = [*(me.get("companies") or []), me.get("company")]
    shared("company", my_companies, [person.get("company")])
    my_places = [*(me.get("locations") or []), me.get("location")]
    shared("location", my_places, [person.get("location")])
    schools = [school for school in me.get("schools") or [] if school]
    if schools:
        theirs_text = fold(" ".join(filter(None, (person.get(k) for k in _FREE_TEXT))))
        found += [{"kind": "school", "value": s} for s in schools if fold(s) in theirs_text]
    return found


_FREE_TEXT = ("headline", "notes", "how_met", "title")


def talking_points(card: dict, new_role: str | None = None) -> list[str]:
    points = []
    for promise in card["promises"]["mine"]:
        late = f", {promise['overdue_days']} days overdue" if promise["overdue"] else ""
        due = f" (due {promise['due']}{late})" if promise["due"] else ""
        points.append(f"You promised: {promise['text']}{due}")
    for promise in card["promises"]["theirs"]:
        points.append(f"Ask about what they promised: {promise['text']}")
    if new_role:
        points.append(f"New role, congratulate them: {new_role}")
    last = card["last_interaction"]
    if last and last["text"]:
        points.append(
            f"Last time ({last['kind']}, {last['occurred_at'][:10]}): {clip(last['text'])}"
        )
    for item in card["common_ground"]:
        points.append(f"Common ground ({item['kind']}): {item['value']}")
    notes = card["person"].get("notes")
    if notes:
        points.append(f"From your notes: {clip(notes.strip().splitlines()[0])}")
    return points[:MAX_TALKING_POINTS]


def clip(text: str, limit: int = 160) -> str:
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
        lines.append(_cadence_line(card["keep_in_touch"]))
    lines.extend(_signal_lines(card["signals"]))
    _section(lines, "Talking points", card["talking_points"])
    _section(lines, "I owe", [_promise_line(p) for p in card["promises"]["mine"]])
    _section(lines, "They owe me", [_promise_line(p) for p in card["promises"]["theirs"]])
    _section(lines, "Reminders", [f"{r['due_at'][:10]}: {r['text']}" for r in card["reminders"]])
    _section(
        lines,
        "Recent interactions",
        [f"{i['occurred_at'][:10]} {i['kind']}: {clip(i['text'])}" for i in card["interactions"]],
    )
    _section(lines, "Common ground", [f"{c['kind']}: {c['value']}" for c in card["common_ground"]])
    _section(lines, "Job changes", job_change_lines(card["job_changes"]))
    return "\n".join(lines).rstrip() + "\n"


def _cadence_line(kit: dict) -> str:
    source = f" ({kit['from_tag']})" if kit["from_tag"] else ""
    state = {"ok": "on track", "due": "due", "overdue": "overdue"}[kit["level"]]
    if kit["overdue_days"]:
        state += f", {kit['overdue_days']} days late"
    return f"Keep in touch every {kit['every_days']} days{source}: {state}"


def _signal_lines(signals: dict) -> list[str]:
    strength, give = signals["strength"], signals["reciprocity"]
    parts = [f"Relationship: {strength['label']} ({strength['score']}/100)"]
    if give["kept_by_me"] or give["kept_by_them"]:
        parts.append(f"promises kept: {give['kept_by_me']} by you, {give['kept_by_them']} by them")
    if give["intros_given"] or give["intros_received"]:
        parts.append(f"intros: {give['intros_given']} given, {give['intros_received']} received")
    lines = ["; ".join(parts)]
    influence = signals["influence"]
    if influence["influential"]:
        tags = ", ".join(influence["tags"])
        lapsed = influence["lapsed"]
        lines.append(
            f"**Speaks for you ({tags}): lapsed, reach out**"
            if lapsed
            else f"Speaks for you: {tags}"
        )
    return lines


def _promise_line(promise: dict) -> str:
    due = f" (due {promise['due']})" if promise["due"] else ""
    flag = " **overdue**" if promise["overdue"] else ""
    return f"{promise['text']}{due}{flag}"


def _section(lines: list[str], title: str, items: list[str]) -> None:
    if items:
        lines.extend(["", f"## {title}", *(f"- {item}" for item in items)])
