"""LinkedIn: profile pages, logged in or public, and post pages (the author is the person).

Test URLs:
    https://www.linkedin.com/in/ada-lovelace/
    https://de.linkedin.com/in/Ada-Lovelace?trk=people-guest_people_search-card
    https://www.linkedin.com/posts/ada-lovelace_poetical-science-activity-7212345678901234567-AbCd
    https://www.linkedin.com/feed/update/urn:li:activity:7212345678901234567/

A logged-in page also names the viewer (the "Me" menu, `<code>` blocks holding the session's
JSON) and many others (People also viewed, comments, reactions): only the profile's top card,
its JSON-LD, or the post's own actor is read. Public pages also carry schema.org JSON-LD, which
fills what the card lacks and survives LinkedIn's redesigns.
"""

import re

from rapport.capture.dom import ancestor, attr, document_title, first, visible_text
from rapport.capture.model import (
    ENGAGEMENT_TEXT_LIMIT,
    Extracted,
    NothingToCapture,
    Page,
    make_person,
    post_engagement,
)
from rapport.capture.schema import (
    json_ld_nodes,
    only_person,
    page_person,
    person_fields,
    posting,
)
from rapport.capture.urls import absolute, on_site, path_segments, profile_record, same_profile

NAME = "linkedin"
_TITLE = re.compile(r"^(?:\(\d+\+?\)\s*)?(?P<name>.+?)(?:\s+[-\u2013]\s+.*)?\s*\|\s*LinkedIn$")
_CURRENT_COMPANY = re.compile(r"Current company:\s*(?P<company>.+?)\.?\s*(?:Click to skip.*)?$")
_UPDATE_URN = re.compile(
    r"urn:li:(?P<kind>activity|share|ugcPost):(?P<id>\d+)|activity-(?P<slug>\d+)"
)
_ORGANIZATION_PATHS = ("/company/", "/showcase/", "/school/")


def matches(page: Page) -> bool:
    return on_site(page.url, "linkedin.com")


def extract(page: Page) -> Extracted:
    segments = [segment.lower() for segment in path_segments(page.url)]
    if len(segments) >= 2 and segments[0] in ("in", "pub"):
        return _profile(page, top_level=len(segments) == 2)
    if segments[:1] in (["posts"], ["pulse"]) or segments[:2] == ["feed", "update"]:
        return _post(page)
    raise NothingToCapture(
        "This LinkedIn page is not a profile or a post: open someone's profile or one of "
        "their posts, then capture again."
    )


def _profile(page: Page, top_level: bool) -> Extracted:
    """Sub-pages (`/details/experience/`, `/recent-activity/`) show other headings, so only the
    profile's own page is read beyond its URL."""
    fields: dict = {}
    nodes = json_ld_nodes(page.tree)
    person = page_person(nodes, lambda url: same_profile(url, page.url)) or only_person(nodes)
    if person:
        fields = person_fields(person, nodes)
    if top_level:  # the rendered card is what the user sees; JSON-LD fills its gaps
        fields |= {key: value for key, value in _top_card(page).items() if value}
        title = _TITLE.match(document_title(page.tree, page.title))
        if title and not fields.get("name"):
            fields["name"] = title["name"]
    fields["profiles"] = [page.url, *fields.get("profiles", [])]
    return Extracted(make_person(**fields), None, NAME, "profile")


def _top_card(page: Page) -> dict:
    """The card at the top of `main`: the first visible `<h1>` there names the profile owner."""
    main = first(page.tree, "main", "body")
    heading = next(
        (
            h1
            for h1 in (main.css("h1")[:20] if main else [])
            if "visually-hidden" not in attr(h1, "class") and visible_text(h1)
        ),
        None,
    )
    if heading is None:
        return {}
    card = ancestor(heading, lambda node: node.tag == "section") or heading.parent
    if not _card_is_this_profile(card, page.url):
        return {}
    return {
        "name": visible_text(heading, drop=".visually-hidden"),
        "headline": visible_text(
            first(card, "div.text-body-medium", ".top-card-layout__headline"),
            drop=".visually-hidden",
        ),
        "location": visible_text(
            first(
                card,
                "span.text-body-small.inline.t-black--light.break-words",
                ".top-card-layout__first-subline .not-first-middot span",
                ".top-card__subline-item",
            )
        ),
        "company": _current_company(card),
    }


