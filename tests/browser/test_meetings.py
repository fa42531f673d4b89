"""Meetings in the extension: the pre-meeting notification, the meeting card, the popup's line.

The worker's jobs also run on their own (alarms, settings changes) at moments the tests do not
choose, so the tests check what ends up shown, counting every notification the worker creates.
"""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.harness import ARTIFACTS, screenshot
from tests.daemon import start_daemon

CHARLES = {"name": "Charles Babbage", "email": "charles@analytical.co.uk"}
SHOT_SIZE = {"width": 1000, "height": 900}


@pytest.fixture(scope="module")
def daemon(tmp_path_factory):
    """This module's own daemon, which a test restarts (same data folder, same port)."""
    running = start_daemon(tmp_path_factory.mktemp("meetings-data"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def daemon_url(daemon) -> str:
    return f"http://127.0.0.1:{daemon.port}"


def restart(daemon) -> None:
    """Stop the daemon and start it again with its data on its port, as after a reboot."""
    daemon.stop()
    # start_daemon asks for a free port; a second --port wins (click keeps the last one).
    daemon.process = start_daemon(daemon.data_dir, "--port", str(daemon.port)).process


@pytest.fixture
def ada(owner):
    """Ada, who is owed a deck (2 days late) and owes an intro, and who talked with Mary.

    The test's meetings are deleted after it: the next test starts with the extension's memory
    wiped, and would see a meeting left about to start announced again.
    """
    today = datetime.now(UTC).date()  # the daemon's "today"
    ada = owner.post(
        "/people",
        {
            "name": "Ada Lovelace",
            "emails": ["ada@example.org"],
            "title": "Programmer",
            "company": "Analytical Engines",
            "tags": ["mentor"],
            "profiles": [{"url": "https://www.linkedin.com/in/ada-lovelace"}],
        },
    )
    mary = owner.post("/people", {"name": "Mary Somerville", "emails": ["mary@example.org"]})
    for direction, text, due in (
        ("mine", "Send the deck", today - timedelta(days=2)),
        ("theirs", "Intro to Babbage", today + timedelta(days=5)),
    ):
        owner.post(
            "/promises",
            {"person_id": ada["id"], "direction": direction, "text": text, "due": due.isoformat()},
        )
    owner.post(
        "/interactions",
        {
            "person_ids": [ada["id"], mary["id"]],
            "kind": "call",
            "text": "Compared notes on the Engine",
            "occurred_at": (datetime.now(UTC) - timedelta(days=3)).isoformat(),
        },
    )
    yield ada
    for meeting in owner.get("/meetings", limit=1000)["items"]:
        owner.delete(f"/meetings/{meeting['id']}")


def add_meeting(owner, title: str, starts_in: timedelta, **fields) -> dict:
    """A 30-minute meeting with Ada (linked by her email) and Charles (not saved)."""
    start = datetime.now(UTC).replace(microsecond=0) + starts_in
    body = {
        "title": title,
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(minutes=30)).isoformat(),
        "attendees": [{"name": "Ada Lovelace", "email": "ada@example.org"}, CHARLES],
    }
    return owner.post("/meetings", body | fields)


def notification_of(meeting: dict) -> dict:
    start = datetime.fromisoformat(meeting["starts_at"]).astimezone()
    return {
        "id": f"meeting/{meeting['id']}/{meeting['starts_at']}",
        "title": f"{start:%H:%M} · Ada Lovelace, Charles Babbage",
        "message": "You owe Ada Lovelace: Send the deck (2 days overdue)",
    }


def ics_event(uid: str, start: datetime, extra: str) -> str:
    stamp = start.strftime("%Y%m%dT%H%M%SZ")
    end = (start + timedelta(minutes=30)).strftime("%Y%m%dT%H%M%SZ")
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:{stamp}\r\nDTSTART:{stamp}\r\nDTEND:{end}\r\n"
        f"SUMMARY:{uid}\r\nATTENDEE;CN=Ada Lovelace:mailto:ada@example.org\r\n{extra}"
        "END:VEVENT\r\n"
    )


