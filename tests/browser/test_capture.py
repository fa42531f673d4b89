"""Capturing people from saved pages of each site, through the real popup and daemon."""

import pytest
from playwright.sync_api import expect

from tests.browser.harness import fixture, screenshot, select_text

NEW_PERSON_PAGES = [
    ("linkedin", "profile_logged_in"),
    ("x", "profile"),
    ("github", "profile"),
    ("mastodon", "profile"),
    ("generic", "hcard"),
]


def wait_for_state(popup, state: str) -> None:
    expect(popup.locator("#view")).to_have_attribute("data-state", state)


def fact(popup, name: str):
    return popup.locator(f'.facts div:has(dt:text-is("{name}")) dd')


def only_person(owner) -> dict:
    people = owner.get("/people")["items"]
    assert len(people) == 1, [p["name"] for p in people]
    return people[0]


@pytest.mark.parametrize(("site", "name"), NEW_PERSON_PAGES)
def test_a_new_person_is_previewed_then_saved(paired, owner, site, name):
    page = fixture(site, name)
    expected = page.expected["person"]
    popup = paired.open_popup(paired.open_site(page))
    wait_for_state(popup, "preview")
    expect(popup.locator(".person .name")).to_have_text(expected["name"])
    expect(popup.locator(".badge")).to_have_text("New")
    assert owner.get("/people")["total"] == 0, "a preview writes nothing"
    screenshot(popup, f"preview-{site}")

    popup.get_by_role("button", name=f"Save {expected['name']}").click()
    wait_for_state(popup, "card")
    expect(popup.get_by_role("status").last).to_have_text(f"Saved {expected['name']}.")
    expect(fact(popup, "Last contact")).to_have_text("Never")
    saved = only_person(owner)
    assert saved["name"] == expected["name"]
    assert saved["profiles"] == expected["profiles"]
    for field in ("headline", "company", "title", "location", "emails"):
        assert saved[field] == expected.get(field, [] if field == "emails" else None), field
    if site == "linkedin":
        screenshot(popup, "card-saved")


def test_a_page_larger_than_the_daemon_takes_is_trimmed_and_still_read(paired, owner):
    """9 MiB rendered: the styles go first, then the end is cut; the h-card near the top stays."""
    tab = paired.open_site(fixture("generic", "hcard"))
    tab.evaluate(
        """() => {
            const style = document.createElement("style");
            style.textContent = `.x::after{content:"${"x".repeat(2 * 1024 * 1024)}"}`;
            document.head.append(style);
            const filler = document.createElement("p");
            filler.hidden = true; // laying out 7 MiB of text would only slow the test down
            filler.textContent = "padding ".repeat((7 * 1024 * 1024) / 8);
            document.body.append(filler);
        }"""
    )
    assert tab.evaluate("document.documentElement.outerHTML.length") > 9 * 1024 * 1024
    popup = paired.open_popup(tab)
    wait_for_state(popup, "preview")
    expect(popup.locator(".person .name")).to_have_text("Ada Lovelace")
    expect(popup.locator(".profiles")).to_contain_text("@ada@hachyderm.io")


def test_a_known_person_is_found_on_a_second_site_by_a_linked_profile(paired, owner):
    mastodon = paired.open_popup(paired.open_site(fixture("mastodon", "profile")))
    mastodon.get_by_role("button", name="Save Ada Lovelace").click()
    wait_for_state(mastodon, "card")
    first = only_person(owner)

    github = paired.open_popup(paired.open_site(fixture("github", "profile")))
    wait_for_state(github, "card")
    expect(github.locator(".person .name")).to_have_text("Ada Lovelace")
    expect(github.locator(".badge")).to_have_count(0)
    screenshot(github, "card-known")
    github.emulate_media(color_scheme="dark")
    screenshot(github, "card-known-dark")

    person = only_person(owner)
    assert person["id"] == first["id"]
    assert [p["url"] for p in person["profiles"]] == [
        "https://hachyderm.io/@ada",
        "https://github.com/ada-lovelace",
        "https://x.com/ada_lovelace",
        "https://www.linkedin.com/in/ada-lovelace",
    ]
    assert person["emails"] == ["ada@analytical-engines.example"]
    # What Mastodon said first stays: the GitHub page only fills what was missing.
    assert (person["company"], person["location"]) == ("Analytical Engines Ltd", "London")
    expect(github.locator(".profiles")).to_contain_text("GitHub")


def test_an_engagement_is_logged_from_the_selection_on_a_post(paired, owner):
    selection = "Then the engine might compose elaborate pieces of music"
    post = fixture("mastodon", "post")
    tab = paired.open_site(post)
    select_text(tab, selection)

    popup = paired.open_popup(tab)
    wait_for_state(popup, "preview")
    expect(popup.locator(".quote")).to_have_text(selection)
    expect(popup.get_by_role("radio", name="Comment")).to_be_checked()
    popup.get_by_role("button", name="Save Ada Lovelace").click()
    wait_for_state(popup, "card")
    expect(popup.get_by_role("status").last).to_have_text(
        "Saved Ada Lovelace and logged a comment."
    )
    person = only_person(owner)
    [comment] = owner.get("/interactions", person_id=person["id"])["items"]
    assert (comment["kind"], comment["text"], comment["url"]) == (
        "comment",
        selection,
        "https://hachyderm.io/@ada/112233445566778899",
    )

    again = paired.open_popup(tab)
    wait_for_state(again, "card")
    expect(fact(again, "Last contact")).to_have_text("Today")
    expect(again.get_by_label("What it was about")).to_have_value(selection)
    again.get_by_role("radio", name="Like").check()
    again.get_by_label("What it was about").fill("Liked the reply about music")
    again.get_by_role("button", name="Log engagement").click()
    expect(again.get_by_role("status").last).to_have_text("Logged a like.")
    screenshot(again, "engagement-logged")
    kinds = [i["kind"] for i in owner.get("/interactions", person_id=person["id"])["items"]]
    assert sorted(kinds) == ["comment", "like"]
