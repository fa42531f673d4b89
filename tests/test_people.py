"""People: identity, lookup by any spelling of a profile, conflicts, merge, delete."""

import pytest

from rapport.identity import canonical_profile
from tests.conftest import add_person


async def test_create_fills_defaults_and_canonicalizes(api):
    ada = await add_person(
        api,
        emails=["ADA@Example.org"],
        tags=["Mentor", "mentor", "rust"],
        profiles=[{"url": "https://de.linkedin.com/in/Ada-L/?trk=people"}],
    )
    assert ada["emails"] == ["ada@example.org"]
    assert ada["tags"] == ["mentor", "rust"]
    assert ada["profiles"] == [
        {"site": "linkedin", "url": "https://www.linkedin.com/in/ada-l", "handle": "ada-l"}
    ]
    assert ada["created_at"] == ada["updated_at"] == "2026-03-02T09:00:00.000Z"
    assert ada["keep_in_touch_days"] is None and ada["interests"] == []
    assert await api.ok("GET", f"/people/{ada['id']}") == ada


@pytest.mark.parametrize(
    ("stored", "asked"),
    [
        ("https://www.linkedin.com/in/ada-l/", "http://de.linkedin.com/in/ADA-L?trk=x#top"),
        ("https://www.linkedin.com/in/ada-l", "linkedin.com/in/ada-l/"),
        ("https://twitter.com/AdaL", "https://x.com/adal/status/123"),
        ("https://x.com/adal", "https://mobile.twitter.com/AdaL/"),
        ("@ada@hachyderm.io", "https://hachyderm.io/@Ada"),
        ("https://hachyderm.io/@ada", "@ada@HACHYDERM.IO"),
        ("https://mathstodon.xyz/@ada", "https://toot.cafe/@ada@mathstodon.xyz/"),
        ("https://github.com/AdaL", "https://www.github.com/adal?tab=repositories"),
        ("https://ada.example.org/about/", "http://www.ada.example.org/about?ref=1"),
    ],
)
async def test_lookup_finds_every_spelling_of_a_profile(api, stored, asked):
    ada = await add_person(api, profiles=[{"url": stored}])
    found = await api.ok("GET", "/people/lookup", params={"url": asked})
    assert found["id"] == ada["id"]


async def test_lookup_of_an_unknown_profile_is_404(api):
    await add_person(api, profiles=[{"url": "https://github.com/ada"}])
    response = await api.get("/people/lookup", params={"url": "https://github.com/grace"})
    assert response.status == 404
    assert (await response.json())["error"]["code"] == "not_found"


async def test_case_of_a_generic_path_matters(api):
    await add_person(api, profiles=[{"url": "https://example.org/People/Ada"}])
    response = await api.get("/people/lookup", params={"url": "https://example.org/people/ada"})
    assert response.status == 404


@pytest.mark.parametrize(
    ("field", "first", "second"),
    [
        ("profiles", [{"url": "https://x.com/ada"}], [{"url": "https://twitter.com/ADA"}]),
        ("emails", ["ada@example.org"], ["Ada@Example.org"]),
    ],
)
async def test_a_profile_or_email_belongs_to_one_person(api, field, first, second):
    ada = await add_person(api, **{field: first})
    response = await api.post("/people", json={"name": "Other Ada", field: second})
    assert response.status == 409
    error = (await response.json())["error"]
    assert ada["id"] in error["message"] and error["field"] == field
    other = await add_person(api, "Grace")
    response = await api.patch(f"/people/{other['id']}", json={field: second})
    assert response.status == 409
    assert (await api.ok("GET", "/people"))["total"] == 2


async def test_patch_changes_only_given_fields(api, clock):
    ada = await add_person(api, company="Analytical Engines", tags=["math"])
    clock.advance(hours=1)
    changed = await api.ok("PATCH", f"/people/{ada['id']}", json={"title": "Countess"})
    assert changed == {
        **ada,
        "title": "Countess",
        "updated_at": "2026-03-02T10:00:00.000Z",
    }


