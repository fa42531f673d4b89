"""One test per attack on the local daemon, each against the real app.

Web pages (cross-site requests, DNS rebinding), other extensions, tokens leaking through URLs
and logs, brute-forced pairing codes, oversized and malformed input.
"""

import asyncio
import hashlib
import hmac
import logging
from pathlib import Path

import pytest

from rapport.services.pairing import LIFETIME
from tests.conftest import OWNER_TOKEN, Api, add_person
from tests.daemon import start_daemon

EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
OTHER_EXTENSION = "chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba"
FIREFOX = "moz-extension://0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


def port_of(api: Api) -> int:
    return api.raw.server.port


async def assert_envelope(response, status: int, code: str | None = None) -> dict:
    assert response.status == status, await response.text()
    assert response.content_type == "application/json"
    body = await response.json()
    assert set(body) == {"error"} and set(body["error"]) <= {"code", "message", "field"}
    if code:
        assert body["error"]["code"] == code
    return body["error"]


async def pair(api: Api, origin: str = EXTENSION, name: str = "Rapport extension") -> dict:
    """Run a whole pairing as the extension would; return {"client_id", "token"}."""
    started = await api.raw.post(
        "/api/v1/pairing", json={"client_name": name}, headers={"Origin": origin}
    )
    assert started.status == 201, await started.text()
    pairing_id = (await started.json())["id"]
    code = (await api.ok("GET", "/pairing"))["code"]
    confirmed = await api.raw.post(
        f"/api/v1/pairing/{pairing_id}/confirm", json={"code": code}, headers={"Origin": origin}
    )
    assert confirmed.status == 200, await confirmed.text()
    return await confirmed.json()


# -- Host: DNS rebinding -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:{port}",
        "evil.example",
        "127.0.0.1",
        "localhost",
        "127.0.0.1:1",
        "127.0.0.1:{port}.evil.example",
        "127.0.0.2:{port}",
        "::1:{port}",
        "[::1",
        "[::1]",
        "[::1:{port}",
        "localhost:{port}:{port}",
        "localhost.:{port}",
        "0.0.0.0:{port}",
        "x" * 10_000,
        "",
    ],
)
async def test_foreign_or_malformed_host_is_refused(api, host):
    response = await api.get("/people", headers={"Host": host.format(port=port_of(api))})
    await assert_envelope(response, 403, "forbidden_host")
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}"])
async def test_loopback_hosts_on_the_bound_port_are_accepted(api, host):
    response = await api.get("/people", headers={"Host": host.format(port=port_of(api))})
    assert response.status == 200


