"""Every route, every kind of bad request: one JSON error envelope, the right 4xx, never a 500.

The cases are generated from `rapport.routes.ROUTES`, so a route added to the table is walked
here without touching this file: each route gets the checks its table entry calls for (a token,
an `{id}`, a JSON body, query parameters).
"""

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from rapport.config import Config
from rapport.routes import ROUTES, Route
from rapport.schema import RESOURCES
from tests.conftest import OWNER_TOKEN, add_person

CODE_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
SMALL = {"max_body_bytes": 4096, "max_import_bytes": 16384}  # so 413s need no 8 MiB body


async def assert_envelope(response, status: int, field: str | None = None) -> dict:
    """Assert `{"error": {"code", "message", "field"?}}` with `status`; return the error."""
    text = await response.text()
    assert response.status == status, f"expected {status}, got {response.status}: {text}"
    assert response.content_type == "application/json", text
    body = json.loads(text)
    assert isinstance(body, dict) and set(body) == {"error"}, body
    error = body["error"]
    assert set(error) in ({"code", "message"}, {"code", "message", "field"}), body
    assert isinstance(error["code"], str) and CODE_RE.match(error["code"]), body
    assert isinstance(error["message"], str) and error["message"].strip(), body
    if "field" in error:
        assert isinstance(error["field"], str) and error["field"], body
    if field is not None:
        assert error.get("field") == field, body
    return error


# -- what a well-formed request to each route looks like ---------------------------------------


async def seed(api) -> dict[str, str]:
    """One record of every kind, keyed by the path segment that names its table."""
    ada = await add_person(api, "Ada Lovelace", emails=["ada@example.com"])
    bob = await add_person(api, "Bob Babbage")
    ids = {"people": ada["id"], "other_person": bob["id"]}
    ids["client_token"] = (await api.ok("POST", "/clients", 201, json={"name": "x"}))["token"]
    for table, body in {
        "interactions": {"person_ids": [ada["id"]], "kind": "coffee"},
        "promises": {"person_id": ada["id"], "direction": "mine", "text": "send the paper"},
        "reminders": {"person_id": ada["id"], "text": "ask", "due_at": "2026-04-01T09:00:00Z"},
        "meetings": {"title": "Coffee", "starts_at": "2026-04-01T09:00:00Z"},
        "clients": {"name": "a script"},
    }.items():
        ids[table] = (await api.ok("POST", f"/{table}", 201, json=body))["id"]
    return ids


def valid_body(body: str, seeds: dict[str, str]) -> dict:
    """A body the route accepts, so that only the one thing a case breaks is wrong."""
    table, _, variant = body.partition(":")
    creates = {
        "people": {"name": "Grace Hopper"},
        "interactions": {"person_ids": [seeds.get("people", "x")], "kind": "note"},
        "promises": {"person_id": seeds.get("people", "x"), "direction": "mine", "text": "call"},
        "reminders": {"text": "call", "due_at": "2026-04-01T09:00:00Z"},
        "meetings": {"title": "Sync", "starts_at": "2026-04-01T09:00:00Z"},
    }
    if variant == "patch":
        return {"people": {"headline": "Engineer"}, "meetings": {"location": "Room 1"}}.get(
            table, {"text": "changed"}
        )
    return creates.get(table) or {
        "me": {"name": "Me Myself"},
        "client": {"name": "another script"},
        "merge": {"other_id": seeds.get("other_person", "x")},
        "import": {"format": "rapport", "version": 1},
        "pairing": {"client_name": "Rapport for Chrome"},
        "pairing_confirm": {"code": "123456"},
    }.get(body, {})


def is_json_body(route: Route) -> bool:
    return route.body is not None and "/" not in route.body


def needs_token(route: Route) -> bool:
    return route.access not in ("public", "optional")


# -- the cases ---------------------------------------------------------------------------------

BAD_IDS = {
    "missing_id": "zz_no_such_record",
    "id_with_space": "a%20b",
    "id_with_dot": "a.b",
    "id_non_ascii": "%C3%A9t%C3%A9",
    "id_too_long": "x" * 65,
}
BAD_QUERY = {
    "limit": "abc",
    "offset": "-1",
    "person_id": "../x",
    "status": "bogus",
    "direction": "sideways",
    "from": "yesterday",
    "to": "2026-03-01T10:00:00",
    "url": "ftp://example.com/ada",
    "nonce": "too-short",
}  # parameters missing here (q, tag) accept any text
GOOD_QUERY = {"q": "ada", "url": "https://x.com/ada"}  # so a case breaks only its own parameter


@dataclass(frozen=True)
class Probe:
    route: Route
    name: str
    status: int
    record_id: str = "seed"  # "seed": an id that exists; anything else goes into the path
    token: str | None = OWNER_TOKEN  # "client": a client (non-owner) token
    headers: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)
    body: Callable[[dict], dict] | None = None  # -> kwargs for the request (json/data)
    settings: dict = field(default_factory=dict)
    field: str | None = None
    message_mentions: str | None = None

    @property
    def id(self) -> str:
        return f"{self.route.method} {self.route.path} {self.name}"


