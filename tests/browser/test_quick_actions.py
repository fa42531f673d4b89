"""Quick actions on a known person's card: promises, reminders, notes, tags, cadence."""

from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.harness import ARTIFACTS, fixture, screenshot

PROFILE = fixture("linkedin", "profile_logged_in")


@pytest.fixture
def card(paired, owner):
    """The popup showing Ada's card (saved from her LinkedIn profile), and her record."""
    tab = paired.open_site(PROFILE)
    preview = paired.open_popup(tab)
    preview.get_by_role("button", name="Save Ada Lovelace").click()
    expect(preview.locator("#view")).to_have_attribute("data-state", "card")
    preview.close()
    popup = paired.open_popup(tab)
    expect(popup.locator("#view")).to_have_attribute("data-state", "card")
    [person] = owner.get("/people")["items"]
    return popup, person


def status(popup):
    return popup.locator(".footer .status-line")


def coming(weekday: int, today: date) -> date:
    """The next `weekday` (Monday 0) after today, as the quick picks count."""
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def test_a_promise_with_a_due_date_from_the_quick_picks(card, owner):
    popup, person = card
    popup.get_by_role("radio", name="Promise").check()
    expect(popup.get_by_role("radio", name="I promised")).to_be_checked()
    popup.get_by_label("What").fill("Send the deck")
    popup.get_by_role("button", name="Friday").click()
    friday = coming(4, date.today())
    expect(popup.get_by_label("Due date")).to_have_value(friday.isoformat())
    expect(popup.get_by_role("button", name="Friday")).to_have_attribute("aria-pressed", "true")
    popup.get_by_role("button", name="Save promise").click()
    expect(status(popup)).to_have_text(f"Promise saved, due {friday:%a} {friday.day} {friday:%b}.")
    expect(popup.locator(".summary")).to_contain_text("Send the deck")

    popup.get_by_role("radio", name="They promised").check()
    popup.get_by_label("What").fill("Intro to Grace")
    popup.get_by_label("Due date").fill((date.today() - timedelta(days=3)).isoformat())
    popup.get_by_role("button", name="Save promise").click()
    overdue = popup.locator(".promise.overdue")
    expect(overdue).to_contain_text("Intro to Grace")
    expect(overdue.locator(".due")).to_have_text("3 days overdue")
    screenshot(popup, "promises")

    promises = {p["text"]: p for p in owner.get("/promises", person_id=person["id"])["items"]}
    assert (promises["Send the deck"]["direction"], promises["Send the deck"]["due"]) == (
        "mine",
        friday.isoformat(),
    )
    assert promises["Intro to Grace"]["direction"] == "theirs"

    popup.get_by_role("button", name="Mark as kept: Send the deck").click()
    expect(status(popup)).to_have_text("Marked as kept: Send the deck")
    expect(popup.locator(".summary")).not_to_contain_text("Send the deck")
    assert owner.get("/promises", status="done")["items"][0]["text"] == "Send the deck"


def test_the_daemon_s_message_is_shown_when_it_refuses_a_promise(card, owner):
    popup, _ = card
    popup.get_by_role("radio", name="Promise").check()
    popup.get_by_label("What").fill("x" * 2001)
    popup.get_by_role("button", name="Save promise").click()
    expect(status(popup)).to_have_text("Text is longer than 2000 characters.")
    expect(status(popup)).to_have_class("status-line error")
    screenshot(popup, "form-error")
    assert owner.get("/promises")["total"] == 0


def test_a_reminder_tags_and_a_cadence(card, owner):
    popup, person = card
    popup.get_by_role("radio", name="Remind").check()
    popup.get_by_label("Remind me to").fill("Ask how the launch went")
    popup.get_by_role("button", name="Tomorrow").click()
    popup.get_by_role("button", name="Set reminder").click()
    expect(status(popup)).to_contain_text("Reminder set for")
    [reminder] = owner.get("/reminders")["items"]
    tomorrow_nine = datetime.combine(date.today() + timedelta(days=1), datetime.min.time())
    expected = tomorrow_nine.replace(hour=9).astimezone()
    assert datetime.fromisoformat(reminder["due_at"]) == expected
    expect(popup.locator(".reminders")).to_contain_text("Ask how the launch went")

    popup.get_by_role("radio", name="Tags").check()
    popup.get_by_label("New tags, separated by commas").fill("Mentor, #rust")
    popup.get_by_role("button", name="Add tags").click()
    expect(status(popup)).to_have_text("Tagged #mentor, #rust.")
    expect(popup.locator(".summary .tags")).to_have_text("#mentor#rust")
    popup.get_by_role("button", name="Remove tag mentor").click()
    expect(status(popup)).to_have_text("Removed #mentor.")
    assert owner.get(f"/people/{person['id']}")["tags"] == ["rust"]

    popup.get_by_role("radio", name="Cadence").check()
    popup.get_by_role("radio", name="Month").check()
    popup.get_by_role("button", name="Save cadence").click()
    expect(status(popup)).to_have_text("Keep in touch every 30 days.")
    expect(popup.locator(".facts dd").nth(1)).to_have_text("Every 30 days · due in 30 days")
    assert owner.get(f"/people/{person['id']}")["keep_in_touch_days"] == 30
    screenshot(popup, "cadence")


def test_a_note_by_keyboard_alone_then_the_full_card(card, owner, paired):
    popup, person = card
    expect(popup.get_by_role("radio", name="Engage")).to_be_focused()
    popup.keyboard.press("ArrowRight")
    expect(popup.get_by_role("radio", name="Note")).to_be_checked()
    popup.keyboard.press("Tab")
    expect(popup.get_by_role("textbox", name="Note")).to_be_focused()
    popup.keyboard.type("Met at the Analytical Society; wants feedback on Note G")
    popup.keyboard.press("Tab")
    expect(popup.get_by_role("button", name="Save note")).to_be_focused()
    popup.keyboard.press("Enter")
    expect(status(popup)).to_have_text("Note saved.")
    [note] = owner.get("/interactions", person_id=person["id"])["items"]
    assert (note["kind"], note["text"]) == (
        "note",
        "Met at the Analytical Society; wants feedback on Note G",
    )

    with paired.context.expect_page() as opened:
        popup.get_by_role("button", name="Full card").click()
    full = opened.value
    expect(full).to_have_url(paired.url(f"card/card.html?person={person['id']}"))
    expect(full.get_by_role("heading", name="Ada Lovelace")).to_be_visible()
    expect(full.locator(".timeline")).to_contain_text("Met at the Analytical Society")
    full.set_viewport_size({"width": 1000, "height": 760})
    full.screenshot(path=str(ARTIFACTS / "card-page.png"), full_page=True)
