"""Drive the real extension in Debian's Chromium against a real daemon.

Headless Chromium cannot click the toolbar icon, which is what grants `activeTab`. So the tests
load a copy of the extension whose manifest adds host permissions for the fixture sites (the
production manifest stays activeTab-only; test_manifest.py checks it), serve the saved pages at
their real URLs with `context.route`, and open the popup as a page that names the tab to read
(`popup.html?tab=ID`).
"""

import json
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from playwright.sync_api import BrowserContext, Page, Route, Worker

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"
PAGES = ROOT / "tests" / "fixtures" / "pages"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
POPUP_SIZE = {"width": 360, "height": 540}

# --disable-background-networking and friends: without them Chromium keeps calling home, which
# on a closed network means a flood of failing requests and slow starts.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class Fixture:
    """A saved page and what the daemon's adapter is expected to read from it."""

    site: str
    name: str
    url: str
    selection: str
    expected: dict | None

    @property
    def html(self) -> str:
        return (PAGES / self.site / f"{self.name}.html").read_text(encoding="utf-8")


def fixture(site: str, name: str) -> Fixture:
    meta = json.loads((PAGES / site / f"{name}.json").read_text(encoding="utf-8"))
    return Fixture(site, name, meta["url"], meta["selection"], meta["expected"])


def all_fixtures() -> list[Fixture]:
    return [fixture(path.parent.name, path.stem) for path in sorted(PAGES.glob("*/*.json"))]


def fixture_origins() -> list[str]:
    """Match patterns for every host a fixture page lives on."""
    hosts = sorted({urlsplit(page.url).hostname for page in all_fixtures()})
    return [f"https://{host}/*" for host in hosts]


def make_test_extension(destination: Path) -> Path:
    """A copy of extension/ that may read the fixture sites without a click (see module doc)."""
    shutil.copytree(EXTENSION, destination)
    manifest_path = destination / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["host_permissions"] = [*manifest["host_permissions"], *fixture_origins()]
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return destination


@dataclass
class SiteServer:
    """Answers the fixture sites' URLs with saved pages; anything else off-loopback is refused."""

    pages: dict[str, str] = field(default_factory=dict)

    def serve(self, url: str, html: str) -> None:
        self.pages[urldefrag(url).url] = html

    def handle(self, route: Route) -> None:
        html = self.pages.get(urldefrag(route.request.url).url)
        if html is None:
            route.abort("internetdisconnected")
        else:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)


