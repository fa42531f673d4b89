"""`rapport due`, `done`, `snooze` and `digest` against a real daemon on the real clock."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from rapport.services.digest import week_of
from tests.daemon import run_rapport, start_daemon


@pytest.fixture(scope="module")
def daemon(tmp_path_factory, isolated_home):
    running = start_daemon(tmp_path_factory.mktemp("due-cli-data"))
    yield running
    running.stop()


@pytest.fixture
def world(daemon):
    """A late promise to Ada and a lapsed weekly cadence with Grace, on a fresh slate."""
    client = daemon.client()
    for person in client.get("/people", limit=1000)["items"]:
        client.delete(f"/people/{person['id']}")
    ada = client.post("/people", {"name": "Ada Lovelace"})
    grace = client.post("/people", {"name": "Grace Hopper", "keep_in_touch_days": 7})
    month_ago = (datetime.now(UTC) - timedelta(days=30)).isoformat()
    client.post(
        "/interactions", {"person_ids": [grace["id"]], "kind": "call", "occurred_at": month_ago}
    )
    yesterday = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    deck = client.post(
        "/promises",
        {"person_id": ada["id"], "direction": "mine", "text": "send the deck", "due": yesterday},
    )
    return {"ada": ada, "grace": grace, "deck": deck}


def cli(daemon, *args):
    return run_rapport(*args, "--port", str(daemon.port), "--data-dir", str(daemon.data_dir))


def due_ids(daemon) -> list[tuple[str, str]]:
    result = cli(daemon, "due", "--json")
    assert result.returncode == 0, result.stderr
    return [(item["kind"], item["id"]) for item in json.loads(result.stdout)["items"]]


def test_due_lists_the_ranked_items_as_a_table_and_as_json(daemon, world):
    assert due_ids(daemon) == [
        ("promise", world["deck"]["id"]),
        ("keep_in_touch", world["grace"]["id"]),
    ]
    table = cli(daemon, "due")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()  # long reasons wrap within their column
    assert lines[0].split() == ["Why", "Late", "Id"]
    assert lines[1].split()[:5] == ["you", "owe", "You", "promised", "Ada"]
    assert lines[1].split()[-2:] == ["1d", world["deck"]["id"]]
    grace = next(line for line in lines if world["grace"]["id"] in line)
    assert grace.split()[:8] == ["keep", "in", "touch", "Keep", "in", "touch", "with", "Grace"]


def test_done_takes_an_id_from_the_list(daemon, world):
    result = cli(daemon, "done", world["deck"]["id"])
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"done: send the deck ({world['deck']['id']})\n"
    assert due_ids(daemon) == [("keep_in_touch", world["grace"]["id"])]
    kept = daemon.client().get(f"/promises/{world['deck']['id']}")
    assert kept["status"] == "done" and kept["closed_at"]


def test_done_dropped_and_what_done_refuses(daemon, world):
    dropped = cli(daemon, "done", world["deck"]["id"], "--dropped", "--json")
    assert json.loads(dropped.stdout)["status"] == "dropped"
    person = cli(daemon, "done", world["grace"]["id"])
    assert person.returncode == 2
    assert person.stderr == (
        f"rapport: {world['grace']['id']} is a person: log what you did with `rapport log` "
        "to reset their cadence, or snooze them\n"
    )
    nobody = cli(daemon, "done", "pr_nothing")
    assert nobody.returncode == 2
    assert "no promise, reminder, person or meeting has the id 'pr_nothing'" in nobody.stderr


def test_snooze_takes_words_for_days(daemon, world):
    in_three_days = date.today() + timedelta(days=3)
    result = cli(daemon, "snooze", world["grace"]["id"], "--until", "in 3 days")
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout
        == f"snoozed until {in_three_days:%a %Y-%m-%d}: Grace Hopper ({world['grace']['id']})\n"
    )
    assert cli(daemon, "snooze", world["deck"]["id"], "--until", "tomorrow").returncode == 0
    assert due_ids(daemon) == []
    assert daemon.client().get(f"/people/{world['grace']['id']}")["snoozed_until"] == str(
        in_three_days
    )
    weekish = cli(daemon, "due", "--until", "in 4 days", "--json")
    kinds = [item["kind"] for item in json.loads(weekish.stdout)["items"]]
    assert kinds == ["promise", "keep_in_touch"]
    refused = cli(daemon, "snooze", world["grace"]["id"], "--until", "someday")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert "'someday' is not a day" in refused.stderr


def test_digest_as_markdown_json_and_an_html_file(daemon, world, tmp_path):
    markdown = cli(daemon, "digest")
    assert markdown.returncode == 0, markdown.stderr
    assert markdown.stdout.startswith("# Networking digest, week ")
    assert "1. **Grace Hopper** · **overdue**" in markdown.stdout
    assert "- **Ada Lovelace**: send the deck · due " in markdown.stdout
    last_week = cli(daemon, "digest", "--week", "last week", "--json")
    label = week_of(date.today() - timedelta(weeks=1)).label
    assert json.loads(last_week.stdout)["week"] == label
    page = tmp_path / "digest.html"
    written = cli(daemon, "digest", "--html", str(page), "--week", label.lower())
    assert written.returncode == 0, written.stderr
    assert written.stdout == f"wrote {page}\n"
    assert page.read_text().startswith("<!doctype html>") and "Grace Hopper" not in page.read_text()
    bad = cli(daemon, "digest", "--week", "2026-W99")
    assert bad.returncode == 2 and "not a week of the ISO calendar" in bad.stderr
