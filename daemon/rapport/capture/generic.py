"""Any other page that says who it is about: schema.org JSON-LD, microformats, OpenGraph.

Test URLs:
    https://tantek.com/
    https://aaronparecki.com/2024/05/13/1/engines
    https://dev.to/ada_lovelace
    https://sessionize.com/ada-lovelace/
    https://ada.example/about/
    https://blog.example.com/2024/05/13/why-engines-compose-music/

Tried in order, most specific first:
1. JSON-LD: the subject of a ProfilePage, or the Person whose URL is this page (profile);
   the Person who wrote the page's posting (post); the page's only Person (profile).
2. Microformats (mf2py): the representative h-card, whose URL is this page or one of its
   `rel=me` links (profile); the author of the page's only h-entry (post).
3. OpenGraph `og:type=profile` (profile).
A page that mentions people without saying which one it is about gives nobody rather than a
guess: the friends in a blog's sidebar are not its author.
"""

from rapport.capture.dom import ancestor, attr, bounded_html, document_title, has_class, meta
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
    profile_page_subject,
)
from rapport.capture.text import clip
from rapport.capture.urls import absolute, bare_url, is_social, same_profile

NAME = "generic"
# mf2py runs html5lib, pure Python and recursive: it gets only the microformat roots, at most
# this much and this deep (nested h-cards 500 deep exhaust Python's recursion limit).
MICROFORMATS_HTML_LIMIT = 200_000
MICROFORMATS_DEPTH = 150
_ROOT_CLASSES = ("h-card", "h-entry", "h-feed", "vcard", "hentry", "hfeed")
_ROOTS = ", ".join("." + name for name in _ROOT_CLASSES)
_SITE_SEPARATORS = (" | ", " - ", " \u2013 ", " \u2014 ", " · ", " on ")


def matches(page: Page) -> bool:
    tree = page.tree
    return (
        tree.css_first(f'script[type="application/ld+json"], {_ROOTS}') is not None
        or meta(tree, "og:type").lower() == "profile"
    )


def extract(page: Page) -> Extracted:
    found = _from_json_ld(page) or _from_microformats(page) or _from_open_graph(page)
    if found is None:
        raise NothingToCapture(
            "This page does not say whose it is: it has no schema.org Person, h-card or "
            "OpenGraph profile for one person."
        )
    return found


def _from_json_ld(page: Page) -> Extracted | None:
    nodes = json_ld_nodes(page.tree)
    if not nodes:
        return None
    subject = profile_page_subject(nodes) or page_person(
        nodes, lambda url: same_profile(absolute(url, page.url), page.url)
    )
    if subject is None:
        found = posting(nodes)
        if found:
            author, text, url = found
            person = _person(person_fields(author, nodes), page)
            if person:
                return Extracted(person, post_engagement(page, text, url), NAME, "post")
        subject = only_person(nodes)
    if subject is None:
        return None
    person = _person(person_fields(subject, nodes), page, this_page_too=True)
    return Extracted(person, None, NAME, "profile") if person else None


def _person(fields: dict, page: Page, this_page_too: bool = False) -> dict:
    """`make_person` with relative links resolved; a profile page is itself a profile URL."""
    urls = [absolute(url, page.url) for url in fields.get("profiles", [])]
    fields["profiles"] = [page.url, *urls] if this_page_too else urls
    person = make_person(**fields)
    if this_page_too:  # the page's own URL alone is no sign of a person
        return person if person.get("name") else {}
    return person if person.get("name") or person.get("profiles") else {}


def _from_microformats(page: Page) -> Extracted | None:
    items = _microformats(page)
    if not items:
        return None
    rel_me = [
        absolute(attr(link, "href"), page.url)
        for link in page.tree.css('a[rel~="me"][href], link[rel~="me"][href]')[:50]
    ]
    card = _representative_card(items, page.url, rel_me)
    if card is not None:
        fields = _card_fields(card)
        fields["profiles"] += [url for url in rel_me if is_social(url)]
        person = _person(fields, page, this_page_too=True)
        return Extracted(person, None, NAME, "profile") if person else None
    entries = [item for item in items if "h-entry" in item.get("type", [])]
    if len(entries) != 1:
        return None
    props = entries[0].get("properties", {})
    author = (props.get("author") or [None])[0]
    if isinstance(author, dict):
        fields = _card_fields(author)
    elif isinstance(author, str) and author.startswith(("http://", "https://", "/")):
        fields = {"profiles": [author]}
    else:
        fields = {"name": author or ""}
    person = _person(fields, page)
    if not person:
        return None
    text = _value(props, "name") or _value(props, "summary") or _value(props, "content")
    url = _value(props, "url")
    return Extracted(person, post_engagement(page, text, url), NAME, "post")


