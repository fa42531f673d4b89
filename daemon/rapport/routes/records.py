"""Interactions, promises, reminders and meetings share one set of handlers.

Each handler takes the table first; the route table binds it with `functools.partial`.
"""

from aiohttp import web

from rapport.errors import ApiError
from rapport.routes.http import (
    json_response,
    now_of,
    paginate,
    path_id,
    query_choice,
    query_instant,
    read_json,
    store_of,
)
from rapport.schema import ID_RE
from rapport.services import records
from rapport.timefmt import format_instant

FILTERS = {
    "promises": {"status": ("open", "done", "dropped"), "direction": ("mine", "theirs")},
    "reminders": {"status": ("open", "done")},
}


def _person_filter(request: web.Request) -> str | None:
    person_id = request.query.get("person_id")
    if person_id is not None and not ID_RE.match(person_id):
        raise ApiError(422, "invalid_query", "person_id is not a valid id", "person_id")
    return person_id


async def list_records(table: str, request: web.Request) -> web.Response:
    wanted = {
        name: value
        for name, choices in FILTERS.get(table, {}).items()
        if (value := query_choice(request, name, choices)) is not None
    }
    starts_from, starts_to = query_instant(request, "from"), query_instant(request, "to")
    bounds = (
        format_instant(starts_from) if starts_from else None,
        format_instant(starts_to) if starts_to else None,
    )

    def where(record: dict) -> bool:
        if any(record[name] != value for name, value in wanted.items()):
            return False
        if table == "meetings":
            return (bounds[0] is None or record["starts_at"] >= bounds[0]) and (
                bounds[1] is None or record["starts_at"] < bounds[1]
            )
        return True

    store = store_of(request)
    ids = records.list_ids(store, table, person_id=_person_filter(request), where=where)
    return paginate(request, ids, lambda record_id: store.get(table, record_id))


async def create_record(table: str, request: web.Request) -> web.Response:
    body = await read_json(request)
    record = records.create_record(store_of(request), table, body, now_of(request))
    return json_response(record, status=201)


async def get_record(table: str, request: web.Request) -> web.Response:
    record_id = path_id(request, records.KINDS[table].noun)
    return json_response(records.require_record(store_of(request), table, record_id))


async def patch_record(table: str, request: web.Request) -> web.Response:
    record_id = path_id(request, records.KINDS[table].noun)
    body = await read_json(request)
    record = records.update_record(store_of(request), table, record_id, body, now_of(request))
    return json_response(record)


async def delete_record(table: str, request: web.Request) -> web.Response:
    records.delete_record(store_of(request), table, path_id(request, records.KINDS[table].noun))
    return web.Response(status=204)
