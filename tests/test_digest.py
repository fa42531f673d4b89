"""GET /digest: the weekly networking digest for a fixed data set, as JSON, Markdown and HTML.

tests/fixtures/digest/dataset.json is a Rapport export of 30 people, five weeks of engagement,
promises both ways and meetings; the clock stands on Thursday 2026-03-05 15:00 UTC (week 10).
expected.md is the digest for that week, read and checked by hand.
"""

import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import add_person

FIXTURES = Path(__file__).parent / "fixtures" / "digest"
THURSDAY = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)


@pytest.fixture
async def world(api, clock):
    clock.now = THURSDAY
    dump = json.loads((FIXTURES / "dataset.json").read_text())
    await api.ok("POST", "/import", json=dump)
    return api


async def test_the_markdown_digest_of_the_fixed_data_set(world):
    response = await world.get(
        "/digest", params={"week": "2026-W10"}, headers={"Accept": "text/markdown"}
    )
    assert response.status == 200 and response.content_type == "text/markdown"
    assert await response.text() == (FIXTURES / "expected.md").read_text()


async def test_the_current_week_is_the_default(world):
    response = await world.get("/digest", headers={"Accept": "text/markdown"})
    assert await response.text() == (FIXTURES / "expected.md").read_text()


async def test_json_sections(world):
    digest = await world.ok("GET", "/digest", params={"week": "2026-W10"})
    assert (digest["week"], digest["starts_on"], digest["ends_on"], digest["as_of"]) == (
        "2026-W10",
        "2026-03-02",
        "2026-03-08",
        "2026-03-05T15:00:00.000Z",
    )
    reach_out = [item["person"]["id"] for item in digest["reach_out"]["items"]]
    assert reach_out == ["p_daniel", "p_priya", "p_maya", "p_kenji", "p_lena"]
    maya = digest["reach_out"]["items"][2]
    assert maya == {
        "person": {"id": "p_maya", "name": "Maya Okafor"},
        "url": "https://www.linkedin.com/in/maya-okafor",
        "influence": ["sponsor", "decision-maker"],
        "level": "due",
        "every_days": 30,
        "from_tag": "sponsor",
        "late_days": 6,
        "due": "2026-02-27",
        "days_since_contact": 36,
        "last_topic": {
            "kind": "message",
            "occurred_at": "2026-01-28T11:00:00.000Z",
            "text": "Thanked her for the shout-out in the all-hands",
        },
    }
    assert [p["id"] for p in digest["i_owe"]["items"]] == ["pr_01", "pr_02", "pr_03", "pr_04"]
    assert [p["late_days"] for p in digest["i_owe"]["items"]] == [1, 0, 0, 0]
    assert [p["id"] for p in digest["owed_to_me"]["items"]] == ["pr_07", "pr_08", "pr_09"]
    assert [m["id"] for m in digest["meetings"]["items"]] == [
        "m_omar",
        "m_meetup",
        "m_olivia",
        "m_sofia",
    ]
    assert digest["meetings"]["items"][1]["people"] == ["Marcus Chen", "Jonas Berg", "Yusuf Demir"]
    met = [(m["person"]["id"], m["kind"]) for m in digest["met_without_follow_up"]["items"]]
    assert met == [
        ("p_marcus", "meeting"),  # logged the meeting, nothing since
        ("p_jonas", "meeting"),
        ("p_omar", "meeting"),
        ("p_sam", "coffee"),
        ("p_nina", "event"),
        ("p_tomas", "call"),
    ]  # Yusuf commented after the meetup, Hannah wrote after the event: followed up
    never = [item["person"]["id"] for item in digest["never_contacted"]["items"]]
    assert never == ["p_arjun", "p_elena", "p_claire"]  # Mei was added 31 days ago
    engagements = digest["engagements"]
    assert engagements["weeks"] == ["2026-W06", "2026-W07", "2026-W08", "2026-W09", "2026-W10"]
    assert engagements["complete"] is False
    dump = json.loads((FIXTURES / "dataset.json").read_text())
    in_the_weeks = [
        i for i in dump["interactions"] if "2026-02-02" <= i["occurred_at"] <= digest["as_of"]
    ]
    assert sum(engagements["total"]) == len(in_the_weeks) == 47
    assert engagements["by_kind"][0] == {"kind": "comment", "counts": [2, 3, 3, 3, 3]}
    tags = [row["tag"] for row in engagements["by_tag"]]
    assert tags == ["rust", "ml", "platform", "devrel", "embedded", "hiring", "security", "design"]


