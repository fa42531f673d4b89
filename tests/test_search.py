"""Search v0: case- and accent-insensitive, people first, then what was said."""

from tests.conftest import add_person


async def test_search_finds_people_and_notes_ignoring_case_and_accents(api):
    zofia = await add_person(api, "Zofia Wierzbicka", company="Łódź Robotics")
    await add_person(api, "Bob", notes="Introduced me to Zofia at RustConf")
    await api.ok(
        "POST",
        "/interactions",
        201,
        json={
            "person_ids": [zofia["id"]],
            "kind": "comment",
            "text": "Commented on ZOFIA's talk",
        },
    )
    hits = (await api.ok("GET", "/search", params={"q": "zofia"}))["items"]
    assert [(h["type"], h["field"]) for h in hits] == [
        ("person", "name"),
        ("person", "notes"),
        ("interaction", "text"),
    ]
    assert hits[0]["person"]["id"] == zofia["id"]
    by_company = (await api.ok("GET", "/search", params={"q": "lodz"}))["items"]
    assert [h["person"]["name"] for h in by_company] == ["Zofia Wierzbicka"]
    assert by_company[0]["snippet"] == "Łódź Robotics"


async def test_search_without_a_query_is_422(api):
    response = await api.get("/search", params={"q": "  "})
    assert response.status == 422
    assert (await response.json())["error"]["field"] == "q"
