"""Interactions, promises, reminders and meetings: their life cycle, lists, and what a person's
deletion does to them."""

import json

import pytest

from rapport.schema import ID_RE
from tests.conftest import START, add_person
from tests.test_errors import assert_envelope

NOW = "2026-03-02T09:00:00.000Z"  # conftest.START as the daemon writes it
FIELDS = {  # the contract's fields; the daemon may add more
    "interactions": {"id", "person_ids", "kind", "text", "occurred_at", "url", "created_at"},
    "promises": {
        "id",
        "person_id",
        "direction",
        "text",
        "due",
        "status",
        "created_at",
        "closed_at",
    },
    "reminders": {"id", "person_id", "text", "due_at", "status"},
    "meetings": {"id", "title", "starts_at", "ends_at", "location", "attendees", "source"},
}
TABLES = list(FIELDS)


@pytest.fixture
async def people(api):
    ada = await add_person(api, "Ada Lovelace", emails=["ada@example.com"])
    bob = await add_person(api, "Bob Babbage")
    return api, ada["id"], bob["id"]


def minimal(table: str, person_id: str, **fields) -> dict:
    """The smallest valid body for `table`, tied to `person_id` where the table allows."""
    return {
        "interactions": {"person_ids": [person_id], "kind": "note"},
        "promises": {"person_id": person_id, "direction": "mine", "text": "send the report"},
        "reminders": {"person_id": person_id, "text": "ask", "due_at": "2026-03-05T09:00:00.000Z"},
        "meetings": {"title": "Coffee", "starts_at": "2026-03-05T09:00:00.000Z",
                     "attendees": [{"name": "Someone", "person_id": person_id}]},
    }[table] | fields  # fmt: skip


async def create(api, table: str, body: dict) -> dict:
    return await api.ok("POST", f"/{table}", 201, json=body)


async def listed(api, table: str, **params) -> list[dict]:
    return (await api.ok("GET", f"/{table}", params=params))["items"]


# -- create --------------------------------------------------------------------------------------

DEFAULTS = [
    ("interactions", {"occurred_at": NOW, "url": None, "created_at": NOW}),
    ("promises", {"due": None, "status": "open", "closed_at": None, "created_at": NOW}),
    ("reminders", {"status": "open"}),
    ("meetings", {"ends_at": None, "location": None, "source": {"kind": "manual", "uid": None}}),
]


@pytest.mark.parametrize("table, defaults", DEFAULTS)
async def test_create_fills_defaults(people, table, defaults):
    api, ada, _ = people
    body = minimal(table, ada)
    record = await create(api, table, body)
    assert set(record) >= FIELDS[table]
    assert isinstance(record["id"], str) and ID_RE.match(record["id"])
    assert record | defaults == record, record
    for name, value in body.items():
        if name != "attendees":
            assert record[name] == value


async def test_defaults_without_optional_links(api):
    reminder = await create(
        api, "reminders", {"text": "water plants", "due_at": "2026-03-05T09:00:00Z"}
    )
    assert reminder["person_id"] is None
    meeting = await create(api, "meetings", {"title": "Focus", "starts_at": "2026-03-05T09:00:00Z"})
    assert meeting["attendees"] == []
    interaction = await create(
        api, "interactions", {"person_ids": [(await add_person(api))["id"]], "kind": "like"}
    )
    assert interaction["text"] in ("", None)


TIMES = [
    ("interactions", "occurred_at", "2026-03-01T10:00:00+01:00", "2026-03-01T09:00:00.000Z"),
    ("interactions", "occurred_at", "2026-03-01T00:30:00+02:00", "2026-02-28T22:30:00.000Z"),
    ("interactions", "occurred_at", "2026-03-01T09:00:00Z", "2026-03-01T09:00:00.000Z"),
    ("reminders", "due_at", "2026-03-01T05:30:00-03:30", "2026-03-01T09:00:00.000Z"),
    ("reminders", "due_at", "2026-03-01T09:00:00.5+00:00", "2026-03-01T09:00:00.500Z"),
    ("meetings", "starts_at", "2026-03-01T09:00:00.123456+00:00", "2026-03-01T09:00:00.123Z"),
    ("meetings", "ends_at", "2026-03-05T23:00:00-05:00", "2026-03-06T04:00:00.000Z"),
]


