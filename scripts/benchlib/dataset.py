"""The synthetic data set: a realistic networking memory in Rapport's export format.

One seed gives one data set, byte for byte, so two runs (or two machines) measure the same work.
"Today" is a fixed anchor for the same reason. Contacts are not equally busy: a few close
colleagues have hundreds of interactions and most people a handful, as in a real network, so a
card's cost varies the way a user would see it.
"""

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from anyascii import anyascii

from benchlib import vocabulary as words

ANCHOR = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
HISTORY_SECONDS = 3 * 365 * 24 * 3600
BASE_COUNTS = {
    "people": 10_000,
    "interactions": 100_000,
    "promises": 20_000,
    "reminders": 5_000,
    "meetings": 2_000,
}
SECTIONS = tuple(BASE_COUNTS)
# The weight of the person at popularity rank r is 1 / (r + POPULARITY_OFFSET): a long tail.
POPULARITY_OFFSET = 50
INTERACTION_KINDS = {
    "like": 25, "comment": 20, "message": 15, "email": 10, "note": 8, "meeting": 5, "call": 5,
    "coffee": 4, "share": 4, "intro": 2, "event": 1, "other": 1,
}  # fmt: skip
# Sentences per text as (fewest, most); notes are drawn from a long-tailed distribution instead.
SENTENCE_COUNTS = {
    "comment": (1, 2), "share": (0, 1), "message": (1, 3), "email": (2, 8), "meeting": (2, 8),
    "call": (2, 8), "coffee": (2, 6), "intro": (1, 3), "event": (1, 3), "other": (1, 2),
}  # fmt: skip
PROFILE_SITES = {"linkedin": 0.9, "x": 0.35, "github": 0.3, "mastodon": 0.15}

Progress = Callable[[int], None]


def counts_for(scale: float) -> dict[str, int]:
    """Record counts at a scale: every base count multiplied, at least one of each."""
    return {section: max(1, round(count * scale)) for section, count in BASE_COUNTS.items()}


def generate(scale: float = 1.0, seed: int = 7, progress: Progress | None = None) -> dict:
    """The whole data set as a `POST /api/v1/import` body (ids given)."""
    return _Generator(seed, progress or (lambda done: None)).build(counts_for(scale))


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def slug(text: str) -> str:
    """ASCII letters and digits only: what a handle or a mailbox made from a name looks like."""
    return "".join(ch for ch in anyascii(text).lower() if ch.isalnum())


class _Slots(dict):
    """Template values drawn only when a template names them, each once per text."""

    def __init__(self, draw: Callable[[str], str], **fixed: str):
        super().__init__(fixed)
        self._draw = draw

    def __missing__(self, key: str) -> str:
        value = self[key] = self._draw(key)
        return value


