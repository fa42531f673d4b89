#!/usr/bin/env python3
"""Print a weekly networking review: what is due, who you talked to, what is still open.

    .venv/bin/python scripts/weekly_review.py [--days 7] > review.md

Markdown on stdout, three sections: what falls due in the coming days (from `/due`, when the
daemon has it), the interactions of the past days grouped by person, and every open promise,
overdue first. Talks to the daemon on RAPPORT_PORT with RAPPORT_TOKEN or the keyring's owner
token.
"""

import argparse
import sys
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from rapport.client import ApiFailure, Client, DaemonUnreachable
from rapport.timefmt import format_instant


def due_soon(rapport: Client, until: datetime) -> list[str] | None:
    """The daemon's own due list up to `until`, or None from a daemon without `/due`."""
    try:
        items = rapport.get("/due", until=until.isoformat())["items"]
    except ApiFailure as error:
        if error.status == 404:
            return None
        raise
    return [item["why"] for item in items]


class Names(dict):
    """Person names by id, each fetched once."""

    def __init__(self, rapport: Client):
        super().__init__()
        self.rapport = rapport

    def __missing__(self, person_id: str) -> str:
        self[person_id] = self.rapport.get(f"/people/{person_id}")["name"]
        return self[person_id]


def recent_interactions(rapport: Client, names: Names, since: datetime) -> dict[str, list]:
    """Interactions since `since` by person name; the list route is newest first."""
    cutoff = format_instant(since)  # stored instants compare as strings
    by_person: dict[str, list[dict]] = defaultdict(list)
    for interaction in rapport.items("/interactions"):
        if interaction["occurred_at"] < cutoff:
            break
        for person_id in interaction["person_ids"]:
            by_person[names[person_id]].append(interaction)
    return dict(sorted(by_person.items()))


def open_promises(rapport: Client, names: Names, today: str) -> dict[str, list[str]]:
    lines: dict[str, list[str]] = {"mine": [], "theirs": []}
    for promise in rapport.items("/promises", status="open"):
        due = promise["due"]
        late = " **overdue**" if due and due < today else ""
        when = f" (due {due}){late}" if due else ""
        name = names[promise["person_id"]]
        lines[promise["direction"]].append(f"{name}: {promise['text']}{when}")
    return lines


def review(rapport: Client, now: datetime, days: int) -> str:
    names = Names(rapport)
    since, until = now - timedelta(days=days), now + timedelta(days=days)
    out = [f"# Weekly review, {since:%Y-%m-%d} to {now:%Y-%m-%d}", ""]
    due = due_soon(rapport, until)
    if due is not None:
        out += [f"## Due by {until:%Y-%m-%d}", *(f"- {line}" for line in due or ["nothing"]), ""]
    talked = recent_interactions(rapport, names, since)
    count = sum(len(items) for items in talked.values())
    out += [f"## Talked to in the last {days} days ({len(talked)} people, {count} interactions)"]
    for name, items in talked.items():
        kinds = ", ".join(f"{i['kind']} {i['occurred_at'][:10]}" for i in items)
        out.append(f"- {name}: {kinds}")
    if not talked:
        out.append("- nobody: who could you get back in touch with?")
    promises = open_promises(rapport, names, now.date().isoformat())
    for direction, title in (("mine", "I owe"), ("theirs", "Owed to me")):
        out += ["", f"## {title}", *(f"- {line}" for line in promises[direction] or ["nothing"])]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=7, help="How far back and ahead to look.")
    args = parser.parse_args()
    sys.stdout.write(review(Client.from_environment(), datetime.now(UTC), args.days))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (DaemonUnreachable, ApiFailure) as error:
        sys.exit(f"weekly_review: {error}")
