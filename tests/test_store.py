"""The store on real files: durability, torn tails, damage, locking, permissions."""

import json
import stat

import pytest
from tinydb import TinyDB

from rapport.services.migrations import SCHEMA_VERSION
from rapport.services.tables import open_store
from rapport.store import JOURNAL_NAME, SNAPSHOT_NAME, CorruptData, DataDirLocked, Delete, Put


def person(n: int, **fields) -> dict:
    return {"id": f"p{n}", "name": f"Person {n}", "emails": [f"p{n}@example.org"],
            "profiles": [], "tags": [], **fields}  # fmt: skip


def write_people(data_dir, count: int) -> None:
    store = open_store(data_dir)
    for n in range(count):
        store.commit([Put("people", person(n))])
    store._journal.close()  # simulate a crash: no compaction, lock released by close
    store._journal = None
    store._lock.release()


def test_committed_records_survive_reopen_from_journal_alone(tmp_path):
    write_people(tmp_path, 5)
    assert not (tmp_path / SNAPSHOT_NAME).exists()
    store = open_store(tmp_path)
    assert sorted(p["id"] for p in store.records("people")) == [f"p{n}" for n in range(5)]
    assert store.find("people_by_email", "p3@example.org") == {"p3"}
    store.close()


def test_clean_close_writes_a_snapshot_tinydb_can_open(tmp_path):
    store = open_store(tmp_path)
    store.commit([Put("people", person(1)), Put("people", person(2))])
    store.commit([Delete("people", "p1")])
    store.close()
    assert (tmp_path / JOURNAL_NAME).stat().st_size == 0
    with TinyDB(tmp_path / SNAPSHOT_NAME) as db:
        assert [doc["id"] for doc in db.table("people").all()] == ["p2"]
        assert db.table("meta").all()[0]["schema_version"] == SCHEMA_VERSION


@pytest.mark.parametrize("cut", [1, 2, 10, -2, -1])
def test_torn_last_line_is_dropped_with_a_warning(tmp_path, caplog, cut):
    write_people(tmp_path, 3)
    journal = tmp_path / JOURNAL_NAME
    raw = journal.read_bytes()
    last_start = raw.rstrip(b"\n").rfind(b"\n") + 1
    torn_at = last_start + cut if cut > 0 else len(raw) + cut
    journal.write_bytes(raw[:torn_at])
    store = open_store(tmp_path)
    assert sorted(p["id"] for p in store.records("people")) == ["p0", "p1"]
    assert "torn" in caplog.text
    store.commit([Put("people", person(9))])  # the next append starts on a clean line
    store.close()
    assert sorted(p["id"] for p in open_store(tmp_path).records("people")) == ["p0", "p1", "p9"]


def test_damage_before_the_last_line_refuses_to_start(tmp_path):
    write_people(tmp_path, 3)
    journal = tmp_path / JOURNAL_NAME
    lines = journal.read_bytes().split(b"\n")
    lines[1] = lines[1][:5] + b"#" + lines[1][6:]
    journal.write_bytes(b"\n".join(lines))
    with pytest.raises(CorruptData, match=r"journal.jsonl: line 2 is damaged"):
        open_store(tmp_path)
    assert journal.read_bytes() == b"\n".join(lines), "a refused start must not touch the file"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty"),
        (b"   \n", "is empty"),
        (b'{"people": {}', "is not valid JSON"),
        (b'{"people": {}}', "no meta table"),
        (b'{"meta": {"1": {"schema_version": 99, "seq": 0}}}', "schema version 99"),
        (b'{"meta": {"1": {"schema_version": 1, "seq": 0}}, "people": []}', "damaged"),
    ],
)
def test_untrustworthy_snapshot_refuses_to_start(tmp_path, content, reason):
    (tmp_path / SNAPSHOT_NAME).write_bytes(content)
    with pytest.raises(CorruptData, match=reason) as refusal:
        open_store(tmp_path)
    assert SNAPSHOT_NAME in str(refusal.value)
    assert (tmp_path / SNAPSHOT_NAME).read_bytes() == content


def test_crash_between_snapshot_rename_and_journal_reset_loses_nothing(tmp_path):
    store = open_store(tmp_path)
    store.commit([Put("people", person(1))])
    store.commit([Put("people", person(2, name="Renamed"))])
    journal_before = (tmp_path / JOURNAL_NAME).read_bytes()
    store.compact()
    # Put back the journal as if the process died right after the rename.
    (tmp_path / JOURNAL_NAME).write_bytes(journal_before)
    store._journal.close()
    store._journal = None
    store._lock.release()
    reopened = open_store(tmp_path)
    assert {p["id"]: p["name"] for p in reopened.records("people")} == {
        "p1": "Person 1",
        "p2": "Renamed",
    }
    reopened.commit([Put("people", person(3))])
    reopened.close()
    assert open_store(tmp_path).count("people") == 3


def test_second_open_is_refused_naming_the_pid(tmp_path):
    store = open_store(tmp_path)
    with pytest.raises(DataDirLocked) as refusal:
        open_store(tmp_path)
    assert refusal.value.pid.isdigit()
    store.close()
    open_store(tmp_path).close()


def test_data_dir_and_files_are_private(tmp_path):
    data_dir = tmp_path / "data"
    store = open_store(data_dir)
    store.commit([Put("people", person(1))])
    store.close()
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for name in (SNAPSHOT_NAME, JOURNAL_NAME, "rapport.lock"):
        assert stat.S_IMODE((data_dir / name).stat().st_mode) == 0o600, name


def test_a_transaction_is_one_journal_line(tmp_path):
    store = open_store(tmp_path)
    store.commit([Put("people", person(1)), Put("people", person(2)), Delete("people", "p1")])
    lines = (tmp_path / JOURNAL_NAME).read_text().splitlines()
    assert len(lines) == 1
    assert [op[0] for op in json.loads(lines[0])["ops"]] == ["put", "put", "delete"]
    store.close()


def test_indexes_follow_updates_and_deletes(tmp_path):
    store = open_store(tmp_path)
    store.commit([Put("people", person(1))])
    store.commit([Put("people", person(1, emails=["new@example.org"]))])
    assert store.find("people_by_email", "p1@example.org") == set()
    assert store.find("people_by_email", "new@example.org") == {"p1"}
    store.commit([Delete("people", "p1")])
    assert store.find("people_by_email", "new@example.org") == set()
    store.close()
