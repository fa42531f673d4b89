"""Calendar sources read from a real HTTP server on 127.0.0.1 and from files on disk."""

import asyncio
import os
from dataclasses import dataclass, field

import pytest
from aiohttp import web

from rapport.calendar_feeds import FEEDS
from rapport.services.calendars import fetch_url
from tests.test_meetings_import import LUNCH, REVIEW, STANDUP, calendar

TWO_EVENTS = calendar(LUNCH, REVIEW)


@dataclass
class IcsServer:
    """A calendar publisher: serves `body` with `etag`, honours If-None-Match, can fail."""

    body: bytes = TWO_EVENTS
    etag: str = '"v1"'
    status: int = 200
    delay: float = 0
    requests: list[dict] = field(default_factory=list)
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append(dict(request.headers))
        await asyncio.sleep(self.delay)
        if self.status != 200:
            return web.Response(status=self.status, text="no")
        if request.headers.get("If-None-Match") == self.etag:
            return web.Response(status=304)
        return web.Response(
            body=self.body, content_type="text/calendar", headers={"ETag": self.etag}
        )

    def publish(self, body: bytes, etag: str) -> None:
        self.body, self.etag = body, etag


@pytest.fixture
async def ics_server(aiohttp_server) -> IcsServer:
    publisher = IcsServer()
    app = web.Application()
    app.router.add_get("/private-abc/basic.ics", publisher.handle)
    server = await aiohttp_server(app, host="127.0.0.1")
    publisher.url = str(server.make_url("/private-abc/basic.ics"))
    return publisher


async def titles(api) -> list[str]:
    return [m["title"] for m in (await api.ok("GET", "/meetings"))["items"]]


async def refresh_due(api, clock, minutes: int = 15) -> None:
    """Let the schedule come round, then run the refresh the background task runs."""
    clock.advance(minutes=minutes)
    await api.raw.app[FEEDS].refresh_due()


async def test_adding_a_calendar_reads_it_at_once(api, ics_server, clock):
    added = await api.ok("POST", "/calendars", 201, json={"url": ics_server.url, "name": "Work"})

    assert {k: v for k, v in added.items() if k != "id"} == {
        "name": "Work",
        "url": ics_server.url,
        "path": None,
        "created_at": "2026-03-02T09:00:00.000Z",
        "last_attempt_at": "2026-03-02T09:00:00.000Z",
        "last_success_at": "2026-03-02T09:00:00.000Z",
        "last_error": None,
        "last_result": {"imported": 2, "updated": 0, "unchanged": 0, "removed": 0,
                        "skipped": 0, "errors": 0},
        "meetings": 2,
    }  # fmt: skip
    assert await titles(api) == ["Lunch", "Review"]
    listed = await api.ok("GET", "/calendars")
    assert listed["items"] == [added] and listed["total"] == 1
    meeting = (await api.ok("GET", "/meetings"))["items"][0]
    assert meeting["source"]["calendar_id"] == added["id"]


async def test_refresh_asks_for_changes_only_with_the_etag(api, ics_server, clock):
    added = await api.ok("POST", "/calendars", 201, json={"url": ics_server.url})
    assert "If-None-Match" not in ics_server.requests[0]
    assert added["name"] == "127.0.0.1:" + ics_server.url.split(":")[2].split("/")[0]

    await refresh_due(api, clock, minutes=14)  # not due yet
    assert len(ics_server.requests) == 1
    await refresh_due(api, clock, minutes=1)
    assert ics_server.requests[1]["If-None-Match"] == '"v1"'  # answered 304
    (source,) = (await api.ok("GET", "/calendars"))["items"]
    assert source["last_success_at"] == "2026-03-02T09:15:00.000Z"
    assert source["last_result"]["imported"] == 2  # from the last full read

    ics_server.publish(calendar(LUNCH.replace("Lunch", "Long lunch"), REVIEW), '"v2"')
    await refresh_due(api, clock)

    assert ics_server.requests[2]["If-None-Match"] == '"v1"'
    (source,) = (await api.ok("GET", "/calendars"))["items"]
    assert source["last_result"] == {
        "imported": 0, "updated": 1, "unchanged": 1, "removed": 0, "skipped": 0, "errors": 0,
    }  # fmt: skip
    assert await titles(api) == ["Long lunch", "Review"]


