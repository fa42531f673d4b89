"""Backups on request (`rapport backup`).

The daemon writes backups only inside its own data dir; `rapport backup --to PATH` copies the
new file to PATH itself, so no API call can make the daemon write elsewhere.
"""

from aiohttp import web

from rapport.app_keys import CONFIG
from rapport.errors import ApiError
from rapport.routes.http import json_response, store_of
from rapport.routes.table import API, Route
from rapport.services.backups import backup_now


async def make_backup(request: web.Request) -> web.Response:
    try:
        path = await backup_now(store_of(request), request.app[CONFIG])
    except OSError as error:
        raise ApiError(
            507, "insufficient_storage", f"backup not written: {error.strerror}"
        ) from None
    return json_response({"path": str(path), "bytes": path.stat().st_size}, status=201)


ROUTES = [
    Route(
        "POST",
        f"{API}/backup",
        make_backup,
        "Write a backup of everything now into the data dir's backups folder (owner only)",
        access="owner",
        status=201,
    ),
]