async def test_list_filters_by_tag_and_name_and_pages(api):
    for name, tags in [("Ada", ["math"]), ("Grace", ["navy", "math"]), ("Linus", [])]:
        await add_person(api, name, tags=tags)
    listing = await api.ok("GET", "/people", params={"tag": "MATH"})
    assert [p["name"] for p in listing["items"]] == ["Ada", "Grace"]
    assert listing["total"] == 2
    page = await api.ok("GET", "/people", params={"limit": 1, "offset": 1})
    assert [p["name"] for p in page["items"]] == ["Grace"] and page["total"] == 3
    named = await api.ok("GET", "/people", params={"q": "gra"})
    assert [p["name"] for p in named["items"]] == ["Grace"]


async def test_merge_folds_everything_into_one_record(api, clock):
    ada = await add_person(
        api,
        emails=["ada@example.org"],
        tags=["math"],
        notes="Met at the Royal Society.",
        profiles=[{"url": "https://github.com/ada"}],
    )
    clock.advance(days=1)
    dup = await add_person(
        api,
        "Ada L.",
        company="Analytical Engines",
        emails=["countess@example.org"],
        tags=["poetry", "math"],
        notes="Likes poetical science.",
        profiles=[{"url": "https://x.com/ada"}],
    )
    grace = await add_person(api, "Grace")
    both = {"person_ids": [dup["id"], grace["id"]], "kind": "meeting", "text": "panel"}
    shared = await api.ok("POST", "/interactions", 201, json=both)
    promise = await api.ok(
        "POST",
        "/promises",
        201,
        json={"person_id": dup["id"], "direction": "mine", "text": "send the notes"},
    )
    meeting = await api.ok(
        "POST",
        "/meetings",
        201,
        json={
            "title": "Coffee",
            "starts_at": "2026-03-05T10:00:00Z",
            "attendees": [{"name": "Ada L.", "person_id": dup["id"]}],
        },
    )
    merged = await api.ok("POST", f"/people/{ada['id']}/merge", json={"other_id": dup["id"]})
    assert merged["id"] == ada["id"] and merged["name"] == "Ada Lovelace"
    assert merged["company"] == "Analytical Engines"
    assert merged["emails"] == ["ada@example.org", "countess@example.org"]
    assert merged["tags"] == ["math", "poetry"]
    assert {p["site"] for p in merged["profiles"]} == {"github", "x"}
    assert merged["notes"] == "Met at the Royal Society.\n\nLikes poetical science."
    assert (await api.get(f"/people/{dup['id']}")).status == 404
    interaction = await api.ok("GET", f"/interactions/{shared['id']}")
    assert interaction["person_ids"] == [ada["id"], grace["id"]]
    assert (await api.ok("GET", f"/promises/{promise['id']}"))["person_id"] == ada["id"]
    moved = await api.ok("GET", f"/meetings/{meeting['id']}")
    assert moved["attendees"][0]["person_id"] == ada["id"]
    found = await api.ok("GET", "/people/lookup", params={"url": "https://twitter.com/ada"})
    assert found["id"] == ada["id"]


@pytest.mark.parametrize("body", [{}, {"other_id": 5}, {"other_id": "p_missing"}, {"x": 1}])
async def test_merge_refuses_bad_bodies(api, body):
    ada = await add_person(api)
    response = await api.post(f"/people/{ada['id']}/merge", json=body)
    assert response.status == 422


async def test_merge_with_itself_is_refused(api):
    ada = await add_person(api)
    response = await api.post(f"/people/{ada['id']}/merge", json={"other_id": ada["id"]})
    assert response.status == 422
    assert (await api.ok("GET", f"/people/{ada['id']}")) == ada


def test_slash_at_paths_off_the_fediverse_are_plain_web_profiles():
    assert canonical_profile("https://medium.com/@ada").site == "web"
    assert canonical_profile("https://www.youtube.com/@ada").site == "web"
    assert canonical_profile("https://hachyderm.io/@ada/1234").key == "mastodon:ada@hachyderm.io"
