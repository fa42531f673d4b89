"""Every curl example in docs/api.md and docs/api/*.md, run against a real daemon.

Each ```sh block under a `### METHOD /path` heading runs in bash with the variables the docs
set up ($API, $AUTH, $JSON, $RAPPORT_TOKEN), the owner token (so that owner-only routes work),
and the placeholders (`p_XXXX`, `PAIRING_ID`, ...) replaced by records made for that block.
`curl` is wrapped to keep each answer's headers: every request must succeed with a 2xx, and
a JSON answer must parse. A placeholder this test does not know fails it, naming the
placeholder: add a maker to PLACEHOLDERS.
"""

import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rapport.client import Client
from tests.daemon import Daemon, start_daemon

DOCS = Path(__file__).resolve().parent.parent / "docs"
HEADING = re.compile(r"^(#{1,6}) (.*)$")
ROUTE_HEADING = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) (/\S*)$")
PLACEHOLDER = re.compile(r"\b(?:[a-z]+_(?:XXXX|KEEP|DUPLICATE)|[A-Z]+_ID)\b")
EXTENSION_ORIGIN = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
CALENDAR_URL = re.compile(r"(?:webcal|https?)://calendar\.example\.com/[^\"'\s]*")

# `curl` as the examples call it, keeping each answer's headers and body in $ANSWERS.
CURL_WRAPPER = """
curl() {
    N=$((N + 1))
    command curl -sS -D "$ANSWERS/$N.head" -o "$ANSWERS/$N.body" "$@" || return
    cat "$ANSWERS/$N.body"
}
"""


@dataclass(frozen=True)
class Example:
    method: str
    path: str
    code: str
    source: str

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.source})"


