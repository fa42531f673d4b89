"""Bad field values on create and patch: 422 (or 409) naming the field, and nothing stored.

Every refused request is checked against `GET /api/v1/export` taken before and after it: a
refusal that still wrote something is a bug even when the status code is right. Type, length,
NUL, read-only, required and null cases are generated from `rapport.schema`, so a new field or
a changed limit is covered here without editing this file; the cases below them are the
semantic rules the schema alone cannot state.
"""

import io
import json
from collections.abc import Iterator, Mapping

import pytest

from rapport.schema import NAME_MAX, RESOURCES, TEXT_MAX, Field
from tests.conftest import add_person
from tests.test_errors import assert_envelope

AFTER_9999 = "9999-12-31T23:30:00-01:00"  # a valid local time that is year 10000 in UTC
BEFORE_0001 = "0001-01-01T00:30:00+01:00"  # and one that is year 0
MISSING = object()  # a case that leaves a field out of the otherwise valid body
ADA_PROFILE = "https://www.linkedin.com/in/ada"
VALID = {
    "people": {"name": "Grace Hopper"},
    "interactions": {"person_ids": ["$ada"], "kind": "coffee"},
    "promises": {"person_id": "$ada", "direction": "mine", "text": "send the paper"},
    "reminders": {"text": "ask about the engine", "due_at": "2026-04-01T09:00:00Z"},
    "meetings": {"title": "Coffee", "starts_at": "2026-04-01T09:00:00Z"},
}
SEED_RECORDS = {
    "interactions": {"person_ids": ["$ada", "$bob"], "kind": "intro", "text": "met at the salon"},
    "promises": {"person_id": "$ada", "direction": "theirs", "text": "notes", "due": "2026-03-09"},
    "reminders": {"person_id": "$ada", "text": "follow up", "due_at": "2026-03-05T09:00:00Z"},
    "meetings": {
        "title": "Salon",
        "starts_at": "2026-04-01T09:00:00Z",
        "ends_at": "2026-04-01T10:00:00Z",
        "attendees": [{"name": "Ada", "email": "ada@example.com", "person_id": "$ada"}],
    },
}
SAMPLE = {
    "str": "x",
    "text": "x",
    "url": "https://example.com/someone",
    "email": "someone@example.com",
    "id": "$ada",
    "instant": "2026-03-01T09:00:00Z",
    "date": "2026-03-01",
    "int": 7,
    "bool": True,
}
WRONG_TYPES = {
    "str": [5, True, ["x"], {"x": 1}],
    "text": [5, False, ["x"]],
    "url": [5, ["https://example.com"]],
    "email": [5, ["a@example.com"]],
    "id": [5, True, ["p_1"]],
    "enum": [5, True, ["note"]],
    "instant": [1772355600, True, ["2026-03-01T09:00:00Z"]],
    "date": [20260301, ["2026-03-01"]],
    "int": [True, "5", 1.5, [5]],
    "bool": [1, "true"],
    "list": ["x", {"a": 1}, 5],
    "object": ["x", ["x"], 5],
}


@pytest.fixture
async def world(api):
    """Two people and one record of each kind; `ids` maps placeholders and tables to ids."""
    ada = await add_person(
        api, "Ada Lovelace", emails=["ada@example.com"], profiles=[{"url": ADA_PROFILE}]
    )
    bob = await add_person(api, "Bob Babbage", tags=["engines"])
    ids = {"$ada": ada["id"], "$bob": bob["id"], "people": bob["id"]}  # patches go to Bob
    for table, body in SEED_RECORDS.items():
        ids[table] = (await api.ok("POST", f"/{table}", 201, json=fill(body, ids)))["id"]
    return api, ids


def fill(value, ids: Mapping[str, str]):
    """Replace "$ada"-style placeholders with the seeded ids, anywhere in a body."""
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        return [fill(item, ids) for item in value]
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    return value


async def snapshot(api) -> dict:
    dump = await api.ok("GET", "/export")
    dump.pop("exported_at")
    return dump


