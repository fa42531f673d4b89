"""Which known person a meeting attendee is, and which company an email address suggests.

An email is proof; a name is only evidence, so a name match must be near-certain and clearly
ahead of the runner-up: linking the wrong person to a meeting card is worse than linking none.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

NAME_THRESHOLD = 90  # token_sort_ratio: "Ada Lovelace" vs "Ada Lovelance" scores 96
NAME_MARGIN = 8  # the best name must beat the second best by this much, or it is a guess
FREE_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "yahoo.com", "ymail.com", "rocketmail.com", "icloud.com", "me.com", "mac.com",
    "proton.me", "protonmail.com", "protonmail.ch", "pm.me", "aol.com", "gmx.com", "gmx.net",
    "web.de", "mail.com", "zoho.com", "fastmail.com", "fastmail.fm", "hey.com", "tutanota.com",
    "tuta.io", "yandex.com", "yandex.ru", "mail.ru", "qq.com", "163.com", "126.com",
    "duck.com", "hushmail.com", "privaterelay.appleid.com", "posteo.de", "mailbox.org",
})  # fmt: skip
# Free-mail brands with a domain per country: hotmail.fr, yahoo.co.uk, gmx.de, ...
FREE_MAIL_BRANDS = frozenset({"gmail", "hotmail", "outlook", "live", "yahoo", "gmx", "yandex"})
# The label before a country code that is a registry's, not the company's: acme.co.uk, acme.com.au
SECOND_LEVEL_LABELS = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ltd", "plc"})
_NOT_A_LETTER_OR_DIGIT = re.compile(r"[\W_]+")
_DOMAIN_LABEL = re.compile(r"[^\W_]([\w-]*[^\W_])?")


# What of a person matching reads: a scan of everyone decodes just these.
PERSON_FIELDS = ("name", "emails")


@dataclass(frozen=True)
class PersonRef:
    id: str
    name: str
    emails: tuple[str, ...] = ()

    @classmethod
    def from_record(cls, person: dict) -> "PersonRef":
        return cls(person["id"], person.get("name") or "", tuple(person.get("emails") or ()))


@dataclass(frozen=True)
class Match:
    person_id: str
    match: str  # "email" | "name"
    score: int


class AttendeeMatcher:
    """Build once per import: it indexes the emails and normalizes every name one time."""

    def __init__(self, candidates: Iterable[PersonRef]):
        self._by_email: dict[str, str] = {}
        self._ids: list[str] = []
        self._names: list[str] = []
        seen: set[str] = set()
        for person in candidates:
            if person.id in seen:
                continue  # listed twice, it would be its own runner-up
            seen.add(person.id)
            for email in filter(None, (email.strip().lower() for email in person.emails)):
                self._by_email.setdefault(email, person.id)
            name = normalize_name(person.name)
            if name:
                self._ids.append(person.id)
                self._names.append(name)

    def match(self, attendee: dict) -> Match | None:
        email = (attendee.get("email") or "").strip().lower()
        if email and email in self._by_email:
            return Match(self._by_email[email], "email", 100)
        name = normalize_name(attendee.get("name") or "")
        if not name:
            return None
        # Below the cutoff a runner-up cannot spoil the margin, so it need not be scored exactly.
        best = process.extract(
            name,
            self._names,
            scorer=fuzz.token_sort_ratio,
            limit=2,
            score_cutoff=NAME_THRESHOLD - NAME_MARGIN,
        )
        if not best or best[0][1] < NAME_THRESHOLD:
            return None
        _, score, index = best[0]
        if len(best) > 1 and score - best[1][1] < NAME_MARGIN:
            return None
        return Match(self._ids[index], "name", round(score))


def match_attendee(attendee: dict, candidates: Iterable[PersonRef]) -> Match | None:
    """One-off match; for many attendees build one `AttendeeMatcher` and reuse it."""
    return AttendeeMatcher(candidates).match(attendee)


def normalize_name(name: str) -> str:
    """`Lovelace, Adá` -> `lovelace ada`: no accents, case or punctuation to tell names apart."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_A_LETTER_OR_DIGIT.sub(" ", letters.casefold()).strip()


def suggest_company(email: str) -> str | None:
    """`ada@eng.acme.co.uk` -> `Acme`; None for free-mail and anything that is no address."""
    _, at, domain = (email or "").strip().lower().rpartition("@")
    labels = domain.split(".")
    if not at or len(labels) < 2 or domain in FREE_MAIL_DOMAINS:
        return None
    if not all(_DOMAIN_LABEL.fullmatch(label) for label in labels) or labels[-1].isdigit():
        return None  # not a host name, or an IP address
    top_level = labels.pop()
    if len(labels) >= 2 and len(top_level) == 2 and labels[-1] in SECOND_LEVEL_LABELS:
        labels.pop()
    company = labels[-1]
    if company in FREE_MAIL_BRANDS:
        return None
    return " ".join(part.capitalize() for part in company.split("-") if part)
