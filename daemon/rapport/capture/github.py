"""GitHub: user profile pages, and issue, pull request and discussion pages (their opener).

Test URLs:
    https://github.com/octocat
    https://github.com/torvalds?tab=repositories
    https://github.com/cli/cli/issues/10000
    https://github.com/python/cpython/pull/120000
    https://github.com/orgs/community/discussions/12345
    https://github.com/vercel/next.js/discussions/50000

The profile's left column is a schema.org Person (`itemprop` name/additionalName) with h-card
classes (`p-note`, `p-org`, `p-label`, `u-email`); the header names the viewer, so only that
column is read. On a thread the person is whoever opened it: the first author link in the
header or the opening comment, never a later commenter.
"""

import re

from rapport.capture.dom import attr, document_title, first, visible_text
from rapport.capture.model import Extracted, NothingToCapture, Page, make_person, post_engagement
from rapport.capture.urls import absolute, is_social, on_site, path_segments, profile_record

NAME = "github"
_THREADS = ("issues", "pull", "discussions")
_OPENER_LINKS = (
    '[data-testid="issue-viewer-issue-container"] a[data-testid="issue-body-header-author"]',
    'a[data-testid="issue-body-header-author"]',
    ".gh-header-meta a.author",
    '.gh-header-meta a[data-hovercard-type="user"]',
    ".js-discussion a.author",
    ".timeline-comment-header a.author",
)
_THREAD_TITLES = (
    'bdi[data-testid="issue-title"]',
    '[data-testid="issue-title"]',
    ".gh-header-title .js-issue-title",
    ".gh-header-title bdi",
    "h1.gh-header-title",
)
# "Fix it · Issue #42 · owner/repo", "Fix it by ada · Pull Request #7 · owner/repo",
# "Fix it · owner · Discussion #12"
_TITLE = re.compile(
    r"^(?P<title>.+?)(?:\s+by\s+[\w-]+)?\s+·\s+(?:[\w.-]+(?:/[\w.-]+)?\s+·\s+)?"
    r"(?:Issue|Pull Request|Discussion) #\d+"
)
_PROFILE_TITLE = re.compile(r"^(?P<login>[\w-]+) \((?P<name>.+)\)(?: · GitHub)?$")


def matches(page: Page) -> bool:
    return on_site(page.url, "github.com")


def extract(page: Page) -> Extracted:
    segments = path_segments(page.url)
    # /owner/repo/issues/42, /owner/repo/pull/7, /orgs/org/discussions/12
    if len(segments) >= 4 and segments[2] in _THREADS and segments[3].isdigit():
        return _thread(page, "https://github.com/" + "/".join(segments[:4]))
    record = profile_record(page.url)
    if len(segments) == 1 and record and record["site"] == NAME:
        return _profile(page, record)
    raise NothingToCapture(
        "This GitHub page is not a person's profile, an issue, a pull request or a discussion."
    )


def _profile(page: Page, record: dict) -> Extracted:
    tree = page.tree
    card = first(
        tree, '[itemtype$="schema.org/Person"]', ".h-card.vcard", ".js-profile-editable-replace"
    )
    login = visible_text(first(card, '[itemprop="additionalName"]', ".p-nickname")) if card else ""
    if card is None or login.lower() != record["handle"]:  # not rendered yet, or a stale page
        if tree.css_first('[itemtype$="schema.org/Organization"]') is not None:
            raise NothingToCapture("This is a GitHub organization, not a person.")
        title = _PROFILE_TITLE.match(document_title(tree, page.title))
        name = title["name"] if title and title["login"].lower() == record["handle"] else ""
        return Extracted(make_person(name=name, profiles=[record["url"]]), None, NAME, "profile")
    bio = first(card, ".p-note")
    links = [
        absolute(attr(a, "href"), page.url) for a in card.css('a[rel~="me"], [itemprop="social"] a')
    ]
    person = make_person(
        name=visible_text(first(card, '[itemprop="name"]', ".p-name")),
        headline=attr(bio, "data-bio-text") or visible_text(bio),
        company=visible_text(first(card, ".p-org", '[itemprop="worksFor"]')),
        location=visible_text(first(card, ".p-label", '[itemprop="homeLocation"]')),
        emails=[attr(a, "href") for a in card.css('a.u-email, [itemprop="email"] a')],
        profiles=[record["url"], *(url for url in links if is_social(url))],
    )
    return Extracted(person, None, NAME, "profile")


def _thread(page: Page, thread_url: str) -> Extracted:
    """`thread_url` is the thread itself, without a tab (`/files`) or a comment anchor."""
    tree = page.tree
    link = first(tree, *_OPENER_LINKS)
    href = absolute(attr(link, "href"), page.url)
    login = (path_segments(href) or [""])[0]
    if link is None or not login:
        raise NothingToCapture(
            "Could not find who opened this thread: wait for the page to load, then capture again."
        )
    if login.endswith("[bot]") or login == "apps":
        raise NothingToCapture("This thread was opened by a bot, not a person.")
    record = profile_record(f"https://github.com/{login}")
    if not record or record["site"] != NAME:
        raise NothingToCapture("Could not tell who opened this thread.")
    title = visible_text(first(tree, *_THREAD_TITLES))
    if not title:
        found = _TITLE.match(document_title(tree, page.title))
        title = found["title"] if found else ""
    return Extracted(
        make_person(profiles=[record["url"]]),
        post_engagement(page, title, thread_url),
        NAME,
        "post",
    )
