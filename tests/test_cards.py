"""The person card as JSON and Markdown, with a clock the test moves."""

from rapport.services.job_changes import MARKER
from tests.conftest import add_person


async def promise(api, person, text, direction="mine", due=None):
    body = {"person_id": person["id"], "direction": direction, "text": text, "due": due}
    return await api.ok("POST", "/promises", 201, json=body)


async def log(api, person, kind, text, when):
    body = {"person_ids": [person["id"]], "kind": kind, "text": text, "occurred_at": when}
    return await api.ok("POST", "/interactions", 201, json=body)


async def test_card_of_a_new_person(api):
    ada = await add_person(api)
    card = await api.ok("GET", f"/people/{ada['id']}/card")
    assert card["person"] == ada
    assert card["days_since_contact"] is None
    assert card["interactions"] == [] and card["reminders"] == []
    assert card["promises"] == {"mine": [], "theirs": []}
    assert card["common_ground"] == [] and card["talking_points"] == []
    assert card["keep_in_touch"] is None


async def test_promises_both_ways_overdue_first(api, clock):
    ada = await add_person(api)
    later = await promise(api, ada, "send the deck", due="2026-03-20")
    overdue = await promise(api, ada, "intro to Grace", due="2026-02-27")
    undated = await promise(api, ada, "share the paper")
    theirs = await promise(api, ada, "review my draft", direction="theirs")
    done = await promise(api, ada, "old one", due="2026-01-01")
    await api.ok("PATCH", f"/promises/{done['id']}", json={"status": "done"})
    card = await api.ok("GET", f"/people/{ada['id']}/card")
    assert [p["id"] for p in card["promises"]["mine"]] == [
        overdue["id"],
        later["id"],
        undated["id"],
    ]
    assert card["promises"]["mine"][0]["overdue_days"] == 3
    assert [p["id"] for p in card["promises"]["theirs"]] == [theirs["id"]]
    assert card["talking_points"][0] == (
        "You promised: intro to Grace (due 2026-02-27, 3 days overdue)"
    )


async def test_keep_in_touch_resets_on_any_interaction(api, clock):
    ada = await add_person(api, keep_in_touch_days=14)
    clock.advance(days=20)
    card = await api.ok("GET", f"/people/{ada['id']}/card")
    assert card["keep_in_touch"] == {
        "every_days": 14,
        "from_tag": None,
        "level": "due",
        "due_at": "2026-03-16T09:00:00.000Z",
        "overdue_days": 6,
        "due_in_days": 0,
    }
    await log(api, ada, "like", "liked her post on Rust hiring", "2026-03-22T08:00:00Z")
    card = await api.ok("GET", f"/people/{ada['id']}/card")
    assert card["keep_in_touch"] == {
        "every_days": 14,
        "from_tag": None,
        "level": "ok",
        "due_at": "2026-04-05T08:00:00.000Z",
        "overdue_days": 0,
        "due_in_days": 14,
    }
    assert card["days_since_contact"] == 0
    assert card["last_interaction"]["text"] == "liked her post on Rust hiring"


async def test_recent_interactions_newest_first(api):
    ada = await add_person(api)
    await log(api, ada, "coffee", "first coffee", "2026-01-10T10:00:00+01:00")
    await log(api, ada, "comment", "commented on her post", "2026-02-20T10:00:00Z")
    card = await api.ok("GET", f"/people/{ada['id']}/card")
    assert [i["text"] for i in card["interactions"]] == ["commented on her post", "first coffee"]
    assert card["days_since_contact"] == 9


async def test_common_ground_with_the_user_ignores_case_and_accents(api):
    await api.ok(
        "PUT",
        "/me",
        json={
            "name": "Me",
            "tags": ["rust"],
            "interests": ["Sailing"],
            "companies": ["Analytical Engines"],
            "location": "Zürich",
            "schools": ["ETH Zurich"],
        },
    )
    ada = await add_person(
        api,
        tags=["Rust", "math"],
        interests=["sailing"],
        company="analytical engines",
        location="Zurich",
        headline="Engineer, alumna of ETH Zürich",
    )
    card = await api.ok("GET", f"/people/{ada['id']}/card")
    assert card["common_ground"] == [
        {"kind": "tag", "value": "rust"},
        {"kind": "interest", "value": "Sailing"},
        {"kind": "company", "value": "Analytical Engines"},
        {"kind": "location", "value": "Zürich"},
        {"kind": "school", "value": "ETH Zurich"},
    ]


async def test_markdown_card(api, clock):
    ada = await add_person(
        api,
        headline="Poet of numbers",
        company="Analytical Engines",
        title="Analyst",
        tags=["mentor"],
        keep_in_touch_days=30,
        profiles=[{"url": "https://github.com/ada"}],
        notes="Prefers mornings.\nAsk about the engine.",
    )
    await promise(api, ada, "send the deck", due="2026-03-06")
    await log(api, ada, "coffee", "Talked about Bernoulli numbers", "2026-02-25T10:00:00Z")
    response = await api.get(f"/people/{ada['id']}/card", headers={"Accept": "text/markdown"})
    assert response.status == 200
    assert response.content_type == "text/markdown"
    assert await response.text() == (
        "# Ada Lovelace\n"
        "Poet of numbers  \n"
        "Analyst at Analytical Engines  \n"
        "[github](https://github.com/ada)\n"
        "Tags: mentor\n"
        "\n"
        "Last contact: 4 days ago\n"
        "Keep in touch every 30 days: on track\n"
        "Relationship: warm (57/100)\n"
        "Speaks for you: mentor\n"
        "\n"
        "## Talking points\n"
        "- You promised: send the deck (due 2026-03-06)\n"
        "- Last time (coffee, 2026-02-25): Talked about Bernoulli numbers\n"
        "- From your notes: Prefers mornings.\n"
        "\n"
        "## I owe\n"
        "- send the deck (due 2026-03-06)\n"
        "\n"
        "## Recent interactions\n"
        "- 2026-02-25 coffee: Talked about Bernoulli numbers\n"
    )


async def test_card_of_unknown_person_is_404(api):
    response = await api.get("/people/p_nobody/card")
    assert response.status == 404


async def test_a_job_change_seen_on_import_is_not_contact(api, clock):
    ada = await add_person(api, keep_in_touch_days=14)
    clock.advance(days=20)
    news = f"{MARKER}now CTO at Engines, was Analyst"
    await log(api, ada, "other", news, "2026-03-22T08:00:00Z")
    card = await api.ok("GET", f"/people/{ada['id']}/card")
    assert card["keep_in_touch"]["overdue_days"] == 6
    assert card["days_since_contact"] is None