async def assert_refused(api, method: str, path: str, status: int, field, **kwargs) -> dict:
    """The request gets the error envelope naming `field`, and the stored data is unchanged."""
    before = await snapshot(api)
    error = await assert_envelope(await api.request(method, path, **kwargs), status, field)
    assert await snapshot(api) == before, f"{method} {path} was refused but changed the data"
    return error


def utf8_json(body) -> dict:
    """Request kwargs sending `body` as raw UTF-8 JSON (aiohttp's `json=` escapes non-ASCII)."""
    data = json.dumps(body, ensure_ascii=False).encode()
    return {"data": io.BytesIO(data), "headers": {"Content-Type": "application/json"}}


def request_for(table: str, op: str, change: dict, ids) -> tuple[str, str, dict]:
    if op == "create":
        body = {**VALID[table], **change}
        body = {key: value for key, value in body.items() if value is not MISSING}
        return "POST", f"/{table}", fill(body, ids)
    return "PATCH", f"/{table}/{ids[table]}", fill(change, ids)


# -- cases generated from the schema ------------------------------------------------------------


def sample_object(fields: Mapping[str, Field]) -> dict:
    return {name: SAMPLE[rule.kind] for name, rule in fields.items() if rule.required}


def sample_item(rule: Field):
    return sample_object(rule.fields) if rule.fields else SAMPLE[rule.kind]


def walk(spec: Mapping[str, Field]) -> Iterator[tuple[str, Field, object]]:
    """(field path as the error names it, rule, a function placing a value at that path)."""
    for name, rule in spec.items():
        yield name, rule, lambda value, name=name: {name: value}
        if rule.kind == "list":
            yield f"{name}[0]", rule.items, lambda value, name=name: {name: [value]}
        sub_fields = rule.fields or (rule.items.fields if rule.items else None)
        if sub_fields:
            in_list = rule.kind == "list"
            for sub, sub_rule in sub_fields.items():
                where = f"{name}[0].{sub}" if in_list else f"{name}.{sub}"

                def place(value, name=name, sub=sub, fields=sub_fields, in_list=in_list):
                    obj = {**sample_object(fields), sub: value}
                    if value is MISSING:
                        del obj[sub]
                    return {name: [obj] if in_list else obj}

                yield where, sub_rule, place


def too_long(rule: Field):
    n = rule.max_len
    return {
        "str": "x" * (n + 1),
        "text": "x" * (n + 1),
        "url": "https://example.com/" + "x" * n,
        "email": "a" * n + "@example.com",
        "list": [sample_item(rule.items)] * (n + 1) if rule.items else None,
    }.get(rule.kind)


def with_nul(rule: Field):
    return {
        "str": "Ada\x00Lovelace",
        "text": "line one\x00line two",
        "url": "https://example.com/a\x00b",
        "email": "ada\x00@example.com",
    }.get(rule.kind)


def generated_cases() -> Iterator[tuple]:
    for table, spec in RESOURCES.items():
        for where, rule, place in walk(spec):
            for op in ("create", "patch"):
                if rule.readonly:
                    value = "p_1" if rule.kind == "id" else SAMPLE.get(rule.kind)
                    yield table, op, place(value), 422, where, "readonly"
                    continue
                for wrong in WRONG_TYPES.get(rule.kind, []):
                    yield table, op, place(wrong), 422, where, f"type {wrong!r}"
                if rule.max_len is not None and too_long(rule) is not None:
                    yield table, op, place(too_long(rule)), 422, where, f"over {rule.max_len}"
                if with_nul(rule) is not None:
                    yield table, op, place(with_nul(rule)), 422, where, "nul"
                if rule.required or not rule.nullable:
                    yield table, op, place(None), 422, where, "null"
                if rule.required and op == "create":
                    yield table, op, place(MISSING), 422, where, "missing"


def _id(case) -> str:
    table, op, _, _, where, what = case
    return f"{table}-{op}-{where}-{what}"