async def test_an_unchanged_source_is_read_in_full_once_a_day(api, ics_server, clock):
    await api.ok("POST", "/calendars", 201, json={"url": ics_server.url})

    await refresh_due(api, clock, minutes=24 * 60)

    assert "If-None-Match" not in ics_server.requests[1]


async def test_an_event_gone_from_a_source_is_removed(api, ics_server, clock):
    await api.ok("POST", "/calendars", 201, json={"url": ics_server.url})
    ics_server.publish(calendar(LUNCH), '"v2"')

    await refresh_due(api, clock)

    assert await titles(api) == ["Lunch"]
    (source,) = (await api.ok("GET", "/calendars"))["items"]
    assert (source["last_result"]["removed"], source["meetings"]) == (1, 1)


async def test_a_failing_source_keeps_its_meetings_and_says_why(api, ics_server, clock):
    await api.ok("POST", "/calendars", 201, json={"url": ics_server.url})
    ics_server.status = 503

    await refresh_due(api, clock)

    assert await titles(api) == ["Lunch", "Review"]
    status = await api.ok("GET", "/status")
    (source,) = status["calendars"]
    assert source["last_error"] == "the server answered HTTP 503"
    assert source["last_attempt_at"] == "2026-03-02T09:15:00.000Z"
    assert source["last_success_at"] == "2026-03-02T09:00:00.000Z"
    assert status["counts"]["calendars"] == 1

    ics_server.status = 200
    await refresh_due(api, clock)
    (source,) = (await api.ok("GET", "/status"))["calendars"]
    assert source["last_error"] is None


async def test_a_slow_source_times_out(make_api, ics_server, clock):
    api = await make_api(calendar_timeout_seconds=1)
    await api.ok("POST", "/calendars", 201, json={"url": ics_server.url})
    ics_server.delay = 3

    await refresh_due(api, clock)

    (source,) = (await api.ok("GET", "/calendars"))["items"]
    assert source["last_error"] == "no answer within 1 s"
    assert await titles(api) == ["Lunch", "Review"]


async def test_the_background_task_refreshes_when_due(api, ics_server, clock):
    await api.ok("POST", "/calendars", 201, json={"url": ics_server.url})
    clock.advance(minutes=15)

    api.raw.app[FEEDS].wake.set()  # rather than wait for its next look at the clock
    for _ in range(100):
        if len(ics_server.requests) == 2:
            break
        await asyncio.sleep(0.05)

    assert len(ics_server.requests) == 2
    assert ics_server.requests[1]["If-None-Match"] == '"v1"'


async def test_refresh_now(api, ics_server, clock):
    added = await api.ok("POST", "/calendars", 201, json={"url": ics_server.url})
    ics_server.publish(calendar(REVIEW), '"v2"')

    refreshed = await api.ok("POST", f"/calendars/{added['id']}/refresh")

    assert (refreshed["last_result"]["removed"], refreshed["meetings"]) == (1, 1)
    await api.ok("POST", "/calendars/cal_missing/refresh", 404)


# --- what is refused -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": 404}, "the server answered HTTP 404"),
        ({"body": b"<html>a login page</html>"}, "the source is not an iCalendar file"),
    ],
)
async def test_a_source_that_cannot_be_read_is_not_added(api, ics_server, change, message):
    for name, value in change.items():
        setattr(ics_server, name, value)

    response = await api.post("/calendars", json={"url": ics_server.url})

    assert response.status == 422
    assert (await response.json())["error"] == {
        "code": "calendar_unreadable", "message": message, "field": "url",
    }  # fmt: skip
    assert (await api.ok("GET", "/calendars"))["total"] == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "url"),
        ({"url": "ftp://example.com/a.ics"}, "url"),
        ({"url": "https://example.com/a.ics", "path": "/tmp/a.ics"}, "url"),
        ({"path": "relative/a.ics"}, "path"),
        ({"url": "https://example.com/a.ics", "colour": "red"}, "colour"),
    ],
)
async def test_bad_calendar_bodies_are_422(api, body, field):
    response = await api.post("/calendars", json=body)

    assert response.status == 422
    assert (await response.json())["error"]["field"] == field