def test_a_meeting_about_to_start_rings_once(paired, owner, ada, daemon, daemon_url):
    paired.clear_notifications()
    paired.count_notifications()
    soon = add_meeting(owner, "Coffee with Ada", timedelta(minutes=3))
    add_meeting(owner, "Analytical Society day", timedelta(minutes=3), all_day=True)
    owner.request("PUT", "/me", body={"name": "Me", "emails": ["me@example.org"]})
    start = datetime.now(UTC) + timedelta(minutes=3)
    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + ics_event("cancelled", start, "STATUS:CANCELLED\r\n")
        + ics_event("declined", start, "ATTENDEE;PARTSTAT=DECLINED:mailto:me@example.org\r\n")
        + "END:VCALENDAR\r\n"
    )
    imported = owner.upload("/meetings/import", calendar.encode(), "text/calendar")
    assert (imported["imported"], imported["skipped"]) == (0, 2)
    expected = notification_of(soon)

    paired.run_job("meetings")
    assert paired.notification_ids("meeting/") == [expected["id"]]
    assert paired.created_notifications("meeting/") == [expected]
    assert paired.run_job("meetings") == {"result": []}

    paired.restart_worker()
    paired.count_notifications()
    assert paired.run_job("meetings") == {"result": []}

    daemon.stop()
    assert paired.run_job("meetings") == {
        "error": f"ApiError: Rapport is not running at {daemon_url}."
    }
    restart(daemon)
    assert paired.run_job("meetings") == {"result": []}
    assert paired.created_notifications("meeting/") == []
    assert paired.notification_ids("meeting/") == [expected["id"]]


def test_the_lead_time_comes_from_the_options(paired, owner, ada):
    paired.clear_notifications()
    paired.count_notifications()
    options = paired.open_options()
    lead = options.get_by_label("Minutes before a meeting")
    expect(lead).to_have_value("10")
    lead.fill("2")
    lead.press("Tab")
    expect(options.locator("#notifications-status")).to_have_text("Saved.")
    assert paired.storage()["meetingLeadMinutes"] == 2
    paired.run_job("meetings")  # after any run that started with the old lead time
    in_four = add_meeting(owner, "Coffee with Ada", timedelta(minutes=4))
    assert paired.run_job("meetings") == {"result": []}
    assert paired.notification_ids("meeting/") == []

    lead.fill("5")
    lead.press("Tab")
    paired.run_job("meetings")
    assert paired.created_notifications("meeting/") == [notification_of(in_four)]

    lead.fill("0")
    lead.press("Tab")
    expect(options.locator("#notifications-status")).to_have_text(
        "Give a whole number of minutes from 1 to 240."
    )
    assert paired.storage()["meetingLeadMinutes"] == 5


