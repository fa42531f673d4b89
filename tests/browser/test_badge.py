"""Follow-through in the extension: the toolbar badge with what is due today, the weekly digest
notification and the digest page."""

from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.harness import ARTIFACTS, fixture
from tests.browser.test_popup_states import free_port

TUESDAY_7 = datetime(2030, 3, 5, 7, 0).astimezone()  # a Tuesday of 2030-W10, local time


@pytest.fixture
def mary(owner) -> dict:
    """Mary, with promises both ways: mine 3 days late, mine due today, mine in 3 days, hers
    2 days late; reminders: one due an hour ago, one tomorrow at 09:00 local time."""
    today = datetime.now(UTC).date()  # the daemon's "today"
    mary = owner.post("/people", {"name": "Mary Somerville", "tags": ["mentor"]})
    for direction, text, days in (
        ("mine", "Send the deck", -3),
        ("mine", "Book the room", 0),
        ("mine", "Write the report", 3),
        ("theirs", "Intro to Babbage", -2),
    ):
        due = (today + timedelta(days=days)).isoformat()
        owner.post(
            "/promises", {"person_id": mary["id"], "direction": direction, "text": text, "due": due}
        )
    tomorrow_nine = (datetime.now() + timedelta(days=1)).replace(hour=9, minute=0).astimezone()
    for text, due_at in (
        ("Call Mary", datetime.now(UTC) - timedelta(hours=1)),
        ("Ask Mary about the comet", tomorrow_nine),
    ):
        owner.post(
            "/reminders", {"person_id": mary["id"], "text": text, "due_at": due_at.isoformat()}
        )
    return mary


def end_of_today() -> str:
    return datetime.now().replace(hour=23, minute=59, second=59).astimezone().isoformat()


def test_the_badge_counts_what_is_due_today_and_follows_a_capture(paired, owner, mary):
    # Only the runs the test asks for, and the popup's, may update the badge from here on.
    paired.worker.evaluate("() => chrome.alarms.clear('badge')")
    assert owner.get("/due", until=end_of_today())["total"] == 4
    assert paired.run_job("badge") == {"result": "4"}  # overdue, today, reminder, nudge
    assert paired.badge_text() == "4"

    owner.post(
        "/promises",
        {
            "person_id": mary["id"],
            "direction": "mine",
            "text": "Review the notes",
            "due": datetime.now(UTC).date().isoformat(),
        },
    )
    assert paired.badge_text() == "4"  # nothing told the extension yet
    popup = paired.open_popup(paired.open_site(fixture("github", "profile")))
    popup.get_by_role("button", name="Save Ada Lovelace").click()
    expect(popup.locator("#view")).to_have_attribute("data-state", "card")
    paired.wait_for_badge("5")


def test_the_badge_is_empty_with_nothing_due_or_no_daemon(paired, owner, mary):
    for promise in owner.get("/promises")["items"]:
        owner.patch(f"/promises/{promise['id']}", {"status": "done"})
    for reminder in owner.get("/reminders")["items"]:
        owner.patch(f"/reminders/{reminder['id']}", {"status": "done"})
    assert paired.run_job("badge") == {"result": ""}
    assert paired.badge_text() == ""

    owner.post(
        "/promises",
        {
            "person_id": mary["id"],
            "direction": "mine",
            "text": "Send the deck",
            "due": "2020-01-01",
        },
    )
    assert paired.run_job("badge") == {"result": "1"}
    port = free_port()
    paired.set_storage({"daemonUrl": f"http://127.0.0.1:{port}"})
    paired.wait_for_badge("")
    assert paired.run_job("badge") == {
        "error": f"ApiError: Rapport is not running at http://127.0.0.1:{port}."
    }


