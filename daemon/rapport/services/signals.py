"""Relationship signals: how strong a tie is, who gives more, and who speaks for you.

- strength: recency (halves every 30 days without contact) and frequency (interactions in the
  last 90 days, a dozen counting as the most) folded into a 0-100 score and a word;
- reciprocity: promises kept by you and by them, intros given and received. An intro logged
  with two or more people is one you made (given to each); an intro logged with one person is
  one they made for you (received);
- influence: the person's influence tags (sponsor, mentor, decision-maker by default), and
  whether their cadence has lapsed, which is when it matters most.
"""

from datetime import datetime, timedelta

from rapport.services.cadence import Rules, keep_in_touch, latest_contact
from rapport.store import Store
from rapport.timefmt import format_instant, parse_instant

HALF_LIFE_DAYS = 30
FREQUENCY_WINDOW_DAYS = 90
MOST_FREQUENT = 12  # interactions in the window that count as the most frequent contact
STRENGTH_LABELS = ((60, "strong"), (30, "warm"), (0, "cold"))


def person_signals(store: Store, person: dict, now: datetime, rules: Rules) -> dict:
    interactions = [
        store.get("interactions", i) for i in store.find("interactions_by_person", person["id"])
    ]
    interactions.sort(key=lambda i: i["occurred_at"], reverse=True)
    promises = [store.get("promises", i) for i in store.find("promises_by_person", person["id"])]
    return signals_of(person, interactions, promises, now, rules)


def signals_of(
    person: dict, interactions: list[dict], promises: list[dict], now: datetime, rules: Rules
) -> dict:
    """`person_signals` from their interactions (newest first) and promises, already read."""
    last = latest_contact(interactions, now)
    state = keep_in_touch(person, parse_instant(last["occurred_at"]) if last else None, now, rules)
    influence = rules.influence_of(person)
    return {
        "strength": strength(interactions, now),
        "reciprocity": reciprocity(interactions, promises),
        "influence": {
            "tags": influence,
            "influential": bool(influence),
            "lapsed": bool(influence) and state is not None and state["level"] != "ok",
        },
    }


def strength(interactions: list[dict], now: datetime) -> dict:
    """Recency and frequency of the interactions that have happened by `now`."""
    stamp = format_instant(now)
    window = format_instant(now - timedelta(days=FREQUENCY_WINDOW_DAYS))
    past = [i["occurred_at"] for i in interactions if i["occurred_at"] <= stamp]
    recent = sum(1 for when in past if when >= window)
    if not past:
        return {"score": 0, "label": "none", "interactions_90d": 0}
    days = (now - parse_instant(max(past))).total_seconds() / 86400
    recency = 0.5 ** (days / HALF_LIFE_DAYS)
    frequency = min(recent / MOST_FREQUENT, 1.0)
    score = round(100 * (0.6 * recency + 0.4 * frequency))
    label = next(name for low, name in STRENGTH_LABELS if score >= low)
    return {"score": score, "label": label, "interactions_90d": recent}


def reciprocity(interactions: list[dict], promises: list[dict]) -> dict:
    kept = [p["direction"] for p in promises if p["status"] == "done"]
    intros = [len(i["person_ids"]) for i in interactions if i["kind"] == "intro"]
    counts = {
        "kept_by_me": kept.count("mine"),
        "kept_by_them": kept.count("theirs"),
        "intros_given": sum(1 for n in intros if n > 1),
        "intros_received": sum(1 for n in intros if n == 1),
    }
    given = counts["kept_by_me"] + counts["intros_given"]
    received = counts["kept_by_them"] + counts["intros_received"]
    return {**counts, "balance": given - received}