@pytest.mark.parametrize("op", ["create", "patch"])
@pytest.mark.parametrize("table, field, sent, stored", TIMES)
async def test_times_are_stored_in_utc_with_milliseconds(people, table, field, sent, stored, op):
    api, ada, _ = people
    if op == "create":
        record = await create(api, table, minimal(table, ada, **{field: sent}))
    else:
        record = await create(api, table, minimal(table, ada))
        record = await api.ok("PATCH", f"/{table}/{record['id']}", json={field: sent})
    assert record[field] == stored
    assert (await api.ok("GET", f"/{table}/{record['id']}"))[field] == stored


async def test_promise_due_is_a_plain_date(people):
    api, ada, _ = people
    promise = await create(api, "promises", minimal("promises", ada, due="2026-03-06"))
    assert promise["due"] == "2026-03-06"


# -- get, patch, delete ----------------------------------------------------------------------------

CHANGES = [
    (
        "interactions",
        {"kind": "coffee", "text": "talked engines", "url": "https://example.com/p/1"},
    ),
    ("promises", {"text": "send the slides", "due": "2026-03-09", "direction": "theirs"}),
    ("reminders", {"text": "call back", "due_at": "2026-03-06T08:00:00.000Z", "person_id": None}),
    ("meetings", {"title": "Lunch", "location": "Canteen", "ends_at": "2026-03-05T10:00:00.000Z"}),
]


@pytest.mark.parametrize("table, change", CHANGES)
async def test_get_patch_delete(people, clock, table, change):
    api, ada, _ = people
    record = await create(api, table, minimal(table, ada))
    path = f"/{table}/{record['id']}"
    assert await api.ok("GET", path) == record

    clock.advance(hours=1)
    patched = await api.ok("PATCH", path, json=change)
    assert patched == {**record, **change}
    assert await api.ok("GET", path) == patched
    assert await api.ok("PATCH", path, json={}) == patched

    assert await api.ok("DELETE", path, 204) is None
    await assert_envelope(await api.get(path), 404)
    await assert_envelope(await api.delete(path), 404)
    await assert_envelope(await api.patch(path, json={"text": "x"}), 404)
    assert record["id"] not in {r["id"] for r in await listed(api, table)}


CLEARABLE = [
    ("promises", "due", "2026-03-09"),
    ("reminders", "person_id", None),
    ("meetings", "ends_at", "2026-03-05T10:00:00.000Z"),
    ("interactions", "url", "https://e.com/1"),
]


@pytest.mark.parametrize("table, field, value", CLEARABLE)
async def test_patch_null_clears_an_optional_field(people, table, field, value):
    api, ada, _ = people
    body = minimal(table, ada, **({field: value} if value else {}))
    record = await create(api, table, body)
    cleared = await api.ok("PATCH", f"/{table}/{record['id']}", json={field: None})
    assert cleared[field] is None


# -- lists ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
async def test_list_limit_offset_total(people, table):
    api, ada, _ = people
    for day in range(1, 6):
        when = f"2026-03-0{day}T09:00:00Z"
        extra = {
            "interactions": {"occurred_at": when},
            "reminders": {"due_at": when},
            "meetings": {"starts_at": when},
            "promises": {"due": when[:10]},
        }[table]
        await create(api, table, minimal(table, ada, **extra))
    everything = await api.ok("GET", f"/{table}")
    assert everything["total"] == 5 and len(everything["items"]) == 5
    page = await api.ok("GET", f"/{table}", params={"limit": 2, "offset": 1})
    assert page["total"] == 5
    assert page["items"] == everything["items"][1:3]
    last = await api.ok("GET", f"/{table}", params={"limit": 1000, "offset": 4})
    assert (last["items"], last["total"]) == (everything["items"][4:], 5)
    beyond = await api.ok("GET", f"/{table}", params={"offset": 10})
    assert (beyond["items"], beyond["total"]) == ([], 5)


async def test_list_default_limit_is_50(people):
    api, ada, _ = people
    for _ in range(55):
        await create(api, "reminders", minimal("reminders", ada))
    page = await api.ok("GET", "/reminders")
    assert (len(page["items"]), page["total"]) == (50, 55)


