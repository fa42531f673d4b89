"""The application factory: middlewares, routes, and the store's life cycle."""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

from aiohttp import web

from rapport.app_keys import CLOCK, CONFIG, OWNER, PAIRINGS, STORE
from rapport.calendar_feeds import calendar_feeds
from rapport.config import Config
from rapport.routes import setup_routes
from rapport.security import MIDDLEWARES, SafeAccessLogger
from rapport.services.backups import daily_backups
from rapport.services.clients import OwnerCredential, token_hash
from rapport.services.pairing import Pairings
from rapport.services.tables import open_store


def utc_now() -> datetime:
    return datetime.now(UTC)


def make_app(
    config: Config, owner_token: str, clock: Callable[[], datetime] = utc_now
) -> web.Application:
    app = web.Application(
        middlewares=MIDDLEWARES,
        client_max_size=config.max_body_bytes,
        handler_args={
            # Let an oversized Host header reach the Host check (a 403 envelope).
            "max_field_size": 64 * 1024,
            "access_log_class": SafeAccessLogger,
        },
    )
    app[CONFIG] = config
    app[CLOCK] = clock
    app[OWNER] = OwnerCredential(token_hash(owner_token))
    app[PAIRINGS] = Pairings()
    setup_routes(app)
    app.cleanup_ctx.append(_store_context)
    app.cleanup_ctx.append(calendar_feeds)  # after the store: it reads and writes it
    return app


async def _store_context(app: web.Application) -> AsyncIterator[None]:
    store = open_store(app[CONFIG].data_dir)
    app[STORE] = store
    backups = asyncio.create_task(daily_backups(store, app[CONFIG]))
    yield
    backups.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await backups
    store.close()
