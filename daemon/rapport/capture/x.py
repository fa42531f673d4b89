"""X (Twitter): profile pages and post pages as the web app renders them.

Test URLs:
    https://x.com/ada_lovelace
    https://twitter.com/Ada_Lovelace/with_replies
    https://x.com/ada_lovelace/status/1790000000000000000
    https://mobile.twitter.com/ada_lovelace/status/1790000000000000000?s=20

The app marks its parts with `data-testid`: the profile header (`UserName`, `UserDescription`,
`UserLocation`, `UserUrl`) and each post (`article[data-testid=tweet]` with `User-Name` and
`tweetText`). The side navigation names the viewer and "Who to follow" names strangers, so
only `primaryColumn` is read; on a post page the post is the article whose timestamp links to
the URL's status id, not a parent in the thread above it or a reply below.
"""

import re

from rapport.capture.dom import ancestor, attr, document_title, first, text_parts, visible_text
from rapport.capture.model import (
    ENGAGEMENT_TEXT_LIMIT,
    Extracted,
    NothingToCapture,
    Page,
    make_person,
    post_engagement,
)
from rapport.capture.urls import is_social, on_site, path_segments, profile_record

NAME = "x"
_PROFILE_TABS = {
    "with_replies", "media", "likes", "highlights", "articles", "followers", "following",
    "verified_followers", "photo", "header_photo",
}  # fmt: skip
_PROFILE_TITLE = re.compile(
    r"^(?:\(\d+\+?\)\s*)?(?P<name>.*?)\s*\(@(?P<handle>\w+)\)\s*/\s*(?:X|Twitter)$"
)
_POST_TITLE = re.compile(
    r"^(?:\(\d+\+?\)\s*)?(?P<name>.*?) on (?:X|Twitter): "
    r'[“"](?P<text>.*)[”"]\s*/\s*(?:X|Twitter)$'
)


def matches(page: Page) -> bool:
    return on_site(page.url, "x.com", "twitter.com")


def extract(page: Page) -> Extracted:
    segments = path_segments(page.url)
    if len(segments) >= 3 and segments[1] == "status" and segments[2].isdigit():
        return _post(page, segments[0], segments[2])
    record = profile_record(page.url)
    if record and record["site"] == NAME and (len(segments) == 1 or segments[1] in _PROFILE_TABS):
        return _profile(page, record)
    raise NothingToCapture(
        "This X page is not a profile or a post: open someone's profile or one of their posts, "
        "then capture again."
    )


def _column(page: Page):
    return first(page.tree, '[data-testid="primaryColumn"]', "main", "body")


def _profile(page: Page, record: dict) -> Extracted:
    column = _column(page)
    header = column.css_first('[data-testid="UserName"]') if column else None
    name, handle = _name_and_handle(header)
    fields: dict = {}
    if column is not None and handle.lower() == record["handle"]:  # else a stale render
        website = visible_text(column.css_first('[data-testid="UserUrl"]'))
        fields = {
            "name": name,
            "headline": visible_text(column.css_first('[data-testid="UserDescription"]')),
            "location": visible_text(column.css_first('[data-testid="UserLocation"]')),
            "profiles": [website] if is_social(website) else [],
        }
    title = _PROFILE_TITLE.match(document_title(page.tree, page.title))
    if not fields.get("name") and title and title["handle"].lower() == record["handle"]:
        fields["name"] = title["name"]
    fields["profiles"] = [record["url"], *fields.get("profiles", [])]
    return Extracted(make_person(**fields), None, NAME, "profile")


def _post(page: Page, url_handle: str, status_id: str) -> Extracted:
    column = _column(page)
    tweet = None
    if column is not None:
        tweet = next(
            (
                article
                for article in column.css('article[data-testid="tweet"]')[:200]
                if article.css_first(f'a[href$="/status/{status_id}"] time') is not None
            ),
            None,
        )
    name, handle, text = "", "", ""
    if tweet is not None:
        name, handle = _name_and_handle(tweet.css_first('[data-testid="User-Name"]'))
        text = visible_text(_own_text(tweet), limit=ENGAGEMENT_TEXT_LIMIT)
    else:
        title = _POST_TITLE.match(document_title(page.tree, page.title))
        if title:
            name, text = title["name"], title["text"]
    record = profile_record(f"https://x.com/{handle or url_handle}")
    if not record or record["site"] != NAME:
        raise NothingToCapture("Could not tell who wrote this post: wait for it to load.")
    person = make_person(name=name, profiles=[record["url"]])
    return Extracted(person, post_engagement(page, text), NAME, "post")


def _own_text(tweet):
    """The post's own text, not that of a post it quotes (a card with `role=link` inside it)."""
    for node in tweet.css('[data-testid="tweetText"]')[:5]:
        container = ancestor(
            node, lambda above: above.tag == "article" or attr(above, "role") == "link"
        )
        if container is None or container.tag == "article":
            return node
    return None


def _name_and_handle(node) -> tuple[str, str]:
    """`UserName`/`User-Name` hold the display name's pieces, then `@handle`, then extras."""
    parts = text_parts(node)
    at = next((i for i, part in enumerate(parts) if part.startswith("@")), None)
    if at is None:
        return "", ""
    return " ".join(parts[:at]), parts[at][1:]