@pytest.mark.parametrize("table", TABLES)
async def test_person_id_filter(people, table):
    api, ada, bob = people
    for_ada = [(await create(api, table, minimal(table, ada)))["id"] for _ in range(2)]
    await create(api, table, minimal(table, bob))
    page = await api.ok("GET", f"/{table}", params={"person_id": ada})
    assert sorted(r["id"] for r in page["items"]) == sorted(for_ada)
    assert page["total"] == 2
    nobody = await api.ok("GET", f"/{table}", params={"person_id": "p_nobody"})
    assert (nobody["items"], nobody["total"]) == ([], 0)


async def test_interaction_with_two_people_is_listed_for_both(people):
    api, ada, bob = people
    shared = await create(api, "interactions", {"person_ids": [ada, bob], "kind": "intro"})
    for person in (ada, bob):
        assert [i["id"] for i in await listed(api, "interactions", person_id=person)] == [
            shared["id"]
        ]


async def test_promise_filters(people):
    api, ada, bob = people
    made = {}
    for name, person, direction, status in [
        ("mine_open", ada, "mine", "open"), ("theirs_open", ada, "theirs", "open"),
        ("mine_done", ada, "mine", "done"), ("theirs_dropped", ada, "theirs", "dropped"),
        ("bob_mine_open", bob, "mine", "open"),
    ]:  # fmt: skip
        body = {"person_id": person, "direction": direction, "text": name, "status": status}
        made[(await create(api, "promises", body))["id"]] = name

    async def names(**params):
        page = await api.ok("GET", "/promises", params=params)
        assert page["total"] == len(page["items"])
        return sorted(made[p["id"]] for p in page["items"])

    assert await names(status="open") == ["bob_mine_open", "mine_open", "theirs_open"]
    assert await names(status="done") == ["mine_done"]
    assert await names(status="dropped") == ["theirs_dropped"]
    assert await names(direction="mine") == ["bob_mine_open", "mine_done", "mine_open"]
    assert await names(direction="theirs", status="open") == ["theirs_open"]
    assert await names(person_id=ada, direction="mine", status="open") == ["mine_open"]


async def test_reminder_status_filter(people):
    api, ada, _ = people
    done = await create(api, "reminders", minimal("reminders", ada, status="done"))
    still_open = await create(api, "reminders", minimal("reminders", ada))
    assert [r["id"] for r in await listed(api, "reminders", status="done")] == [done["id"]]
    assert [r["id"] for r in await listed(api, "reminders", status="open")] == [still_open["id"]]
    await api.ok("PATCH", f"/reminders/{still_open['id']}", json={"status": "done"})
    assert await listed(api, "reminders", status="open") == []


async def test_meeting_from_to_filters(api):
    ids = {}
    for day in ("01", "05", "10"):
        body = {"title": f"day {day}", "starts_at": f"2026-03-{day}T09:00:00Z"}
        ids[day] = (await create(api, "meetings", body))["id"]

    async def days(**params):
        return [
            day
            for m in await listed(api, "meetings", **params)
            for day, i in ids.items()
            if i == m["id"]
        ]

    assert await days(**{"from": "2026-03-03T00:00:00Z"}) == ["05", "10"]
    assert await days(to="2026-03-06T00:00:00Z") == ["01", "05"]
    assert await days(**{"from": "2026-03-03T00:00:00Z", "to": "2026-03-06T00:00:00Z"}) == ["05"]
    # an offset in the bound is honoured: 09:30+01:00 is 08:30Z, before the 09:00Z meeting
    assert await days(**{"from": "2026-03-05T09:30:00+01:00"}) == ["05", "10"]
    assert await days(**{"from": "2026-03-05T09:30:00Z"}) == ["10"]
    assert await days(**{"from": "2026-03-11T00:00:00Z"}) == []


