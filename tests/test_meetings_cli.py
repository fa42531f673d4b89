"""`rapport import ics`, `calendar`, `agenda` and `card` against a real daemon process."""

import http.server
import json
import re
import threading
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest

from tests.daemon import run_rapport, start_daemon


@pytest.fixture(scope="module")
def daemon(tmp_path_factory, isolated_home):
    running = start_daemon(tmp_path_factory.mktemp("meetings-cli"))
    client = running.client()
    client.request("PUT", "/me", body={"name": "Sam Rivera", "emails": ["sam@rivera.example"]})
    client.post("/people", {"name": "Ada Lovelace", "emails": ["ada@analytical.example"]})
    client.post("/people", {"name": "Ada Byron"})
    yield running
    running.stop()


def cli(daemon, *args):
    return run_rapport(*args, "--port", str(daemon.port), "--data-dir", str(daemon.data_dir))


def ics(uid: str, title: str, hours_ahead: int = 2, extra: str = "") -> bytes:
    """A one-event calendar at a time relative to the real clock (the daemon's)."""
    start = (datetime.now(UTC) + timedelta(hours=hours_ahead)).replace(second=0, microsecond=0)
    stamp = f"{start:%Y%m%dT%H%M%SZ}"
    end = f"{start + timedelta(minutes=30):%Y%m%dT%H%M%SZ}"
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTART:{stamp}\r\nDTEND:{end}\r\nSUMMARY:{title}\r\n"
        "ORGANIZER;CN=Ada Lovelace:mailto:ada@analytical.example\r\n"
        "ATTENDEE;CN=Sam Rivera:mailto:sam@rivera.example\r\n"
        f"{extra}END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def test_import_ics_from_a_file_twice(daemon, tmp_path):
    file = tmp_path / "work.ics"
    file.write_bytes(ics("cli-file@rapport.test", "Design review"))

    first = cli(daemon, "import", "ics", str(file))
    again = cli(daemon, "import", "ics", str(file))

    assert first.returncode == 0, first.stderr
    assert first.stdout == "1 imported, 0 updated, 0 unchanged, 0 removed, 0 skipped\n"
    assert again.stdout == "0 imported, 0 updated, 1 unchanged, 0 removed, 0 skipped\n"
    as_json = json.loads(cli(daemon, "import", "ics", str(file), "--json").stdout)
    assert as_json["unchanged"] == 1 and as_json["errors"] == []


def test_import_ics_lists_broken_events_on_stderr(daemon, tmp_path):
    file = tmp_path / "broken.ics"
    file.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:no-start@x\r\nSUMMARY:x\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )

    result = cli(daemon, "import", "ics", str(file))

    assert result.returncode == 0
    assert result.stderr == "event 0 (no-start@x): the event has no DTSTART\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), (b"hello", "not an iCalendar file")],
)
def test_import_ics_refuses_what_is_no_calendar(daemon, tmp_path, content, message):
    file = tmp_path / "notes.txt"
    if content is not None:
        file.write_bytes(content)

    result = cli(daemon, "import", "ics", str(file))

    assert result.returncode == 2
    assert message in result.stderr


@pytest.fixture
def published(tmp_path):
    """A calendar file served over HTTP by a real server on 127.0.0.1."""
    (tmp_path / "team.ics").write_bytes(ics("cli-url@rapport.test", "Team lunch", hours_ahead=3))
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_import_ics_from_an_address(daemon, published):
    result = cli(daemon, "import", "ics", f"{published}/team.ics")
    missing = cli(daemon, "import", "ics", f"{published}/gone.ics")

    assert result.stdout.startswith("1 imported, "), result.stderr
    assert missing.returncode == 2
    assert missing.stderr == "rapport: the calendar server answered HTTP 404\n"


