"""schema.org JSON-LD: the Person a page is about, and the author of a posting.

Used by the LinkedIn adapter (public profile and post pages carry JSON-LD) and the generic one.
Values in the wild come as strings, lists, nested objects or `@id` references; every reader
here accepts all of them and ignores the rest.
"""

import json
from collections.abc import Callable, Iterator

from selectolax.lexbor import LexborHTMLParser

from rapport.capture.urls import is_social

MAX_SCRIPTS = 32
MAX_JSON_CHARS = 1_000_000
MAX_NODES = 500
POSTING_TYPES = (
    "SocialMediaPosting", "DiscussionForumPosting", "BlogPosting", "Article", "NewsArticle",
    "TechArticle", "LiveBlogPosting", "Report", "ScholarlyArticle",
)  # fmt: skip
# Social posts are remembered by what they say, articles by their headline.
_BODY_FIRST = ("SocialMediaPosting", "DiscussionForumPosting")


def json_ld_nodes(tree: LexborHTMLParser) -> list[dict]:
    """Top-level JSON-LD objects of the page, `@graph` members included; broken scripts skipped."""
    nodes: list[dict] = []
    for script in tree.css('script[type="application/ld+json"]')[:MAX_SCRIPTS]:
        text = script.text()
        if len(text) > MAX_JSON_CHARS:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        nodes.extend(_top_level(data))
    return nodes[:MAX_NODES]


def _top_level(data) -> Iterator[dict]:
    for item in data if isinstance(data, list) else [data]:
        if not isinstance(item, dict):
            continue
        graph = item.get("@graph")
        if isinstance(graph, list):
            yield from (node for node in graph if isinstance(node, dict))
        if "@type" in item:
            yield item


def has_type(node, *names: str) -> bool:
    """`@type` as "Person", ["Person"], "schema:Person" or "http://schema.org/Person"."""
    if not isinstance(node, dict):
        return False
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    short = {str(t).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in types if t}
    return any(name in short for name in names)


def texts(value) -> list[str]:
    """Every string in a value: a string, a `{name}`/`{@value}` object, or a list of those."""
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items[:50]:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, int | float) and not isinstance(item, bool):
            found.append(str(item))
        elif isinstance(item, dict):
            inner = item.get("name") or item.get("@value")
            if isinstance(inner, str):
                found.append(inner)
    return [text for text in found if text.strip()]


def text(value) -> str:
    found = texts(value)
    return found[0] if found else ""


def links(value) -> list[str]:
    """URLs in a value: strings, or objects carrying `url` or `@id`."""
    found = []
    for item in (value if isinstance(value, list) else [value])[:50]:
        if isinstance(item, dict):
            item = item.get("url") or item.get("@id")
        if isinstance(item, str) and item.strip():
            found.append(item.strip())
    return found


def resolve(value, nodes: list[dict]) -> dict | None:
    """The object a property points to: inline, first of a list, or by `@id` reference (an
    untyped `{"@id", "name"}` stub is completed from the node it names)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        value = {"@id": value}
    if not isinstance(value, dict):
        return None
    if "@type" not in value and "@id" in value:
        named = next((node for node in nodes if node.get("@id") == value["@id"]), None)
        return {**named, **value} if named else None
    return value


def person_fields(person: dict, nodes: list[dict]) -> dict:
    """`make_person` arguments from a schema.org Person; `profiles` are its own URLs."""
    name = text(person.get("name")) or " ".join(
        texts(person.get("givenName")) + texts(person.get("familyName"))
    )
    employer = resolve(person.get("worksFor"), nodes) or resolve(person.get("affiliation"), nodes)
    return {
        "name": name,
        "headline": text(person.get("disambiguatingDescription"))
        or text(person.get("description")),
        "title": text(person.get("jobTitle")),
        "company": text(employer.get("name")) if employer else "",
        "location": _location(person),
        "emails": texts(person.get("email")),
        # Its own URL even if a home page; other links only when they are network profiles.
        "profiles": links(person.get("url"))
        + [url for url in links(person.get("sameAs")) if is_social(url)],
        "interests": texts(person.get("knowsAbout")),
    }


def _location(person: dict) -> str:
    for key in ("address", "homeLocation", "workLocation"):
        value = person.get(key)
        value = value[0] if isinstance(value, list) and value else value
        if isinstance(value, str):
            return value
        if isinstance(value, dict):
            address = value.get("address") if has_type(value, "Place") else value
            if isinstance(address, str):
                return address
            if isinstance(address, dict):
                parts = [
                    text(address.get(part))
                    for part in ("addressLocality", "addressRegion", "addressCountry")
                ]
                if any(parts):
                    return ", ".join(part for part in parts if part)
            if text(value.get("name")):
                return text(value.get("name"))
    return ""


def profile_page_subject(nodes: list[dict]) -> dict | None:
    """The Person a ProfilePage says it is about (`mainEntity` or `about`)."""
    for node in nodes:
        if has_type(node, "ProfilePage"):
            subject = resolve(node.get("mainEntity"), nodes) or resolve(node.get("about"), nodes)
            if has_type(subject, "Person"):
                return subject
    return None


def page_person(nodes: list[dict], is_this_page: Callable[[str], bool]) -> dict | None:
    """The top-level Person whose URL is this page (`is_this_page(url)`)."""
    for node in nodes:
        if has_type(node, "Person") and any(
            is_this_page(url) for url in links(node.get("url")) + links(node.get("@id"))
        ):
            return node
    return None


def only_person(nodes: list[dict]) -> dict | None:
    people = [node for node in nodes if has_type(node, "Person")]
    return people[0] if len(people) == 1 else None


def posting(nodes: list[dict]) -> tuple[dict, str, str] | None:
    """`(author, text, url)` of the page's one posting by a Person; a list of postings (a blog's
    index page) is not a post page."""
    found = []
    for node in nodes:
        author = resolve(node.get("author"), nodes) if has_type(node, *POSTING_TYPES) else None
        if has_type(author, "Person"):
            found.append((node, author))
    if len(found) != 1:
        return None
    node, author = found[0]
    order = ("articleBody", "text", "headline", "name", "description")
    if not has_type(node, *_BODY_FIRST):
        order = ("headline", "name", "description", "articleBody", "text")
    body = next((text(node.get(key)) for key in order if text(node.get(key))), "")
    url = next(iter(links(node.get("url")) + links(node.get("mainEntityOfPage"))), "")
    return author, body, url