async def test_interactions_are_listed_newest_first(people):
    api, ada, _ = people
    order = {}
    for when in (
        "2026-03-01T09:00:00Z",
        "2026-03-03T09:00:00Z",
        "2026-02-20T09:00:00Z",
        "2026-03-01T10:00:00+02:00",
    ):
        order[
            (await create(api, "interactions", minimal("interactions", ada, occurred_at=when)))[
                "id"
            ]
        ] = when
    listed_times = [order[i["id"]] for i in await listed(api, "interactions")]
    assert listed_times == ["2026-03-03T09:00:00Z", "2026-03-01T09:00:00Z",
                            "2026-03-01T10:00:00+02:00", "2026-02-20T09:00:00Z"]  # fmt: skip


async def test_meetings_are_listed_by_start(api):
    for when in ("2026-03-10T09:00:00Z", "2026-03-01T09:00:00Z", "2026-03-05T09:00:00+05:00"):
        await create(api, "meetings", {"title": when, "starts_at": when})
    titles = [m["title"] for m in await listed(api, "meetings")]
    assert titles == ["2026-03-01T09:00:00Z", "2026-03-05T09:00:00+05:00", "2026-03-10T09:00:00Z"]


# -- rules of each kind -------------------------------------------------------------------------


def stamp(moment) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


async def test_promise_closed_at_follows_status(people, clock):
    api, ada, _ = people
    promise = await create(api, "promises", minimal("promises", ada))
    path = f"/promises/{promise['id']}"
    assert promise["closed_at"] is None

    clock.advance(days=1)
    done = await api.ok("PATCH", path, json={"status": "done"})
    assert done["closed_at"] == stamp(clock.now) != stamp(START)

    clock.advance(days=1)
    edited = await api.ok("PATCH", path, json={"text": "sent the report"})
    assert edited["closed_at"] == done["closed_at"], "an edit is not a new close"

    reopened = await api.ok("PATCH", path, json={"status": "open"})
    assert reopened["closed_at"] is None

    clock.advance(days=1)
    dropped = await api.ok("PATCH", path, json={"status": "dropped"})
    assert dropped["closed_at"] == stamp(clock.now)
    assert (await api.ok("GET", path))["closed_at"] == stamp(clock.now)


async def test_promise_created_done_is_closed_at_once(people):
    api, ada, _ = people
    promise = await create(api, "promises", minimal("promises", ada, status="done"))
    assert promise["closed_at"] == NOW


async def test_interaction_naming_an_unknown_person_is_refused(people):
    api, ada, _ = people
    body = {"person_ids": ["p_nobody"], "kind": "note"}
    await assert_envelope(await api.post("/interactions", json=body), 422, "person_ids[0]")
    body = {"person_ids": [ada, "p_nobody"], "kind": "note"}
    await assert_envelope(await api.post("/interactions", json=body), 422, "person_ids[1]")
    assert await listed(api, "interactions") == []


async def test_meeting_cannot_end_before_it_starts(api):
    body = {"title": "Sync", "starts_at": "2026-03-05T09:00:00Z", "ends_at": "2026-03-05T08:00:00Z"}
    await assert_envelope(await api.post("/meetings", json=body), 422, "ends_at")
    body["ends_at"] = "2026-03-05T10:00:00+02:00"  # 08:00Z, before 09:00Z once in UTC
    await assert_envelope(await api.post("/meetings", json=body), 422, "ends_at")
    meeting = await create(api, "meetings", {**body, "ends_at": "2026-03-05T10:00:00Z"})
    path = f"/meetings/{meeting['id']}"
    await assert_envelope(
        await api.patch(path, json={"ends_at": "2026-03-05T08:00:00Z"}), 422, "ends_at"
    )
    error = await assert_envelope(
        await api.patch(path, json={"starts_at": "2026-03-05T11:00:00Z"}), 422
    )
    assert error.get("field") in ("starts_at", "ends_at")
    assert await api.ok("GET", path) == meeting


async def test_meeting_attendee_linked_to_a_person(people):
    api, ada, _ = people
    linked = {"name": "Ada L.", "email": "ada@example.com", "person_id": ada}
    body = {"title": "Salon", "starts_at": "2026-03-05T09:00:00Z"}
    meeting = await create(api, "meetings", {**body, "attendees": [linked, {"name": "A stranger"}]})
    assert meeting["attendees"] == [
        linked,
        {"name": "A stranger", "email": None, "person_id": None},
    ]
    assert [m["id"] for m in await listed(api, "meetings", person_id=ada)] == [meeting["id"]]

    unlinked = await api.ok(
        "PATCH", f"/meetings/{meeting['id']}", json={"attendees": [{"name": "Ada L."}]}
    )
    assert unlinked["attendees"] == [{"name": "Ada L.", "email": None, "person_id": None}]
    assert await listed(api, "meetings", person_id=ada) == []