GENERATED = list(generated_cases())


@pytest.mark.parametrize("case", GENERATED, ids=[_id(case) for case in GENERATED])
async def test_schema_rule_is_enforced(world, case):
    api, ids = world
    table, op, change, status, field, _ = case
    method, path, body = request_for(table, op, change, ids)
    await assert_refused(api, method, path, status, field, json=body)


def test_generated_cases_cover_every_field():
    covered = {(table, where) for table, _, _, _, where, _ in GENERATED}
    for table, spec in RESOURCES.items():
        for name in spec:
            assert (table, name) in covered, f"{table}.{name} has no bad-input case"


# -- cases the schema cannot state: one line each -----------------------------------------------

CASES = [
    # people
    ("people", "create", {"name": "   "}, 422, "name"),
    ("people", "create", {"Name": "Ada"}, 422, "Name"),
    ("people", "create", {"bogus": 1}, 422, "bogus"),
    ("people", "create", {"keep_in_touch_days": 0}, 422, "keep_in_touch_days"),
    ("people", "create", {"keep_in_touch_days": -7}, 422, "keep_in_touch_days"),
    ("people", "create", {"keep_in_touch_days": 3651}, 422, "keep_in_touch_days"),
    ("people", "create", {"emails": ["not-an-email"]}, 422, "emails[0]"),
    ("people", "create", {"emails": ["ada@localhost"]}, 422, "emails[0]"),
    ("people", "create", {"emails": ["a b@example.com"]}, 422, "emails[0]"),
    ("people", "create", {"profiles": [{"url": "javascript:alert(1)"}]}, 422, "profiles[0].url"),
    ("people", "create", {"profiles": [{"url": "ftp://x.com/ada"}]}, 422, "profiles[0].url"),
    ("people", "create", {"profiles": [{"url": "https://x.com/a", "x": 1}]}, 422, "profiles[0].x"),
    ("people", "create", {"profiles": ["https://x.com/ada"]}, 422, "profiles[0]"),
    ("people", "create", {"emails": ["ADA@example.com"]}, 409, "emails"),
    ("people", "create", {"profiles": [{"url": "de.linkedin.com/in/ADA/"}]}, 409, "profiles"),
    ("people", "patch", {"name": ""}, 422, "name"),
    ("people", "patch", {"bogus": 1}, 422, "bogus"),
    ("people", "patch", {"keep_in_touch_days": 0}, 422, "keep_in_touch_days"),
    ("people", "patch", {"emails": ["ada@example.com"]}, 409, "emails"),
    ("people", "patch", {"profiles": [{"url": "linkedin.com/in/ada"}]}, 409, "profiles"),
    # interactions
    ("interactions", "create", {"bogus": 1}, 422, "bogus"),
    ("interactions", "create", {"person_ids": []}, 422, "person_ids"),
    ("interactions", "create", {"person_ids": ["../x"]}, 422, "person_ids[0]"),
    ("interactions", "create", {"person_ids": ["a b"]}, 422, "person_ids[0]"),
    ("interactions", "create", {"person_ids": ["x" * 65]}, 422, "person_ids[0]"),
    ("interactions", "create", {"person_ids": ["p_nobody"]}, 422, "person_ids[0]"),
    ("interactions", "create", {"person_ids": ["$ada", "p_nobody"]}, 422, "person_ids[1]"),
    ("interactions", "create", {"kind": "tweet"}, 422, "kind"),
    ("interactions", "create", {"kind": "Coffee"}, 422, "kind"),
    ("interactions", "create", {"occurred_at": "yesterday"}, 422, "occurred_at"),
    ("interactions", "create", {"occurred_at": "2026-13-01T10:00:00Z"}, 422, "occurred_at"),
    ("interactions", "create", {"occurred_at": "2026-02-30T10:00:00Z"}, 422, "occurred_at"),
    ("interactions", "create", {"occurred_at": "2026-03-01T25:00:00Z"}, 422, "occurred_at"),
    ("interactions", "create", {"occurred_at": "2026-03-01T10:00:00"}, 422, "occurred_at"),
    ("interactions", "create", {"occurred_at": "2026-03-01"}, 422, "occurred_at"),
    ("interactions", "create", {"occurred_at": "2026-03-01T10:00:00+25:00"}, 422, "occurred_at"),
    ("interactions", "create", {"occurred_at": ""}, 422, "occurred_at"),
    ("interactions", "create", {"occurred_at": AFTER_9999}, 422, "occurred_at"),
    ("interactions", "create", {"occurred_at": BEFORE_0001}, 422, "occurred_at"),
    ("interactions", "create", {"url": "javascript:alert(1)"}, 422, "url"),
    ("interactions", "create", {"url": "example.com/post/1"}, 422, "url"),
    ("interactions", "patch", {"bogus": 1}, 422, "bogus"),
    ("interactions", "patch", {"person_ids": []}, 422, "person_ids"),
    ("interactions", "patch", {"person_ids": ["../x"]}, 422, "person_ids[0]"),
    ("interactions", "patch", {"person_ids": ["p_nobody"]}, 422, "person_ids[0]"),
    ("interactions", "patch", {"kind": "tweet"}, 422, "kind"),
    ("interactions", "patch", {"occurred_at": "2026-03-01T10:00:00"}, 422, "occurred_at"),
    ("interactions", "patch", {"occurred_at": "2026-13-01T10:00:00Z"}, 422, "occurred_at"),
    ("interactions", "patch", {"occurred_at": AFTER_9999}, 422, "occurred_at"),
    # promises
    ("promises", "create", {"bogus": 1}, 422, "bogus"),
    ("promises", "create", {"person_id": "../x"}, 422, "person_id"),
    ("promises", "create", {"person_id": "p_nobody"}, 422, "person_id"),
    ("promises", "create", {"direction": "both"}, 422, "direction"),
    ("promises", "create", {"direction": "Mine"}, 422, "direction"),
    ("promises", "create", {"status": "closed"}, 422, "status"),
    ("promises", "create", {"due": "2026-13-01"}, 422, "due"),
    ("promises", "create", {"due": "2026-02-30"}, 422, "due"),
    ("promises", "create", {"due": "yesterday"}, 422, "due"),
    ("promises", "create", {"due": "01/03/2026"}, 422, "due"),
    ("promises", "create", {"due": "2026-03-01T10:00:00Z"}, 422, "due"),
    ("promises", "create", {"text": "   "}, 422, "text"),
    ("promises", "patch", {"bogus": 1}, 422, "bogus"),
    ("promises", "patch", {"status": "closed"}, 422, "status"),
    ("promises", "patch", {"person_id": "p_nobody"}, 422, "person_id"),
    ("promises", "patch", {"person_id": "../x"}, 422, "person_id"),
    ("promises", "patch", {"due": "2026-13-01"}, 422, "due"),
    ("promises", "patch", {"text": ""}, 422, "text"),
    # reminders
    ("reminders", "create", {"bogus": 1}, 422, "bogus"),
    ("reminders", "create", {"person_id": "../x"}, 422, "person_id"),
    ("reminders", "create", {"person_id": "p_nobody"}, 422, "person_id"),
    ("reminders", "create", {"status": "dropped"}, 422, "status"),
    ("reminders", "create", {"due_at": "tomorrow"}, 422, "due_at"),
    ("reminders", "create", {"due_at": "2026-13-01T09:00:00Z"}, 422, "due_at"),
    ("reminders", "create", {"due_at": "2026-03-01T10:00:00"}, 422, "due_at"),
    ("reminders", "create", {"due_at": "2026-03-01"}, 422, "due_at"),
    ("reminders", "create", {"due_at": AFTER_9999}, 422, "due_at"),
    ("reminders", "patch", {"bogus": 1}, 422, "bogus"),
    ("reminders", "patch", {"status": "dropped"}, 422, "status"),
    ("reminders", "patch", {"person_id": "p_nobody"}, 422, "person_id"),
    ("reminders", "patch", {"due_at": "2026-03-01T10:00:00"}, 422, "due_at"),
    # meetings (the seeded meeting runs 2026-04-01 09:00-10:00Z)
    ("meetings", "create", {"bogus": 1}, 422, "bogus"),
    ("meetings", "create", {"title": "   "}, 422, "title"),
    ("meetings", "create", {"starts_at": "2026-04-01T09:00:00"}, 422, "starts_at"),
    ("meetings", "create", {"starts_at": "2026-13-01T09:00:00Z"}, 422, "starts_at"),
    ("meetings", "create", {"starts_at": BEFORE_0001}, 422, "starts_at"),
    ("meetings", "create", {"ends_at": AFTER_9999}, 422, "ends_at"),
    ("meetings", "create", {"ends_at": "2026-04-01T10:00:00"}, 422, "ends_at"),
    ("meetings", "create", {"ends_at": "2026-04-01T08:59:59Z"}, 422, "ends_at"),
    ("meetings", "create", {"ends_at": "2026-04-01T10:00:00+02:00"}, 422, "ends_at"),
    ("meetings", "create", {"attendees": [{"person_id": "../x"}]}, 422, "attendees[0].person_id"),
    ("meetings", "create", {"attendees": [{"person_id": "p_x"}]}, 422, "attendees[0].person_id"),
    ("meetings", "create", {"attendees": [{}, {"email": "bob"}]}, 422, "attendees[1].email"),
    ("meetings", "create", {"attendees": [{"nome": "Bob"}]}, 422, "attendees[0].nome"),
    ("meetings", "create", {"attendees": ["Bob"]}, 422, "attendees[0]"),
    ("meetings", "create", {"source": {"kind": "google"}}, 422, "source.kind"),
    ("meetings", "create", {"source": {"kind": "ics", "etag": "x"}}, 422, "source.etag"),
    ("meetings", "patch", {"bogus": 1}, 422, "bogus"),
    ("meetings", "patch", {"ends_at": "2026-04-01T08:00:00Z"}, 422, "ends_at"),
    ("meetings", "patch", {"starts_at": "2026-04-01T09:00:00"}, 422, "starts_at"),
    ("meetings", "patch", {"attendees": [{"person_id": "p_x"}]}, 422, "attendees[0].person_id"),
]  # fmt: skip


