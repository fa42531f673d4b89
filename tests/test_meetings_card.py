"""The meeting card, upcoming meetings and logging how a meeting went, on a small real data set.

The clock stands at Monday 2 March 2026, 09:00 UTC; the partner sync starts at 10:00.
"""

import pytest

from tests.conftest import add_person
from tests.test_meetings_import import calendar, import_ics, meetings

SYNC = """UID:partner-sync@rapport.test
DTSTART:20260302T100000Z
DTEND:20260302T104500Z
SUMMARY:Partner sync
LOCATION:Café Central
URL:https://meet.example.com/partner
ORGANIZER;CN=Ada Lovelace:mailto:ada@analytical.example
ATTENDEE;CN="Hopper, Grace":mailto:grace.hopper@gmail.com
ATTENDEE;CN=Bob Builder:mailto:bob@builder.example
ATTENDEE;CN=Sam Rivera:mailto:sam@rivera.example"""
OFFSITE = """UID:offsite@rapport.test
DTSTART;VALUE=DATE:20260302
DTEND;VALUE=DATE:20260303
SUMMARY:Team offsite"""
STRANGERS = """UID:strangers@rapport.test
DTSTART:20260302T150000Z
DTEND:20260302T153000Z
SUMMARY:Vendor pitch
ORGANIZER;CN=Rita Rep:mailto:rita@vendor.example"""


@pytest.fixture
async def api(make_api):
    return await make_api(calendar_timezone="Europe/Oslo")


@pytest.fixture
async def world(api) -> dict:
    """Sam's network: Ada (owed a deck), Grace (owes an intro), Katherine (knows Ada)."""
    await api.ok("PUT", "/me", json={
        "name": "Sam Rivera", "emails": ["sam@rivera.example"], "tags": ["rust"],
        "interests": ["climbing"], "schools": ["ETH Zurich"],
    })  # fmt: skip
    ada = await add_person(
        api, "Ada Lovelace", emails=["ada@analytical.example"], company="Analytical Engines",
        title="CTO", tags=["rust", "mentor"], interests=["climbing"], keep_in_touch_days=30,
        how_met="ETH Zurich alumni dinner",
    )  # fmt: skip
    grace = await add_person(api, "Grace Hopper", company="US Navy")
    katherine = await add_person(api, "Katherine Johnson")
    await api.ok("POST", "/interactions", 201, json={
        "person_ids": [ada["id"]], "kind": "coffee", "occurred_at": "2026-02-10T08:00:00Z",
        "text": "Talked about her Rust hiring plans; she wants an intro to a compiler person",
    })  # fmt: skip
    await api.ok("POST", "/interactions", 201, json={
        "person_ids": [ada["id"], katherine["id"]], "kind": "intro",
        "occurred_at": "2026-01-20T12:00:00Z", "text": "Introduced Ada to Katherine",
    })  # fmt: skip
    await api.ok("POST", "/promises", 201, json={
        "person_id": ada["id"], "direction": "mine", "text": "Send the compiler benchmark deck",
        "due": "2026-02-27",
    })  # fmt: skip
    await api.ok("POST", "/promises", 201, json={
        "person_id": grace["id"], "direction": "theirs", "text": "Intro to the Navy data team",
        "due": "2026-03-20",
    })  # fmt: skip
    earlier = await api.ok("POST", "/meetings", 201, json={
        "title": "Roadmap review", "starts_at": "2026-02-16T14:00:00Z",
        "attendees": [{"name": "Ada Lovelace", "person_id": ada["id"]}],
    })  # fmt: skip
    await import_ics(api, calendar(SYNC, OFFSITE, STRANGERS))
    sync = next(m for m in await meetings(api) if m["title"] == "Partner sync")
    return {"ada": ada, "grace": grace, "katherine": katherine, "earlier": earlier, "sync": sync}


