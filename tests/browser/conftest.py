"""One daemon for the browser suite, one Chromium with the extension per module.

Module scope, not session: sync Playwright keeps an event loop running in the main thread while
it is open, which the asyncio tests collected after this folder cannot share. Tests that need a
browser are skipped, saying why, only when Debian's chromium is not installed.
"""

import re

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser.harness import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    ExtensionBrowser,
    SiteServer,
    make_test_extension,
)
from tests.daemon import start_daemon

# Everything but the daemon on loopback: the fixture sites, or refused.
OFF_LOOPBACK = re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/])")


@pytest.fixture(scope="session")
def daemon(tmp_path_factory):
    running = start_daemon(tmp_path_factory.mktemp("browser-data"))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def daemon_url(daemon) -> str:
    return f"http://127.0.0.1:{daemon.port}"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `apt install chromium` to run the browser tests")
    extension = make_test_extension(tmp_path_factory.mktemp("extension") / "rapport")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            locale="en-GB",
            args=[
                *CHROMIUM_FLAGS,
                f"--disable-extensions-except={extension}",
                f"--load-extension={extension}",
            ],
        )
        context.set_default_timeout(10_000)
        sites = SiteServer()
        context.route(OFF_LOOPBACK, sites.handle)
        worker = (
            context.service_workers[0]
            if context.service_workers
            else context.wait_for_event("serviceworker")
        )
        extension_browser = ExtensionBrowser(context, worker, sites)
        extension_browser.close_install_page()
        yield extension_browser
        context.close()


@pytest.fixture(scope="module")
def pairing(browser, daemon, daemon_url) -> dict:
    """Pair through the options page with the code the owner reads (what `rapport pair` shows)."""
    browser.clear_storage()
    options = browser.open_options()
    address = options.locator("#daemon-url")
    expect(address).not_to_have_value("")  # the page has read its settings: typing now sticks
    address.fill(daemon_url)
    options.get_by_role("button", name="Save").click()
    options.get_by_role("button", name="Pair with Rapport").click()
    code = options.get_by_label("Pairing code")
    expect(code).to_be_visible()  # the daemon has the request, and its code
    code.fill(daemon.client().get("/pairing")["code"])
    options.get_by_role("button", name="Pair", exact=True).click()
    expect(options.locator("#pairing")).to_contain_text("Paired")
    settings = browser.storage()
    options.close()
    return settings


@pytest.fixture
def paired(browser, pairing) -> ExtensionBrowser:
    """The browser, paired with the session's daemon, whatever the previous test changed."""
    browser.clear_storage()
    browser.set_storage(pairing)
    yield browser
    browser.close_pages()


@pytest.fixture
def owner(daemon):
    """The daemon's owner client, on a daemon with nobody in it yet."""
    client = daemon.client()
    for person in client.get("/people", limit=1000)["items"]:
        client.delete(f"/people/{person['id']}")
    return client
