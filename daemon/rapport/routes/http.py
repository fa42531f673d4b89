"""Request parsing and answer shaping shared by every route module."""

from collections.abc import Callable
from datetime import datetime

import orjson
from aiohttp import web

from rapport.app_keys import CLOCK, CONFIG, STORE
from rapport.errors import ApiError, NotFound, error_body
from rapport.jsonstream import MAX_DEPTH as MAX_JSON_DEPTH
from rapport.schema import ID_RE
from rapport.services.cadence import Rules
from rapport.store import Store
from rapport.timefmt import NaiveTime, parse_instant

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000


def json_response(data, status: int = 200, headers=None) -> web.Response:
    return web.Response(
        body=orjson.dumps(data), status=status, content_type="application/json", headers=headers
    )


def error_response(status: int, code: str, message: str, field=None, headers=None):
    return json_response(error_body(code, message, field), status=status, headers=headers)


def store_of(request: web.Request) -> Store:
    return request.app[STORE]


def now_of(request: web.Request) -> datetime:
    return request.app[CLOCK]()


def rules_of(request: web.Request) -> Rules:
    """The follow-through settings (cadences by tag, influence tags) from the app's Config."""
    return Rules.from_config(request.app[CONFIG])


def path_id(request: web.Request, what: str, name: str = "id") -> str:
    value = request.match_info[name]
    if not ID_RE.match(value):
        raise NotFound(what, value)
    return value


async def read_body(request: web.Request, limit: int | None = None) -> bytes:
    """The body, refusing more than `limit` bytes while reading (Content-Length may lie)."""
    limit = limit or request.app[CONFIG].max_body_bytes
    chunks, size = [], 0
    async for chunk in request.content.iter_chunked(1 << 16):
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "body_too_large", f"the body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_file(request: web.Request, media_types: tuple[str, ...]) -> bytes:
    """An uploaded file (an import's body) sent as one of `media_types`, up to the import limit."""
    if request.content_type not in media_types:
        raise ApiError(
            415, "unsupported_media_type", f"send the file with Content-Type: {media_types[0]}"
        )
    return await read_body(request, limit=request.app[CONFIG].max_import_bytes)


async def read_json(request: web.Request, limit: int | None = None):
    raw = await read_json_bytes(request, limit)
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        if "infinity" in str(error):
            raise ApiError(422, "number_too_large", "a number in the body is too large") from None
        raise ApiError(400, "bad_json", f"the body is not valid JSON ({error})") from None
    if _too_deep(data):
        raise ApiError(422, "too_deep", f"the JSON nests deeper than {MAX_JSON_DEPTH} levels")
    return data


async def read_json_bytes(request: web.Request, limit: int | None = None) -> bytes:
    """A JSON body, unparsed (for a reader that takes it a piece at a time)."""
    if request.content_type != "application/json":
        raise ApiError(
            415,
            "unsupported_media_type",
            "send the body as JSON with Content-Type: application/json",
        )
    return await read_body(request, limit)


def small_body(body, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict:
    """Check a body of a few named fields: an object, nothing unknown, nothing missing."""
    if not isinstance(body, dict):
        raise ApiError(422, "invalid_field", "the body must be a JSON object", "body")
    for name in body:
        if name not in allowed:
            raise ApiError(422, "invalid_field", f"{name} is not a known field", name)
    for name in required:
        if name not in body:
            raise ApiError(422, "invalid_field", f"{name} is required", name)
    return body


def _too_deep(data) -> bool:
    level = [data]
    for _ in range(MAX_JSON_DEPTH):
        level = [
            child
            for item in level
            if isinstance(item, dict | list)
            for child in (item.values() if isinstance(item, dict) else item)
        ]
        if not level:
            return False
    return any(isinstance(item, dict | list) for item in level)


def query_int(request: web.Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(422, "invalid_query", f"{name} must be an integer", name) from None
    if not low <= value <= high:
        raise ApiError(422, "invalid_query", f"{name} must be between {low} and {high}", name)
    return value


def query_instant(request: web.Request, name: str) -> str | None:
    raw = request.query.get(name)
    if raw is None:
        return None
    try:
        moment = parse_instant(raw)
    except NaiveTime:
        raise ApiError(422, "invalid_query", f"{name} has no UTC offset", name) from None
    except ValueError:
        raise ApiError(
            422, "invalid_query", f"{name} must be an ISO 8601 date-time with offset", name
        ) from None
    return moment


def query_choice(request: web.Request, name: str, choices: tuple[str, ...]) -> str | None:
    raw = request.query.get(name)
    if raw is not None and raw not in choices:
        raise ApiError(422, "invalid_query", f"{name} must be one of: {', '.join(choices)}", name)
    return raw


def paginate(request: web.Request, items: list, shape: Callable | None = None) -> web.Response:
    """One page of `items`; `shape` (if given) adds to each item of that page only."""
    limit = query_int(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = query_int(request, "offset", 0, 0, 10**9)
    page = items[offset : offset + limit]
    return json_response(
        {
            "items": [shape(item) for item in page] if shape else page,
            "total": len(items),
            "limit": limit,
            "offset": offset,
        }
    )


def wants_markdown(request: web.Request) -> bool:
    accept = request.headers.get("Accept", "")
    return "text/markdown" in accept and "application/json" not in accept
