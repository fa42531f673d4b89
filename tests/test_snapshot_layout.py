"""The snapshot read a chunk of lines at a time: every record back, and no cut goes unnoticed."""

import orjson
import pytest
from tinydb import TinyDB

from rapport.services.tables import open_store
from rapport.store import SNAPSHOT_NAME, CorruptData, Delete, Put
from rapport.store.files import CHUNK_LINES


def person(n: int) -> dict:
    return {"id": f"p{n}", "name": f"Person {n}", "emails": [f"p{n}@example.org"],
            "profiles": [], "tags": ["rust"], "company": "Analytical Engines"}  # fmt: skip


def interaction(n: int, person_id: str) -> dict:
    stamp = "2026-03-01T12:00:00.000Z"
    return {"id": f"i{n}", "created_at": stamp, "person_ids": [person_id], "kind": "note",
            "text": f"Note {n}: Łódź, 🦀", "occurred_at": stamp, "url": None}  # fmt: skip


def filled(data_dir, people: int, interactions: int) -> dict[str, list[dict]]:
    """A closed store with a snapshot of `people` and `interactions`; what it holds."""
    store = open_store(data_dir)
    written = {
        "people": [person(n) for n in range(people)],
        "interactions": [interaction(n, f"p{n % people}") for n in range(interactions)],
    }
    store.commit([Put(table, record) for table, records in written.items() for record in records])
    store.close()
    return written


def test_every_record_comes_back_across_chunks_with_its_indexes(tmp_path):
    count = CHUNK_LINES * 2 + 7  # chunks end mid-table and at its end
    written = filled(tmp_path, 40, count)
    store = open_store(tmp_path)
    for table, records in written.items():
        assert [store.get(table, r["id"]) for r in records] == records
    assert store.find("interactions_by_person", "p3") == {
        r["id"] for r in written["interactions"] if r["person_ids"] == ["p3"]
    }
    assert store.find("people_by_email", "p7@example.org") == {"p7"}
    store.close()


def test_the_snapshot_is_a_record_per_line_and_tinydb_opens_it(tmp_path):
    written = filled(tmp_path, 3, 5)
    lines = (tmp_path / SNAPSHOT_NAME).read_bytes().splitlines()
    assert lines[0].startswith(b'{"meta":') and lines[-1] == b"}"
    assert b'"interactions":{' in lines
    assert b'"clients":{}' in lines or b'"clients":{},' in lines
    with TinyDB(tmp_path / SNAPSHOT_NAME) as db:
        assert db.table("interactions").all() == written["interactions"]
        assert db.table("people").all() == written["people"]


def test_a_snapshot_cut_at_any_line_or_inside_one_refuses_to_start(tmp_path):
    filled(tmp_path / "whole", 4, 30)
    raw = (tmp_path / "whole" / SNAPSHOT_NAME).read_bytes()
    ends = [at + 1 for at, byte in enumerate(raw) if byte == ord("\n")]
    cuts = [end for end in ends if end < len(raw)] + list(range(1, len(raw), 97))
    for cut in cuts:
        data_dir = tmp_path / f"cut-{cut}"
        data_dir.mkdir()
        (data_dir / SNAPSHOT_NAME).write_bytes(raw[:cut])
        with pytest.raises(CorruptData, match=r"rapport\.json"):
            open_store(data_dir)
    assert len(cuts) > 60


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda line: line.replace(b'"kind":"note"', b'"kind":note'), "damaged"),
        (lambda line: line.replace(b'"id":"i3"', b'"id":3'), "damaged"),
        (lambda line: line.replace(b"{", b"[", 1), "damaged"),
        (lambda line: b"garbage\n", "damaged"),
    ],
)
def test_a_damaged_record_line_refuses_to_start(tmp_path, damage, reason):
    filled(tmp_path, 2, 6)
    snapshot = tmp_path / SNAPSHOT_NAME
    lines = snapshot.read_bytes().splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if b'"id":"i3"' in line)
    lines[at] = damage(lines[at])
    snapshot.write_bytes(b"".join(lines))
    with pytest.raises(CorruptData, match=reason):
        open_store(tmp_path)


def test_a_repeated_document_id_refuses_to_start(tmp_path):
    filled(tmp_path, 2, 6)
    snapshot = tmp_path / SNAPSHOT_NAME
    lines = snapshot.read_bytes().splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if b'"id":"i3"' in line)
    lines.insert(at, lines[at])
    snapshot.write_bytes(b"".join(lines))
    with pytest.raises(CorruptData, match="repeats a document id"):
        open_store(tmp_path)


def test_more_after_the_end_refuses_to_start(tmp_path):
    filled(tmp_path, 2, 2)
    snapshot = tmp_path / SNAPSHOT_NAME
    snapshot.write_bytes(snapshot.read_bytes() + b'{"people":{}}\n')
    with pytest.raises(CorruptData, match="more after its end"):
        open_store(tmp_path)


def test_a_one_line_snapshot_as_tinydb_writes_it_loads(tmp_path):
    document = {
        "meta": {"1": {"schema_version": 2, "seq": 0}},
        "people": {"1": person(1)},
        "interactions": {"1": interaction(1, "p1"), "2": interaction(2, "p1")},
    }
    (tmp_path / SNAPSHOT_NAME).write_bytes(orjson.dumps(document))
    store = open_store(tmp_path)
    assert store.get("interactions", "i2") == interaction(2, "p1")
    assert store.find("interactions_by_person", "p1") == {"i1", "i2"}
    store.close()
    assert (tmp_path / SNAPSHOT_NAME).read_bytes().count(b"\n") > 3  # rewritten, a line each


def test_a_packed_record_reads_back_as_a_fresh_dict_each_time(tmp_path):
    store = open_store(tmp_path)
    store.commit([Put("people", person(1)), Put("interactions", interaction(1, "p1"))])
    first = store.get("interactions", "i1")
    first["text"] = "changed by a caller"
    assert store.get("interactions", "i1") == interaction(1, "p1")
    assert list(store.records("interactions")) == [interaction(1, "p1")]
    store.close()


def test_changes_since_a_version_then_none_past_the_log(tmp_path, monkeypatch):
    monkeypatch.setattr("rapport.store.store.CHANGE_LOG", 3)
    store = open_store(tmp_path)
    store.commit([Put("people", person(1))])
    start = store.version
    store.commit([Put("people", person(2)), Put("interactions", interaction(1, "p2"))])
    store.commit([Delete("interactions", "i1")])
    assert store.changes_since(start) == [
        ("people", "p2"), ("interactions", "i1"), ("interactions", "i1")
    ]  # fmt: skip
    assert store.changes_since(store.version) == []
    assert store.changes_since(0) is None  # p1's commit fell out of the log
    store.close()
