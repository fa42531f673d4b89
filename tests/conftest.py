"""Shared fixtures: a real app on a real store in a temp dir, a settable clock, isolation.

Every test runs with HOME, XDG dirs and the keyring backend pointed into a temp dir, so no test
can read or write the real user's data, config or keyring.
"""

import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rapport.app import make_app
from rapport.config import Config

OWNER_TOKEN = "rpt_test-owner-token"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture(autouse=True, scope="session")
def isolated_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("home")
    os.environ.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
    )
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    for name in ("RAPPORT_PORT", "RAPPORT_DATA_DIR", "RAPPORT_TOKEN", "RAPPORT_CONFIG"):
        os.environ.pop(name, None)
    return home


class Clock:
    """A clock tests move by hand; the app reads it through make_app(clock=...)."""

    def __init__(self, now: datetime = START):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


class Api:
    """A test client that sends the owner token; `raw` is the unauthenticated client."""

    def __init__(self, raw, token: str = OWNER_TOKEN):
        self.raw = raw
        self.token = token

    def _headers(self, headers):
        return {"Authorization": f"Bearer {self.token}", **(headers or {})}

    async def request(self, method: str, path: str, *, headers=None, **kwargs):
        return await self.raw.request(
            method, f"/api/v1{path}", headers=self._headers(headers), **kwargs
        )

    async def get(self, path, **kw):
        return await self.request("GET", path, **kw)

    async def post(self, path, **kw):
        return await self.request("POST", path, **kw)

    async def put(self, path, **kw):
        return await self.request("PUT", path, **kw)

    async def patch(self, path, **kw):
        return await self.request("PATCH", path, **kw)

    async def delete(self, path, **kw):
        return await self.request("DELETE", path, **kw)

    async def ok(self, method: str, path: str, status: int = 200, **kw):
        """Send, assert the status, and return the JSON body (None for 204)."""
        response = await self.request(method, path, **kw)
        body = await response.text()
        assert response.status == status, f"{method} {path}: {response.status} {body}"
        return await response.json() if body else None


@pytest.fixture
def make_api(aiohttp_client, tmp_path, clock) -> Callable:
    """Factory: `await make_api(data_dir=..., **config)` gives an Api on a fresh app."""

    async def factory(data_dir: Path | None = None, **settings) -> Api:
        config = Config(data_dir=data_dir or tmp_path / "data", **settings)
        app = make_app(config, OWNER_TOKEN, clock=clock)
        return Api(await aiohttp_client(app))

    return factory


@pytest.fixture
async def api(make_api) -> Api:
    return await make_api()


async def add_person(api: Api, name: str = "Ada Lovelace", **fields) -> dict:
    return await api.ok("POST", "/people", 201, json={"name": name, **fields})
