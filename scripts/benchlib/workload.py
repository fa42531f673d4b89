"""The requests each measure sends, drawn from the data set with their own seed.

Lookups use the spellings people paste from a browser (country subdomain, upper-case handle,
tracking query, trailing slash, `twitter.com` for `x.com`, `@user@host`), so a lookup measures
canonicalization plus the index, not a string the daemon stored verbatim.
"""

import random
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import quote, urlencode

import orjson
from anyascii import anyascii

from benchlib.api import Call
from benchlib.dataset import ANCHOR, iso


class Workload:
    def __init__(self, dataset: dict, seed: int):
        self.rng = random.Random(seed)
        self.people = dataset["people"]
        self.profiles = [
            (profile["site"], profile["handle"])
            for person in self.people
            for profile in person["profiles"]
        ]

    def calls(self, make: Callable[[], Call], count: int) -> list[Call]:
        return [make() for _ in range(count)]

    def _person_id(self) -> str:
        return self.rng.choice(self.people)["id"]

    def health(self) -> Call:
        return Call("GET", "/health")

    def card(self) -> Call:
        return Call("GET", f"/people/{self._person_id()}/card")

    def lookup(self) -> Call:
        url = self.profile_spelling(*self.rng.choice(self.profiles))
        return Call("GET", "/people/lookup?" + urlencode({"url": url}, quote_via=quote))

    def list_people(self) -> Call:
        offset = self.rng.randrange(max(len(self.people) - 50, 1))
        return Call("GET", f"/people?limit=50&offset={offset}")

    def list_interactions(self) -> Call:
        return Call("GET", f"/interactions?person_id={self._person_id()}")

    def search(self) -> Call:
        return Call("GET", "/search?" + urlencode({"q": self.name_fragment()}, quote_via=quote))

    def write(self) -> Call:
        """One new note, as the extension's quick capture would post it."""
        body = {
            "person_ids": [self._person_id()],
            "kind": self.rng.choice(("note", "comment", "like", "message")),
            "text": "Benchmark note: followed up on the thread about OPC UA migrations "
            f"and promised the checklist (#{self.rng.randrange(10**6)}).",
            "occurred_at": iso(ANCHOR + timedelta(seconds=self.rng.randrange(86400))),
        }
        return Call("POST", "/interactions", orjson.dumps(body), expect=201)

    def name_fragment(self) -> str:
        """The start of a name part, as typed: sometimes without its accents, in any case."""
        part = self.rng.choice(self.rng.choice(self.people)["name"].split())
        fragment = part[: self.rng.randint(3, 6)]
        style = self.rng.random()
        if style < 0.3:
            return anyascii(fragment).lower()
        return fragment.upper() if style < 0.4 else fragment

    def profile_spelling(self, site: str, handle: str) -> str:
        """A non-canonical way to write the profile URL that the daemon must still resolve."""
        mixed = self._mixed_case(handle)
        spellings = {
            "linkedin": (
                f"https://de.linkedin.com/in/{mixed}/",
                f"linkedin.com/in/{handle.upper()}?trk=public_profile_browsemap",
                f"http://m.linkedin.com/in/{mixed}#experience",
            ),
            "x": (
                f"https://twitter.com/{mixed}",
                f"https://mobile.twitter.com/{handle}?s=20",
                f"x.com/{handle.upper()}/",
            ),
            "github": (
                f"https://www.github.com/{mixed}/",
                f"github.com/{handle.upper()}?tab=repositories",
            ),
        }
        if site == "mastodon":
            user, host = handle.lstrip("@").split("@")
            user_mixed = self._mixed_case(user)
            spellings[site] = (f"@{user_mixed}@{host}", f"https://www.{host}/@{user_mixed}/")
        return self.rng.choice(spellings[site])

    def _mixed_case(self, text: str) -> str:
        return "".join(ch.upper() if self.rng.random() < 0.5 else ch for ch in text)
