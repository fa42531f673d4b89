"""Meetings beyond CRUD: calendar import and sources, the meeting card, upcoming, logging."""

import asyncio

from aiohttp import web

from rapport.app_keys import CONFIG, PRINCIPAL
from rapport.calendar_feeds import FEEDS
from rapport.errors import ApiError, NotFound
from rapport.routes.http import (
    json_response,
    now_of,
    paginate,
    path_id,
    query_int,
    read_file,
    read_json,
    store_of,
    wants_markdown,
)
from rapport.routes.table import API, Route
from rapport.schema import json_schema
from rapport.services import calendars, meeting_cards
from rapport.services.cadence import Rules
from rapport.services.ics import NotACalendar
from rapport.services.matching import PERSON_FIELDS
from rapport.services.meetings import (
    MEETING_LOG,
    ImportPolicy,
    apply_import,
    log_meeting,
    read_calendar,
)
from rapport.services.user import read_me

CALENDAR_MEDIA_TYPES = ("text/calendar", "application/ics")
WEEK_MINUTES = 7 * 24 * 60


async def import_calendar(request: web.Request) -> web.Response:
    data = await read_file(request, CALENDAR_MEDIA_TYPES)
    store, now = store_of(request), now_of(request)
    try:
        # Expanding recurring events is CPU work: keep the event loop answering meanwhile.
        read = await asyncio.to_thread(
            read_calendar,
            data,
            people=list(store.records("people", PERSON_FIELDS)),
            me=read_me(store),
            policy=ImportPolicy.from_config(request.app[CONFIG]),
            now=now,
        )
    except NotACalendar as error:
        raise ApiError(422, "not_a_calendar", str(error)) from None
    return json_response(apply_import(store, read, now))


async def upcoming(request: web.Request) -> web.Response:
    within = query_int(request, "within_minutes", 10, 1, WEEK_MINUTES)
    store = store_of(request)
    rules = Rules.from_config(request.app[CONFIG])
    items = meeting_cards.upcoming_items(store, read_me(store), now_of(request), within, rules)
    return json_response({"items": items, "total": len(items)})


async def meeting_card(request: web.Request) -> web.Response:
    store = store_of(request)
    meeting_id, rules = path_id(request, "meeting"), Rules.from_config(request.app[CONFIG])
    card = meeting_cards.meeting_card(store, meeting_id, read_me(store), now_of(request), rules)
    if wants_markdown(request):
        zone = ImportPolicy.from_config(request.app[CONFIG]).zone
        text = meeting_cards.meeting_card_markdown(card, zone)
        return web.Response(text=text, content_type="text/markdown")
    return json_response(card)


async def log_how_it_went(request: web.Request) -> web.Response:
    meeting_id = path_id(request, "meeting")
    body = await read_json(request)
    return json_response(
        log_meeting(store_of(request), meeting_id, body, now_of(request)), status=201
    )


async def list_calendars(request: web.Request) -> web.Response:
    return paginate(request, calendars.list_calendars(store_of(request)))


async def add_calendar(request: web.Request) -> web.Response:
    calendar = calendars.new_calendar(await read_json(request), now_of(request))
    if calendar["path"] and request[PRINCIPAL].kind != "owner":
        # A paired extension naming files for the daemon to read would reach outside the browser.
        raise ApiError(403, "owner_only", "only the owner token (the CLI) may add a calendar file")
    stored = await request.app[FEEDS].add(calendar)
    return json_response(calendars.describe(store_of(request), stored), status=201)


async def refresh_calendar(request: web.Request) -> web.Response:
    calendar_id = path_id(request, "calendar")
    refreshed = await request.app[FEEDS].refresh(calendar_id)
    if refreshed is None:
        raise NotFound("calendar", calendar_id)
    return json_response(calendars.describe(store_of(request), refreshed))


async def remove_calendar(request: web.Request) -> web.Response:
    calendars.remove_calendar(store_of(request), path_id(request, "calendar"), now_of(request))
    return web.Response(status=204)


# Listed before the core routes: `/meetings/upcoming` must not be taken for `/meetings/{id}`.
ROUTES = [
    Route(
        "POST",
        f"{API}/meetings/import",
        import_calendar,
        "Import an ICS calendar: add, update by UID and recurrence, remove what disappeared",
        body="text/calendar",
        large_body=True,
    ),
    Route(
        "GET",
        f"{API}/meetings/upcoming",
        upcoming,
        "Timed meetings starting within N minutes, with their headline line",
        query=("within_minutes",),
    ),
    Route(
        "GET",
        f"{API}/meetings/{{id}}/card",
        meeting_card,
        "The meeting card: each attendee's card, mutual contacts, headline, earlier meetings",
        markdown=True,
    ),
    Route(
        "POST",
        f"{API}/meetings/{{id}}/log",
        log_how_it_went,
        "Log how a meeting went: one interaction with every saved attendee",
        body="meeting_log",
        body_schema=json_schema(MEETING_LOG),
        status=201,
    ),
    Route(
        "GET",
        f"{API}/calendars",
        list_calendars,
        "Calendar sources and how their last read went",
        query=("limit", "offset"),
    ),
    Route(
        "POST",
        f"{API}/calendars",
        add_calendar,
        "Add an ICS address or file; it is read now and re-read on a schedule",
        body="calendar",
        body_schema=json_schema(calendars.CALENDAR),
        status=201,
    ),
    Route(
        "POST",
        f"{API}/calendars/{{id}}/refresh",
        refresh_calendar,
        "Read a calendar source now instead of waiting for its schedule",
    ),
    Route(
        "DELETE",
        f"{API}/calendars/{{id}}",
        remove_calendar,
        "Remove a calendar source and its meetings still to come",
        status=204,
    ),
]