@pytest.mark.parametrize(
    "table, op, change, status, field",
    CASES,
    ids=[f"{t}-{op}-{json.dumps(change, ensure_ascii=False)[:48]}" for t, op, change, *_ in CASES],
)
async def test_bad_value_is_refused(world, table, op, change, status, field):
    api, ids = world
    method, path, body = request_for(table, op, change, ids)
    await assert_refused(api, method, path, status, field, json=body)


@pytest.mark.parametrize("table", list(RESOURCES))
async def test_patch_of_missing_record_is_404_and_changes_nothing(world, table):
    api, _ = world
    await assert_refused(api, "PATCH", f"/{table}/zz_nobody", 404, None, json={})


# -- lists and their query parameters ----------------------------------------------------------

LISTS = ["people", "interactions", "promises", "reminders", "meetings", "clients"]
PAGING = [("limit", "-1"), ("limit", "0"), ("limit", "1001"), ("limit", "abc"), ("limit", "1.5"),
          ("limit", ""), ("offset", "-1"), ("offset", "abc"), ("offset", "1e3")]  # fmt: skip


@pytest.mark.parametrize("table", LISTS)
@pytest.mark.parametrize("name, value", PAGING)
async def test_bad_paging_is_422_naming_the_parameter(world, table, name, value):
    api, _ = world
    await assert_refused(api, "GET", f"/{table}", 422, name, params={name: value})


