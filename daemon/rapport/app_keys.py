"""Typed keys for what the application holds, defined once."""

from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from rapport.config import Config
from rapport.store import Store

CONFIG = web.AppKey("config", Config)
STORE = web.AppKey("store", Store)
CLOCK = web.AppKey("clock", Callable[[], datetime])
OWNER_TOKEN_HASH = web.AppKey("owner_token_hash", str)
OPENAPI = web.AppKey("openapi", dict)
