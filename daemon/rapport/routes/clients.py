"""Client tokens: list, create (shown once), revoke."""

from aiohttp import web

from rapport.routes.http import (
    json_response,
    now_of,
    paginate,
    path_id,
    read_json,
    small_body,
    store_of,
)
from rapport.services import clients


async def list_clients(request: web.Request) -> web.Response:
    return paginate(request, clients.list_clients(store_of(request)))


async def create_client(request: web.Request) -> web.Response:
    body = small_body(await read_json(request), ("name",), required=("name",))
    record, token = clients.create_client(store_of(request), body.get("name"), now_of(request))
    return json_response({**record, "token": token}, status=201)


async def revoke_client(request: web.Request) -> web.Response:
    clients.revoke_client(store_of(request), path_id(request, "client"))
    return web.Response(status=204)
