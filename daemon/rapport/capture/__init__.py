"""Page capture: who a profile or post page is about, from the HTML the browser rendered.

The extension posts `{url, title, html, selection}`; `extract(Page(...))` asks each adapter in
`ADAPTERS` whether the page is its kind and lets the first that says yes read it. Site
adapters recognise their site by URL (Mastodon by the page, since it runs on any host); the
generic adapter, last, reads the structured data any site may carry.
"""

from rapport.capture import generic, github, linkedin, mastodon, x
from rapport.capture.model import Extracted, NothingToCapture, Page

__all__ = ["ADAPTERS", "Extracted", "NothingToCapture", "Page", "extract"]

ADAPTERS = (linkedin, x, github, mastodon, generic)


def extract(page: Page) -> Extracted:
    """The person the page is about; raises NothingToCapture, with a message for the user,
    when the page names nobody we can save."""
    for adapter in ADAPTERS:
        if adapter.matches(page):
            found = adapter.extract(page)
            if not found.person.get("name") and not found.person.get("profiles"):
                raise NothingToCapture("This page shows no name or profile link to save.")
            return found
    raise NothingToCapture(
        "This page does not say who it is about: open a profile or a post on LinkedIn, X, "
        "GitHub or Mastodon, or a page with a schema.org Person, h-card or OpenGraph profile."
    )
