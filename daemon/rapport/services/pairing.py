"""Pairing: how the extension gets a token without the user copying a secret.

The extension asks to pair; the daemon makes a 6-digit code that only someone at this machine
can read (`rapport pair`, with the owner token); the extension sends the code back and gets a
token bound to its own origin. One pairing is pending at a time, it expires after two minutes,
and five wrong codes cancel it. Nothing here is persisted: a restart cancels a pending pairing.
"""

import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from rapport.errors import ApiError
from rapport.timefmt import format_instant

LIFETIME = timedelta(minutes=2)
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=1)


@dataclass(frozen=True)
class Pairing:
    id: str
    client_name: str
    origin: str
    code: str
    expires_at: datetime
    failures: int = 0
    approved: bool = False

    def public(self, with_code: bool = False) -> dict:
        shown = {
            "id": self.id,
            "client_name": self.client_name,
            "origin": self.origin,
            "expires_at": format_instant(self.expires_at),
            "approved": self.approved,
        }
        if with_code:
            shown["code"] = self.code
        return shown


class PairingGone(ApiError):
    def __init__(self):
        super().__init__(404, "pairing_not_found", "no such pairing; start pairing again")


class Pairings:
    """The one pending pairing, and a lockout after a burst of wrong codes."""

    def __init__(self):
        self.pending: Pairing | None = None
        self.locked_until: datetime | None = None

    def start(self, client_name: str, origin: str, now: datetime) -> Pairing:
        self._refuse_while_locked(now)
        self.pending = Pairing(
            id=secrets.token_urlsafe(16),
            client_name=client_name,
            origin=origin,
            code=f"{secrets.randbelow(10**6):06d}",
            expires_at=now + LIFETIME,
        )
        return self.pending

    def current(self, now: datetime) -> Pairing | None:
        if self.pending and self.pending.expires_at <= now:
            self.pending = None
        return self.pending

    def approve(self, now: datetime) -> Pairing:
        pending = self.current(now)
        if pending is None:
            raise ApiError(404, "pairing_not_found", "no pairing is waiting for approval")
        self.pending = replace(pending, approved=True)
        return self.pending

    def confirm(self, pairing_id: str, origin: str | None, code, now: datetime) -> Pairing:
        """Return the pairing once the code matches (or it was approved); it is then used up."""
        self._refuse_while_locked(now)
        pending = self.pending
        if pending is None or not hmac.compare_digest(pending.id, pairing_id):
            raise PairingGone()
        if origin != pending.origin:
            raise ApiError(403, "origin_mismatch", "confirm from the extension that asked to pair")
        if pending.expires_at <= now:
            self.pending = None
            raise ApiError(410, "pairing_expired", "the pairing code expired; start pairing again")
        if code is None and pending.approved:
            self.pending = None
            return pending
        if code is None:
            raise ApiError(409, "not_approved", "type the code shown by `rapport pair`")
        if not isinstance(code, str) or not hmac.compare_digest(code.strip(), pending.code):
            self._fail(pending, now)
        self.pending = None
        return pending

    def _fail(self, pending: Pairing, now: datetime) -> None:
        failures = pending.failures + 1
        if failures >= MAX_FAILURES:
            self.pending = None
            self.locked_until = now + LOCKOUT
            raise RetryLater(int(LOCKOUT.total_seconds()), "the pairing was cancelled; ")
        self.pending = replace(pending, failures=failures)
        left = MAX_FAILURES - failures
        raise ApiError(403, "wrong_code", f"wrong code; {left} attempts left", "code")

    def _refuse_while_locked(self, now: datetime) -> None:
        if self.locked_until and now < self.locked_until:
            raise RetryLater(int((self.locked_until - now).total_seconds()) + 1)


class RetryLater(ApiError):
    def __init__(self, seconds: int, what_happened: str = ""):
        super().__init__(
            429,
            "too_many_attempts",
            f"too many wrong pairing codes; {what_happened}try again in {seconds} s",
            headers={"Retry-After": str(seconds)},
        )
