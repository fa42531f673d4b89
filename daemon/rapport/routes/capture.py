"""The extension's way in: the page the user clicked on."""

import asyncio

from aiohttp import web

from rapport.routes.http import json_response, now_of, read_json, rules_of, store_of
from rapport.routes.table import API, Route
from rapport.schema import json_schema
from rapport.services.captures import CAPTURE, capture, read_page
from rapport.services.user import read_me


async def capture_page(request: web.Request) -> web.Response:
    body = await read_json(request)
    # Parsing a large page takes tens of milliseconds: keep the event loop answering meanwhile.
    wanted, extracted = await asyncio.to_thread(read_page, body)
    store = store_of(request)
    me, now, rules = read_me(store), now_of(request), rules_of(request)
    return json_response(capture(store, wanted, extracted, me, now, rules))


ROUTES = [
    Route(
        "POST",
        f"{API}/capture",
        capture_page,
        "Who the page is about: preview (save: false), save or update, and log an engagement",
        body="capture",
        body_schema=json_schema(CAPTURE),
    ),
]
