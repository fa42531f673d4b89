"""JSON export and import: round trip, ids kept, all or nothing."""

import pytest

from tests.conftest import add_person


async def seed(api):
    ada = await add_person(api, emails=["ada@example.org"], tags=["mentor"])
    grace = await add_person(api, "Grace Hopper", profiles=[{"url": "https://github.com/grace"}])
    await api.ok(
        "POST",
        "/interactions",
        201,
        json={"person_ids": [ada["id"], grace["id"]], "kind": "coffee", "text": "☕ chat"},
    )
    await api.ok(
        "POST",
        "/promises",
        201,
        json={"person_id": ada["id"], "direction": "theirs", "text": "intro"},
    )
    await api.ok(
        "POST",
        "/reminders",
        201,
        json={"person_id": None, "text": "plan", "due_at": "2026-04-01T09:00:00Z"},
    )
    await api.ok(
        "POST", "/meetings", 201, json={"title": "Sync", "starts_at": "2026-03-03T10:00:00Z"}
    )
    await api.ok("PUT", "/me", json={"name": "Me", "emails": ["me@example.org"]})
    return ada, grace


def without_stamp(dump):
    return {k: v for k, v in dump.items() if k != "exported_at"}


async def test_export_then_import_into_an_empty_daemon_round_trips(api, make_api, tmp_path):
    await seed(api)
    dump = await api.ok("GET", "/export")
    assert dump["format"] == "rapport" and dump["version"] == 1
    assert [
        len(dump[s]) for s in ("people", "interactions", "promises", "reminders", "meetings")
    ] == [2, 1, 1, 1, 1]
    other = await make_api(data_dir=tmp_path / "other")
    result = await other.ok("POST", "/import", json=dump)
    assert result["created"] == 6 and result["replaced"] == 0
    assert without_stamp(await other.ok("GET", "/export")) == without_stamp(dump)


async def test_import_again_replaces_instead_of_duplicating(api):
    await seed(api)
    dump = await api.ok("GET", "/export")
    next(p for p in dump["people"] if p["name"] == "Ada Lovelace")["name"] = "Ada King"
    result = await api.ok("POST", "/import", json=dump)
    assert result["created"] == 0
    people = (await api.ok("GET", "/people"))["items"]
    assert sorted(p["name"] for p in people) == ["Ada King", "Grace Hopper"]


async def test_records_without_ids_get_new_ones(api):
    result = await api.ok(
        "POST",
        "/import",
        json={
            "format": "rapport",
            "version": 1,
            "people": [{"id": "ada", "name": "Ada"}, {"name": "Grace"}],
            "interactions": [{"person_ids": ["ada"], "kind": "note", "text": "hi"}],
        },
    )
    assert result["created"] == 3
    people = (await api.ok("GET", "/people"))["items"]
    assert people[0]["id"] == "ada" and people[1]["id"].startswith("p_")


@pytest.mark.parametrize(
    ("dump", "field"),
    [
        ({"format": "other", "version": 1}, "format"),
        ({"format": "rapport", "version": 1, "people": {}}, "people"),
        ({"format": "rapport", "version": 1, "extra": []}, "extra"),
        (
            {"format": "rapport", "version": 1, "people": [{"name": "A"}, {"name": 7}]},
            "people[1].name",
        ),
        (
            {"format": "rapport", "version": 1, "people": [{"id": "bad id!", "name": "A"}]},
            "people[0].id",
        ),
        (
            {"format": "rapport", "version": 1, "people": [{"id": "a", "name": "A"}] * 2},
            "people[1].id",
        ),
        (
            {
                "format": "rapport",
                "version": 1,
                "people": [
                    {"name": "A", "emails": ["a@x.org"]},
                    {"name": "B", "emails": ["a@x.org"]},
                ],
            },
            "people[1].emails",
        ),
        (
            {
                "format": "rapport",
                "version": 1,
                "people": [{"id": "a", "name": "A"}],
                "promises": [{"person_id": "ghost", "direction": "mine", "text": "t"}],
            },
            "promises[0].person_id",
        ),
        (
            {
                "format": "rapport",
                "version": 1,
                "meetings": [{"title": "M", "starts_at": "2026-03-01T10:00:00"}],
            },
            "meetings[0].starts_at",
        ),
    ],
)
async def test_one_bad_record_refuses_the_whole_import(api, dump, field):
    await seed(api)
    before = without_stamp(await api.ok("GET", "/export"))
    response = await api.post("/import", json=dump)
    assert response.status == 422
    error = (await response.json())["error"]
    assert error["field"] == field
    assert without_stamp(await api.ok("GET", "/export")) == before


async def test_import_refuses_a_profile_owned_by_another_stored_person(api):
    _, grace = await seed(api)
    response = await api.post(
        "/import",
        json={
            "format": "rapport",
            "version": 1,
            "people": [{"name": "Imposter", "profiles": [{"url": "github.com/GRACE"}]}],
        },
    )
    assert response.status == 422
    assert grace["id"] in (await response.json())["error"]["message"]