def test_the_weekly_digest_rings_once_at_the_day_and_hour_chosen(paired, owner, mary):
    paired.clear_notifications()
    options = paired.open_options()
    enabled = options.get_by_label("Notify me of the weekly networking digest")
    expect(enabled).to_be_checked()
    expect(options.get_by_label("Day")).to_have_value("1")  # Monday
    expect(options.get_by_label("Hour")).to_have_value("9")
    options.get_by_label("Day").select_option(label="Tuesday")
    options.get_by_label("Hour").select_option(label="07:00")
    expect(options.locator("#notifications-status")).to_have_text("Saved.")
    settings = paired.storage()
    assert (settings["digestWeekday"], settings["digestHour"]) == (2, 7)

    assert paired.run_job("digest", TUESDAY_7 - timedelta(minutes=1)) == {"result": None}
    assert paired.run_job("digest", TUESDAY_7) == {
        "result": {
            "id": "digest/2030-W10",
            "title": "Your networking week (week 10)",
            "message": "1 person to reach out to · you owe 3 · owed to you 1 · 0 meetings",
        }
    }
    assert paired.run_job("digest", TUESDAY_7 + timedelta(days=1)) == {"result": None}
    assert paired.notification_ids("digest/2030") == ["digest/2030-W10"]

    # Closed all of Tuesday of the next week: the digest comes at the first run after.
    wednesday = TUESDAY_7 + timedelta(days=8)
    assert paired.run_job("digest", wednesday)["result"]["id"] == "digest/2030-W11"
    # A clock set back announces no old week again.
    assert paired.run_job("digest", TUESDAY_7 + timedelta(hours=1)) == {"result": None}

    enabled.uncheck()
    expect(options.get_by_label("Day")).to_be_disabled()
    assert paired.storage()["digestEnabled"] is False
    assert paired.run_job("digest", TUESDAY_7 + timedelta(days=14)) == {"result": None}
    assert paired.notification_ids("digest/2030") == ["digest/2030-W10", "digest/2030-W11"]


def test_the_digest_page_is_built_from_the_json(paired, owner, mary):
    now = datetime.now(UTC)
    owner.patch(f"/people/{mary['id']}", {"keep_in_touch_days": 14})
    owner.post(
        "/interactions",
        {
            "person_ids": [mary["id"]],
            "kind": "call",
            "text": "Talked about the comet",
            "occurred_at": (now - timedelta(days=25)).isoformat(),
        },
    )
    grace = owner.post("/people", {"name": "Grace Hopper", "title": "Rear Admiral"})
    owner.post(
        "/interactions",
        {"person_ids": [grace["id"]], "kind": "coffee", "occurred_at": now.isoformat()},
    )
    stranger = owner.post("/people", {"name": "Charles <b>Babbage</b>", "company": "Engines"})
    week = owner.get("/digest")["week"]
    page = paired.context.new_page()
    page.set_viewport_size({"width": 900, "height": 900})
    page.goto(paired.url(f"digest/digest.html?week={week}"))
    year, number = week.split("-W")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Networking digest, week {int(number)} of {year}"
    )
    sections = page.locator("section.panel")
    reach_out = sections.filter(has_text="Reach out this week")
    expect(reach_out.locator("li")).to_have_count(1)
    expect(reach_out.locator("li p").first).to_have_text(
        "Mary Somerville mentor · overdue: last contact 25 days ago, every 14 days"
    )
    expect(reach_out.locator(".detail")).to_contain_text(": Talked about the comet")
    expect(reach_out.get_by_role("link", name="Mary Somerville")).to_have_attribute(
        "href", paired.url(f"card/card.html?person={mary['id']}")
    )
    owe = sections.filter(has_text="What you owe")
    expect(owe.locator("li")).to_have_count(3)
    expect(owe.locator("li").first).to_contain_text("Mary Somerville: Send the deck")
    expect(owe.locator("li").first.locator(".late")).to_have_text("3 days late")
    expect(sections.filter(has_text="Met recently")).to_contain_text("Grace Hopper · coffee")
    never = sections.filter(has_text="Added recently, never contacted")
    expect(never).to_contain_text("Charles <b>Babbage</b> (Engines)")  # text, never markup
    expect(never.locator("b")).to_have_count(0)
    engagements = sections.filter(has_text="Engagements")
    expect(engagements.locator("tbody tr").first.locator("td").last).to_have_text(
        "+0.8"
    )  # 1 this week, 1 call in the four before
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "digest-page.png"), full_page=True)

    page.get_by_role("link", name="Previous week").click()
    before = (date.fromisocalendar(int(year), int(number), 1) - timedelta(days=7)).isocalendar()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Networking digest, week {before.week} of {before.year}"
    )
    owner.delete(f"/people/{stranger['id']}")