async def test_a_past_week_reads_as_it_stood_at_its_end(api, clock):
    ada = await add_person(api, "Ada Lovelace", keep_in_touch_days=5)  # Monday 2 March
    deck = await api.ok("POST", "/promises", 201, json={
        "person_id": ada["id"], "direction": "mine", "text": "send the deck", "due": "2026-03-04",
    })  # fmt: skip
    clock.advance(days=9)  # Wednesday 11 March, week 11
    await api.ok("PATCH", f"/promises/{deck['id']}", json={"status": "done"})
    await api.ok("POST", "/interactions", 201, json={"person_ids": [ada["id"]], "kind": "call"})
    past = await api.ok("GET", "/digest", params={"week": "2026-W10"})
    assert past["as_of"] == "2026-03-08T23:59:59.999Z"
    assert [(p["id"], p["late_days"]) for p in past["i_owe"]["items"]] == [(deck["id"], 4)]
    assert [item["person"]["id"] for item in past["reach_out"]["items"]] == [ada["id"]]
    assert past["engagements"]["total"] == [0, 0, 0, 0, 0]
    assert past["engagements"]["complete"] is True
    now = await api.ok("GET", "/digest")
    assert now["week"] == "2026-W11" and now["i_owe"]["items"] == []
    assert now["reach_out"]["items"] == [] and now["engagements"]["total"][-1] == 1
    await api.ok("PATCH", f"/people/{ada['id']}", json={"snoozed_until": "2026-03-20"})
    again = await api.ok("GET", "/digest", params={"week": "2026-W10"})
    assert [item["person"]["id"] for item in again["reach_out"]["items"]] == [ada["id"]]


async def test_snoozes_quiet_the_current_week_through_its_sunday(world):
    await world.ok("PATCH", "/people/p_daniel", json={"snoozed_until": "2026-03-09"})
    await world.ok("PATCH", "/promises/pr_07", json={"snoozed_until": "2026-03-09"})
    await world.ok("PATCH", "/people/p_omar", json={"snoozed_until": "2026-03-09"})
    digest = await world.ok("GET", "/digest")
    reach_out = [item["person"]["id"] for item in digest["reach_out"]["items"]]
    assert reach_out == ["p_priya", "p_maya", "p_kenji", "p_lena"]
    assert [p["id"] for p in digest["owed_to_me"]["items"]] == ["pr_08", "pr_09"]
    met = [m["person"]["id"] for m in digest["met_without_follow_up"]["items"]]
    assert "p_omar" not in met and len(met) == 5
    await world.ok("PATCH", "/people/p_daniel", json={"snoozed_until": "2026-03-08"})
    digest = await world.ok("GET", "/digest")
    assert digest["reach_out"]["items"][0]["person"]["id"] == "p_daniel"


async def test_a_fresh_install_has_an_empty_but_readable_digest(api):
    markdown = await (await api.get("/digest", headers={"Accept": "text/markdown"})).text()
    assert markdown == (
        "# Networking digest, week 10 of 2026\n"
        "\n"
        "Mon 2 Mar to Sun 8 Mar 2026 · as of Mon 2 Mar 09:00 UTC\n"
        "\n"
        "## Reach out this week\n\n_Nobody: every cadence is on track._\n"
        "\n"
        "## What you owe\n\n_Nothing: every promise you made is kept._\n"
        "\n"
        "## What you are owed\n\n_Nothing is owed to you._\n"
        "\n"
        "## This week's meetings (UTC)\n\n_No meetings this week._\n"
        "\n"
        "## Met recently, no follow-up yet\n\n_Everyone you met lately has a follow-up._\n"
        "\n"
        "## Added recently, never contacted\n\n"
        "_Nobody: you have been in touch with everyone you added lately._\n"
        "\n"
        "## Engagements: this week so far and the four before\n\n"
        "_No engagements logged in these five weeks._\n"
    )


async def test_markdown_special_characters_in_names_are_escaped(api, clock):
    await add_person(api, "Ada *the* [Countess]_of_<Lovelace>")
    markdown = await (await api.get("/digest", headers={"Accept": "text/markdown"})).text()
    assert r"- **Ada \*the\* \[Countess\]\_of\_\<Lovelace\>** · added Mon 2 Mar" in markdown


class _Page(HTMLParser):
    """Collects what a self-contained page must not have: scripts and outside resources."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.fetches: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "srcset") or (tag == "link" and name == "href"):
                self.fetches.append(value or "")

    def handle_data(self, data):
        self.text.append(data)


async def test_the_html_page_is_self_contained_and_escapes_everything(world):
    await add_person(world, "<script>alert(1)</script> Mallory", tags=["mentor"])
    response = await world.get(
        "/digest", params={"week": "2026-W10"}, headers={"Accept": "text/html"}
    )
    assert response.status == 200 and response.content_type == "text/html"
    assert response.headers["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'"
    )
    page = await response.text()
    parsed = _Page()
    parsed.feed(page)
    assert "script" not in parsed.tags and parsed.fetches == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Mallory" in page
    assert parsed.tags.count("style") == 1 and "h1" in parsed.tags
    text = " ".join("".join(parsed.text).split())
    assert "Networking digest, week 10 of 2026" in text
    assert "Daniel Reyes mentor · overdue: last contact 50 days ago, every 30 days" in text
    assert 'href="https://www.linkedin.com/in/daniel-reyes"' in page


@pytest.mark.parametrize(
    "week", ["2026-10", "2026-W1", "2026-W00", "2026-W54", "2027-W53", "0001-W04", "9999-W52", "w"]
)
async def test_bad_weeks_are_422_naming_the_week(api, week):
    response = await api.get("/digest", params={"week": week})
    assert response.status == 422
    assert (await response.json())["error"]["field"] == "week"


def test_the_expected_digest_has_no_trailing_spaces():
    text = (FIXTURES / "expected.md").read_text()
    assert not re.search(r"[ \t]$", text, re.M)
