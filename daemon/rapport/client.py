"""A small synchronous client for the local API, used by the CLI and by scripts.

from rapport.client import Client
rapport = Client.from_environment()
for person in rapport.get("/people", tag="mentor")["items"]:
    print(person["name"])
"""

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from rapport.config import load_config
from rapport.owner_token import read_owner_token

# The daemon is on loopback: a proxy from the environment must never see our requests.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class DaemonUnreachable(RuntimeError):
    def __init__(self, base_url: str):
        super().__init__(f"no Rapport daemon answers at {base_url}; start one with `rapport serve`")


class ApiFailure(RuntimeError):
    """The daemon answered with an error envelope."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


class Client:
    def __init__(self, base_url: str, token: str | None, timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    @classmethod
    def from_environment(cls, port: int | None = None, data_dir: Path | None = None) -> "Client":
        """Find the daemon by port; authenticate with RAPPORT_TOKEN or the keyring's owner token."""
        config = load_config(port=port, data_dir=data_dir)
        token = os.environ.get("RAPPORT_TOKEN") or read_owner_token(config.data_dir)
        return cls(f"http://127.0.0.1:{config.port}", token)

    def request(self, method: str, path: str, body=None, query: dict | None = None, accept=None):
        url = f"{self.base_url}/api/v1{path}"
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        headers = {"Accept": accept or "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                payload = response.read()
                kind = response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            raise _failure(error) from None
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            raise DaemonUnreachable(self.base_url) from None
        if not payload:
            return None
        return json.loads(payload) if kind == "application/json" else payload.decode()

    def get(self, path: str, **query):
        return self.request("GET", path, query=query)

    def post(self, path: str, body):
        return self.request("POST", path, body=body)

    def patch(self, path: str, body):
        return self.request("PATCH", path, body=body)

    def delete(self, path: str):
        return self.request("DELETE", path)


def _failure(error: urllib.error.HTTPError) -> ApiFailure:
    try:
        envelope = json.loads(error.read())["error"]
        return ApiFailure(error.code, envelope["code"], envelope["message"], envelope.get("field"))
    except (ValueError, KeyError, TypeError):
        return ApiFailure(error.code, "http_error", f"the daemon answered HTTP {error.code}")
