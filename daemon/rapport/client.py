"""A small synchronous client for the local API, used by the CLI and by scripts.

from rapport.client import Client
rapport = Client.from_environment()
for person in rapport.get("/people", tag="mentor")["items"]:
    print(person["name"])
ada = rapport.find_person("ada lovelace")       # fuzzy; raises Ambiguous or NoSuchPerson
rapport.upload("/import/linkedin", Path("Connections.csv"), "text/csv")
"""

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from rapport.config import load_config
from rapport.owner_token import read_owner_token
from rapport.schema import ID_RE
from rapport.services.text import fold

# The daemon is on loopback: a proxy from the environment must never see our requests.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
UPLOAD_CHUNK = 1 << 20
Progress = Callable[[int, int], None]  # (bytes sent, bytes in all)


class DaemonUnreachable(RuntimeError):
    def __init__(self, base_url: str):
        super().__init__(f"no Rapport daemon answers at {base_url}; start one with `rapport serve`")


class ApiFailure(RuntimeError):
    """The daemon answered with an error envelope."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


class NoSuchPerson(LookupError):
    def __init__(self, name: str):
        super().__init__(f"nobody matches {name!r}; `rapport people` lists everyone")
        self.name = name


class Ambiguous(LookupError):
    """A name that fits several people; `candidates` are their records, best first."""

    def __init__(self, name: str, candidates: list[dict]):
        super().__init__(
            f"{name!r} matches {len(candidates)} people; give more of the name or an id"
        )
        self.name = name
        self.candidates = candidates


class Client:
    def __init__(self, base_url: str, token: str | None, timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    @classmethod
    def from_environment(cls, port: int | None = None, data_dir: Path | None = None) -> "Client":
        """Find the daemon by port; authenticate with RAPPORT_TOKEN or the keyring's owner token."""
        config = load_config(port=port, data_dir=data_dir)
        token = os.environ.get("RAPPORT_TOKEN") or read_owner_token(config.data_dir)
        return cls(f"http://127.0.0.1:{config.port}", token)

    def request(
        self,
        method: str,
        path: str,
        body=None,
        query: dict | None = None,
        accept: str | None = None,
        raw: tuple[bytes | Path, str] | None = None,
        progress: Progress | None = None,
    ):
        """Send one request; answer parsed JSON, text for other media types, None when empty.

        `body` is sent as JSON; `raw` is `(bytes or file path, media type)` sent as is, in
        chunks that report to `progress(sent, total)`.
        """
        url = f"{self.base_url}/api/v1{path}"
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        headers = {"Accept": accept or "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        elif raw is not None:
            source, headers["Content-Type"] = raw
            size = source.stat().st_size if isinstance(source, Path) else len(source)
            headers["Content-Length"] = str(size)
            data = _chunks(source, size, progress)
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                payload = response.read()
                kind = response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            raise _failure(error) from None
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            raise DaemonUnreachable(self.base_url) from None
        if not payload:
            return None
        return json.loads(payload) if kind == "application/json" else payload.decode()

    def get(self, path: str, *, accept: str | None = None, **query):
        return self.request("GET", path, query=query, accept=accept)

    def items(self, path: str, **query) -> Iterator[dict]:
        """Every item of a list route, fetched a page at a time."""
        offset = 0
        while True:
            page = self.get(path, limit=1000, offset=offset, **query)
            yield from page["items"]
            offset += len(page["items"])
            if not page["items"] or offset >= page["total"]:
                return

    def post(self, path: str, body):
        return self.request("POST", path, body=body)

    def patch(self, path: str, body):
        return self.request("PATCH", path, body=body)

    def delete(self, path: str):
        return self.request("DELETE", path)

    def upload(
        self, path: str, source: bytes | Path, media_type: str, progress: Progress | None = None
    ):
        """POST a file or bytes as a raw body (`text/csv`, `text/vcard`, `text/calendar`...)."""
        return self.request("POST", path, raw=(source, media_type), progress=progress)

    def find_person(self, name: str) -> dict:
        """The one person `name` means: an id, the exact name, the only partial match, or the
        only fuzzy search hit. Several fits raise Ambiguous, none NoSuchPerson."""
        name = name.strip()
        wanted = fold(name)
        if not wanted:
            raise NoSuchPerson(name)
        by_id = self._person_by_id(name)
        if by_id is not None:
            return by_id
        partial = self.get("/people", q=name, limit=1000)["items"]
        exact = [person for person in partial if fold(person["name"]) == wanted]
        matches = exact or partial or self._search_people(name)
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise Ambiguous(name, matches)
        raise NoSuchPerson(name)

    def _person_by_id(self, text: str) -> dict | None:
        if not (text.startswith("p_") and ID_RE.match(text)):
            return None
        try:
            return self.get(f"/people/{text}")
        except ApiFailure as error:
            if error.status == 404:
                raise NoSuchPerson(text) from None
            raise

    def _search_people(self, name: str) -> list[dict]:
        """The people among fuzzy search hits, best first."""
        return [hit["person"] for hit in self.get("/search", q=name, type="person")["items"]]


def _chunks(source: bytes | Path, size: int, progress: Progress | None) -> Iterator[bytes]:
    if isinstance(source, bytes):
        pieces = (source[at : at + UPLOAD_CHUNK] for at in range(0, size, UPLOAD_CHUNK))
        yield from _reporting(pieces, progress, size)
        return
    with source.open("rb") as handle:
        yield from _reporting(iter(lambda: handle.read(UPLOAD_CHUNK), b""), progress, size)


def _reporting(pieces, progress: Progress | None, size: int) -> Iterator[bytes]:
    """Pass chunks on, reporting progress after each one is handed to the socket."""
    sent = 0
    for piece in pieces:
        yield piece
        sent += len(piece)
        if progress:
            progress(sent, size)


def _failure(error: urllib.error.HTTPError) -> ApiFailure:
    try:
        envelope = json.loads(error.read())["error"]
        return ApiFailure(error.code, envelope["code"], envelope["message"], envelope.get("field"))
    except (ValueError, KeyError, TypeError):
        return ApiFailure(error.code, "http_error", f"the daemon answered HTTP {error.code}")