async def raw_exchange(port: int, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    answer = await reader.read(65536)
    writer.close()
    await writer.wait_closed()
    return answer


async def test_http_1_0_without_host_is_refused(api):
    request = b"GET /api/v1/people HTTP/1.0\r\nAuthorization: Bearer " + OWNER_TOKEN.encode()
    answer = await raw_exchange(port_of(api), request + b"\r\n\r\n")
    assert answer.startswith(b"HTTP/1.0 403") or answer.startswith(b"HTTP/1.1 403")
    assert b'"forbidden_host"' in answer


async def test_http_1_1_without_host_never_reaches_the_data(api):
    request = b"GET /api/v1/people HTTP/1.1\r\nAuthorization: Bearer " + OWNER_TOKEN.encode()
    answer = await raw_exchange(port_of(api), request + b"\r\nConnection: close\r\n\r\n")
    assert answer.split(b" ")[1] in (b"400", b"403")
    assert b'"items"' not in answer


# -- Origin: web pages and other extensions ------------------------------------------------------


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example",
        "http://127.0.0.1:8000",
        "http://localhost",
        "null",
        "chrome-extension://",
        "chrome-extension://abcdefghijklmnopabcdefghijklmnop.evil.example",
        "chrome-extension://abcdefghijklmnopabcdefghijklmnopX",
        "moz-extension://not-a-uuid",
        "file://",
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_web_origins_are_refused_whatever_the_token(api, origin, method):
    before = (await api.ok("GET", "/people"))["total"]
    response = await api.request(
        method, "/people", json={"name": "Injected"}, headers={"Origin": origin}
    )
    await assert_envelope(response, 403, "forbidden_origin")
    assert "Access-Control-Allow-Origin" not in response.headers
    assert (await api.ok("GET", "/people"))["total"] == before


@pytest.mark.parametrize("origin", [EXTENSION, FIREFOX])
async def test_cors_echoes_the_exact_extension_origin(api, origin):
    response = await api.get("/people", headers={"Origin": origin})
    assert response.status == 200
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert response.headers["Vary"] == "Origin"


async def test_preflight_is_answered_for_extensions_only(api):
    asks = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    web = await api.raw.options(
        "/api/v1/people", headers={"Origin": "https://evil.example", **asks}
    )
    await assert_envelope(web, 403)
    assert "Access-Control-Allow-Origin" not in web.headers
    assert "Access-Control-Allow-Methods" not in web.headers
    bare = await api.raw.options("/api/v1/people", headers=asks)
    await assert_envelope(bare, 403)
    ext = await api.raw.options("/api/v1/people", headers={"Origin": EXTENSION, **asks})
    assert ext.status == 204
    assert ext.headers["Access-Control-Allow-Origin"] == EXTENSION
    assert "POST" in ext.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in ext.headers["Access-Control-Allow-Headers"]


async def test_a_paired_token_is_refused_from_another_extension(api):
    paired = await pair(api)
    token = {"Authorization": f"Bearer {paired['token']}"}
    mine = await api.raw.get("/api/v1/people", headers={**token, "Origin": EXTENSION})
    assert mine.status == 200
    theirs = await api.raw.get("/api/v1/people", headers={**token, "Origin": OTHER_EXTENSION})
    await assert_envelope(theirs, 403, "origin_mismatch")


# -- Tokens ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["token", "access_token", "api_key"])
async def test_a_token_in_the_url_is_refused(api, name):
    response = await api.raw.get(f"/api/v1/people?{name}={OWNER_TOKEN}")
    error = await assert_envelope(response, 401, "token_in_url")
    assert "Authorization" in error["message"]
    with_header = await api.get(f"/people?{name}={OWNER_TOKEN}")
    await assert_envelope(with_header, 401, "token_in_url")


@pytest.mark.parametrize(
    "header", [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer wrong", "bearer x y"]
)
async def test_missing_or_wrong_tokens_are_401(api, header):
    headers = {} if header is None else {"Authorization": header}
    response = await api.raw.get("/api/v1/people", headers=headers)
    await assert_envelope(response, 401)


async def test_a_revoked_token_stops_working_at_once(api):
    created = await api.ok("POST", "/clients", 201, json={"name": "script"})
    script = Api(api.raw, created["token"])
    await script.ok("GET", "/people")
    await api.ok("DELETE", f"/clients/{created['id']}", 204)
    await assert_envelope(await script.get("/people"), 401)


async def test_clients_never_show_the_token_or_its_hash(api):
    created = await api.ok("POST", "/clients", 201, json={"name": "script"})
    await Api(api.raw, created["token"]).ok("GET", "/people")
    listing = await api.ok("GET", "/clients")
    text = str(listing)
    assert created["token"] not in text
    assert hashlib.sha256(created["token"].encode()).hexdigest() not in text
    assert set(listing["items"][0]) == {"id", "name", "origin", "created_at", "last_used_at"}
    assert listing["items"][0]["last_used_at"] == "2026-03-02T09:00:00.000Z"


async def test_client_tokens_cannot_manage_tokens_or_see_pairing_codes(api):
    created = await api.ok("POST", "/clients", 201, json={"name": "script"})
    script = Api(api.raw, created["token"])
    for method, path in [
        ("GET", "/clients"),
        ("POST", "/clients"),
        ("DELETE", f"/clients/{created['id']}"),
        ("GET", "/pairing"),
        ("POST", "/pairing/approve"),
        ("POST", "/owner/rotate"),
    ]:
        response = await script.request(method, path, json={"name": "x"})
        await assert_envelope(response, 403, "owner_only")


# -- Pairing -----------------------------------------------------------------------------------


async def test_pairing_gives_a_working_token_bound_to_its_origin(api):
    paired = await pair(api)
    listing = await api.ok("GET", "/clients")
    assert listing["items"][0]["origin"] == EXTENSION
    assert listing["items"][0]["id"] == paired["client_id"]
    extension = Api(api.raw, paired["token"])
    await extension.ok("GET", "/people", headers={"Origin": EXTENSION})


async def test_pairing_needs_an_extension_origin(api):
    for headers in ({}, {"Origin": "https://evil.example"}, {"Origin": "null"}):
        response = await api.raw.post("/api/v1/pairing", json={"client_name": "x"}, headers=headers)
        await assert_envelope(response, 403)
    assert (await api.get("/pairing")).status == 404


async def test_confirm_from_another_origin_is_refused(api):
    started = await api.raw.post(
        "/api/v1/pairing", json={"client_name": "x"}, headers={"Origin": EXTENSION}
    )
    pairing_id = (await started.json())["id"]
    code = (await api.ok("GET", "/pairing"))["code"]
    response = await api.raw.post(
        f"/api/v1/pairing/{pairing_id}/confirm",
        json={"code": code},
        headers={"Origin": OTHER_EXTENSION},
    )
    await assert_envelope(response, 403, "origin_mismatch")


async def test_an_expired_pairing_code_is_refused(api, clock):
    started = await api.raw.post(
        "/api/v1/pairing", json={"client_name": "x"}, headers={"Origin": EXTENSION}
    )
    pairing_id = (await started.json())["id"]
    code = (await api.ok("GET", "/pairing"))["code"]
    clock.advance(seconds=LIFETIME.total_seconds() + 1)
    response = await api.raw.post(
        f"/api/v1/pairing/{pairing_id}/confirm", json={"code": code}, headers={"Origin": EXTENSION}
    )
    assert response.status in (404, 410)
    await assert_envelope(response, response.status)
    assert (await api.ok("GET", "/clients"))["total"] == 0


async def test_five_wrong_codes_cancel_the_pairing_and_slow_down_guessing(api, clock):
    started = await api.raw.post(
        "/api/v1/pairing", json={"client_name": "x"}, headers={"Origin": EXTENSION}
    )
    pairing_id = (await started.json())["id"]
    code = (await api.ok("GET", "/pairing"))["code"]
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    url = f"/api/v1/pairing/{pairing_id}/confirm"
    for attempt in range(4):
        response = await api.raw.post(url, json={"code": wrong}, headers={"Origin": EXTENSION})
        error = await assert_envelope(response, 403, "wrong_code")
        assert f"{4 - attempt} attempts left" in error["message"]
    fifth = await api.raw.post(url, json={"code": wrong}, headers={"Origin": EXTENSION})
    await assert_envelope(fifth, 429, "too_many_attempts")
    assert int(fifth.headers["Retry-After"]) > 0
    right = await api.raw.post(url, json={"code": code}, headers={"Origin": EXTENSION})
    assert right.status in (404, 429)
    again = await api.raw.post(
        "/api/v1/pairing", json={"client_name": "x"}, headers={"Origin": EXTENSION}
    )
    await assert_envelope(again, 429, "too_many_attempts")
    clock.advance(minutes=2)
    await pair(api)
    assert (await api.ok("GET", "/clients"))["total"] == 1


async def test_owner_approval_replaces_typing_the_code(api):
    started = await api.raw.post(
        "/api/v1/pairing", json={"client_name": "x"}, headers={"Origin": EXTENSION}
    )
    pairing_id = (await started.json())["id"]
    url = f"/api/v1/pairing/{pairing_id}/confirm"
    early = await api.raw.post(url, json={}, headers={"Origin": EXTENSION})
    await assert_envelope(early, 409, "not_approved")
    await api.ok("POST", "/pairing/approve")
    confirmed = await api.raw.post(url, json={}, headers={"Origin": EXTENSION})
    assert confirmed.status == 200
    assert (await confirmed.json())["token"].startswith("rpt_")


async def test_a_new_pairing_replaces_the_pending_one(api):
    first = await api.raw.post(
        "/api/v1/pairing", json={"client_name": "first"}, headers={"Origin": EXTENSION}
    )
    first_id = (await first.json())["id"]
    await api.raw.post(
        "/api/v1/pairing", json={"client_name": "second"}, headers={"Origin": FIREFOX}
    )
    pending = await api.ok("GET", "/pairing")
    assert pending["client_name"] == "second"
    response = await api.raw.post(
        f"/api/v1/pairing/{first_id}/confirm",
        json={"code": pending["code"]},
        headers={"Origin": EXTENSION},
    )
    await assert_envelope(response, 404)


# -- Proof of daemon -------------------------------------------------------------------------------


async def test_whoami_proves_the_daemon_knows_the_token_without_receiving_it(api):
    paired = await pair(api)
    nonce = "n0nce-" + "x" * 20
    response = await api.raw.get(
        "/api/v1/whoami", params={"client_id": paired["client_id"], "nonce": nonce}
    )
    assert response.status == 200
    key = hashlib.sha256(paired["token"].encode()).hexdigest().encode()
    expected = hmac.new(key, nonce.encode(), hashlib.sha256).hexdigest()
    assert (await response.json())["proof"] == expected
    other = await api.raw.get("/api/v1/whoami", params={"client_id": "c_unknown", "nonce": nonce})
    await assert_envelope(other, 404)
    with_token = await Api(api.raw, paired["token"]).ok("GET", "/whoami", params={"nonce": nonce})
    assert with_token["proof"] == expected
    anonymous = await api.raw.get("/api/v1/whoami", params={"nonce": nonce})
    await assert_envelope(anonymous, 401, "unauthorized")


# -- Limits and malformed bodies ---------------------------------------------------------------


async def test_a_9_mib_body_is_refused_before_it_is_read(api):
    # Only the headers are sent: an answer can come only from the Content-Length check.
    head = (
        f"POST /api/v1/people HTTP/1.1\r\nHost: 127.0.0.1:{port_of(api)}\r\n"
        f"Authorization: Bearer {OWNER_TOKEN}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {9 * 1024 * 1024}\r\n\r\n"
    )
    answer = await asyncio.wait_for(raw_exchange(port_of(api), head.encode()), timeout=10)
    assert answer.startswith(b"HTTP/1.1 413")
    assert b'"body_too_large"' in answer


async def test_a_9_mib_chunked_body_is_refused_while_reading(api):
    async def chunks():
        for _ in range(9 * 16):
            yield b" " * 65536

    response = await api.post(
        "/people", data=chunks(), headers={"Content-Type": "application/json"}
    )
    await assert_envelope(response, 413, "body_too_large")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
async def test_a_wrong_content_type_is_415(api, content_type):
    response = await api.post(
        "/people", data=b'{"name": "A"}', headers={"Content-Type": content_type}
    )
    await assert_envelope(response, 415)


async def test_deep_json_is_422(api):
    deep = b'{"name": ' + b"[" * 200 + b"]" * 200 + b"}"
    response = await api.post("/people", data=deep, headers={"Content-Type": "application/json"})
    await assert_envelope(response, 422, "too_deep")


async def test_numbers_too_large_are_422(api):
    response = await api.post(
        "/people",
        data=b'{"name": "A", "keep_in_touch_days": 1e400}',
        headers={"Content-Type": "application/json"},
    )
    await assert_envelope(response, 422)
    response = await api.post("/people", json={"name": "A", "keep_in_touch_days": 10**30})
    await assert_envelope(response, 422)


async def test_every_answer_carries_the_safety_headers(api):
    for response in (
        await api.get("/people"),
        await api.raw.get("/api/v1/health"),
        await api.raw.get("/api/v1/people"),
        await api.get("/nowhere"),
    ):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "no-store"


# -- Secrets never reach the logs ----------------------------------------------------------------


async def test_no_token_hash_or_code_in_the_logs_of_a_full_session(api, caplog):
    caplog.set_level(logging.DEBUG)
    started = await api.raw.post(
        "/api/v1/pairing", json={"client_name": "x"}, headers={"Origin": EXTENSION}
    )
    pairing_id = (await started.json())["id"]
    code = (await api.ok("GET", "/pairing"))["code"]
    await api.raw.post(
        f"/api/v1/pairing/{pairing_id}/confirm",
        json={"code": "000000"},
        headers={"Origin": EXTENSION},
    )
    confirmed = await api.raw.post(
        f"/api/v1/pairing/{pairing_id}/confirm", json={"code": code}, headers={"Origin": EXTENSION}
    )
    token = (await confirmed.json())["token"]
    created = await api.ok("POST", "/clients", 201, json={"name": "script"})
    extension = Api(api.raw, token)
    await add_person(extension)
    await extension.get("/people", headers={"Origin": OTHER_EXTENSION})
    await api.raw.get(f"/api/v1/people?token={created['token']}")
    await api.raw.get("/api/v1/people", headers={"Authorization": f"Bearer {token}x"})
    await api.ok("POST", "/owner/rotate")
    logged = caplog.text
    assert "pairing requested" in logged and "paired" in logged
    for secret in (token, created["token"], OWNER_TOKEN, code):
        assert secret not in logged
        assert hashlib.sha256(secret.encode()).hexdigest() not in logged


def listening_addresses(port: int) -> set[str]:
    """Local addresses of sockets listening on `port`, read from the kernel's tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_the_daemon_listens_on_loopback_only(tmp_path):
    daemon = start_daemon(tmp_path)
    try:
        assert listening_addresses(daemon.port) == {"0100007F"}  # 127.0.0.1, little-endian
    finally:
        daemon.stop()
