"""Follow-through: the due list and the weekly digest."""

from datetime import UTC, date, datetime, time

from aiohttp import web

from rapport.errors import ApiError
from rapport.routes.http import (
    json_response,
    now_of,
    paginate,
    query_instant,
    rules_of,
    store_of,
    wants_markdown,
)
from rapport.routes.table import API, Route
from rapport.services.digest import parse_week, week_of, weekly_digest
from rapport.services.digest_render import digest_html, digest_markdown
from rapport.services.due import due_items

END_OF_DAY = time(23, 59, 59, 999000)
# The digest page runs no script and loads nothing: its styles are inline.
PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def _until(request: web.Request) -> datetime:
    """`?until=`: an instant with offset, or a date meaning the end of that day (UTC)."""
    raw = request.query.get("until")
    if raw is None:
        return datetime.combine(now_of(request).date(), END_OF_DAY, UTC)
    if len(raw) == 10:
        try:
            return datetime.combine(date.fromisoformat(raw), END_OF_DAY, UTC)
        except ValueError:
            raise ApiError(
                422, "invalid_query", "until must be a date like 2026-03-06 or an instant", "until"
            ) from None
    return query_instant(request, "until")


async def due_list(request: web.Request) -> web.Response:
    items = due_items(store_of(request), now_of(request), _until(request), rules_of(request))
    return paginate(request, items)


async def digest(request: web.Request) -> web.Response:
    raw = request.query.get("week")
    if raw is None:
        week = week_of(now_of(request).date())
    else:
        try:
            week = parse_week(raw)
        except ValueError as error:
            raise ApiError(422, "invalid_query", str(error), "week") from None
    found = weekly_digest(store_of(request), week, now_of(request), rules_of(request))
    if wants_markdown(request):
        return web.Response(text=digest_markdown(found), content_type="text/markdown")
    if _wants_html(request):
        response = web.Response(text=digest_html(found), content_type="text/html")
        response.headers["Content-Security-Policy"] = PAGE_POLICY
        return response
    return json_response(found)


def _wants_html(request: web.Request) -> bool:
    accept = request.headers.get("Accept", "")
    return "text/html" in accept and "application/json" not in accept


ROUTES = [
    Route(
        "GET",
        f"{API}/due",
        due_list,
        "What to follow through on by a moment (default: the end of today, UTC), ranked",
        query=("until", "limit", "offset"),
    ),
    Route(
        "GET",
        f"{API}/digest",
        digest,
        "The weekly networking digest (JSON, Accept: text/markdown or text/html)",
        query=("week",),
        markdown=True,
    ),
]