def _microformats(page: Page) -> list[dict]:
    """Top-level mf2 items, parsed from the microformat roots only (bounded work)."""
    roots = [
        node
        for node in page.tree.css(_ROOTS)[:200]
        if ancestor(node, lambda above: has_class(above, *_ROOT_CLASSES)) is None
    ]
    markup = ""
    for node in roots:  # a root past the limit is cut: its start still parses
        markup += (node.html or "")[: MICROFORMATS_HTML_LIMIT - len(markup)]
        if len(markup) >= MICROFORMATS_HTML_LIMIT:
            break
    if not markup:
        return []
    import mf2py  # imported on first use: it and its parsers add 0.13 s to the daemon's start

    # A document is always passed: given only a URL, mf2py would fetch it over the network.
    doc = bounded_html(f"<html><body>{markup}</body></html>", MICROFORMATS_DEPTH)
    parsed = mf2py.parse(doc=doc, url=bare_url(page.url) or None)
    return [item for item in parsed.get("items", []) if isinstance(item, dict)]


def _representative_card(items: list[dict], page_url: str, rel_me: list[str]) -> dict | None:
    """The h-card whose URL is this page, else the one whose URL is a `rel=me` link here."""
    cards = [item for item in items if "h-card" in item.get("type", [])]
    for candidates in ([page_url], rel_me):
        for card in cards:
            props = card.get("properties", {})
            urls = _values(props, "url") + _values(props, "uid")
            if any(same_profile(url, other) for url in urls for other in candidates):
                return card
    return None


def _card_fields(card: dict) -> dict:
    props = card.get("properties", {})
    address = next((a for a in props.get("adr", []) if isinstance(a, dict)), {})
    place = {**address.get("properties", {}), **props}
    location = ", ".join(
        value for key in ("locality", "region", "country-name") if (value := _value(place, key))
    )
    urls = _values(props, "url")
    return {
        "name": _value(props, "name"),
        "headline": _value(props, "note"),
        "title": _value(props, "job-title") or _value(props, "role"),
        "company": _value(props, "org"),
        "location": location or _value(props, "label") or _value(address, "value"),
        "emails": _values(props, "email"),
        # Its first URL even if a home page; further ones only when they are network profiles.
        "profiles": urls[:1] + [url for url in urls[1:] if is_social(url)],
        "interests": [value for value in props.get("category", []) if isinstance(value, str)],
    }


def _values(props: dict, key: str) -> list[str]:
    """mf2 values as text: plain strings, or the `value` of embedded items and e-* properties."""
    values = props.get(key, [])
    found = []
    for value in values[:50] if isinstance(values, list) else [values]:
        if isinstance(value, dict):
            value = value.get("value")
        if isinstance(value, str) and value.strip():
            found.append(value.strip())
    return found


def _value(props: dict, key: str) -> str:
    found = _values(props, key)
    return clip(found[0], ENGAGEMENT_TEXT_LIMIT) if found else ""


def _from_open_graph(page: Page) -> Extracted | None:
    tree = page.tree
    if meta(tree, "og:type").lower() != "profile":
        return None
    name = " ".join(
        part for part in (meta(tree, "profile:first_name"), meta(tree, "profile:last_name")) if part
    )
    if not name:
        name = _without_site(
            meta(tree, "og:title") or document_title(tree, page.title), meta(tree, "og:site_name")
        )
    url = absolute(meta(tree, "og:url"), page.url) or page.url
    person = make_person(name=name, headline=meta(tree, "og:description"), profiles=[url])
    return Extracted(person, None, NAME, "profile") if person.get("name") else None


def _without_site(title: str, site: str) -> str:
    """`Ada Lovelace | Example Forum` -> `Ada Lovelace` when the site is "Example Forum"."""
    for separator in _SITE_SEPARATORS:
        if site and title.lower().endswith((separator + site).lower()):
            return title[: -len(separator + site)]
    return title