def test_webcal_is_read_over_https():
    assert (
        fetch_url("webcal://cal.example.com/p/basic.ics") == "https://cal.example.com/p/basic.ics"
    )
    assert fetch_url("WEBCALS://cal.example.com/x") == "https://cal.example.com/x"
    assert fetch_url("http://127.0.0.1:8080/a.ics") == "http://127.0.0.1:8080/a.ics"
    with pytest.raises(ValueError):
        fetch_url("file:///etc/passwd")


async def test_a_webcal_address_is_accepted_and_fetched_over_https(api, ics_server):
    webcal = ics_server.url.replace("http://", "webcal://")

    response = await api.post("/calendars", json={"url": webcal})

    # The test server speaks plain HTTP, so the https request it gets cannot succeed.
    assert response.status == 422
    assert (await response.json())["error"]["message"] == "cannot connect to 127.0.0.1"
    assert not ics_server.requests or not ics_server.requests[0].get("If-None-Match")


# --- files ------------------------------------------------------------------------------------


async def test_a_file_source_is_re_read_when_it_changes(api, tmp_path, clock):
    file = tmp_path / "family.ics"
    file.write_bytes(TWO_EVENTS)
    added = await api.ok("POST", "/calendars", 201, json={"path": str(file)})
    assert (added["name"], added["meetings"]) == ("family.ics", 2)

    # Same size and time: not read at all (this garbage would fail if it were).
    stamp = file.stat()
    file.write_bytes(b"x" * stamp.st_size)
    os.utime(file, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    await refresh_due(api, clock)
    (source,) = (await api.ok("GET", "/calendars"))["items"]
    assert source["last_error"] is None

    file.write_bytes(calendar(LUNCH, REVIEW, STANDUP))
    await refresh_due(api, clock)
    assert await titles(api) == ["Standup", "Lunch", "Review"]

    file.unlink()
    await refresh_due(api, clock)
    (source,) = (await api.ok("GET", "/calendars"))["items"]
    assert source["last_error"] == "cannot read the file (No such file or directory)"
    assert len(await titles(api)) == 3


async def test_only_the_owner_may_add_a_file(api, tmp_path):
    file = tmp_path / "secret.ics"
    file.write_bytes(TWO_EVENTS)
    client = await api.ok("POST", "/clients", 201, json={"name": "extension"})

    response = await api.post(
        "/calendars",
        json={"path": str(file)},
        headers={"Authorization": f"Bearer {client['token']}"},
    )

    assert response.status == 403
    assert (await api.ok("GET", "/calendars"))["total"] == 0


async def test_removing_a_source_removes_its_meetings_still_to_come(api, ics_server, clock):
    ics_server.publish(calendar(STANDUP, LUNCH), '"v1"')  # 3 and 4 March
    added = await api.ok("POST", "/calendars", 201, json={"url": ics_server.url})
    clock.now = clock.now.replace(day=4, hour=0)  # the standup began, lunch is still to come

    await api.ok("DELETE", f"/calendars/{added['id']}", 204)

    (kept,) = (await api.ok("GET", "/meetings"))["items"]
    assert (kept["title"], kept["source"]["calendar_id"]) == ("Standup", None)
    assert (await api.ok("GET", "/calendars"))["total"] == 0
    await api.ok("DELETE", f"/calendars/{added['id']}", 404)


@pytest.mark.parametrize("path", ["/dev/zero", "/"])
async def test_only_regular_files_are_read(api, path):
    response = await api.post("/calendars", json={"path": path})

    assert response.status == 422
    assert (await response.json())["error"]["message"] == "not a regular file"


async def test_a_source_over_the_import_limit_is_refused(make_api, ics_server, tmp_path):
    api = await make_api(max_import_bytes=100)
    file = tmp_path / "big.ics"
    file.write_bytes(TWO_EVENTS)

    by_url = await api.post("/calendars", json={"url": ics_server.url})
    by_path = await api.post("/calendars", json={"path": str(file)})

    assert (await by_url.json())["error"]["message"] == "the calendar is larger than 100 bytes"
    assert (await by_path.json())["error"]["message"] == "the file is larger than 100 bytes"