async def test_the_meeting_card(api, world):
    card = await api.ok("GET", f"/meetings/{world['sync']['id']}/card")

    assert card["meeting"] == world["sync"]
    assert card["headline"] == (
        "You owe Ada Lovelace: Send the compiler benchmark deck (3 days overdue)"
    )
    ada, grace, bob = card["attendees"]
    assert (ada["person_id"], ada["match"], ada["attendee"]["score"]) == (
        world["ada"]["id"], "email", 100,
    )  # fmt: skip
    assert ada["card"]["person"]["id"] == world["ada"]["id"]
    assert [p["text"] for p in ada["card"]["promises"]["mine"]] == [
        "Send the compiler benchmark deck"
    ]
    assert ada["card"]["common_ground"] == [
        {"kind": "tag", "value": "rust"},
        {"kind": "interest", "value": "climbing"},
        {"kind": "school", "value": "ETH Zurich"},
    ]
    assert ada["mutual_contacts"] == [
        {"id": world["katherine"]["id"], "name": "Katherine Johnson", "shared": 1}
    ]
    assert ada["talking_points"][-1] == "You both know Katherine Johnson"
    assert ada["suggested_person"] is None
    # "Hopper, Grace" with a private address: found by her name, word order ignored.
    assert (grace["person_id"], grace["match"], grace["attendee"]["score"]) == (
        world["grace"]["id"], "name", 100,
    )  # fmt: skip
    assert [p["text"] for p in grace["card"]["promises"]["theirs"]] == [
        "Intro to the Navy data team"
    ]
    assert bob == {
        "attendee": {"name": "Bob Builder", "email": "bob@builder.example",
                     "person_id": None, "match": None, "score": None},
        "person_id": None,
        "card": None,
        "match": None,
        "mutual_contacts": [],
        "talking_points": [],
        "suggested_person": {"name": "Bob Builder", "emails": ["bob@builder.example"],
                             "company": "Builder"},
    }  # fmt: skip
    assert card["previous_meetings"] == [
        {"id": world["earlier"]["id"], "title": "Roadmap review",
         "starts_at": "2026-02-16T14:00:00.000Z", "people": ["Ada Lovelace"]},
    ]  # fmt: skip


async def test_saving_an_unknown_attendee_links_them_on_the_card(api, world):
    url = f"/meetings/{world['sync']['id']}/card"
    suggested = (await api.ok("GET", url))["attendees"][2]["suggested_person"]

    bob = await api.ok("POST", "/people", 201, json=suggested)

    entry = (await api.ok("GET", url))["attendees"][2]
    assert (entry["person_id"], entry["match"]) == (bob["id"], "email")
    assert entry["card"]["person"]["company"] == "Builder"
    logged = await api.ok("POST", f"/meetings/{world['sync']['id']}/log", 201, json={"text": "Hi"})
    assert logged["interaction"]["person_ids"] == [
        world["ada"]["id"], world["grace"]["id"], bob["id"],
    ]  # fmt: skip