@dataclass
class ExtensionBrowser:
    context: BrowserContext
    worker: Worker
    sites: SiteServer

    @property
    def extension_id(self) -> str:
        return urlsplit(self.worker.url).hostname

    def url(self, path: str) -> str:
        return f"chrome-extension://{self.extension_id}/{path}"

    def storage(self) -> dict:
        return self.worker.evaluate("() => chrome.storage.local.get(null)")

    def set_storage(self, values: dict) -> None:
        self.worker.evaluate("(values) => chrome.storage.local.set(values)", values)

    def clear_storage(self) -> None:
        self.worker.evaluate("() => chrome.storage.local.clear()")

    def open_site(self, page_fixture: Fixture, url: str | None = None) -> Page:
        """A tab showing the saved page at its real URL (or at `url`)."""
        url = url or page_fixture.url
        self.sites.serve(url, page_fixture.html)
        tab = self.context.new_page()
        tab.goto(url)
        return tab

    def tab_id(self, tab: Page) -> int:
        found = self.worker.evaluate(
            "async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id",
            tab.url,
        )
        assert found, f"no tab shows {tab.url}"
        return found

    def open_popup(self, tab: Page | None = None) -> Page:
        """The popup, at its real size, about `tab` (or about a tab with no page in it)."""
        popup = self.context.new_page()
        popup.set_viewport_size(POPUP_SIZE)
        query = f"?tab={self.tab_id(tab)}" if tab else ""
        popup.goto(self.url(f"popup/popup.html{query}"))
        return popup

    def open_options(self) -> Page:
        options = self.context.new_page()
        options.goto(self.url("options/options.html"))
        return options

    def wait_for_title(self, expected: str, timeout: float = 5) -> None:
        """The toolbar tooltip the worker's connection check sets after a settings change."""
        deadline = time.monotonic() + timeout
        while (title := self.worker.evaluate("() => chrome.action.getTitle({})")) != expected:
            assert time.monotonic() < deadline, f"toolbar title is {title!r}, not {expected!r}"
            time.sleep(0.1)

    def close_install_page(self, timeout: float = 10) -> None:
        """Close the options page the extension opens when installed: left to itself, it may
        open while a test opens the options, and take that page over."""
        deadline = time.monotonic() + timeout
        while not self.worker.evaluate(
            """async () => {
                const url = chrome.runtime.getURL("options/options.html");
                const tabs = await chrome.tabs.query({ url });
                await Promise.all(tabs.map((tab) => chrome.tabs.remove(tab.id)));
                return tabs.length > 0;
            }"""
        ):
            assert time.monotonic() < deadline, "the extension opened no options page"
            time.sleep(0.1)

    def close_pages(self) -> None:
        for page in list(self.context.pages):
            page.close()

    def run_job(self, job: str, now: datetime | None = None) -> dict:
        """Run one of the worker's periodic jobs now, through the "refresh" message its pages
        send, as if it were `now`; answer its outcome: `{"result": ...}` or `{"error": ...}`."""
        message = {"type": "refresh", "job": job} | ({"now": now.isoformat()} if now else {})
        # Any extension page may message the worker; the manifest's runs no script of its own.
        messenger = self.context.new_page()
        messenger.goto(self.url("manifest.json"))
        answer = messenger.evaluate("(message) => chrome.runtime.sendMessage(message)", message)
        messenger.close()
        assert answer["ok"], answer
        return answer["result"][job]

    def notification_ids(self, prefix: str = "") -> list[str]:
        """The extension's notifications on screen, read with `chrome.notifications.getAll`."""
        shown = self.worker.evaluate("() => chrome.notifications.getAll()")
        return sorted(key for key in shown if key.startswith(prefix))

    def clear_notifications(self) -> None:
        self.worker.evaluate(
            """async () => {
                for (const id of Object.keys(await chrome.notifications.getAll())) {
                    await chrome.notifications.clear(id);
                }
            }"""
        )

    def count_notifications(self) -> None:
        """From now on, record every notification the worker creates (`created_notifications`):
        one shown again under the same id replaces itself on screen, so only this sees it."""
        self.worker.evaluate(
            """() => {
                globalThis.createdNotifications = [];
                globalThis.createNotification ??= chrome.notifications.create.bind(
                    chrome.notifications
                );
                chrome.notifications.create = (id, options) => {
                    const { title, message } = options;
                    createdNotifications.push({ id, title, message });
                    return createNotification(id, options);
                };
            }"""
        )

    def created_notifications(self, prefix: str = "") -> list[dict]:
        created = self.worker.evaluate("() => globalThis.createdNotifications")
        assert created is not None, "count_notifications() first (again after a worker restart)"
        return [shown for shown in created if shown["id"].startswith(prefix)]

    def restart_worker(self) -> None:
        """Stop the service worker, as the browser does when it is idle; it starts again at once
        (the same `Worker` handle reaches the new one)."""
        started = self.worker.evaluate("() => performance.timeOrigin")
        page = self.context.pages[0] if self.context.pages else self.context.new_page()
        session = self.context.new_cdp_session(page)
        session.send("ServiceWorker.enable")
        session.send("ServiceWorker.stopAllWorkers")
        session.detach()
        deadline = time.monotonic() + 5
        while self.worker.evaluate("() => performance.timeOrigin") == started:
            assert time.monotonic() < deadline, "the service worker did not restart"
            time.sleep(0.1)

    def badge_text(self) -> str:
        return self.worker.evaluate("() => chrome.action.getBadgeText({})")

    def wait_for_badge(self, expected: str, timeout: float = 5) -> None:
        """The toolbar badge, which the worker sets on its schedule and after every change."""
        deadline = time.monotonic() + timeout
        while (text := self.badge_text()) != expected:
            assert time.monotonic() < deadline, f"the badge shows {text!r}, not {expected!r}"
            time.sleep(0.1)


def select_text(tab: Page, text: str) -> None:
    """Select `text` (found within one text node) the way a user's drag would."""
    selected = tab.evaluate(
        """(wanted) => {
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const start = node.data.indexOf(wanted);
                if (start < 0) continue;
                const range = document.createRange();
                range.setStart(node, start);
                range.setEnd(node, start + wanted.length);
                getSelection().removeAllRanges();
                getSelection().addRange(range);
                return getSelection().toString();
            }
            return null;
        }""",
        text,
    )
    assert selected == text, f"could not select {text!r} in {tab.url}"


def screenshot(page: Page, state: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"popup-{state}.png"
    page.screenshot(path=str(path))
    return path