def examples() -> list[Example]:
    found = []
    for page in [DOCS / "api.md", *sorted((DOCS / "api").glob("*.md"))]:
        route = None
        block: list[str] | None = None
        for line in page.read_text().splitlines():
            if block is not None:
                if line.startswith("```"):
                    if route:
                        found.append(Example(*route, "\n".join(block), page.name))
                    block = None
                else:
                    block.append(line)
            elif line.startswith("```sh"):
                block = []
            elif heading := HEADING.match(line):
                match = ROUTE_HEADING.match(heading[2]) if heading[1] == "###" else None
                route = (match[1], match[2]) if match else None
    return found


ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Rapport docs test//EN\r
BEGIN:VEVENT\r
UID:docs-example-1@rapport.test\r
DTSTAMP:20260301T090000Z\r
DTSTART:{start}\r
DTEND:{end}\r
SUMMARY:Coffee with Ada\r
ORGANIZER;CN=Sam:mailto:sam@example.org\r
ATTENDEE;CN=Ada Lovelace:mailto:ada@example.org\r
END:VEVENT\r
END:VCALENDAR\r
"""
CONNECTIONS_CSV = (
    'Notes:\r\n"When exporting your connection data, some emails may be missing."\r\n\r\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Linus,Docs,https://www.linkedin.com/in/linus-docs,,Kernel,Maintainer,15 Mar 2024\r\n"
)
VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Vera Card\r\nN:Card;Vera;;;\r\n"
    "EMAIL:vera@vcard.example.org\r\nEND:VCARD\r\n"
)


def calendar_text() -> str:
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=2)
    stamp = "%Y%m%dT%H%M%SZ"
    return ICS.format(start=start.strftime(stamp), end=(start + timedelta(hours=1)).strftime(stamp))


class Answers(http.server.BaseHTTPRequestHandler):
    """A calendar server on loopback, so that calendar examples never leave the machine."""

    def do_GET(self):
        body = calendar_text().encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def calendar_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/calendar.ics"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def daemon(tmp_path_factory, isolated_home):
    running = start_daemon(tmp_path_factory.mktemp("docs-data"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """Where the examples run: files one writes (rapport-export.json) another reads."""
    return tmp_path_factory.mktemp("docs-cwd")


@dataclass
class Records:
    """The records one example's placeholders stand for, made when first asked for."""

    daemon: Daemon
    workdir: Path
    made: dict[str, str] = field(default_factory=dict)
    pairing_code: str | None = None

    @property
    def client(self) -> Client:
        return self.daemon.client()  # read each time: an example may rotate the owner token

    def person(self, key: str = "p_XXXX") -> str:
        if key not in self.made:
            name = f"Docs {key} {len(self.made)}"
            self.made[key] = self.client.post("/people", {"name": name})["id"]
        return self.made[key]

    def record(self, key: str, table: str, body: dict) -> str:
        if key not in self.made:
            self.made[key] = self.client.post(f"/{table}", body)["id"]
        return self.made[key]

    def pairing(self) -> str:
        """Start a pairing as an extension would, and learn its code as `rapport pair` does."""
        if "PAIRING_ID" not in self.made:
            request = urllib.request.Request(
                f"{self.client.base_url}/api/v1/pairing",
                data=json.dumps({"client_name": "Docs example"}).encode(),
                headers={"Origin": EXTENSION_ORIGIN, "Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=10) as answer:
                self.made["PAIRING_ID"] = json.loads(answer.read())["id"]
            self.pairing_code = self.client.get("/pairing")["code"]
        return self.made["PAIRING_ID"]

    def calendar(self) -> str:
        if "cal_XXXX" not in self.made:
            path = self.workdir / "source.ics"
            path.write_text(calendar_text(), newline="")
            self.made["cal_XXXX"] = self.client.post("/calendars", {"path": str(path)})["id"]
        return self.made["cal_XXXX"]


def _soon(hours: int) -> str:
    return (datetime.now(UTC) + timedelta(hours=hours)).isoformat()


PLACEHOLDERS: dict[str, Callable[[Records], str]] = {
    "p_XXXX": lambda r: r.person(),
    "p_KEEP": lambda r: r.person("p_KEEP"),
    "p_DUPLICATE": lambda r: r.person("p_DUPLICATE"),
    "c_XXXX": lambda r: r.record("c_XXXX", "clients", {"name": "docs example"}),
    "i_XXXX": lambda r: r.record(
        "i_XXXX", "interactions", {"person_ids": [r.person()], "kind": "note", "text": "hi"}
    ),
    "pr_XXXX": lambda r: r.record(
        "pr_XXXX", "promises", {"person_id": r.person(), "direction": "mine", "text": "a deck"}
    ),
    "r_XXXX": lambda r: r.record(
        "r_XXXX", "reminders", {"person_id": r.person(), "text": "ask", "due_at": _soon(24)}
    ),
    "m_XXXX": lambda r: r.record(
        "m_XXXX",
        "meetings",
        {
            "title": "Docs meeting",
            "starts_at": _soon(-2),
            "ends_at": _soon(-1),
            "attendees": [{"name": "Docs person", "person_id": r.person()}],
        },
    ),
    "cal_XXXX": lambda r: r.calendar(),
    "PAIRING_ID": lambda r: r.pairing(),
}
# Routes that act on state an example cannot name with a placeholder.
SETUP: dict[str, Callable[[Records], object]] = {
    "GET /pairing": lambda r: r.pairing(),
    "POST /pairing/approve": lambda r: r.pairing(),
    "GET /people/lookup": lambda r: _ensure_linkedin_ada(r.client),
}
SAMPLE_FILES: dict[str, Callable[[Client], str]] = {
    "calendar.ics": lambda client: calendar_text(),
    "Connections.csv": lambda client: CONNECTIONS_CSV,
    "contacts.vcf": lambda client: VCARD,
    "rapport-export.json": lambda client: json.dumps(client.get("/export")),
}


def _ensure_linkedin_ada(client: Client) -> None:
    """The lookup example finds the person the POST /people example makes."""
    if not client.get("/people", q="Ada Lovelace")["total"]:
        ada = {"name": "Ada Lovelace", "profiles": [{"url": "https://www.linkedin.com/in/ada"}]}
        client.post("/people", ada)


def prepare(example: Example, records: Records, calendar_url: str) -> str:
    code = CALENDAR_URL.sub(calendar_url, example.code)
    code = code.replace("127.0.0.1:27277", f"127.0.0.1:{records.daemon.port}")
    for name in dict.fromkeys(PLACEHOLDER.findall(code)):
        if name not in PLACEHOLDERS:
            pytest.fail(f"{example}: unknown placeholder {name}; add it to PLACEHOLDERS")
        code = re.sub(rf"\b{name}\b", PLACEHOLDERS[name](records), code)
    if records.pairing_code:
        code = code.replace('"123456"', f'"{records.pairing_code}"')
    for file_name in re.findall(r"(?:^|\s)@([\w.-]+)", code):
        path = records.workdir / file_name
        if not path.exists():
            if file_name not in SAMPLE_FILES:
                pytest.fail(f"{example}: reads {file_name}; add a sample to SAMPLE_FILES")
            path.write_text(SAMPLE_FILES[file_name](records.client), newline="")
    return code


def run_example(code: str, daemon: Daemon, workdir: Path, answers: Path):
    token = daemon.client().token
    env = {
        **os.environ,
        "API": f"http://127.0.0.1:{daemon.port}/api/v1",
        "RAPPORT_TOKEN": token,
        "AUTH": f"Authorization: Bearer {token}",
        "JSON": "Content-Type: application/json",
        "ANSWERS": str(answers),
        "N": "0",
    }
    return subprocess.run(
        ["bash", "-c", CURL_WRAPPER + "set -eo pipefail\n" + code],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_curl_is_installed():
    assert shutil.which("curl"), "the docs examples need curl: apt-get install curl"


def test_every_route_heading_has_an_example():
    """tests/test_openapi.py checks every route has a heading; this, that each has code."""
    routes = {(e.method, e.path) for e in examples()}
    assert ("GET", "/health") in routes and len(routes) >= 40


@pytest.mark.parametrize("example", examples(), ids=str)
def test_example_runs(example, daemon, workdir, calendar_server, tmp_path):
    records = Records(daemon, workdir)
    heading = f"{example.method} {example.path}"
    if heading in SETUP:
        SETUP[heading](records)
    code = prepare(example, records, calendar_server)
    answers = tmp_path / "answers"
    answers.mkdir()
    result = run_example(code, daemon, workdir, answers)
    assert result.returncode == 0, f"{example}\n{code}\n{result.stderr}"
    heads = sorted(answers.glob("*.head"), key=lambda p: int(p.stem))
    assert heads, f"{example}: the example made no request"
    for head in heads:
        status_line, *header_lines = head.read_text().strip().splitlines()
        status = int(status_line.split()[1])
        body = head.with_suffix(".body").read_bytes()
        headers = dict(line.split(": ", 1) for line in header_lines if ": " in line)
        detail = f"{example}\n{code}\n{status} {body[:500]!r}"
        assert status < 500, detail
        if status >= 400:
            assert set(json.loads(body)["error"]) >= {"code", "message"}, detail
        assert 200 <= status < 300, detail
        if headers.get("Content-Type", "").startswith("application/json") and body:
            json.loads(body)
