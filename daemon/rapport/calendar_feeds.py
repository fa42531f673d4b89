"""Reading calendar sources, and the background task that re-reads each on its schedule.

A read asks only for what changed (ETag / Last-Modified, or a file's size and time), gives
up after the configured timeout, and never clears a source's meetings when it fails: the
failure is recorded on the source and shown by `/status`. Reads take turns, so that two never
write the same source's meetings at once. The clock is the app's, so tests move time by hand.
"""

import asyncio
import contextlib
import logging
import stat
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from aiohttp import web

import rapport
from rapport.app_keys import CLOCK, CONFIG, STORE
from rapport.errors import ApiError
from rapport.services import calendars
from rapport.services.ics import NotACalendar
from rapport.services.matching import PERSON_FIELDS
from rapport.services.meetings import ImportPolicy, import_ops, read_calendar
from rapport.services.user import read_me
from rapport.store import Put

log = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 30  # how often the task looks for sources that are due


class ReadFailed(Exception):
    """A source could not be read; the message is safe to show (no secret address in it)."""


@dataclass
class Fetched:
    body: bytes | None  # None: unchanged since the validators were taken
    validators: dict = field(default_factory=dict)


class CalendarFeeds:
    """The app's calendar reader: one HTTP session, one read at a time."""

    def __init__(self, app: web.Application, session: aiohttp.ClientSession):
        self.app = app
        self.session = session
        self.turn = asyncio.Lock()
        self.wake = asyncio.Event()

    # -- reading -----------------------------------------------------------------------------

    async def add(self, calendar: dict) -> dict:
        """Read a new source and store it with its meetings; a source that cannot be read is
        refused (422) so that a typo is caught at once, not an hour later."""
        async with self.turn:
            try:
                fetched, read = await self._read(calendar, conditional=False)
            except ReadFailed as error:
                field_name = "url" if calendar["url"] else "path"
                raise ApiError(422, "calendar_unreadable", str(error), field_name) from None
            store, now = self.app[STORE], self.app[CLOCK]()
            ops, result = import_ops(store, read, now, calendar["id"])
            stored = calendars.read_succeeded(calendar, now, fetched.validators, result)
            store.commit([Put("calendars", stored), *ops])
            return stored

    async def refresh(self, calendar_id: str) -> dict | None:
        """Re-read one source; its record afterwards, or None if it was removed meanwhile."""
        async with self.turn:
            store = self.app[STORE]
            calendar = store.get("calendars", calendar_id)
            if calendar is None:
                return None
            conditional = calendars.may_skip_unchanged(calendar, self.app[CLOCK]())
            fetched, read, failure = None, None, None
            try:
                fetched, read = await self._read(calendar, conditional=conditional)
            except ReadFailed as error:
                failure = str(error)
            calendar = store.get("calendars", calendar_id)
            if calendar is None:
                return None
            now = self.app[CLOCK]()
            ops: list = []
            if failure is not None:
                log.warning("calendar %s (%s) could not be read: %s", calendar_id,
                            calendar["name"], failure)  # fmt: skip
                calendar = calendars.read_failed(calendar, now, failure)
            elif read is None:
                calendar = calendars.found_unchanged(calendar, now)
            else:
                ops, result = import_ops(store, read, now, calendar_id)
                calendar = calendars.read_succeeded(calendar, now, fetched.validators, result)
            store.commit([Put("calendars", calendar), *ops])
            return calendar

    async def refresh_due(self) -> None:
        config, now = self.app[CONFIG], self.app[CLOCK]()
        for calendar in list(self.app[STORE].records("calendars")):
            if calendars.is_due(calendar, now, config.calendar_refresh_minutes):
                try:
                    await self.refresh(calendar["id"])
                except Exception:  # one bad source must not stop the others or the task
                    log.exception("calendar %s: refresh failed", calendar["id"])

    async def run(self) -> None:
        while True:
            await self.refresh_due()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), CHECK_EVERY_SECONDS)
            self.wake.clear()

    async def _read(self, calendar: dict, conditional: bool):
        """(fetched, parsed calendar or None when unchanged); raises ReadFailed."""
        validators = calendar["validators"] if conditional else {}
        if calendar["url"]:
            fetched = await self._fetch_url(calendar["url"], validators)
        else:
            fetched = await _read_file(Path(calendar["path"]), validators, self._limit)
        if fetched.body is None:
            return fetched, None
        store, now = self.app[STORE], self.app[CLOCK]()
        try:
            read = await asyncio.to_thread(
                read_calendar,
                fetched.body,
                people=list(store.records("people", PERSON_FIELDS)),
                me=read_me(store),
                policy=ImportPolicy.from_config(self.app[CONFIG]),
                now=now,
            )
        except NotACalendar:
            # Not the parser's message: it may quote the file, and a source can be any file.
            raise ReadFailed("the source is not an iCalendar file") from None
        return fetched, read

    @property
    def _limit(self) -> int:
        return self.app[CONFIG].max_import_bytes

    async def _fetch_url(self, url: str, validators: dict) -> Fetched:
        headers = {}
        if validators.get("etag"):
            headers["If-None-Match"] = validators["etag"]
        if validators.get("last_modified"):
            headers["If-Modified-Since"] = validators["last_modified"]
        seconds = self.app[CONFIG].calendar_timeout_seconds
        try:
            async with self.session.get(
                calendars.fetch_url(url),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=seconds),
            ) as response:
                if response.status == 304:
                    return Fetched(None, validators)
                if response.status != 200:
                    raise ReadFailed(f"the server answered HTTP {response.status}")
                body = await _read_limited(response.content, self._limit)
                kept = {"etag": response.headers.get("ETag"),
                        "last_modified": response.headers.get("Last-Modified")}  # fmt: skip
                return Fetched(body, {name: value for name, value in kept.items() if value})
        except TimeoutError:
            raise ReadFailed(f"no answer within {seconds} s") from None
        except aiohttp.ClientConnectorError as error:
            raise ReadFailed(f"cannot connect to {error.host}") from None
        except aiohttp.ClientError as error:
            # Not str(error): aiohttp quotes the URL, and a private calendar's URL is a secret.
            raise ReadFailed(f"the request failed ({type(error).__name__})") from None


