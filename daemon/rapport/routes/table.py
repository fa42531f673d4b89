"""One entry of the URL map: the route, its handler, and what the docs and checks need."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

API = "/api/v1"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    handler: Handler
    summary: str
    access: str = "token"  # public | optional (token checked if sent) | token | owner
    # The body: a schema name (see routes/openapi.py) or a media type such as text/csv.
    body: str | None = None
    body_schema: dict | None = None  # the JSON Schema for a name openapi.py does not define
    query: tuple[str, ...] = ()
    status: int = 200
    markdown: bool = False  # also answers text/markdown
    large_body: bool = False  # import routes take up to Config.max_import_bytes
    answers: str = "application/json"  # the media type of a success answer, e.g. text/vcard
