"""URL helpers that never raise: page URLs come from the browser or a script, unchecked."""

import re
from urllib.parse import SplitResult, unquote, urljoin, urlsplit, urlunsplit

from rapport.identity import canonical_profile

URL_LIMIT = 4096
HANDLE_LIMIT = 320
# `mailto:`, `javascript:`, `tel:`; not `example.com:8080`, whose colon is followed by a port.
_OTHER_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?!\d)")


def split_url(url: str) -> SplitResult | None:
    text = (url or "").strip()
    if not text or len(text) > URL_LIMIT:
        return None
    if "://" not in text:
        if _OTHER_SCHEME.match(text):
            return None
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts


def host_of(url: str) -> str:
    parts = split_url(url)
    return parts.hostname.lower().rstrip(".") if parts else ""


def on_site(url: str, *domains: str) -> bool:
    """True for the domain itself and any subdomain (`de.linkedin.com`, `mobile.twitter.com`)."""
    host = host_of(url)
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def path_segments(url: str) -> list[str]:
    parts = split_url(url)
    return [unquote(s) for s in parts.path.split("/") if s] if parts else []


def bare_url(url: str, base: str = "") -> str:
    """The URL without query string and fragment (tracking and comment anchors), or ""."""
    parts = split_url(absolute(url, base))
    if not parts:
        return ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", "", ""))


def absolute(href: str, base: str) -> str:
    """`href` resolved against the page URL (`/in/ada`, `//host/x`, `../x`), or ""."""
    try:
        return urljoin(base, (href or "").strip())
    except ValueError:
        return ""


def profile_record(url: str) -> dict | None:
    """The canonical `{site, url, handle}` of a profile URL or `@user@host`, or None."""
    text = (url or "").strip()
    if text.startswith("@"):
        if len(text) > HANDLE_LIMIT:
            return None
    else:
        parts = split_url(text)
        if not parts or "." not in parts.hostname:
            return None
    try:
        return canonical_profile(text).as_record()
    except ValueError:
        return None


def is_social(url: str) -> bool:
    """A link to a known network's profile, not a personal or company web page."""
    record = profile_record(url)
    return bool(record) and record["site"] != "web"


def same_profile(url: str, other: str) -> bool:
    """Two spellings of one profile (`https://ada.example/` and `ada.example`)."""
    record, other_record = profile_record(url), profile_record(other)
    return bool(record and other_record) and record["url"] == other_record["url"]
