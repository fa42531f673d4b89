"""Client tokens: random, stored only as hashes, shown once, revocable at once."""

import contextlib
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from rapport.errors import NotFound, Unprocessable
from rapport.schema import NAME_MAX
from rapport.services.tables import new_id
from rapport.store import Delete, Put, Store, WriteFailed
from rapport.timefmt import format_instant

TOKEN_PREFIX = "rpt_"
PUBLIC_FIELDS = ("id", "name", "origin", "created_at", "last_used_at")


@dataclass(frozen=True)
class Principal:
    """Who a request acts for: the owner (CLI, scripts) or one client (the extension)."""

    kind: str  # owner | client
    client_id: str | None = None
    origin: str | None = None


@dataclass
class OwnerCredential:
    """The owner token's hash; mutable so that rotation takes effect at once."""

    token_hash: str


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def public(client: dict) -> dict:
    return {field: client.get(field) for field in PUBLIC_FIELDS}


def create_client(store: Store, name, now: datetime, origin: str | None = None):
    """Return (public record, token); the token exists nowhere else after this."""
    if not isinstance(name, str) or not name.strip():
        raise Unprocessable("name", "name must be a non-empty string")
    if len(name) > NAME_MAX:
        raise Unprocessable("name", f"name is longer than {NAME_MAX} characters")
    token = new_token()
    client = {
        "id": new_id("clients"),
        "name": name.strip(),
        "origin": origin,
        "token_hash": token_hash(token),
        "created_at": format_instant(now),
        "last_used_at": None,
    }
    store.commit([Put("clients", client)])
    return public(client), token


def touch(store: Store, client_id: str, now: datetime) -> None:
    """Record use at most hourly: exact enough to spot a stale token, cheap on the journal."""
    client = store.get("clients", client_id)
    stamp = format_instant(now)
    if client and (client["last_used_at"] or "")[:13] != stamp[:13]:
        with contextlib.suppress(WriteFailed):  # a full disk must not stop reads
            store.commit([Put("clients", {**client, "last_used_at": stamp})])


def list_clients(store: Store) -> list[dict]:
    return sorted((public(c) for c in store.records("clients")), key=lambda c: c["created_at"])


def revoke_client(store: Store, client_id: str) -> None:
    if store.get("clients", client_id) is None:
        raise NotFound("client", client_id)
    store.commit([Delete("clients", client_id)])


def authenticate(store: Store, owner: OwnerCredential, token: str) -> Principal | None:
    digest = token_hash(token)
    if hmac.compare_digest(digest, owner.token_hash):
        return Principal("owner")
    for client_id in store.find("clients_by_hash", digest):
        client = store.get("clients", client_id)
        if hmac.compare_digest(client["token_hash"], digest):
            return Principal("client", client_id, client["origin"])
    return None