def test_calendar_sources_from_add_to_remove(daemon, tmp_path, published):
    file = tmp_path / "family.ics"
    file.write_bytes(ics("cli-family@rapport.test", "Family dinner", hours_ahead=5))

    added = cli(daemon, "calendar", "add", str(file), "--name", "Family")
    from_url = cli(daemon, "calendar", "add", f"{published}/team.ics")

    assert added.returncode == 0, added.stderr
    calendar_id = re.fullmatch(r"added Family \((cal_\S+)\): 1 meetings\n", added.stdout)[1]
    assert from_url.stdout.startswith("added 127.0.0.1:")
    listing = cli(daemon, "calendar", "list", "--json")
    sources = {s["name"]: s for s in json.loads(listing.stdout)["items"]}
    assert sources["Family"]["path"] == str(file)
    assert "Family" in cli(daemon, "calendar", "list").stdout
    assert f"calendar Family ({calendar_id}): ok" in cli(daemon, "status").stdout

    file.unlink()
    refreshed = cli(daemon, "calendar", "refresh", calendar_id)
    assert refreshed.returncode == 1
    assert refreshed.stderr == (
        f"rapport: Family ({calendar_id}) could not be read: "
        "cannot read the file (No such file or directory)\n"
    )
    status = cli(daemon, "status").stdout
    assert (
        f"calendar Family ({calendar_id}): failing: cannot read the file "
        "(No such file or directory)"
    ) in status
    titles = [m["title"] for m in daemon.client().get("/meetings", limit=1000)["items"]]
    assert "Family dinner" in titles  # a failing source keeps its meetings

    removed = cli(daemon, "calendar", "remove", calendar_id)
    assert removed.stdout == f"removed {calendar_id}\n"
    titles = [m["title"] for m in daemon.client().get("/meetings", limit=1000)["items"]]
    assert "Family dinner" not in titles
    assert cli(daemon, "calendar", "remove", calendar_id).returncode == 2


def test_agenda_lists_meetings_by_day_with_their_ids(daemon, tmp_path):
    file = tmp_path / "agenda.ics"
    file.write_bytes(ics("cli-agenda@rapport.test", "Agenda check", hours_ahead=1))
    cli(daemon, "import", "ics", str(file))
    meeting = next(
        m for m in daemon.client().get("/meetings", limit=1000)["items"]
        if m["title"] == "Agenda check"
    )  # fmt: skip
    start = datetime.fromisoformat(meeting["starts_at"]).astimezone()

    result = cli(daemon, "agenda", "--days", "2")

    assert result.returncode == 0, result.stderr
    line = f"  {start:%H:%M}-{start + timedelta(minutes=30):%H:%M}  Agenda check (Ada Lovelace)"
    assert f"{line}  {meeting['id']}\n" in result.stdout
    assert f"{start:%a} {start.day} {start:%b %Y}\n" in result.stdout


def test_card_of_a_person_or_a_meeting(daemon, tmp_path):
    file = tmp_path / "card.ics"
    file.write_bytes(ics("cli-card@rapport.test", "Card check"))
    cli(daemon, "import", "ics", str(file))
    meeting = next(
        m for m in daemon.client().get("/meetings", limit=1000)["items"]
        if m["title"] == "Card check"
    )  # fmt: skip

    person = cli(daemon, "card", "Ada Lovelace")
    of_meeting = cli(daemon, "card", "--meeting", meeting["id"])
    as_json = cli(daemon, "card", "--meeting", meeting["id"], "--json")

    assert person.returncode == 0, person.stderr
    assert person.stdout.startswith("# Ada Lovelace\n")
    assert of_meeting.stdout.startswith("# Card check\n")
    assert "\n## Ada Lovelace\nInvited as ada@analytical.example (matched by email)" in (
        of_meeting.stdout
    )
    assert json.loads(as_json.stdout)["attendees"][0]["match"] == "email"


def test_card_refuses_an_ambiguous_name_listing_who_fits(daemon):
    result = cli(daemon, "card", "Ada")

    assert result.returncode == 2
    assert "'Ada' matches 2 people" in result.stderr
    assert "Ada Byron" in result.stderr and "Ada Lovelace" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give a NAME or --meeting ID"),
        (("Ada Lovelace", "--meeting", "m_x"), "give a NAME or --meeting ID"),
        (("--meeting", "m_nope"), "no meeting with id 'm_nope'"),
    ],
)
def test_card_needs_one_thing_to_show(daemon, args, message):
    result = cli(daemon, "card", *args)

    assert result.returncode == 2
    assert message in result.stderr