async def test_the_meeting_card_in_markdown(api, world):
    response = await api.get(
        f"/meetings/{world['sync']['id']}/card", headers={"Accept": "text/markdown"}
    )

    assert response.content_type == "text/markdown"
    text = await response.text()
    head = text.split("\n## ")[0]
    assert head == (
        "# Partner sync\n"
        "Mon 2 Mar 2026, 11:00-11:45 (Europe/Oslo)  \n"
        "Café Central  \n"
        "https://meet.example.com/partner  \n"
        "\n"
        "> **You owe Ada Lovelace: Send the compiler benchmark deck (3 days overdue)**\n"
    )
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Ada Lovelace",
        "## Grace Hopper",
        "## Bob Builder (not saved yet)",
        "## Previous meetings",
    ]
    assert "Invited as ada@analytical.example (matched by email)  \n" in text
    assert "Invited as grace.hopper@gmail.com (matched by name, 100% alike)  \n" in text
    assert "### Talking points\n- You promised: Send the compiler benchmark deck" in text
    assert "### Mutual contacts\n- Katherine Johnson (1 shared)\n" in text
    assert "## Bob Builder (not saved yet)\nbob@builder.example · company: Builder\n" in text
    assert text.endswith("## Previous meetings\n- 2026-02-16 Roadmap review (with Ada Lovelace)\n")


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("theirs_late", "Grace Hopper owes you: Intro to the Navy data team (2 days overdue)"),
        ("lapsed", "Ada Lovelace: no contact for 50 days (keep in touch every 30 days)"),
        ("open_only", "You promised Ada Lovelace: Send the deck (due 2026-03-09)"),
        ("talk_only", "Last time with Ada Lovelace (call, 2026-02-27): Her team moves to Rust"),
        ("nothing", None),
    ],
)
async def test_the_headline_is_the_most_pressing_thing(api, setup, expected):
    ada = await add_person(api, "Ada Lovelace", emails=["ada@analytical.example"])
    grace = await add_person(api, "Grace Hopper", emails=["grace@navy.example"])
    if setup == "theirs_late":
        await api.ok("POST", "/promises", 201, json={
            "person_id": grace["id"], "direction": "theirs", "text": "Intro to the Navy data team",
            "due": "2026-02-28",
        })  # fmt: skip
        await api.ok("POST", "/promises", 201, json={
            "person_id": ada["id"], "direction": "mine", "text": "Send the deck",
            "due": "2026-03-09",
        })  # fmt: skip
    if setup == "lapsed":
        await api.ok("PATCH", f"/people/{ada['id']}", json={"keep_in_touch_days": 30})
        await api.ok("POST", "/interactions", 201, json={
            "person_ids": [ada["id"]], "kind": "call", "occurred_at": "2026-01-11T09:00:00Z",
        })  # fmt: skip
    if setup == "open_only":
        await api.ok("POST", "/promises", 201, json={
            "person_id": ada["id"], "direction": "mine", "text": "Send the deck",
            "due": "2026-03-09",
        })  # fmt: skip
    if setup == "talk_only":
        await api.ok("POST", "/interactions", 201, json={
            "person_ids": [ada["id"]], "kind": "call", "occurred_at": "2026-02-27T09:00:00Z",
            "text": "Her team moves to Rust",
        })  # fmt: skip
    meeting = await api.ok("POST", "/meetings", 201, json={
        "title": "Sync", "starts_at": "2026-03-02T10:00:00Z",
        "attendees": [{"name": "Ada Lovelace", "person_id": ada["id"]},
                      {"name": "Grace Hopper", "email": "grace@navy.example"}],
    })  # fmt: skip

    card = await api.ok("GET", f"/meetings/{meeting['id']}/card")

    assert card["headline"] == expected
    assert [entry["match"] for entry in card["attendees"]] == ["manual", "email"]


async def test_a_meeting_with_strangers_only_says_who_is_new(api, world):
    strangers = next(m for m in await meetings(api) if m["title"] == "Vendor pitch")

    card = await api.ok("GET", f"/meetings/{strangers['id']}/card")

    assert card["headline"] == "First meeting with Rita Rep"
    assert card["previous_meetings"] == []


# --- upcoming ---------------------------------------------------------------------------------


async def test_upcoming_lists_timed_meetings_about_to_start(api, world, clock):
    assert (await api.ok("GET", "/meetings/upcoming"))["total"] == 0  # 10 minutes by default
    in_an_hour = await api.ok("GET", "/meetings/upcoming", params={"within_minutes": "61"})
    # The all-day offsite (today) is not a meeting to be warned about.
    assert [item["meeting"]["title"] for item in in_an_hour["items"]] == ["Partner sync"]

    clock.advance(minutes=52)
    soon = await api.ok("GET", "/meetings/upcoming")

    assert soon == {
        "items": [{
            "meeting": world["sync"],
            "headline": "You owe Ada Lovelace: Send the compiler benchmark deck (3 days overdue)",
            "people": ["Ada Lovelace", "Grace Hopper", "Bob Builder"],
        }],
        "total": 1,
    }  # fmt: skip
    clock.advance(minutes=9)  # it has started: no longer upcoming
    assert (await api.ok("GET", "/meetings/upcoming"))["total"] == 0