async def _read_limited(content: aiohttp.StreamReader, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in content.iter_chunked(1 << 16):
        size += len(chunk)
        if size > limit:
            raise ReadFailed(f"the calendar is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def _read_file(path: Path, validators: dict, limit: int) -> Fetched:
    def read() -> Fetched:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # a device or a pipe could be read forever
            raise ReadFailed("not a regular file")
        stamp = {"file": f"{status.st_size}:{status.st_mtime_ns}"}
        if validators.get("file") == stamp["file"]:
            return Fetched(None, stamp)
        with path.open("rb") as handle:
            body = handle.read(limit + 1)
        if len(body) > limit:
            raise ReadFailed(f"the file is larger than {limit} bytes")
        return Fetched(body, stamp)

    try:
        return await asyncio.to_thread(read)
    except OSError as error:
        raise ReadFailed(
            f"cannot read the file ({error.strerror or type(error).__name__})"
        ) from None


FEEDS = web.AppKey("calendar_feeds", CalendarFeeds)


async def calendar_feeds(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: the HTTP session and the refresh task live as long as the app."""
    ImportPolicy.from_config(app[CONFIG])  # a bad calendar_timezone stops the start, named
    user_agent = f"rapport/{rapport.__version__} (calendar refresh)"
    async with aiohttp.ClientSession(trust_env=True, headers={"User-Agent": user_agent}) as session:
        feeds = CalendarFeeds(app, session)
        app[FEEDS] = feeds
        task = asyncio.create_task(feeds.run())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