class _Generator:
    def __init__(self, seed: int, progress: Progress):
        self.rng = random.Random(seed)
        self.progress = progress
        self.companies = [self._company_name() for _ in range(300)]
        self.cities = [place for c in words.CULTURES for place in c.locations]
        self.people: list[dict] = []
        self.given_names: list[str] = []
        self.emails_taken: set[str] = set()
        self.popular_cum: list[float] = []

    def build(self, counts: dict[str, int]) -> dict:
        people = self._batch(counts["people"], self._person)
        self.people = people
        self._rank_popularity(len(people))
        dump = {"format": "rapport", "version": 1, "people": people}
        dump["interactions"] = self._batch(counts["interactions"], self._interaction)
        dump["promises"] = self._batch(counts["promises"], self._promise)
        dump["reminders"] = self._batch(counts["reminders"], self._reminder)
        dump["meetings"] = self._batch(counts["meetings"], self._meeting)
        dump["me"] = self._me()
        return dump

    def _batch(self, count: int, make: Callable[[int], dict]) -> list[dict]:
        records = []
        for index in range(count):
            records.append(make(index))
            if index % 1000 == 999:
                self.progress(1000)
        self.progress(count % 1000)
        return records

    # -- drawing ----------------------------------------------------------------------------

    def _when(self, earliest_days_ago: float = 3 * 365, latest_days_ago: float = 0) -> datetime:
        seconds = self.rng.uniform(latest_days_ago * 86400, earliest_days_ago * 86400)
        return ANCHOR - timedelta(seconds=int(seconds))

    def _slot(self, key: str) -> str:
        pools = {
            "topic": words.TOPICS, "topic2": words.TOPICS, "company": self.companies,
            "company2": self.companies, "event": words.EVENTS, "city": self.cities,
            "title": words.TITLES, "month": words.MONTHS, "interest": words.INTERESTS,
        }  # fmt: skip
        if key == "other":
            return self._random_name()
        return self.rng.choice(pools[key])

    def _fill(self, template: str, **fixed: str) -> str:
        return template.format_map(_Slots(self._slot, **fixed))

    def _sentences(self, count: int, **fixed: str) -> str:
        return " ".join(self._fill(self.rng.choice(words.SENTENCES), **fixed) for _ in range(count))

    def _company_name(self) -> str:
        stem, trade = self.rng.choice(words.COMPANY_STEMS), self.rng.choice(words.COMPANY_TRADES)
        return f"{stem} {trade} {self.rng.choice(words.COMPANY_FORMS)}".strip()

    def _random_name(self) -> str:
        culture = self.rng.choice(words.CULTURES)
        given, family = self.rng.choice(culture.given), self.rng.choice(culture.family)
        first, second = (family, given) if culture.family_first else (given, family)
        return f"{first}{culture.joiner}{second}"

    def _rank_popularity(self, count: int) -> None:
        ranks = list(range(count))
        self.rng.shuffle(ranks)
        total = 0.0
        for rank in ranks:
            total += 1 / (rank + POPULARITY_OFFSET)
            self.popular_cum.append(total)

    def _pick_people(self, count: int) -> list[int]:
        """Distinct people, busy ones more often."""
        chosen: dict[int, None] = {}
        count = min(count, len(self.people))
        while len(chosen) < count:
            pick = self.rng.choices(range(len(self.people)), cum_weights=self.popular_cum)[0]
            chosen[pick] = None
        return list(chosen)

    # -- records ----------------------------------------------------------------------------

    def _person(self, index: int) -> dict:
        rng = self.rng
        culture = rng.choice(words.CULTURES)
        given, family = rng.choice(culture.given), rng.choice(culture.family)
        first, second = (family, given) if culture.family_first else (given, family)
        company, title = rng.choice(self.companies), rng.choice(words.TITLES)
        created = self._when()
        self.given_names.append(given)
        return {
            "id": f"p{index:06d}",
            "name": f"{first}{culture.joiner}{second}",
            "headline": self._headline(title, company) if rng.random() < 0.85 else None,
            "company": company,
            "title": title,
            "location": rng.choice(
                culture.locations if rng.random() < 0.8 else rng.choice(words.CULTURES).locations
            ),
            "emails": self._emails(index, given, family, company),
            "profiles": self._profiles(index, given, family),
            "tags": rng.sample(words.TAGS, rng.choices((0, 1, 2, 3, 5), (2, 3, 3, 2, 1))[0]),
            "interests": rng.sample(words.INTERESTS, rng.choice((0, 0, 0, 1, 2, 3))),
            "how_met": self._fill(rng.choice(words.HOW_MET)) if rng.random() < 0.5 else None,
            "keep_in_touch_days": self._cadence(),
            "notes": self._sentences(rng.randint(1, 6)) if rng.random() < 0.3 else None,
            "created_at": iso(created),
            "updated_at": iso(created),
        }

    def _cadence(self) -> int | None:
        """Days between contacts for the few people the user means to keep close."""
        return self.rng.choice((14, 30, 60, 90, 180)) if self.rng.random() < 0.15 else None

    def _headline(self, title: str, company: str) -> str:
        return self._fill(self.rng.choice(words.HEADLINE_TEMPLATES), title=title, company=company)

    def _emails(self, index: int, given: str, family: str, company: str) -> list[str]:
        company_domain = slug(company.rsplit(" ", 1)[0]) + ".example.com"
        candidates = [
            f"{slug(given)}.{slug(family)}@{company_domain}",
            f"{slug(given)}{slug(family)[:1]}@{self.rng.choice(words.EMAIL_DOMAINS)}",
            f"{slug(family)}.{slug(given)}@{self.rng.choice(words.EMAIL_DOMAINS)}",
        ]
        emails = []
        for email in candidates[: self.rng.choices((1, 2, 3), (55, 30, 15))[0]]:
            if email in self.emails_taken:  # a namesake has it: add a number, as people do
                local, domain = email.split("@")
                email = f"{local}{index}@{domain}"
            self.emails_taken.add(email)
            emails.append(email)
        return emails

    def _profiles(self, index: int, given: str, family: str) -> list[dict]:
        name = f"{slug(given)}{slug(family)}"
        handles = {
            "linkedin": f"{slug(given)}-{slug(family)}-{index:x}{self.rng.randrange(16**4):04x}",
            "x": f"{name[:10]}_{index}",
            "github": f"{slug(given)[:1]}{slug(family)}{index}",
            "mastodon": f"{name[:12]}{index}",
        }
        profiles = []
        for site, share in PROFILE_SITES.items():
            if self.rng.random() < share:
                profiles.append(_profile(site, handles[site], self.rng))
        return profiles

    def _interaction(self, index: int) -> dict:
        rng = self.rng
        kind = rng.choices(tuple(INTERACTION_KINDS), tuple(INTERACTION_KINDS.values()))[0]
        picked = self._pick_people(rng.choices((1, 2, 3), (80, 15, 5))[0])
        occurred = self._when()
        created = min(occurred + timedelta(minutes=rng.randint(1, 4000)), ANCHOR)
        return {
            "id": f"i{index:07d}",
            "person_ids": [self.people[i]["id"] for i in picked],
            "kind": kind,
            "text": self._interaction_text(kind, self.given_names[picked[0]]),
            "occurred_at": iso(occurred),
            "url": self._post_url(picked[0]) if kind in ("like", "comment", "share") else None,
            "created_at": iso(created),
        }

    def _interaction_text(self, kind: str, name: str) -> str:
        rng = self.rng
        if kind == "like":
            liked_post = rng.random() < 0.3  # most likes carry no text at all
            return "Liked: " + self._fill(rng.choice(words.POST_TITLES)) if liked_post else ""
        if kind == "note":
            count = min(int(rng.lognormvariate(1.2, 0.9)) + 1, 60)  # now and then a long note
            return self._sentences(count, name=name)
        low, high = SENTENCE_COUNTS[kind]
        text = self._sentences(rng.randint(low, high), name=name)
        if kind == "share":
            text = f"Shared \u201c{self._fill(rng.choice(words.POST_TITLES))}\u201d. {text}".strip()
        return text

    def _post_url(self, person_index: int) -> str | None:
        for profile in self.people[person_index]["profiles"]:
            if profile["site"] == "linkedin":
                activity = self.rng.randrange(10**18, 10**19)
                return (
                    f"https://www.linkedin.com/posts/{profile['handle']}_post-activity-{activity}"
                )
        return None

    def _promise(self, index: int) -> dict:
        rng = self.rng
        person = self._pick_people(1)[0]
        mine = rng.random() < 0.55
        template = rng.choice(words.PROMISES_MINE if mine else words.PROMISES_THEIRS)
        due = ANCHOR.date() + timedelta(days=rng.randint(-150, 60)) if rng.random() < 0.65 else None
        created = self._when(400, 1) if due is None else _before(due, rng.randint(3, 40))
        status = _promise_status(due, rng)
        closed = min(created + timedelta(days=rng.randint(1, 30)), ANCHOR)
        return {
            "id": f"pr{index:06d}",
            "person_id": self.people[person]["id"],
            "direction": "mine" if mine else "theirs",
            "text": self._fill(template, name=self.given_names[person]),
            "due": due.isoformat() if due else None,
            "status": status,
            "created_at": iso(created),
            "closed_at": None if status == "open" else iso(closed),
        }

    def _reminder(self, index: int) -> dict:
        rng = self.rng
        person = self._pick_people(1)[0] if rng.random() < 0.9 else None
        due = ANCHOR + timedelta(days=rng.randint(-90, 120), hours=rng.randint(-3, 6))
        done = due < ANCHOR and rng.random() < 0.7
        name = self.given_names[person] if person is not None else "the team"
        closed = min(due + timedelta(hours=rng.randint(0, 48)), ANCHOR)
        return {
            "id": f"r{index:06d}",
            "person_id": self.people[person]["id"] if person is not None else None,
            "text": self._fill(rng.choice(words.REMINDERS), name=name),
            "due_at": iso(due),
            "status": "done" if done else "open",
            "created_at": iso(due - timedelta(days=rng.randint(1, 60))),
            "closed_at": iso(closed) if done else None,
        }

    def _meeting(self, index: int) -> dict:
        rng = self.rng
        picked = self._pick_people(rng.choices((1, 2, 3, 4), (50, 25, 15, 10))[0])
        starts = self._when(2 * 365, -30).replace(minute=rng.choice((0, 30)), second=0)
        attendees = [self._attendee(i) for i in picked]
        attendees += [self._stranger() for _ in range(rng.choice((0, 0, 0, 1, 2)))]
        place = rng.choice(words.MEETING_PLACES)
        return {
            "id": f"m{index:05d}",
            "title": self._fill(rng.choice(words.MEETING_TITLES), name=attendees[0]["name"]),
            "starts_at": iso(starts),
            "ends_at": iso(starts + timedelta(minutes=rng.choice((30, 45, 60)))),
            "location": self._fill(place) if place else None,
            "attendees": attendees,
            "source": (
                {"kind": "ics", "uid": f"{rng.getrandbits(128):032x}@calendar.example"}
                if rng.random() < 0.7
                else {"kind": "manual", "uid": None}
            ),
            "notes": self._sentences(rng.randint(1, 3)) if rng.random() < 0.2 else None,
            "created_at": iso(starts - timedelta(days=rng.randint(1, 20))),
        }

    def _attendee(self, person_index: int) -> dict:
        person = self.people[person_index]
        email = person["emails"][0] if person["emails"] else None
        return {"name": person["name"], "email": email, "person_id": person["id"]}

    def _stranger(self) -> dict:
        name = self._random_name()
        email = f"{slug(name)}@{self.rng.choice(words.EMAIL_DOMAINS)}"
        return {"name": name, "email": email, "person_id": None}

    def _me(self) -> dict:
        """The user, sharing some tags, places and a school with many contacts (common ground)."""
        rng = self.rng
        return {
            "name": "Sam Rivera",
            "emails": ["sam.rivera@example.org"],
            "company": rng.choice(self.companies),
            "companies": rng.sample(self.companies, 3),
            "location": "München, Germany",
            "locations": ["Kraków, Poland", "Lyon, France"],
            "tags": rng.sample(words.TAGS, 6),
            "interests": rng.sample(words.INTERESTS, 3),
            "schools": ["TU München", "ETH Zürich"],
        }


def _profile(site: str, handle: str, rng: random.Random) -> dict:
    if site == "linkedin":
        return {"site": site, "url": f"https://www.linkedin.com/in/{handle}", "handle": handle}
    if site == "x":
        return {"site": site, "url": f"https://x.com/{handle}", "handle": handle}
    if site == "github":
        return {"site": site, "url": f"https://github.com/{handle}", "handle": handle}
    host = rng.choice(words.MASTODON_HOSTS)
    return {"site": site, "url": f"https://{host}/@{handle}", "handle": f"@{handle}@{host}"}


def _before(day: date, days: int) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC) - timedelta(days=days)


def _promise_status(due: date | None, rng: random.Random) -> str:
    """Old promises are mostly kept; recent ones mostly still open."""
    if due is not None and due < ANCHOR.date() - timedelta(days=14):
        weights = (17, 75, 8)
    elif due is None:
        weights = (55, 40, 5)
    else:
        weights = (85, 15, 0)
    return rng.choices(("open", "done", "dropped"), weights)[0]