@pytest.mark.parametrize("value", ["0", "10081", "ten", ""])
async def test_upcoming_refuses_a_bad_window(api, value):
    response = await api.get("/meetings/upcoming", params={"within_minutes": value})

    assert response.status == 422
    assert (await response.json())["error"]["field"] == "within_minutes"


# --- after the meeting ------------------------------------------------------------------------


async def test_logging_a_meeting_records_one_interaction_with_every_saved_attendee(
    api, world, clock
):
    clock.advance(hours=2)
    sync = world["sync"]

    logged = await api.ok("POST", f"/meetings/{sync['id']}/log", 201, json={
        "text": "Agreed on a pilot",
        "promises": [{"person_id": world["ada"]["id"], "direction": "mine",
                      "text": "Send the pilot plan", "due": "2026-03-09"}],
    })  # fmt: skip

    interaction = logged["interaction"]
    assert (interaction["person_ids"], interaction["kind"], interaction["text"]) == (
        [world["ada"]["id"], world["grace"]["id"]], "meeting", "Agreed on a pilot",
    )  # fmt: skip
    assert interaction["occurred_at"] == "2026-03-02T10:45:00.000Z"  # when it ended
    assert logged["meeting"]["logged_at"] == "2026-03-02T11:00:00.000Z"
    assert (await api.ok("GET", f"/meetings/{sync['id']}"))["logged_at"] == (
        "2026-03-02T11:00:00.000Z"
    )
    (promise,) = logged["promises"]
    assert (promise["text"], promise["status"], promise["due"]) == (
        "Send the pilot plan", "open", "2026-03-09",
    )  # fmt: skip
    ada_card = await api.ok("GET", f"/people/{world['ada']['id']}/card")
    assert ada_card["last_interaction"]["id"] == interaction["id"]
    assert ada_card["days_since_contact"] == 0


async def test_logging_with_kind_and_time(api, world):
    logged = await api.ok("POST", f"/meetings/{world['sync']['id']}/log", 201, json={
        "text": "", "kind": "call", "occurred_at": "2026-03-02T10:30:00+01:00",
    })  # fmt: skip

    assert (logged["interaction"]["kind"], logged["interaction"]["occurred_at"]) == (
        "call", "2026-03-02T09:30:00.000Z",
    )  # fmt: skip
    assert logged["promises"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": "ok", "kind": "lunch"}, "kind"),
        ({"text": "ok", "mood": "great"}, "mood"),
        ({"text": "ok", "promises": [{"direction": "mine", "text": "x"}]}, "promises[0].person_id"),
    ],
)
async def test_bad_logs_are_422(api, world, body, field):
    response = await api.post(f"/meetings/{world['sync']['id']}/log", json=body)

    assert response.status == 422
    assert (await response.json())["error"]["field"] == field


async def test_a_promise_must_be_with_someone_in_the_meeting(api, world):
    body = {"text": "ok", "promises": [
        {"person_id": world["katherine"]["id"], "direction": "theirs", "text": "Send notes"}
    ]}  # fmt: skip

    response = await api.post(f"/meetings/{world['sync']['id']}/log", json=body)

    assert response.status == 422
    assert (await response.json())["error"]["field"] == "promises[0].person_id"
    assert (await api.ok("GET", f"/meetings/{world['sync']['id']}"))["logged_at"] is None


async def test_a_meeting_without_saved_attendees_cannot_be_logged(api, world):
    strangers = next(m for m in await meetings(api) if m["title"] == "Vendor pitch")

    response = await api.post(f"/meetings/{strangers['id']}/log", json={"text": "Meh"})

    assert response.status == 422
    assert (await response.json())["error"]["field"] == "attendees"