FILTERS = [
    ("promises", "status", "closed"),
    ("promises", "direction", "both"),
    ("promises", "person_id", "../x"),
    ("interactions", "person_id", "a b"),
    ("reminders", "status", "dropped"),
    ("reminders", "person_id", "x" * 65),
    ("meetings", "from", "yesterday"),
    ("meetings", "from", "2026-03-01T10:00:00"),
    ("meetings", "to", "2026-13-01T00:00:00Z"),
    ("meetings", "to", "2026-03-01"),
    ("meetings", "from", AFTER_9999),
    ("meetings", "to", BEFORE_0001),
]


@pytest.mark.parametrize("table, name, value", FILTERS)
async def test_bad_filter_is_422_naming_the_parameter(world, table, name, value):
    api, _ = world
    await assert_refused(api, "GET", f"/{table}", 422, name, params={name: value})


# -- what must be accepted, and returned exactly as sent ----------------------------------------

UNICODE = "Zoë Łukasiewicz — 李小龍 · שלום · مرحبا · 👩🏽‍💻🇺🇦 e\u0301 \u200d"
UNICODE_FIELDS = [
    ("people", "name"), ("people", "notes"), ("people", "how_met"),
    ("interactions", "text"), ("promises", "text"), ("reminders", "text"),
    ("meetings", "title"), ("meetings", "location"), ("meetings", "notes"),
]  # fmt: skip


