"""Backups, restore and migrations, through real daemon processes and the CLI."""

import json
import shutil
import sys
import time
from pathlib import Path

import pytest
from tinydb import TinyDB

from rapport.services.tables import open_store
from rapport.store import SNAPSHOT_NAME, newest_backup, write_backup
from tests.daemon import run_rapport, start_daemon

FIXTURES = Path(__file__).parent / "fixtures" / "data"
sys.path.insert(0, str(Path(__file__).parent.parent / "scripts"))
from benchlib.dataset import generate  # noqa: E402


def without_stamp(dump: dict) -> bytes:
    return json.dumps(
        {k: v for k, v in dump.items() if k != "exported_at"}, sort_keys=True
    ).encode()


def test_backup_and_restore_round_trip_a_full_data_set(tmp_path):
    source = start_daemon(tmp_path / "source")
    client = source.client()
    try:
        client.post("/import", generate(scale=0.02, seed=3))
        exported = client.get("/export")
        made = client.post("/backup", {})
    finally:
        source.stop()
    backup = Path(made["path"])
    assert backup.parent == tmp_path / "source" / "backups" and made["bytes"] > 100_000
    with TinyDB(backup) as db:
        assert len(db.table("people")) == len(exported["people"])
    target = tmp_path / "target"
    restored = run_rapport("restore", str(backup), "--data-dir", str(target))
    assert restored.returncode == 0, restored.stderr
    daemon = start_daemon(target)
    try:
        again = daemon.client().get("/export")
    finally:
        daemon.stop()
    assert without_stamp(again) == without_stamp(exported)


def test_backup_to_a_chosen_file_through_the_cli(tmp_path):
    daemon = start_daemon(tmp_path / "data")
    try:
        daemon.client().post("/people", {"name": "Ada"})
        dest = tmp_path / "elsewhere" / "copy.json"
        dest.parent.mkdir()
        result = run_rapport(
            "backup",
            "--to",
            str(dest),
            "--port",
            str(daemon.port),
            "--data-dir",
            str(daemon.data_dir),
        )
        assert result.returncode == 0, result.stderr
        assert f"backup written to {dest}" in result.stdout
        assert "Ada" in dest.read_text()
    finally:
        daemon.stop()


def test_restore_refuses_while_the_daemon_runs_and_keeps_the_replaced_data(tmp_path):
    data_dir = tmp_path / "data"
    daemon = start_daemon(data_dir)
    daemon.client().post("/people", {"name": "Current"})
    other = tmp_path / "other.json"
    shutil.copy(FIXTURES / "v1" / SNAPSHOT_NAME, other)
    try:
        busy = run_rapport("restore", str(other), "--data-dir", str(data_dir))
        assert busy.returncode == 1 and "stop it first" in busy.stderr
    finally:
        daemon.stop()
    done = run_rapport("restore", str(other), "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    kept = next((data_dir / "backups").glob("replaced-*"))
    assert "Current" in (kept / SNAPSHOT_NAME).read_text()
    daemon = start_daemon(data_dir)
    try:
        names = {p["name"] for p in daemon.client().get("/people")["items"]}
    finally:
        daemon.stop()
    assert names == {"Ada Lovelace", "Grace Hopper", "Zofia Wierzbicka"}


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"meta": {"1": {"schema_version": 99}}}'])
def test_restore_checks_the_file_before_replacing_anything(tmp_path, content):
    data_dir = tmp_path / "data"
    start_daemon(data_dir).stop()
    before = sorted(p.name for p in data_dir.rglob("*"))
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = run_rapport("restore", str(bad), "--data-dir", str(data_dir))
    assert result.returncode == 2
    assert result.stderr.startswith("rapport: not restored:") and str(bad) in result.stderr
    assert sorted(p.name for p in data_dir.rglob("*")) == before


def test_a_damaged_data_file_names_the_newest_backup_and_the_restore_command(tmp_path):
    daemon = start_daemon(tmp_path)
    daemon.client().post("/people", {"name": "Ada"})
    daemon.client().post("/backup", {})
    daemon.stop()
    (tmp_path / SNAPSHOT_NAME).write_text("{damaged")
    result = run_rapport("serve", "--port", "0", "--data-dir", str(tmp_path))
    assert result.returncode == 1
    newest = newest_backup(tmp_path)
    assert f"rapport restore {newest} --data-dir {tmp_path}" in result.stderr


def test_a_daily_backup_is_written_at_start_and_old_ones_are_pruned(tmp_path):
    store = open_store(tmp_path)
    seq, tables = store.frozen_state()
    for _ in range(4):
        write_backup(tmp_path, store.schema_version, seq, tables, keep=2)
    store.close()
    assert len(list((tmp_path / "backups").glob("rapport-*.json"))) == 2
    shutil.rmtree(tmp_path / "backups")
    daemon = start_daemon(tmp_path)
    try:
        daemon.client().post("/people", {"name": "Ada"})
    finally:
        daemon.stop()
    assert not list((tmp_path / "backups").glob("rapport-*.json")), "nothing to back up yet"
    daemon = start_daemon(tmp_path)
    try:
        deadline = time.monotonic() + 20
        while not list((tmp_path / "backups").glob("rapport-*.json")):
            assert time.monotonic() < deadline, "no backup was written at start"
            time.sleep(0.05)
    finally:
        daemon.stop()
    assert len(list((tmp_path / "backups").glob("rapport-*.json"))) == 1


def test_a_v1_data_dir_migrates_with_every_record(tmp_path):
    shutil.copy(FIXTURES / "v1" / SNAPSHOT_NAME, tmp_path / SNAPSHOT_NAME)
    store = open_store(tmp_path)
    assert store.schema_version == 2
    tables = store.tables()
    assert sorted(tables["people"]) == ["p_ada", "p_grace", "p_zofia"]
    assert sorted(tables["interactions"]) == ["i_1", "i_2"]
    assert sorted(tables["promises"]) == ["pr_1", "pr_2"]
    assert sorted(tables["reminders"]) == ["r_1"] and sorted(tables["meetings"]) == ["m_1"]
    assert tables["settings"]["me"]["emails"] == ["sam@example.org"]
    assert store.find("people_by_profile", "github:ada") == {"p_ada"}
    assert store.get("people", "p_ada")["snoozed_until"] is None
    assert store.get("people", "p_ada")["notes"] == "Met at the Royal Society."
    assert store.get("meetings", "m_1")["all_day"] is False
    assert store.get("promises", "pr_2")["status"] == "done"
    store.close()
    written = json.loads((tmp_path / SNAPSHOT_NAME).read_text())
    assert written["meta"]["1"]["schema_version"] == 2
    kept = list((tmp_path / "backups").glob("*-before-migration-v1.json"))
    assert len(kept) == 1
    assert kept[0].read_bytes() == (FIXTURES / "v1" / SNAPSHOT_NAME).read_bytes()


def test_a_snapshot_from_a_newer_rapport_is_refused(tmp_path):
    document = json.loads((FIXTURES / "v1" / SNAPSHOT_NAME).read_text())
    document["meta"]["1"]["schema_version"] = 99
    (tmp_path / SNAPSHOT_NAME).write_text(json.dumps(document))
    result = run_rapport("serve", "--port", "0", "--data-dir", str(tmp_path))
    assert result.returncode == 1 and "newer Rapport" in result.stderr
