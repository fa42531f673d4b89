"""A keep-alive HTTP/1.1 client for the daemon, as a script or the extension would hold one.

Plain `http.client` rather than the daemon's Python objects or an async client: the numbers
then include what any caller pays (parsing, the socket, the auth middleware) and little else.
"""

import http.client
import time
from dataclasses import dataclass

API = "/api/v1"


@dataclass(frozen=True)
class Call:
    """One request and the status that means it worked."""

    method: str
    path: str  # under /api/v1, with its query string
    body: bytes | None = None
    expect: int = 200


class UnexpectedAnswer(RuntimeError):
    def __init__(self, call: Call, status: int, body: bytes):
        super().__init__(
            f"{call.method} {API}{call.path} answered {status}, expected {call.expect}: "
            f"{body[:300].decode(errors='replace')}"
        )
        self.status = status


class Connection:
    """One socket kept open across requests; reopened by http.client if the daemon closes it."""

    def __init__(self, port: int, token: str | None, timeout: float = 600):
        self._http = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self._headers = {"Accept": "application/json", "Connection": "keep-alive"}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"

    def send(self, call: Call) -> tuple[int, bytes]:
        headers = self._headers
        if call.body is not None:
            headers = {**headers, "Content-Type": "application/json"}
        self._http.request(call.method, API + call.path, body=call.body, headers=headers)
        response = self._http.getresponse()
        return response.status, response.read()

    def check(self, call: Call) -> bytes:
        """Send and insist on the expected status; the answer's body."""
        status, body = self.send(call)
        if status != call.expect:
            raise UnexpectedAnswer(call, status, body)
        return body

    def timed(self, call: Call) -> float:
        """Seconds from sending the request to having read the whole answer."""
        started = time.perf_counter()
        self.check(call)
        return time.perf_counter() - started

    def close(self) -> None:
        self._http.close()
