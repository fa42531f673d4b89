"""The popup's states when it cannot show a card: each says what happened and what to do."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from rapport.client import ApiFailure
from tests.browser.harness import fixture, screenshot


def wait_for_state(popup, state: str) -> None:
    expect(popup.locator("#view")).to_have_attribute("data-state", state)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_not_paired_sends_the_user_to_the_options(paired):
    tab = paired.open_site(fixture("github", "profile"))
    paired.clear_storage()
    popup = paired.open_popup(tab)
    wait_for_state(popup, "not-paired")
    expect(popup.get_by_role("heading")).to_have_text("Connect Rapport to this browser")
    expect(popup.get_by_role("button", name="Open options")).to_be_focused()
    screenshot(popup, "not-paired")


def test_a_token_the_daemon_does_not_know_asks_to_pair_again(paired):
    tab = paired.open_site(fixture("github", "profile"))
    paired.set_storage({"clientId": "c_revoked", "token": "rpt_" + "x" * 43})
    popup = paired.open_popup(tab)
    wait_for_state(popup, "not-paired")
    expect(popup.locator(".state")).to_contain_text(
        "Rapport no longer knows this browser (its token was revoked, or the daemon uses another"
        " data folder). Pair again in Options."
    )


def test_a_browser_page_is_not_read(paired):
    tab = paired.open_site(fixture("github", "profile"))
    tab_id = paired.tab_id(tab)
    tab.goto("chrome://version/")
    popup = paired.context.new_page()
    popup.set_viewport_size({"width": 360, "height": 540})
    popup.goto(paired.url(f"popup/popup.html?tab={tab_id}"))
    wait_for_state(popup, "unsupported")
    expect(popup.locator(".state")).to_contain_text(
        "The browser does not let extensions read this page."
    )
    screenshot(popup, "unsupported")


def test_daemon_down_shows_the_command_that_starts_it(paired):
    port = free_port()
    tab = paired.open_site(fixture("github", "profile"))
    paired.set_storage({"daemonUrl": f"http://127.0.0.1:{port}"})
    popup = paired.open_popup(tab)
    wait_for_state(popup, "daemon-down")
    expect(popup.get_by_role("heading")).to_have_text("Rapport isn't running")
    expect(popup.locator(".command code")).to_have_text(f"rapport serve --port {port}")
    expect(popup.locator(".state")).to_contain_text(f"Looked for it at http://127.0.0.1:{port}.")
    expect(popup.get_by_role("button", name="Try again")).to_be_focused()
    screenshot(popup, "daemon-down")
    paired.wait_for_title(f"Rapport: Rapport is not running at http://127.0.0.1:{port}.")


def test_an_error_from_the_daemon_is_shown_as_its_message(paired, owner):
    long_url = "https://github.com/ada-lovelace?" + "utm_content=" + "x" * 2100
    tab = paired.open_site(fixture("github", "profile"), url=long_url)
    popup = paired.open_popup(tab)
    wait_for_state(popup, "error")
    expect(popup.get_by_role("alert")).to_have_text(
        "Url is longer than 2048 characters.422 invalid_field"
    )
    screenshot(popup, "error")
    assert owner.get("/people")["total"] == 0


def test_a_page_naming_nobody_can_be_saved_by_hand(paired, owner):
    page = fixture("nothing", "news_article")
    with pytest.raises(ApiFailure) as refused:
        owner.post("/capture", {"url": page.url, "html": page.html, "save": False})
    assert refused.value.code == "no_person_found"
    popup = paired.open_popup(paired.open_site(page))
    wait_for_state(popup, "manual")
    expect(popup.get_by_role("heading")).to_have_text("Nobody to save on this page")
    reason = refused.value.message
    expect(popup.locator(".state-intro p")).to_have_text(reason[0].upper() + reason[1:])
    name = popup.get_by_label("Name")
    expect(name).to_have_value("Difference Engine No. 2 funded after decades of delay")
    expect(name).to_be_focused()
    screenshot(popup, "manual")
    name.fill("Mechanical Times newsroom")
    popup.get_by_label("Headline").fill("Engineering news desk")
    popup.get_by_role("button", name="Save as a person").click()
    wait_for_state(popup, "card")
    expect(popup.locator(".footer .status-line")).to_have_text("Saved Mechanical Times newsroom.")
    [person] = owner.get("/people")["items"]
    assert person["name"] == "Mechanical Times newsroom"
    assert person["headline"] == "Engineering news desk"
    assert person["profiles"][0]["url"] == (
        "https://mechanical-times.example/news/2024/05/13/difference-engine-funded"
    )


class Squatter(BaseHTTPRequestHandler):
    """A program that took the daemon's port: it says it is Rapport but cannot prove it."""

    def do_GET(self):
        self.server.seen.append(("GET", self.path.split("?")[0], self.headers.get("Authorization")))
        if self.path.startswith("/api/v1/health"):
            self._json({"status": "ok", "app": "rapport", "version": "0.1.0"})
        else:
            self._json({"app": "rapport", "proof": "0" * 64})

    def do_POST(self):
        self.server.seen.append(("POST", self.path, self.headers.get("Authorization")))
        self._json({})

    def _json(self, body):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def squatter():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Squatter)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_program_squatting_the_port_gets_no_token_and_no_page(paired, squatter):
    address = f"http://127.0.0.1:{squatter.server_port}"
    tab = paired.open_site(fixture("linkedin", "profile_logged_in"))
    paired.set_storage({"daemonUrl": address})
    popup = paired.open_popup(tab)
    wait_for_state(popup, "error")
    expect(popup.get_by_role("alert")).to_contain_text(
        f"The program answering at {address} could not prove it is your Rapport, so nothing"
        " was sent to it."
    )
    # The popup and the worker's connection check each asked for proof; neither sent more.
    assert set(squatter.seen) == {("GET", "/api/v1/whoami", None)}
