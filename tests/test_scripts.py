"""The example scripts in scripts/, run as a user would, against a real daemon."""

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from rapport.timefmt import format_instant
from tests.daemon import start_daemon

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


@pytest.fixture
def daemon(tmp_path):
    running = start_daemon(tmp_path / "data")
    yield running
    running.stop()


def run_script(daemon, name: str, *args: str) -> subprocess.CompletedProcess:
    """Run a script the way its docstring says, with a client token of its own."""
    token = daemon.client().post("/clients", {"name": name})["token"]
    env = {**os.environ, "RAPPORT_PORT": str(daemon.port), "RAPPORT_TOKEN": token}
    return subprocess.run(
        [sys.executable, str(SCRIPTS / name), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def seed(daemon) -> dict[str, dict]:
    client = daemon.client()
    now = datetime.now(UTC)
    ada = client.post("/people", {"name": "Ada Lovelace", "tags": ["mentor"]})
    grace = client.post("/people", {"name": "Grace Hopper", "company": "Navy"})
    for person, kind, days_ago in ((ada, "coffee", 2), (ada, "comment", 3), (grace, "call", 10)):
        client.post(
            "/interactions",
            {
                "person_ids": [person["id"]],
                "kind": kind,
                "occurred_at": format_instant(now - timedelta(days=days_ago)),
            },
        )
    yesterday = date.today() - timedelta(days=1)
    client.post(
        "/promises",
        {
            "person_id": ada["id"],
            "direction": "mine",
            "text": "send the deck",
            "due": str(yesterday),
        },
    )
    client.post(
        "/promises", {"person_id": grace["id"], "direction": "theirs", "text": "intro to the CTO"}
    )
    return {"ada": ada, "grace": grace}


def test_weekly_review_prints_due_items_recent_interactions_and_open_promises(daemon):
    seed(daemon)
    result = run_script(daemon, "weekly_review.py")
    assert result.returncode == 0, result.stderr
    now = datetime.now(UTC)
    today, yesterday = now.date(), now.date() - timedelta(days=1)
    week_ago, ahead = now - timedelta(days=7), now + timedelta(days=7)
    two, three = (str((now - timedelta(days=d)).date()) for d in (2, 3))
    assert result.stdout == (
        f"# Weekly review, {week_ago:%Y-%m-%d} to {today}\n"
        "\n"
        f"## Due by {ahead:%Y-%m-%d}\n"
        f"- You promised Ada Lovelace: send the deck (due {yesterday}, 1 day late)\n"
        "\n"
        "## Talked to in the last 7 days (1 people, 2 interactions)\n"
        f"- Ada Lovelace: coffee {two}, comment {three}\n"
        "\n"
        "## I owe\n"
        f"- Ada Lovelace: send the deck (due {yesterday}) **overdue**\n"
        "\n"
        "## Owed to me\n"
        "- Grace Hopper: intro to the CTO\n"
    )


def test_csv_to_rapport_maps_columns_and_reports_rows(daemon, tmp_path):
    seed(daemon)
    daemon.client().patch(
        f"/people/{daemon.client().find_person('Ada')['id']}", {"emails": ["ada@example.org"]}
    )
    sheet = tmp_path / "contacts.csv"
    sheet.write_text(
        "\ufeffFull name;E-mail;Organisation;Groups;Profile\n"
        "Katherine Johnson;kj@example.org;NASA;space, math;\n"
        "Ada again;ada@example.org;;;\n"
        ";nobody@example.org;;;\n"
        "Dorothy Vaughan;;NASA;;https://github.com/dvaughan\n",
        encoding="utf-8",
    )
    result = run_script(
        daemon,
        "csv_to_rapport.py",
        str(sheet),
        *("--delimiter", ";", "--name", "Full name", "--email", "E-mail"),
        *("--company", "Organisation", "--tags", "Groups", "--url", "Profile"),
        *("--tag", "imported"),
    )
    assert result.returncode == 2, result.stderr
    assert result.stdout == "2 created, 1 already known, 1 errors\n"
    assert result.stderr == "row 4: no name\n"
    client = daemon.client()
    katherine = client.find_person("Katherine Johnson")
    assert (katherine["emails"], katherine["company"]) == (["kj@example.org"], "NASA")
    assert katherine["tags"] == ["space", "math", "imported"]
    dorothy = client.find_person("Dorothy Vaughan")
    assert [p["url"] for p in dorothy["profiles"]] == ["https://github.com/dvaughan"]


def test_csv_to_rapport_names_the_columns_it_did_not_find(daemon, tmp_path):
    sheet = tmp_path / "contacts.csv"
    sheet.write_text("Name,Mail\nAda,ada@example.org\n")
    result = run_script(daemon, "csv_to_rapport.py", str(sheet), "--name", "Full name")
    assert result.returncode == 2
    assert result.stderr == "no column 'Full name'; the columns are: Name, Mail\n"
    assert daemon.client().get("/people")["total"] == 0


def test_cards_to_markdown_writes_one_file_per_person_and_rewrites_its_own(daemon, tmp_path):
    people = seed(daemon)
    twin = daemon.client().post("/people", {"name": "Grace Hopper"})
    vault = tmp_path / "vault"
    result = run_script(daemon, "cards_to_markdown.py", str(vault))
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"wrote 3 cards to {vault}\n"
    names = sorted(path.name for path in vault.iterdir())
    second_grace = max(twin["id"], people["grace"]["id"])  # people come sorted by name, then id
    assert names == ["Ada Lovelace.md", f"Grace Hopper ({second_grace}).md", "Grace Hopper.md"]
    ada_file = (vault / "Ada Lovelace.md").read_text()
    ada = daemon.client().get(f"/people/{people['ada']['id']}")
    assert ada_file.startswith(
        f'---\nrapport_id: {ada["id"]}\ntags: ["mentor"]\nupdated: {ada["updated_at"]}\n---\n\n'
        "# Ada Lovelace\n"
    )
    assert "- send the deck (due " in ada_file
    daemon.client().patch(f"/people/{ada['id']}", {"name": "Ada King"})
    (vault / "my own note.md").write_text("not a card")
    again = run_script(daemon, "cards_to_markdown.py", str(vault), "--tag", "mentor")
    assert again.returncode == 0, again.stderr
    assert (vault / "Ada Lovelace.md").read_text().split("\n---\n\n")[1].startswith("# Ada King")
    assert not (vault / "Ada King.md").exists()
    assert (vault / "my own note.md").read_text() == "not a card"


def test_scripts_say_so_when_the_daemon_is_not_running(tmp_path):
    env = {**os.environ, "RAPPORT_PORT": "1", "RAPPORT_TOKEN": "rpt_unused"}
    result = subprocess.run(
        [sys.executable, str(SCRIPTS / "weekly_review.py")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 1
    assert result.stderr == (
        "weekly_review: no Rapport daemon answers at http://127.0.0.1:1; "
        "start one with `rapport serve`\n"
    )
