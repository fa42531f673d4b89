"""Faults on real files and real processes: torn writes, stale files, full and read-only disks.

The disk tests mount a small tmpfs, which needs root (CI runs as root); elsewhere they say so
and skip.
"""

import contextlib
import json
import os
import subprocess
from pathlib import Path

import pytest

from rapport.client import ApiFailure
from rapport.services.tables import open_store
from rapport.store import JOURNAL_NAME, SNAPSHOT_NAME, CorruptData, Put
from tests.daemon import run_rapport, start_daemon


def person(n: int) -> dict:
    return {"id": f"p{n}", "name": f"Person {n}", "emails": [], "profiles": []}


def crash(store) -> None:
    """Leave the store as a killed process would: no compaction, lock released by the OS."""
    store._wait_for_compaction()
    store._journal.close()
    store._journal = None
    store._lock.release()


def test_a_torn_tail_at_every_byte_offset_of_the_last_record_is_dropped(tmp_path):
    store = open_store(tmp_path / "seed")
    for n in range(3):
        store.commit([Put("people", person(n))])
    crash(store)
    raw = (tmp_path / "seed" / JOURNAL_NAME).read_bytes()
    last_start = raw.rstrip(b"\n").rfind(b"\n") + 1
    for cut in range(last_start, len(raw)):
        data_dir = tmp_path / f"cut-{cut}"
        data_dir.mkdir()
        (data_dir / JOURNAL_NAME).write_bytes(raw[:cut])
        reopened = open_store(data_dir)
        assert sorted(reopened.tables()["people"]) == ["p0", "p1"], cut
        reopened.close()


@pytest.mark.parametrize("keep", [0.3, 0.9])
def test_a_truncated_snapshot_refuses_to_start(tmp_path, keep):
    store = open_store(tmp_path)
    for n in range(20):
        store.commit([Put("people", person(n))])
    store.close()
    snapshot = tmp_path / SNAPSHOT_NAME
    cut = snapshot.read_bytes()[: int(snapshot.stat().st_size * keep)]
    snapshot.write_bytes(cut)
    with pytest.raises(CorruptData, match=r"rapport\.json"):
        open_store(tmp_path)
    assert snapshot.read_bytes() == cut


def test_a_stale_temp_file_from_a_crashed_compaction_is_ignored(tmp_path):
    store = open_store(tmp_path)
    store.commit([Put("people", person(1))])
    store.close()
    (tmp_path / (SNAPSHOT_NAME + ".tmp")).write_bytes(b'{"meta": {"1": {"schema_vers')
    reopened = open_store(tmp_path)
    assert sorted(reopened.tables()["people"]) == ["p1"]
    assert not (tmp_path / (SNAPSHOT_NAME + ".tmp")).exists()
    reopened.close()


def test_a_compaction_cut_short_after_sealing_the_journal_loses_nothing(tmp_path):
    store = open_store(tmp_path)
    for n in range(3):
        store.commit([Put("people", person(n))])
    store._journal.seal(store._seq)  # sealed, but the snapshot was never written
    crash_dir_files = sorted(p.name for p in tmp_path.iterdir())
    assert "journal.3.jsonl" in crash_dir_files
    store._lock.release()
    store._journal = None
    reopened = open_store(tmp_path)
    assert sorted(reopened.tables()["people"]) == ["p0", "p1", "p2"]
    assert not (tmp_path / "journal.3.jsonl").exists(), "the sealed segment is folded at start"
    reopened.close()


def test_background_compaction_keeps_writes_made_while_it_runs(tmp_path):
    store = open_store(tmp_path)
    store.compact_after_bytes = 200
    for n in range(50):
        store.commit([Put("people", person(n))])
    crash(store)
    reopened = open_store(tmp_path)
    assert len(reopened.tables()["people"]) == 50
    reopened.close()
    assert sorted(p.name for p in tmp_path.glob("journal*")) == ["journal.jsonl"]