@pytest.mark.parametrize("op", ["create", "patch"])
@pytest.mark.parametrize("table, field", UNICODE_FIELDS)
async def test_unicode_and_emoji_are_kept_intact(world, table, field, op):
    api, ids = world
    value = UNICODE.strip()
    method, path, body = request_for(table, op, {field: value}, ids)
    saved = await api.ok(method, path, 201 if op == "create" else 200, **utf8_json(body))
    assert saved[field] == value
    assert (await api.ok("GET", f"/{table}/{saved['id']}"))[field] == value
    exported = {r["id"]: r for r in (await snapshot(api))[table]}
    assert exported[saved["id"]][field] == value


async def test_unicode_in_nested_fields_is_kept_intact(world):
    api, _ = world
    attendee = {"name": "Zoë 李 👩🏽‍💻", "email": "zoe@example.com", "person_id": None}
    meeting = await api.ok(
        "POST", "/meetings", 201, json={**VALID["meetings"], "attendees": [attendee]}
    )
    assert meeting["attendees"] == [attendee]
    person = await add_person(api, "Zoë 李", tags=["café", "日本"], interests=["🚀 rockets"])
    assert (person["tags"], person["interests"]) == (["café", "日本"], ["🚀 rockets"])


LIMITS = [
    ("people", "name", NAME_MAX),
    ("people", "notes", TEXT_MAX),
    ("interactions", "text", TEXT_MAX),
    ("meetings", "notes", TEXT_MAX),
]


@pytest.mark.parametrize("table, field, limit", LIMITS)
async def test_limits_count_characters_not_bytes(world, table, field, limit):
    api, ids = world
    method, path, body = request_for(table, "create", {field: "😀" * limit}, ids)
    saved = await api.ok(method, path, 201, **utf8_json(body))
    assert saved[field] == "😀" * limit
    method, path, body = request_for(table, "create", {field: "😀" * (limit + 1)}, ids)
    await assert_refused(api, method, path, 422, field, **utf8_json(body))


def at_limit_cases() -> Iterator[tuple[str, str, int]]:
    for table, spec in RESOURCES.items():
        for name, rule in spec.items():
            if rule.kind in ("str", "text") and rule.max_len and not rule.readonly:
                yield table, name, rule.max_len


@pytest.mark.parametrize("table, field, limit", list(at_limit_cases()))
async def test_a_string_exactly_at_its_limit_is_accepted(world, table, field, limit):
    api, ids = world
    method, path, body = request_for(table, "create", {field: "x" * limit}, ids)
    assert (await api.ok(method, path, 201, json=body))[field] == "x" * limit
