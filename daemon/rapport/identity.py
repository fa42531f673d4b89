"""Profile identity: every spelling of one profile URL maps to one key.

The same person is reached as `https://de.linkedin.com/in/Ada/?trk=x`, `linkedin.com/in/ada`,
`twitter.com/Ada` vs `x.com/ada`, or `@ada@hachyderm.io` vs `https://hachyderm.io/@ada`.
Lookup, capture and duplicate detection all compare `profile_key()` results, never raw URLs.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

_HOST = re.compile(r"^(?:[\w-]+\.)+[\w-]+$|^localhost$")
_MASTODON_HANDLE = re.compile(
    r"^@?(?P<user>[A-Za-z0-9_.-]+)@(?P<host>[A-Za-z0-9.-]+\.[A-Za-z]{2,})$"
)
_MASTODON_PATH = re.compile(
    r"^/@(?P<user>[A-Za-z0-9_.-]+)(?:@(?P<home>[A-Za-z0-9.-]+\.[A-Za-z]{2,}))?(?:/|$)"
)
# Sites that use /@name paths but are not on the fediverse.
_NOT_FEDIVERSE = {"medium.com", "youtube.com", "threads.net", "tiktok.com", "substack.com"}
_X_RESERVED = {
    "home", "i", "search", "explore", "settings", "notifications", "messages", "intent",
    "share", "compose", "login", "logout", "signup", "tos", "privacy", "hashtag", "about",
}  # fmt: skip
_GITHUB_RESERVED = {
    "settings", "orgs", "organizations", "issues", "pulls", "marketplace", "explore",
    "topics", "trending", "notifications", "login", "logout", "join", "new", "sponsors",
    "features", "about", "pricing", "search", "collections", "events", "apps", "codespaces",
}  # fmt: skip


@dataclass(frozen=True)
class Profile:
    """A canonical profile: `key` identifies it, `url` is the one link we store and show."""

    site: str
    handle: str
    url: str
    key: str

    def as_record(self) -> dict:
        return {"site": self.site, "url": self.url, "handle": self.handle}


class NotAProfileUrl(ValueError):
    """Raised for text that names no web page (empty, no host, not http)."""


def _split(raw: str):
    text = raw.strip()
    if not text:
        raise NotAProfileUrl("the URL is empty")
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        raise NotAProfileUrl(f"{raw!r} is not a valid URL") from None
    if parts.scheme.lower() not in ("http", "https") or not host or not _HOST.match(host):
        raise NotAProfileUrl(f"{raw!r} is not an http(s) URL of a web page")
    return parts


def _strip_subdomain(host: str, base: str) -> bool:
    return host == base or host.endswith("." + base)


def _first_segment(path: str) -> str:
    return unquote(path.strip("/").split("/", 1)[0])


@lru_cache(maxsize=65536)
def canonical_profile(raw: str) -> Profile:
    """Map any spelling of a profile URL (or a Mastodon `@user@host`) to its canonical Profile."""
    handle_match = _MASTODON_HANDLE.match(raw.strip())
    if handle_match and "/" not in raw:
        return _mastodon(handle_match["user"], handle_match["host"])
    parts = _split(raw)
    host = parts.hostname.lower().rstrip(".")
    path = parts.path or "/"

    if _strip_subdomain(host, "linkedin.com"):
        segments = [unquote(s) for s in path.strip("/").split("/") if s]
        if len(segments) >= 2 and segments[0].lower() in ("in", "pub"):
            handle = segments[1].lower()
            return Profile(
                "linkedin", handle, f"https://www.linkedin.com/in/{handle}", f"linkedin:{handle}"
            )
    if _strip_subdomain(host, "twitter.com") or _strip_subdomain(host, "x.com"):
        handle = _first_segment(path).lstrip("@").lower()
        if handle and handle not in _X_RESERVED:
            return Profile("x", handle, f"https://x.com/{handle}", f"x:{handle}")
    if _strip_subdomain(host, "github.com"):
        handle = _first_segment(path).lower()
        if handle and handle not in _GITHUB_RESERVED:
            return Profile("github", handle, f"https://github.com/{handle}", f"github:{handle}")
    path_match = _MASTODON_PATH.match(path)
    if path_match and host.removeprefix("www.") not in _NOT_FEDIVERSE:
        # host/@user@home is a remote account seen on another server: it lives on `home`.
        return _mastodon(path_match["user"], path_match["home"] or host)
    return _generic(host, path)


def _mastodon(user: str, host: str) -> Profile:
    user, host = user.lower(), host.lower().removeprefix("www.")
    return Profile(
        "mastodon", f"@{user}@{host}", f"https://{host}/@{user}", f"mastodon:{user}@{host}"
    )


def _generic(host: str, path: str) -> Profile:
    for prefix in ("www.", "m."):
        host = host.removeprefix(prefix)
    path = path.rstrip("/")
    url = f"https://{host}{path}"
    return Profile("web", host + path, url, f"web:{host}{path}")


def profile_key(raw: str) -> str:
    return canonical_profile(raw).key