def test_damage_inside_a_sealed_segment_refuses_to_start(tmp_path):
    store = open_store(tmp_path)
    for n in range(3):
        store.commit([Put("people", person(n))])
    sealed = store._journal.seal(store._seq)
    store._lock.release()
    store._journal = None
    sealed.write_bytes(sealed.read_bytes()[:-5])
    with pytest.raises(CorruptData, match=r"journal\.3\.jsonl"):
        open_store(tmp_path)


# -- real disks: read-only and full ---------------------------------------------------------------


@contextlib.contextmanager
def tmpfs(path: Path, size: str):
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_a_read_only_data_dir_refuses_to_start_and_says_why(tmp_path):
    with tmpfs(tmp_path / "disk", "4m") as disk:
        data_dir = disk / "data"
        daemon = start_daemon(data_dir)
        daemon.client().post("/people", {"name": "Kept"})
        daemon.stop()
        before = (data_dir / SNAPSHOT_NAME).read_bytes()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = run_rapport("serve", "--port", "0", "--data-dir", str(data_dir))
        assert result.returncode == 1
        assert "Read-only file system" in result.stderr and str(data_dir) in result.stderr
        assert result.stderr.count("\n") == 1
        assert (data_dir / SNAPSHOT_NAME).read_bytes() == before


def test_a_full_disk_answers_507_keeps_what_was_stored_and_recovers(tmp_path):
    with tmpfs(tmp_path / "disk", "2m") as disk:
        data_dir = disk / "data"
        daemon = start_daemon(data_dir)
        client = daemon.client()
        try:
            stored = [client.post("/people", {"name": f"Before {n}"})["id"] for n in range(20)]
            filler = disk / "filler"
            with contextlib.suppress(OSError), filler.open("wb") as handle:
                while True:
                    handle.write(b"\0" * 4096)
                    handle.flush()
            refused = None
            for n in range(200):  # the last bytes of free space go quickly
                try:
                    stored.append(client.post("/people", {"name": "x" * 250 + str(n)})["id"])
                except ApiFailure as error:
                    refused = error
                    break
            assert refused is not None, "the disk never filled up"
            assert refused.status == 507 and refused.code == "insufficient_storage"
            assert "disk is full" in refused.message
            listed = {p["id"] for p in client.get("/people", limit=1000)["items"]}
            assert listed == set(stored), "a refused write must change nothing"
            filler.unlink()
            stored.append(client.post("/people", {"name": "After"})["id"])
        finally:
            daemon.stop()
        restarted = start_daemon(data_dir)
        try:
            again = {p["id"] for p in restarted.client().get("/export")["people"]}
        finally:
            restarted.stop()
        assert again == set(stored)


def test_journal_lines_stay_whole_after_a_refused_write(tmp_path):
    with tmpfs(tmp_path / "disk", "1m") as disk:
        store = open_store(disk / "data")
        store.commit([Put("people", person(1))])
        filler = disk / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as handle:
            while True:
                handle.write(b"\0" * 1024)
                handle.flush()
        big = {**person(2), "notes": "n" * 200_000}
        with pytest.raises(OSError):
            store.commit([Put("people", big)])
        filler.unlink()
        store.commit([Put("people", person(3))])
        lines = (disk / "data" / JOURNAL_NAME).read_text().splitlines()
        assert [json.loads(line)["seq"] for line in lines] == [1, 2]
        store.close()
        assert os.path.exists(disk / "data" / SNAPSHOT_NAME)


def test_a_last_line_of_zeros_after_power_loss_is_dropped(tmp_path):
    store = open_store(tmp_path)
    for n in range(2):
        store.commit([Put("people", person(n))])
    crash(store)
    journal = tmp_path / JOURNAL_NAME
    raw = journal.read_bytes()
    last_start = raw.rstrip(b"\n").rfind(b"\n") + 1
    journal.write_bytes(raw[:last_start] + b"\0" * (len(raw) - last_start - 1) + b"\n")
    reopened = open_store(tmp_path)
    assert sorted(reopened.tables()["people"]) == ["p0"]
    reopened.close()
