"""POST /capture on saved pages: preview, save, update a known person, log an engagement."""

import json
from pathlib import Path

from tests.conftest import add_person

PAGES = Path(__file__).parent / "fixtures" / "pages"


def page(site: str, case: str, **extra) -> dict:
    meta = json.loads((PAGES / site / f"{case}.json").read_text())
    html = (PAGES / site / f"{case}.html").read_text()
    return {
        "url": meta["url"],
        "title": meta["title"],
        "html": html,
        "selection": meta.get("selection", ""),
        **extra,
    }


async def test_preview_writes_nothing(api):
    answer = await api.ok(
        "POST", "/capture", json=page("linkedin", "profile_logged_in", save=False)
    )
    assert answer["created"] is False and answer["known"] is False and answer["card"] is None
    assert answer["person"]["name"] == "Ada Lovelace" and "id" not in answer["person"]
    assert answer["extracted"]["adapter"] == "linkedin"
    assert (await api.ok("GET", "/people"))["total"] == 0


async def test_capture_saves_a_new_person_with_a_card(api):
    answer = await api.ok("POST", "/capture", json=page("linkedin", "profile_logged_in"))
    assert answer["created"] is True
    person = answer["person"]
    assert person["id"].startswith("p_")
    assert answer["card"]["person"] == person
    found = await api.ok("GET", "/people/lookup", params={"url": "linkedin.com/in/ada-lovelace"})
    assert found["id"] == person["id"]
    again = await api.ok("POST", "/capture", json=page("linkedin", "profile_logged_in"))
    assert again["created"] is False and again["person"]["id"] == person["id"]
    assert (await api.ok("GET", "/people"))["total"] == 1


async def test_a_known_person_is_found_on_another_site_through_a_linked_profile(api):
    first = await api.ok("POST", "/capture", json=page("mastodon", "profile"))
    second = await api.ok("POST", "/capture", json=page("github", "profile"))
    assert second["created"] is False
    assert second["person"]["id"] == first["person"]["id"]
    sites = {p["site"] for p in second["person"]["profiles"]}
    assert sites == {"mastodon", "github", "x", "linkedin"}
    assert (await api.ok("GET", "/people"))["total"] == 1


async def test_what_the_user_wrote_is_never_overwritten(api):
    ada = await add_person(
        api,
        "Ada (my name for her)",
        headline="My own words",
        profiles=[{"url": "https://www.linkedin.com/in/ada-lovelace"}],
    )
    answer = await api.ok("POST", "/capture", json=page("linkedin", "profile_logged_in"))
    person = answer["person"]
    assert person["id"] == ada["id"]
    assert person["name"] == "Ada (my name for her)" and person["headline"] == "My own words"
    extracted = answer["extracted"]["person"]
    for field in ("company", "location"):
        if extracted.get(field):
            assert person[field] == extracted[field]


async def test_a_post_page_logs_the_engagement_with_the_selection(api):
    body = page(
        "linkedin",
        "post_feed_update",
        selection="Loved the bit about music",
        engagement={"kind": "comment"},
    )
    answer = await api.ok("POST", "/capture", json=body)
    interaction = answer["interaction"]
    assert interaction["person_ids"] == [answer["person"]["id"]]
    assert interaction["kind"] == "comment" and interaction["text"] == "Loved the bit about music"
    assert (
        interaction["url"]
        == "https://www.linkedin.com/feed/update/urn:li:activity:7212345678901234567/"
    )
    card = answer["card"]
    assert card["days_since_contact"] == 0 and card["interactions"][0]["id"] == interaction["id"]


async def test_a_page_about_nobody_is_422_no_person_found(api):
    response = await api.post("/capture", json=page("nothing", "news_article"))
    assert response.status == 422
    assert (await response.json())["error"]["code"] == "no_person_found"
    assert (await api.ok("GET", "/people"))["total"] == 0


async def test_capture_validates_its_body(api):
    for body, field in [
        ({}, "url"),
        ({"url": "https://x.com/ada", "save": "yes"}, "save"),
        ({"url": "https://x.com/ada", "engagement": {"kind": "hug"}}, "engagement.kind"),
        ({"url": "https://x.com/ada", "extra": 1}, "extra"),
    ]:
        response = await api.post("/capture", json=body)
        assert response.status == 422, body
        assert (await response.json())["error"]["field"] == field
