"""The extension's way in: the page the user clicked on."""

from aiohttp import web

from rapport.routes.http import json_response, now_of, read_json, store_of
from rapport.routes.table import API, Route
from rapport.schema import json_schema
from rapport.services.captures import CAPTURE, capture
from rapport.services.user import read_me


async def capture_page(request: web.Request) -> web.Response:
    store = store_of(request)
    result = capture(store, await read_json(request), read_me(store), now_of(request))
    return json_response(result)


ROUTES = [
    Route(
        "POST",
        f"{API}/capture",
        capture_page,
        "Who the page is about: preview (save: false), save or update, and log an engagement",
        body=json_schema(CAPTURE),
    ),
]