def _json(route: Route, change: Callable[[dict], object] = lambda body: body):
    return lambda seeds: {"json": change(valid_body(route.body, seeds))}


def _raw(data, content_type: str = "application/json"):
    return lambda seeds: {"data": data, "headers": {"Content-Type": content_type}}


async def _chunks(size: int):
    for _ in range(size // 1024 + 1):
        yield b" " * 1024


def probes_for(route: Route) -> list[Probe]:
    default_body = _json(route) if is_json_body(route) else None
    probes = [
        Probe(route, "foreign_origin", 403, headers={"Origin": "https://evil.example"},
              body=default_body),
        Probe(route, "foreign_host", 403, headers={"Host": "evil.example"}, body=default_body),
        Probe(route, "host_of_another_port", 403, headers={"Host": "127.0.0.1:1"},
              body=default_body),
    ]  # fmt: skip
    if route.access != "public":  # a token that is sent is checked, even where it is optional
        probes += [
            Probe(route, "wrong_token", 401, token="rpt_not-a-token", body=default_body),
            Probe(route, "wrong_scheme", 401, token=None, body=default_body,
                  headers={"Authorization": f"Basic {OWNER_TOKEN}"}),
            Probe(route, "empty_bearer", 401, token=None, body=default_body,
                  headers={"Authorization": "Bearer "}),
            Probe(route, "token_in_query", 401, token=None, params={"token": OWNER_TOKEN},
                  body=default_body, message_mentions="Authorization"),
            Probe(route, "token_in_query_and_header", 401, params={"access_token": OWNER_TOKEN},
                  body=default_body, message_mentions="Authorization"),
        ]  # fmt: skip
    if needs_token(route):
        probes.append(Probe(route, "no_token", 401, token=None, body=default_body))
    if route.access == "owner":
        probes.append(Probe(route, "client_token", 403, token="client", body=default_body))
    if "{id}" in route.path:
        probes += [
            Probe(route, name, 404, record_id=bad_id, body=default_body)
            for name, bad_id in BAD_IDS.items()
        ]
        if route.markdown:
            probes.append(
                Probe(route, "missing_id_as_markdown", 404, record_id="zz_no_such_record",
                      headers={"Accept": "text/markdown"})
            )  # fmt: skip
    if is_json_body(route):
        limit = SMALL["max_import_bytes" if route.large_body else "max_body_bytes"]
        schema_named = route.body.partition(":")[0] in RESOURCES or route.body in ("me", "import")
        probes += [
            Probe(route, "invalid_json", 400, body=_raw(b'{"name": "Ada",')),
            Probe(route, "lone_surrogate", 400, body=_raw(b'{"name": "\\ud800"}')),
            Probe(route, "nan", 400, body=_raw(b'{"name": NaN}')),
            Probe(route, "empty_body", 400, body=_raw(b"")),
            Probe(route, "not_utf8", 400, body=_raw(b'{"name": "\xff\xfe"}')),
            Probe(route, "json_array", 422, body=_json(route, lambda body: [body])),
            Probe(route, "json_string", 422, body=_json(route, lambda body: "text")),
            Probe(route, "json_null", 422, body=_raw(b"null")),
            Probe(route, "too_deep", 422, body=_raw(b"[" * 200 + b"]" * 200)),
            Probe(route, "text_plain", 415, body=_raw(b'{"name": "Ada"}', "text/plain")),
            Probe(route, "form_encoded", 415, body=_raw(b"name=Ada",
                                                        "application/x-www-form-urlencoded")),
            Probe(route, "no_content_type", 415, body=lambda seeds: {"data": b'{"name": "Ada"}'}),
            Probe(route, "unknown_field", 422, body=_json(route, lambda body: {**body, "bogus": 1}),
                  field="bogus" if schema_named else None),
            Probe(route, "over_content_length_limit", 413, settings=SMALL,
                  body=_raw(b" " * (limit + 1))),
            Probe(route, "over_limit_without_content_length", 413, settings=SMALL,
                  body=lambda seeds: {"data": _chunks(limit + 1),
                                      "headers": {"Content-Type": "application/json"}}),
        ]  # fmt: skip
    elif route.body is not None:  # a media type, e.g. text/calendar
        probes.append(Probe(route, "wrong_media_type", 415, body=_raw(b"{}", "application/x-no")))
    probes += [
        Probe(
            route,
            f"bad_{name}",
            422,
            field=name,
            params={
                **{k: v for k, v in GOOD_QUERY.items() if k in route.query},
                name: BAD_QUERY[name],
            },
        )
        for name in route.query
        if name in BAD_QUERY
    ]
    return probes


PROBES = [probe for route in ROUTES for probe in probes_for(route)]


@pytest.mark.parametrize("probe", PROBES, ids=[probe.id for probe in PROBES])
async def test_bad_request_gets_the_error_envelope(make_api, probe):
    api = await make_api(**probe.settings)
    seeds = await seed(api)
    table = probe.route.path.split("/{id}")[0].rsplit("/", 1)[-1]
    record_id = seeds.get(table, "zz_unseeded") if probe.record_id == "seed" else probe.record_id
    token = seeds["client_token"] if probe.token == "client" else probe.token
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    kwargs = probe.body(seeds) if probe.body else {}
    if probe.route.access == "public" and probe.route.body:
        headers["Origin"] = EXTENSION  # public routes with a body (pairing) are the extension's
    headers.update(kwargs.pop("headers", {}))
    headers.update(probe.headers)
    response = await api.raw.request(
        probe.route.method,
        probe.route.path.replace("{id}", record_id),
        headers=headers,
        params=probe.params,
        **kwargs,
    )
    error = await assert_envelope(response, probe.status, probe.field)
    if probe.message_mentions:
        assert probe.message_mentions in error["message"]


def test_every_route_is_walked():
    walked = {(probe.route.method, probe.route.path) for probe in PROBES}
    assert walked == {(route.method, route.path) for route in ROUTES}
    assert len(PROBES) > 3 * len(ROUTES)


def test_only_the_documented_routes_answer_without_a_token():
    # BRIEF: "Every route except GET /api/v1/health and the two pairing routes needs a token".
    # /whoami answers without one only when asked about a client_id: the extension checks the
    # daemon before it sends its token to whatever listens on the port (docs/SECURITY.md).
    tokenless = {(route.method, route.path) for route in ROUTES if not needs_token(route)}
    assert tokenless == {
        ("GET", "/api/v1/health"),
        ("GET", "/api/v1/whoami"),
        ("POST", "/api/v1/pairing"),
        ("POST", "/api/v1/pairing/{id}/confirm"),
    }


# -- what no route table entry describes --------------------------------------------------------


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/api/v1/nothing"),
        ("GET", "/api/v2/people"),
        ("GET", "/"),
        ("GET", "/api/v1/people/p1/nothing"),
        ("POST", "/api/v1/people/lookup/x"),
        ("DELETE", "/api/v1"),
    ],
)
async def test_unknown_route_is_404_envelope(api, method, path):
    response = await api.raw.request(method, path, headers=api._headers(None))
    await assert_envelope(response, 404)


