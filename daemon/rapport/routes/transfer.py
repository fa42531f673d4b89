"""The JSON dump and restore."""

from aiohttp import web

from rapport.app_keys import CONFIG
from rapport.memory import release_free_memory
from rapport.routes.http import json_response, now_of, read_json_bytes, store_of
from rapport.services import transfer


async def export_all(request: web.Request) -> web.Response:
    dump = transfer.export_all(store_of(request), now_of(request))
    return json_response(
        dump, headers={"Content-Disposition": 'attachment; filename="rapport-export.json"'}
    )


async def import_all(request: web.Request) -> web.Response:
    body = await read_json_bytes(request, limit=request.app[CONFIG].max_import_bytes)
    answer = transfer.import_all(store_of(request), body, now_of(request))
    del body  # before giving back what reading it a record at a time left behind
    release_free_memory()
    return json_response(answer)