def _card_is_this_profile(card, url: str) -> bool:
    """LinkedIn swaps pages without reloading: a card whose own links (`/in/x/overlay/...`)
    name another member is the previous profile, still on screen."""
    own_links = [
        absolute(attr(link, "href"), url) for link in card.css('a[href*="/overlay/"]')[:10]
    ]
    return not own_links or any(same_profile(link, url) for link in own_links)


def _current_company(card) -> str:
    label = attr(card.css_first('button[aria-label^="Current company"]'), "aria-label")
    found = _CURRENT_COMPANY.match(label)
    if found:
        return found["company"]
    return visible_text(
        card.css_first('[data-section="currentPositionsDetails"] .top-card-link__description')
    )


def _post(page: Page) -> Extracted:
    nodes = json_ld_nodes(page.tree)
    found = posting(nodes)
    if found:
        author, text, _ = found
        person = make_person(**person_fields(author, nodes))
        if person.get("profiles"):
            return Extracted(person, post_engagement(page, text), NAME, "post")
    update = _focal_update(page)
    if update is None:
        return _post_from_url(page)
    actor = first(
        update,
        "a.update-components-actor__meta-link",
        ".update-components-actor__container a[href]",
        "a.update-components-actor__image[href]",
    )
    href = absolute(attr(actor, "href"), page.url)
    if any(path in href for path in _ORGANIZATION_PATHS):
        raise NothingToCapture("This post is by a LinkedIn page, not a person.")
    record = profile_record(href)
    if not record or record["site"] != NAME:
        raise NothingToCapture("Could not tell who wrote this LinkedIn post.")
    name = visible_text(
        first(
            update,
            '.update-components-actor__title span[aria-hidden="true"]',
            ".update-components-actor__name",
            ".update-components-actor__title",
        ),
        drop=".visually-hidden",
    )
    headline = visible_text(
        first(
            update,
            '.update-components-actor__description span[aria-hidden="true"]',
            ".update-components-actor__description",
        ),
        drop=".visually-hidden",
    )
    text = visible_text(
        first(
            update,
            ".update-components-update-v2__commentary",
            ".feed-shared-inline-show-more-text",
            ".update-components-text",
        ),
        drop=".visually-hidden",
        limit=ENGAGEMENT_TEXT_LIMIT,
    )
    person = make_person(name=name, headline=headline, profiles=[record["url"]])
    return Extracted(person, post_engagement(page, text), NAME, "post")


def _post_from_url(page: Page) -> Extracted:
    """`/posts/ada-lovelace_some-words-activity-…`: the author's handle leads the slug (LinkedIn
    handles never contain `_`), which is enough when the page itself has not loaded."""
    segments = path_segments(page.url)
    if segments[:1] == ["posts"] and len(segments) > 1 and "_" in segments[1]:
        handle = segments[1].split("_", 1)[0]
        person = make_person(profiles=[f"https://www.linkedin.com/in/{handle}"])
        if person:
            return Extracted(person, post_engagement(page, ""), NAME, "post")
    raise NothingToCapture(
        "The post has not loaded on this LinkedIn page yet: wait for it, then capture again."
    )


def _focal_update(page: Page):
    """The update the URL names; a single-post page may also show related or reshared ones."""
    main = first(page.tree, "main", "body")
    if main is None:
        return None
    found = _UPDATE_URN.search("/".join(path_segments(page.url)))
    if found:
        urn = f"urn:li:{found['kind'] or 'activity'}:{found['id'] or found['slug']}"
        update = first(main, f'[data-urn="{urn}"]', f'[data-id="{urn}"]')
        if update is not None:
            return update
    return first(main, "div.feed-shared-update-v2", '[data-urn^="urn:li:activity:"]')
