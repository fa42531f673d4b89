"""Mastodon: profile and post pages on any instance, recognised by the page, not the host.

Test URLs:
    https://mastodon.social/@Gargron
    https://hachyderm.io/@ada/with_replies
    https://hachyderm.io/@ada@mathstodon.xyz
    https://fosstodon.org/@ada/112233445566778899
    https://hachyderm.io/deck/@ada/112233445566778899

Thousands of servers run Mastodon under their own names, so it is recognised by what every
server renders: the web app's `#mastodon` root and `initial-state` script, a `generator` or
`application-name` meta, or a `/@user` path whose OpenGraph data names a `user@host` account.
The URL names the account (`/@ada` on this server, `/@ada@host` for a remote one); the page
is read only where it shows that account: the profile header or the focused post, not the
compose panel (the viewer) or the timeline (boosts, replies).
"""

import re

from rapport.capture.dom import attr, first, meta, text_parts, visible_text
from rapport.capture.model import (
    ENGAGEMENT_TEXT_LIMIT,
    Extracted,
    NothingToCapture,
    Page,
    make_person,
    post_engagement,
)
from rapport.capture.urls import absolute, host_of, is_social, path_segments, profile_record

NAME = "mastodon"
_OG_TITLE = re.compile(r"^(?P<name>.*?)\s*\((?P<acct>@[^()\s]+)\)$")
_INITIAL_STATE_PEEK = 4096
_FIELD_KEYS = {
    "location": ("location", "based in", "where", "city", "lives in", "home"),
    "company": ("work", "works at", "company", "employer", "job"),
    "emails": ("email", "e-mail", "mail", "contact"),
}


def matches(page: Page) -> bool:
    tree = page.tree
    if "mastodon" in (meta(tree, "generator") + meta(tree, "application-name")).lower():
        return True
    if tree.css_first("#mastodon") is not None:
        return True
    state = tree.css_first("script#initial-state")
    if state is not None and "mastodon" in state.text()[:_INITIAL_STATE_PEEK].lower():
        return True
    segments = _segments(page.url)
    return bool(segments) and segments[0].startswith("@") and "@" in meta(tree, "profile:username")


def _segments(url: str) -> list[str]:
    segments = path_segments(url)
    return segments[1:] if segments[:1] == ["deck"] else segments  # the advanced web UI


def extract(page: Page) -> Extracted:
    segments = _segments(page.url)
    if segments and segments[0].startswith("@") and len(segments[0]) > 1:
        account = segments[0][1:]
        is_post = len(segments) >= 2 and segments[1].isdigit()
    elif len(segments) >= 2 and segments[0] == "users":
        account = segments[1]
        is_post = len(segments) >= 4 and segments[2] == "statuses"
    else:
        raise NothingToCapture(
            "This Mastodon page is not a profile or a post: open someone's profile or one of "
            "their posts, then capture again."
        )
    record = _account_record(account, host_of(page.url))
    if record is None:
        raise NothingToCapture("Could not tell whose Mastodon account this page shows.")
    user = record["handle"].split("@")[1]
    return _post(page, record, user) if is_post else _profile(page, record, user)


def _account_record(account: str, host: str) -> dict | None:
    """`ada` is an account on this server; `ada@mathstodon.xyz` one shown from elsewhere."""
    record = profile_record("@" + account if "@" in account else f"@{account}@{host}")
    return record if record and record["site"] == NAME else None


def _acct_user(text: str) -> str:
    """`@ada@hachyderm.io` or `@ada` -> `ada`."""
    return text.strip().lstrip("@").split("@", 1)[0].lower()


def _shown_user(node, selector: str) -> str:
    """The account user named at `selector`, whose `@host` part may sit in a hidden span."""
    return _acct_user("".join(text_parts(node.css_first(selector))))


def _profile(page: Page, record: dict, user: str) -> Extracted:
    header = next(
        (
            node
            for node in page.tree.css(".account__header")[:10]
            if _shown_user(node, ".account__header__tabs__name small") == user
        ),
        None,
    )
    name, bio, fields = "", "", {}
    if header is not None:
        name = visible_text(header.css_first(".account__header__tabs__name h1"), drop="small")
        bio = visible_text(header.css_first(".account__header__content"))
        fields = _fields(header, page.url)
    og = _OG_TITLE.match(meta(page.tree, "og:title"))
    if not name and og and _acct_user(og["acct"]) == user:
        name = og["name"]
    person = make_person(
        name=name,
        headline=bio,
        location=fields.get("location", ""),
        company=fields.get("company", ""),
        emails=fields.get("emails", []),
        profiles=[record["url"], *fields.get("profiles", [])],
    )
    return Extracted(person, None, NAME, "profile")


def _fields(header, page_url: str) -> dict:
    """The profile's metadata table: known labels become person fields, links to other
    networks become profiles."""
    found: dict = {"profiles": [], "emails": []}
    for row in header.css(".account__header__fields dl")[:16]:
        label = visible_text(row.css_first("dt")).lower()
        value = row.css_first("dd")
        for link in value.css("a[href]") if value is not None else []:
            url = absolute(attr(link, "href"), page_url)
            if url.startswith("mailto:"):
                found["emails"].append(url)
            elif is_social(url):
                found["profiles"].append(url)
        text = visible_text(value)
        if label in _FIELD_KEYS["location"]:
            found["location"] = text
        elif label in _FIELD_KEYS["company"]:
            found["company"] = text
        elif label in _FIELD_KEYS["emails"] and "@" in text:
            found["emails"].append(text)
    return found


def _post(page: Page, record: dict, user: str) -> Extracted:
    status = first(page.tree, ".detailed-status")
    name, text = "", ""
    if status is not None:
        if _shown_user(status, ".display-name__account") == user:
            name = visible_text(first(status, ".display-name__html", ".display-name strong"))
        text = visible_text(
            first(status, ".status__content__text", ".status__content"),
            drop=".status__content__spoiler-link",
            limit=ENGAGEMENT_TEXT_LIMIT,
        )
    og = _OG_TITLE.match(meta(page.tree, "og:title"))
    if not name and og and _acct_user(og["acct"]) == user:
        name = og["name"]
    text = text or meta(page.tree, "og:description")
    person = make_person(name=name, profiles=[record["url"]])
    return Extracted(person, post_engagement(page, text), NAME, "post")