def test_the_meeting_card_shows_everyone_and_saves_a_stranger(paired, owner, ada):
    owner.request("PUT", "/me", body={"name": "Me", "interests": ["Poetical science"]})
    owner.patch(f"/people/{ada['id']}", {"interests": ["poetical science", "music"]})
    soon = add_meeting(owner, "Coffee with Ada", timedelta(minutes=3), location="Café Central")
    card = paired.context.new_page()
    card.set_viewport_size(SHOT_SIZE)
    card.goto(paired.url(f"card/meeting.html?meeting={soon['id']}"))
    expect(card.get_by_role("heading", name="Coffee with Ada")).to_be_visible()
    expect(card.locator(".headline-box")).to_have_text(
        "You owe Ada Lovelace: Send the deck (2 days overdue)"
    )
    expect(card.locator(".meeting-head .meta")).to_contain_text("Café Central · 2 attending")

    known = card.get_by_role("region", name="Ada Lovelace")
    expect(known.locator(".badge")).to_have_text("Matched by email")
    expect(known.get_by_role("link", name="Ada Lovelace")).to_have_attribute(
        "href", paired.url(f"card/card.html?person={ada['id']}")
    )
    expect(known.get_by_role("link", name="LinkedIn")).to_have_attribute(
        "href", "https://www.linkedin.com/in/ada-lovelace"
    )
    overdue = known.locator(".promise.overdue")
    expect(overdue.locator(".promise-text")).to_have_text("Send the deck")
    expect(overdue.locator(".due")).to_have_text("2 days overdue")
    expect(known.locator(".promises").nth(1)).to_contain_text("Intro to Babbage")
    expect(known.locator(".points")).to_contain_text("You both know Mary Somerville")
    expect(known.locator(".timeline")).to_contain_text("Compared notes on the Engine")
    expect(known.get_by_role("link", name="Mary Somerville")).to_be_visible()
    expect(known.locator(".column .chip").first).to_have_text("interest: Poetical science")
    expect(card.get_by_text("How did it go?")).to_have_count(0)  # not before the meeting

    stranger = card.get_by_role("region", name="Charles Babbage")
    expect(stranger.locator(".badge")).to_have_text("Not saved")
    expect(stranger.locator(".meta")).to_have_text("Analytical")
    ARTIFACTS.mkdir(exist_ok=True)
    card.screenshot(path=str(ARTIFACTS / "meeting-card.png"), full_page=True)

    stranger.get_by_role("button", name="Save Charles Babbage as a person").click()
    expect(card.locator(".meeting-head .status-line")).to_have_text("Saved Charles Babbage.")
    saved = card.get_by_role("region", name="Charles Babbage")
    expect(saved.locator(".badge")).to_have_text("Linked by hand")
    expect(saved.locator(".promises").first).to_contain_text("Nothing you promised is open.")
    [charles] = [p for p in owner.get("/people")["items"] if p["name"] == "Charles Babbage"]
    assert (charles["emails"], charles["company"]) == (["charles@analytical.co.uk"], "Analytical")
    attendees = owner.get(f"/meetings/{soon['id']}")["attendees"]
    assert attendees[1]["person_id"] == charles["id"]


def test_after_the_meeting_how_it_went_is_logged_with_everyone(paired, owner, ada):
    past = add_meeting(owner, "Coffee with Ada", timedelta(hours=-2))
    card = paired.context.new_page()
    card.goto(paired.url(f"card/meeting.html?meeting={past['id']}"))
    card.get_by_label("How did it go?").fill("Agreed on a pilot of the Engine")
    card.get_by_role("button", name="Log it").click()
    expect(card.locator(".meeting-head .status-line")).to_have_text("Logged with 1 attendee.")
    expect(card.get_by_role("region", name="Ada Lovelace").locator(".timeline")).to_contain_text(
        "Agreed on a pilot of the Engine"
    )
    interactions = owner.get("/interactions", person_id=ada["id"])["items"]
    [logged] = [i for i in interactions if i["kind"] == "meeting"]
    assert logged["text"] == "Agreed on a pilot of the Engine"
    assert owner.get(f"/meetings/{past['id']}")["logged_at"]


def test_the_popup_names_the_next_meeting_today(paired, owner, ada):
    add_meeting(owner, "Yesterday's review", timedelta(days=-1))
    later = add_meeting(owner, "Coffee with Ada", timedelta(minutes=3))
    start = datetime.fromisoformat(later["starts_at"]).astimezone()
    if start.date() != datetime.now().astimezone().date():
        pytest.skip("too close to midnight for a meeting later today")
    popup = paired.open_popup()
    line = popup.get_by_role("navigation", name="Next meeting today")
    expect(line).to_have_text(f"Next {start:%H:%M}Coffee with Ada · Ada Lovelace · Charles Babbage")
    screenshot(popup, "next-meeting")
    with paired.context.expect_page() as opened:
        line.get_by_role("button").click()
    expect(opened.value).to_have_url(paired.url(f"card/meeting.html?meeting={later['id']}"))
    expect(opened.value.get_by_role("heading", name="Coffee with Ada")).to_be_visible()
