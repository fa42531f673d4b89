"""People in and out as files: LinkedIn's Connections.csv, and vCards for address books."""

import asyncio

from aiohttp import web

from rapport.errors import ApiError
from rapport.routes.http import json_response, now_of, read_file, store_of
from rapport.routes.table import API, Route
from rapport.services import interop
from rapport.services.linkedin_csv import UnsupportedConnectionsFile, parse_connections
from rapport.services.vcard import NotAVCard, parse_vcards

CSV_MEDIA_TYPES = ("text/csv", "application/csv", "text/plain", "application/vnd.ms-excel")
VCARD_MEDIA_TYPES = ("text/vcard", "text/x-vcard", "text/directory", "text/plain")


async def import_linkedin(request: web.Request) -> web.Response:
    data = await read_file(request, CSV_MEDIA_TYPES)
    try:
        # Parsing 30k rows is CPU work: keep the event loop answering meanwhile.
        parsed = await asyncio.to_thread(parse_connections, data)
    except UnsupportedConnectionsFile as error:
        raise ApiError(422, "unsupported_file", str(error)) from None
    store = store_of(request)
    return json_response(interop.import_linkedin(store, parsed, now_of(request)))


async def import_vcard(request: web.Request) -> web.Response:
    data = await read_file(request, VCARD_MEDIA_TYPES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(422, "not_utf8", "the vCard file is not UTF-8 text") from None
    try:
        parsed = await asyncio.to_thread(parse_vcards, text)
    except NotAVCard as error:
        raise ApiError(422, "not_a_vcard", str(error)) from None
    return json_response(interop.import_vcards(store_of(request), parsed, now_of(request)))


async def export_vcard(request: web.Request) -> web.Response:
    # Records are immutable, so the list can be written out in a thread while writes go on.
    people = list(store_of(request).records("people"))
    text = await asyncio.to_thread(interop.export_vcards, people)
    return web.Response(
        text=text,
        content_type="text/vcard",
        headers={"Content-Disposition": 'attachment; filename="rapport.vcf"'},
    )


ROUTES = [
    Route(
        "POST",
        f"{API}/import/linkedin",
        import_linkedin,
        "Import LinkedIn's Connections.csv, noting job changes "
        "-> {created, updated, unchanged, job_changes, errors}",
        body="text/csv",
        large_body=True,
    ),
    Route(
        "GET",
        f"{API}/export.vcf",
        export_vcard,
        "Every person as a vCard 3.0",
        answers="text/vcard",
    ),
    Route(
        "POST",
        f"{API}/import/vcard",
        import_vcard,
        "Import vCards (3.0 or 4.0) -> {created, updated, unchanged, errors}",
        body="text/vcard",
        large_body=True,
    ),
]
