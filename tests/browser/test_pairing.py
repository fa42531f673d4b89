"""Pairing end to end: options page -> daemon -> `rapport pair` -> a token bound to the origin."""

import re

from playwright.sync_api import expect

from tests.browser.harness import ARTIFACTS
from tests.daemon import run_rapport


def test_pairing_with_the_code_from_the_daemon(browser, daemon, daemon_url):
    browser.clear_storage()
    options = browser.open_options()
    expect(options.locator("#daemon-url")).to_have_value("http://127.0.0.1:27277")
    options.fill("#daemon-url", f"127.0.0.1:{daemon.port}")
    options.get_by_role("button", name="Save").click()
    expect(options.locator("#daemon-url")).to_have_value(daemon_url)
    expect(options.locator("#connection-status")).to_have_text(
        "Rapport 0.1.0 is running. Pair below to use it."
    )

    options.get_by_role("button", name="Pair with Rapport").click()
    code_box = options.get_by_label("Pairing code")
    expect(code_box).to_be_focused()
    owner = daemon.client()
    pending = owner.get("/pairing")
    assert pending["client_name"] == "Rapport for Chromium"
    assert pending["origin"] == f"chrome-extension://{browser.extension_id}"

    wrong = "000000" if pending["code"] != "000000" else "111111"
    code_box.fill(wrong)
    code_box.press("Enter")
    expect(options.locator("#pairing-status")).to_have_text("Wrong code; 4 attempts left.")

    code_box.fill(pending["code"])
    options.get_by_role("button", name="Pair", exact=True).click()
    expect(options.locator("#pairing")).to_contain_text("Paired since")
    expect(options.locator("#connection-status")).to_have_text(
        "Connected to Rapport 0.1.0, verified as the daemon this browser paired with."
    )
    ARTIFACTS.mkdir(exist_ok=True)
    options.screenshot(path=str(ARTIFACTS / "options-paired.png"), full_page=True)

    stored = browser.storage()
    assert stored["daemonUrl"] == daemon_url
    assert re.fullmatch(r"rpt_[\w-]{43}", stored["token"])
    clients = {c["id"]: c for c in owner.get("/clients")["items"]}
    assert clients[stored["clientId"]]["origin"] == f"chrome-extension://{browser.extension_id}"
    assert clients[stored["clientId"]]["name"] == "Rapport for Chromium"
    options.close()


def test_unpair_then_pair_again_approved_from_the_terminal(browser, pairing, daemon):
    browser.set_storage(pairing)
    options = browser.open_options()
    expect(options.locator("#pairing")).to_contain_text(f"client {pairing['clientId']}")
    options.get_by_role("button", name="Unpair").click()
    expect(options.locator("#pairing-status")).to_have_text(
        "Unpaired. The extension will not talk to Rapport until you pair again."
    )
    assert "token" not in browser.storage()

    options.get_by_role("button", name="Pair with Rapport").click()
    expect(options.get_by_label("Pairing code")).to_be_visible()
    shown = run_rapport("pair", "--port", str(daemon.port), "--data-dir", str(daemon.data_dir))
    assert shown.returncode == 0, shown.stderr
    assert "Rapport for Chromium (chrome-extension://" in shown.stdout
    assert re.search(r"Code: \d{6}", shown.stdout)
    approved = run_rapport(
        "pair", "--approve", "--port", str(daemon.port), "--data-dir", str(daemon.data_dir)
    )
    assert approved.returncode == 0, approved.stderr
    expect(options.locator("#pairing-status")).to_have_text(
        "Paired. Click Rapport on a profile or a post to save someone."
    )
    assert browser.storage()["clientId"] != pairing["clientId"]
    browser.wait_for_title("Rapport")
    options.close()
