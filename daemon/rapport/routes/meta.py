"""Health, status, the user's own record, search, and the OpenAPI description."""

from aiohttp import web

import rapport
from rapport.app_keys import CONFIG, OPENAPI
from rapport.errors import ApiError
from rapport.routes.http import json_response, query_choice, query_int, read_json, store_of
from rapport.services import search as search_service
from rapport.services.calendars import list_calendars
from rapport.services.search_index import index_of
from rapport.services.tables import TABLES
from rapport.services.user import read_me, write_me


async def health(request: web.Request) -> web.Response:
    return json_response({"status": "ok", "app": "rapport", "version": rapport.__version__})


async def status(request: web.Request) -> web.Response:
    store = store_of(request)
    counts = {table: store.count(table) for table in TABLES if table != "settings"}
    return json_response(
        {
            "status": "ok",
            "version": rapport.__version__,
            "data_dir": str(request.app[CONFIG].data_dir),
            "counts": counts,
            "calendars": list_calendars(store),  # a failing source shows its last_error here
        }
    )


async def get_me(request: web.Request) -> web.Response:
    return json_response(read_me(store_of(request)))


async def put_me(request: web.Request) -> web.Response:
    return json_response(write_me(store_of(request), await read_json(request)))


async def search(request: web.Request) -> web.Response:
    query = request.query.get("q", "")
    if not query.strip():
        raise ApiError(422, "invalid_query", "give the search text as ?q=", "q")
    if len(query) > 500:
        raise ApiError(422, "invalid_query", "q is longer than 500 characters", "q")
    limit = query_int(request, "limit", 50, 1, 1000)
    kind = query_choice(request, "type", search_service.SEARCHED_KINDS)
    store = store_of(request)
    index = await index_of(store).refreshed(store)
    return json_response(search_service.answer(store, index, query, limit, kind))


async def openapi(request: web.Request) -> web.Response:
    return json_response(request.app[OPENAPI])
