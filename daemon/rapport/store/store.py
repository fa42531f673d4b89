"""In-memory state with indexes, made durable by the journal and the snapshot.

Reads are dictionary lookups. A write is a transaction of puts and deletes: it is appended to
the journal and fsync'd, then applied to memory in one step, so a reader never sees half of it
and an acknowledged write is on disk. Records are never mutated in place: a put replaces the
whole record, which lets callers hand out references without copying.
"""

import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rapport.store.files import (
    JOURNAL_NAME,
    SNAPSHOT_NAME,
    CorruptData,
    Journal,
    read_journal,
    read_snapshot,
    write_snapshot,
)
from rapport.store.lock import DataDirLock

log = logging.getLogger(__name__)

COMPACT_AFTER_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Put:
    table: str
    record: dict


@dataclass(frozen=True)
class Delete:
    table: str
    id: str


Op = Put | Delete


@dataclass(frozen=True)
class Index:
    """Which table an index covers and the keys a record is found under."""

    table: str
    keys: Callable[[dict], Iterable[str]]


class Store:
    def __init__(self, data_dir: Path, indexes: dict[str, Index], tables: Iterable[str]):
        self.data_dir = Path(data_dir)
        self.snapshot_path = self.data_dir / SNAPSHOT_NAME
        self.journal_path = self.data_dir / JOURNAL_NAME
        self._indexes = indexes
        self._tables: dict[str, dict[str, dict]] = {name: {} for name in tables}
        self._index_data: dict[str, defaultdict[str, set[str]]] = {
            name: defaultdict(set) for name in indexes
        }
        self._lock = DataDirLock(self.data_dir)
        self._journal: Journal | None = None
        self._seq = 0
        self._indexed = False
        self.compact_after_bytes = COMPACT_AFTER_BYTES

    # -- life cycle -------------------------------------------------------------------------

    def open(self) -> "Store":
        """Lock the data dir, load the snapshot, replay the journal."""
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.data_dir, 0o700)
        self._lock.acquire()
        try:
            self._load()
            self._journal = Journal(self.journal_path)
        except BaseException:
            self._lock.release()
            raise
        return self

    def _load(self) -> None:
        if self.snapshot_path.exists():
            self._seq, tables = read_snapshot(self.snapshot_path)
            for name, records in tables.items():
                self._tables.setdefault(name, {}).update(records)
        for entry in read_journal(self.journal_path):
            if entry["seq"] <= self._seq:
                continue  # already folded into the snapshot before a crash reset the journal
            try:
                self._apply([_decode(op) for op in entry["ops"]])
            except (KeyError, TypeError, ValueError) as error:
                raise CorruptData(
                    self.journal_path, f"entry {entry['seq']} is malformed ({error})"
                ) from None
            self._seq = entry["seq"]
        self._rebuild_indexes()

    def close(self) -> None:
        """Fold the journal into a fresh snapshot, then let the next daemon in."""
        if self._journal is None:
            return
        try:
            if self._journal.size:
                self.compact()
        finally:
            self._journal.close()
            self._journal = None
            self._lock.release()

    def compact(self) -> None:
        write_snapshot(self.snapshot_path, self._seq, self._tables)
        self._journal.reset()

    # -- reads ------------------------------------------------------------------------------

    def get(self, table: str, record_id: str) -> dict | None:
        return self._tables[table].get(record_id)

    def records(self, table: str) -> Iterable[dict]:
        return self._tables[table].values()

    def count(self, table: str) -> int:
        return len(self._tables[table])

    def find(self, index: str, key: str) -> set[str]:
        """Ids of the records filed under `key` in `index` (a copy: safe to keep)."""
        return set(self._index_data[index].get(key, ()))

    def tables(self) -> dict[str, dict[str, dict]]:
        return self._tables

    # -- writes -----------------------------------------------------------------------------

    def commit(self, ops: list[Op]) -> None:
        """Make `ops` durable, then visible. Raises OSError if the disk refused them."""
        if not ops:
            return
        if self._journal is None:
            raise RuntimeError("the store is closed")
        seq = self._seq + 1
        self._journal.append({"seq": seq, "ops": [_encode(op) for op in ops]})
        self._seq = seq
        self._apply(ops)
        if self._journal.size > self.compact_after_bytes:
            self.compact()

    def _apply(self, ops: list[Op]) -> None:
        for op in ops:
            table = self._tables.setdefault(op.table, {})
            if isinstance(op, Put):
                old = table.get(op.record["id"])
                table[op.record["id"]] = op.record
                self._reindex(op.table, old, op.record)
            else:
                old = table.pop(op.id, None)
                self._reindex(op.table, old, None)

    def _reindex(self, table: str, old: dict | None, new: dict | None) -> None:
        if not self._indexed:
            return  # loading: indexes are built once at the end
        for name, index in self._indexes.items():
            if index.table != table:
                continue
            data = self._index_data[name]
            if old is not None:
                for key in index.keys(old):
                    ids = data.get(key)
                    if ids is not None:
                        ids.discard(old["id"])
                        if not ids:
                            del data[key]
            if new is not None:
                for key in index.keys(new):
                    data[key].add(new["id"])

    def _rebuild_indexes(self) -> None:
        for name, index in self._indexes.items():
            data = self._index_data[name]
            data.clear()
            for record in self._tables.get(index.table, {}).values():
                for key in index.keys(record):
                    data[key].add(record["id"])
        self._indexed = True


def _encode(op: Op) -> list:
    if isinstance(op, Put):
        return ["put", op.table, op.record]
    return ["delete", op.table, op.id]


def _decode(raw: list) -> Op:
    kind, table, payload = raw
    if kind == "put":
        if not isinstance(payload, dict) or "id" not in payload:
            raise ValueError("put without a record id")
        return Put(table, payload)
    if kind == "delete":
        return Delete(table, payload)
    raise ValueError(f"unknown operation {kind!r}")
