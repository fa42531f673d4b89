"""What every adapter takes (a Page) and gives back (Extracted), in the contract's shapes."""

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cached_property

from selectolax.lexbor import LexborHTMLParser

from rapport.capture.dom import parse
from rapport.capture.text import NAME_LIMIT, clean_line, clean_name, clip, collapse
from rapport.capture.urls import bare_url, profile_record

ENGAGEMENT_TEXT_LIMIT = 5000
MAX_PROFILES = 10
MAX_EMAILS = 10
MAX_INTERESTS = 20
_EMAIL = re.compile(r"^[^@\s<>\"]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,}$")


class NothingToCapture(ValueError):
    """The page names nobody to save; the message tells the user why, in plain words."""


@dataclass
class Page:
    """What the extension posts: the tab's URL and title, rendered HTML and text selection."""

    url: str
    title: str = ""
    html: str = ""
    selection: str = ""

    def __post_init__(self):
        for name in ("url", "title", "html", "selection"):
            if not isinstance(getattr(self, name), str):
                setattr(self, name, "")

    @cached_property
    def tree(self) -> LexborHTMLParser:
        """Parsed once, shared by every adapter's `matches` and `extract`."""
        return parse(self.html)


@dataclass
class Extracted:
    """Who the page is about; for a post page also the engagement to log."""

    person: dict
    engagement: dict | None = None
    adapter: str = ""
    page_kind: str = "unknown"  # profile | post | unknown

    def as_record(self) -> dict:
        return asdict(self)


def make_person(
    name: str = "",
    headline: str = "",
    company: str = "",
    title: str = "",
    location: str = "",
    emails: Iterable[str] = (),
    profiles: Iterable[str] = (),
    interests: Iterable[str] = (),
) -> dict:
    """A contract person with clean values; empty fields are left out, not sent as ""."""
    person = {
        "name": clean_name(name),
        "headline": clean_line(headline),
        "company": clean_line(company, NAME_LIMIT).lstrip("@"),
        "title": clean_line(title, NAME_LIMIT),
        "location": clean_line(location, NAME_LIMIT),
        "emails": _emails(emails),
        "profiles": _profiles(profiles),
        "interests": _unique(clean_line(i, 100) for i in interests)[:MAX_INTERESTS],
    }
    return {key: value for key, value in person.items() if value}


def _emails(raw: Iterable[str]) -> list[str]:
    found = []
    for text in raw:
        email = collapse(text).removeprefix("mailto:").split("?", 1)[0].strip()
        if _EMAIL.match(email):
            local, domain = email.rsplit("@", 1)
            found.append(f"{local}@{domain.lower()}")
    return _unique(found)[:MAX_EMAILS]


def _profiles(urls: Iterable[str]) -> list[dict]:
    records, keys = [], set()
    for url in urls:
        record = profile_record(url)
        if record and (record["site"], record["handle"]) not in keys:
            keys.add((record["site"], record["handle"]))
            records.append(record)
    return records[:MAX_PROFILES]


def _unique(values: Iterable[str]) -> list[str]:
    seen, result = set(), []
    for value in values:
        if value and value.lower() not in seen:
            seen.add(value.lower())
            result.append(value)
    return result


def post_engagement(page: Page, post_text: str, post_url: str = "") -> dict:
    """The engagement for a post page: the user's selection if any, else the post's text.

    `kind` is "comment": clicking the extension on a post usually follows replying to it;
    the popup lets the user change it before saving.
    """
    text = collapse(page.selection) or collapse(post_text)
    return {
        "kind": "comment",
        "text": clip(text, ENGAGEMENT_TEXT_LIMIT),
        "url": bare_url(post_url, page.url) or bare_url(page.url),
    }