async def test_meeting_source_keeps_its_shape_when_patched(api):
    meeting = await create(api, "meetings", {"title": "Sync", "starts_at": "2026-03-05T09:00:00Z"})
    patched = await api.ok("PATCH", f"/meetings/{meeting['id']}", json={"source": {"kind": "ics"}})
    assert set(patched["source"]) == {"kind", "uid"} and patched["source"]["kind"] == "ics"


@pytest.mark.parametrize("table", ["promises", "reminders"])
async def test_moving_a_record_to_another_person_moves_it_in_the_filter(people, table):
    api, ada, bob = people
    record = await create(api, table, minimal(table, ada))
    await api.ok("PATCH", f"/{table}/{record['id']}", json={"person_id": bob})
    assert await listed(api, table, person_id=ada) == []
    assert [r["id"] for r in await listed(api, table, person_id=bob)] == [record["id"]]


async def test_changing_interaction_people_moves_it_in_the_filter(people):
    api, ada, bob = people
    interaction = await create(api, "interactions", minimal("interactions", ada))
    await api.ok("PATCH", f"/interactions/{interaction['id']}", json={"person_ids": [bob]})
    assert await listed(api, "interactions", person_id=ada) == []
    assert [i["id"] for i in await listed(api, "interactions", person_id=bob)] == [
        interaction["id"]
    ]


# -- deleting a person --------------------------------------------------------------------------


async def test_deleting_a_person_forgets_them_everywhere(people):
    api, ada, bob = people
    ada_promise = await create(api, "promises", minimal("promises", ada))
    bob_promise = await create(api, "promises", minimal("promises", bob))
    ada_reminder = await create(api, "reminders", minimal("reminders", ada))
    loose_reminder = await create(
        api, "reminders", {"text": "stretch", "due_at": "2026-03-05T09:00:00Z"}
    )
    shared = await create(api, "interactions", {"person_ids": [ada, bob], "kind": "intro"})
    only_ada = await create(api, "interactions", minimal("interactions", ada))
    meeting = await create(api, "meetings", {
        "title": "Salon", "starts_at": "2026-03-05T09:00:00Z",
        "attendees": [{"name": "Ada L.", "email": "ada@example.com", "person_id": ada},
                      {"name": "Bob", "email": None, "person_id": bob}],
    })  # fmt: skip

    assert await api.ok("DELETE", f"/people/{ada}", 204) is None

    await assert_envelope(await api.get(f"/people/{ada}"), 404)
    assert [p["id"] for p in await listed(api, "promises")] == [bob_promise["id"]]
    await assert_envelope(await api.get(f"/promises/{ada_promise['id']}"), 404)
    assert [r["id"] for r in await listed(api, "reminders")] == [loose_reminder["id"]]
    await assert_envelope(await api.get(f"/reminders/{ada_reminder['id']}"), 404)
    assert (await api.ok("GET", f"/interactions/{shared['id']}"))["person_ids"] == [bob]
    await assert_envelope(await api.get(f"/interactions/{only_ada['id']}"), 404)
    attendees = (await api.ok("GET", f"/meetings/{meeting['id']}"))["attendees"]
    assert attendees == [
        {"name": "Ada L.", "email": "ada@example.com", "person_id": None},
        {"name": "Bob", "email": None, "person_id": bob},
    ]
    for table in TABLES:
        assert await listed(api, table, person_id=ada) == []
    dump = await api.ok("GET", "/export")
    assert ada not in json.dumps(dump), "a deleted person's id is still referenced"


async def test_deleting_a_person_leaves_others_untouched(people):
    api, ada, bob = people
    mine = {table: await create(api, table, minimal(table, bob)) for table in TABLES}
    await api.ok("DELETE", f"/people/{ada}", 204)
    for table, record in mine.items():
        assert await api.ok("GET", f"/{table}/{record['id']}") == record
