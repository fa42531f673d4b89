"""Typed keys for what the application holds, defined once."""

from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from rapport.config import Config
from rapport.services.clients import OwnerCredential, Principal
from rapport.services.pairing import Pairings
from rapport.store import Store

CONFIG = web.AppKey("config", Config)
STORE = web.AppKey("store", Store)
CLOCK = web.AppKey("clock", Callable[[], datetime])
OWNER = web.AppKey("owner", OwnerCredential)
PAIRINGS = web.AppKey("pairings", Pairings)
OPENAPI = web.AppKey("openapi", dict)

# Per request: who it acts for, and the extension origin CORS answers to.
PRINCIPAL = web.RequestKey("principal", Principal)
CORS_ORIGIN = web.RequestKey("cors_origin", str)
