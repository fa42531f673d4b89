"""Pairing an extension, proving the daemon's identity to it, rotating the owner token."""

import hashlib
import hmac
import logging

from aiohttp import web

from rapport.app_keys import CONFIG, OWNER, PAIRINGS, PRINCIPAL
from rapport.errors import ApiError
from rapport.owner_token import ensure_owner_token
from rapport.routes.http import json_response, now_of, read_json, small_body, store_of
from rapport.schema import ID_RE, NAME_MAX
from rapport.services import clients
from rapport.services.pairing import PairingGone

log = logging.getLogger(__name__)


async def start_pairing(request: web.Request) -> web.Response:
    origin = request.headers.get("Origin")
    if origin is None:
        raise ApiError(403, "forbidden_origin", "pairing is started by a browser extension")
    body = small_body(await read_json(request), ("client_name",), required=("client_name",))
    name = body["client_name"]
    if not isinstance(name, str) or not name.strip() or len(name) > NAME_MAX:
        raise ApiError(
            422, "invalid_field", f"client_name must be 1-{NAME_MAX} characters", "client_name"
        )
    pairing = request.app[PAIRINGS].start(name.strip(), origin, now_of(request))
    log.info(
        "pairing requested by %r from %s; run `rapport pair` to see the code",
        pairing.client_name,
        origin,
    )
    return json_response(pairing.public(), status=201)


async def confirm_pairing(request: web.Request) -> web.Response:
    pairing_id = request.match_info["id"]
    body = small_body(await read_json(request), ("code",))
    pairing = request.app[PAIRINGS].confirm(
        pairing_id, request.headers.get("Origin"), body.get("code"), now_of(request)
    )
    record, token = clients.create_client(
        store_of(request), pairing.client_name, now_of(request), origin=pairing.origin
    )
    log.info("paired %r from %s as client %s", record["name"], record["origin"], record["id"])
    return json_response({"client_id": record["id"], "token": token})


async def show_pairing(request: web.Request) -> web.Response:
    pending = request.app[PAIRINGS].current(now_of(request))
    if pending is None:
        raise PairingGone()
    return json_response(pending.public(with_code=True))


async def approve_pairing(request: web.Request) -> web.Response:
    return json_response(request.app[PAIRINGS].approve(now_of(request)).public())


async def whoami(request: web.Request) -> web.Response:
    """Prove this daemon knows the client's token without the client sending it.

    A process squatting the port learns nothing from this request; only the daemon that issued
    the token can answer `HMAC-SHA256(key=hex(sha256(token)), msg=nonce)`.
    """
    nonce = request.query.get("nonce", "")
    principal = request.get(PRINCIPAL)
    client_id = request.query.get("client_id") or (principal and (principal.client_id or "owner"))
    if client_id is None:
        raise ApiError(
            401,
            "unauthorized",
            "send Authorization: Bearer TOKEN, or client_id to check the daemon without a token",
        )
    if not 16 <= len(nonce) <= 256:
        raise ApiError(422, "invalid_query", "nonce must be 16-256 characters", "nonce")
    if client_id == "owner":
        key = request.app[OWNER].token_hash
    else:
        client = store_of(request).get("clients", client_id) if ID_RE.match(client_id) else None
        if client is None:
            raise ApiError(404, "not_found", "this daemon issued no such client")
        key = client["token_hash"]
    proof = hmac.new(key.encode(), nonce.encode(), hashlib.sha256).hexdigest()
    return json_response({"app": "rapport", "client_id": client_id, "proof": proof})


async def rotate_owner_token(request: web.Request) -> web.Response:
    token = ensure_owner_token(request.app[CONFIG].data_dir, rotate=True)
    request.app[OWNER].token_hash = clients.token_hash(token)
    log.info("owner token rotated")
    return json_response({"rotated": True})
