"""The whole URL map in one table; the router and `/openapi.json` are both built from it."""

from functools import partial

from aiohttp import web

from rapport.app_keys import OPENAPI
from rapport.routes import (
    capture,
    clients,
    followthrough,
    interop,
    meetings,
    meta,
    pairing,
    people,
    records,
    storage,
    transfer,
)
from rapport.routes.openapi import build_document
from rapport.routes.table import API, Route

ROUTE_INFO = web.AppKey("route_info", dict)


def _resource_routes(table: str, noun: str, filters: tuple[str, ...]) -> list[Route]:
    base = f"{API}/{table}"
    return [
        Route("GET", base, partial(records.list_records, table), f"List {table}", query=filters),
        Route(
            "POST",
            base,
            partial(records.create_record, table),
            f"Create a {noun}",
            body=table,
            status=201,
        ),
        Route("GET", f"{base}/{{id}}", partial(records.get_record, table), f"Get a {noun}"),
        Route(
            "PATCH",
            f"{base}/{{id}}",
            partial(records.patch_record, table),
            f"Change some fields of a {noun}",
            body=f"{table}:patch",
        ),
        Route(
            "DELETE",
            f"{base}/{{id}}",
            partial(records.delete_record, table),
            f"Delete a {noun}",
            status=204,
        ),
    ]


PAGE = ("limit", "offset")
CORE_ROUTES: list[Route] = [
    Route("GET", f"{API}/health", meta.health, "Is the daemon up", access="public"),
    Route("GET", f"{API}/status", meta.status, "Version, data dir and record counts"),
    Route("GET", f"{API}/openapi.json", meta.openapi, "This description"),
    Route(
        "GET",
        f"{API}/whoami",
        pairing.whoami,
        "Prove this is the daemon that issued a client's token (HMAC of a nonce)",
        access="optional",
        query=("nonce", "client_id"),
    ),
    Route(
        "POST",
        f"{API}/pairing",
        pairing.start_pairing,
        "Start pairing a browser extension (Origin required)",
        access="public",
        body="pairing",
        status=201,
    ),
    Route(
        "POST",
        f"{API}/pairing/{{id}}/confirm",
        pairing.confirm_pairing,
        "Exchange the pairing code for a token bound to the extension's origin",
        access="public",
        body="pairing_confirm",
    ),
    Route(
        "GET",
        f"{API}/pairing",
        pairing.show_pairing,
        "The pending pairing and its code (owner only)",
        access="owner",
    ),
    Route(
        "POST",
        f"{API}/pairing/approve",
        pairing.approve_pairing,
        "Approve the pending pairing without typing the code (owner only)",
        access="owner",
    ),
    Route(
        "POST",
        f"{API}/owner/rotate",
        pairing.rotate_owner_token,
        "Replace the owner token in the keyring (owner only)",
        access="owner",
    ),
    Route("GET", f"{API}/me", meta.get_me, "The user's own record"),
    Route("PUT", f"{API}/me", meta.put_me, "Replace the user's own record", body="me"),
    Route(
        "GET",
        f"{API}/clients",
        clients.list_clients,
        "List client tokens (owner only)",
        access="owner",
        query=PAGE,
    ),
    Route(
        "POST",
        f"{API}/clients",
        clients.create_client,
        "Create a client token, shown once (owner only)",
        access="owner",
        body="client",
        status=201,
    ),
    Route(
        "DELETE",
        f"{API}/clients/{{id}}",
        clients.revoke_client,
        "Revoke a client token at once (owner only)",
        access="owner",
        status=204,
    ),
    Route(
        "GET",
        f"{API}/people",
        people.list_people,
        "List people (?signals=1 adds relationship signals to each)",
        query=("q", "tag", "signals", *PAGE),
    ),
    Route(
        "POST", f"{API}/people", people.create_person, "Create a person", body="people", status=201
    ),
    Route(
        "GET",
        f"{API}/people/lookup",
        people.lookup_person,
        "The person owning a profile URL, in any of its spellings",
        query=("url",),
    ),
    Route("GET", f"{API}/people/{{id}}", people.get_person, "Get a person"),
    Route(
        "PATCH",
        f"{API}/people/{{id}}",
        people.patch_person,
        "Change some fields of a person",
        body="people:patch",
    ),
    Route(
        "DELETE",
        f"{API}/people/{{id}}",
        people.delete_person,
        "Delete a person and everything that is only about them",
        status=204,
    ),
    Route(
        "POST",
        f"{API}/people/{{id}}/merge",
        people.merge_person,
        "Fold another person into this one",
        body="merge",
    ),
    Route("GET", f"{API}/people/{{id}}/card", people.person_card, "The person card", markdown=True),
    *_resource_routes("interactions", "interaction", ("person_id", *PAGE)),
    *_resource_routes("promises", "promise", ("person_id", "status", "direction", *PAGE)),
    *_resource_routes("reminders", "reminder", ("person_id", "status", *PAGE)),
    *_resource_routes("meetings", "meeting", ("person_id", "from", "to", *PAGE)),
    Route(
        "GET",
        f"{API}/search",
        meta.search,
        "Ranked fuzzy search over people, interactions and promises",
        query=("q", "type", "limit"),
    ),
    Route("GET", f"{API}/export", transfer.export_all, "Everything, as one JSON document"),
    Route(
        "POST",
        f"{API}/import",
        transfer.import_all,
        "Restore a JSON export, all or nothing",
        body="import",
        large_body=True,
    ),
]


# Each feature module lists its own routes; this is the whole map.
ROUTES: list[Route] = [
    *meetings.ROUTES,
    *CORE_ROUTES,
    *capture.ROUTES,
    *storage.ROUTES,
    *followthrough.ROUTES,
    *interop.ROUTES,
]


def setup_routes(app: web.Application) -> None:
    for route in ROUTES:
        app.router.add_route(route.method, route.path, route.handler)
    app[OPENAPI] = build_document(ROUTES)
    app[ROUTE_INFO] = {(route.method, route.path): route for route in ROUTES}


def route_of(request: web.Request) -> Route | None:
    """The table entry behind a request, or None for unknown paths and methods."""
    resource = request.match_info.route.resource
    if resource is None:
        return None
    return request.app[ROUTE_INFO].get((request.method, resource.canonical))