async def test_unknown_route_without_token_is_still_an_envelope(api):
    await assert_envelope(await api.raw.get("/api/v1/nothing"), 404)


@pytest.mark.parametrize(
    "method, path, allowed",
    [
        ("PUT", "/api/v1/people", {"GET", "POST"}),
        ("DELETE", "/api/v1/people", {"GET", "POST"}),
        ("POST", "/api/v1/health", {"GET"}),
        ("PUT", "/api/v1/promises/pr_1", {"GET", "PATCH", "DELETE"}),
        ("GET", "/api/v1/import", {"POST"}),
        ("PATCH", "/api/v1/me", {"GET", "PUT"}),
    ],
)
async def test_wrong_method_is_405_envelope_with_allow(api, method, path, allowed):
    response = await api.raw.request(method, path, headers=api._headers(None), json={})
    await assert_envelope(response, 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= allowed


async def test_body_over_8_mib_is_413(api):
    too_big = Config().max_body_bytes + 1
    assert too_big > 8 * 1024 * 1024
    response = await api.post(
        "/people", data=io.BytesIO(b" " * too_big), headers={"Content-Type": "application/json"}
    )
    assert response.request_info.headers["Content-Length"] == str(too_big)
    await assert_envelope(response, 413)


@pytest.mark.parametrize(
    "kwargs",
    [{"params": {"q": "x" * 100_000}}, {"headers": {"X-Filler": "x" * 100_000}}],
    ids=["long_url", "long_header"],
)
async def test_oversized_request_line_or_header_is_refused_not_crashed(api, kwargs):
    # aiohttp's parser answers these before any middleware runs, like a missing Host
    response = await api.get("/people", **kwargs)
    assert 400 <= response.status < 500


async def test_health_needs_no_token(api):
    response = await api.raw.get("/api/v1/health")
    assert response.status == 200
    body = await response.json()
    assert body["status"] == "ok" and body["app"] == "rapport" and body["version"]


@pytest.mark.parametrize("name", ["token", "access_token"])
async def test_token_in_query_string_is_refused_and_points_at_the_header(api, name):
    response = await api.raw.get("/api/v1/people", params={name: OWNER_TOKEN})
    error = await assert_envelope(response, 401)
    assert "Authorization" in error["message"]


async def test_missing_required_query_parameters(api):
    await assert_envelope(await api.get("/people/lookup"), 422, "url")
    await assert_envelope(await api.get("/search"), 422, "q")
    await assert_envelope(await api.get("/search", params={"q": "   "}), 422, "q")
