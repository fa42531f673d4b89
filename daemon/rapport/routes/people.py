"""People: CRUD, lookup by any form of a profile URL, merge, and the person card."""

from functools import lru_cache

from aiohttp import web

from rapport.errors import ApiError, NotFound
from rapport.routes.http import (
    json_response,
    now_of,
    paginate,
    path_id,
    query_choice,
    read_json,
    rules_of,
    small_body,
    store_of,
    wants_markdown,
)
from rapport.services import cards, people
from rapport.services.signals import person_signals
from rapport.services.text import fold
from rapport.services.user import read_me


@lru_cache(maxsize=1)
def people_by_name(store, version: int) -> list[tuple[str, str, tuple[str, ...]]]:
    """(folded name, id, tags) of everyone in name order, made again only after a write
    (`version` moves on); a page then reads just its own people."""
    everyone = store.records("people", ("name", "tags"))
    return sorted((fold(p["name"]), p["id"], tuple(p["tags"])) for p in everyone)


async def list_people(request: web.Request) -> web.Response:
    store = store_of(request)
    tag = request.query.get("tag")
    query = fold(request.query.get("q", "").strip())
    ordered = people_by_name(store, store.version)
    if tag:
        ordered = [entry for entry in ordered if tag.lower() in entry[2]]
    if query:
        ordered = [entry for entry in ordered if query in entry[0]]
    if query_choice(request, "signals", ("0", "1")) != "1":
        return paginate(request, ordered, lambda entry: store.get("people", entry[1]))
    now, rules = now_of(request), rules_of(request)

    def with_signals(entry: tuple) -> dict:
        person = store.get("people", entry[1])
        return {**person, "signals": person_signals(store, person, now, rules)}

    return paginate(request, ordered, with_signals)


async def create_person(request: web.Request) -> web.Response:
    person = people.create_person(store_of(request), await read_json(request), now_of(request))
    return json_response(person, status=201)


async def get_person(request: web.Request) -> web.Response:
    return json_response(people.require_person(store_of(request), path_id(request, "person")))


async def patch_person(request: web.Request) -> web.Response:
    person_id = path_id(request, "person")
    body = await read_json(request)
    return json_response(people.update_person(store_of(request), person_id, body, now_of(request)))


async def delete_person(request: web.Request) -> web.Response:
    people.delete_person(store_of(request), path_id(request, "person"))
    return web.Response(status=204)


async def lookup_person(request: web.Request) -> web.Response:
    url = request.query.get("url")
    if not url:
        raise ApiError(422, "invalid_query", "give the profile URL as ?url=", "url")
    person = people.lookup(store_of(request), url)
    if person is None:
        raise ApiError(404, "not_found", "no person has this profile")
    return json_response(person)


async def merge_person(request: web.Request) -> web.Response:
    person_id = path_id(request, "person")
    body = small_body(await read_json(request), ("other_id",), required=("other_id",))
    merged = people.merge_people(store_of(request), person_id, body["other_id"], now_of(request))
    return json_response(merged)


async def person_card(request: web.Request) -> web.Response:
    store = store_of(request)
    person_id = path_id(request, "person")
    if store.get("people", person_id) is None:
        raise NotFound("person", person_id)
    card = cards.person_card(store, person_id, read_me(store), now_of(request), rules_of(request))
    if wants_markdown(request):
        return web.Response(text=cards.card_markdown(card), content_type="text/markdown")
    return json_response(card)
