"""In-memory state with indexes, made durable by the journal and the snapshot.

Reads are dictionary lookups. A write is a transaction of puts and deletes: it is appended to
the journal and fsync'd, then applied to memory in one step, so a reader never sees half of it
and an acknowledged write is on disk. Records are never mutated in place: a put replaces the
whole record, which lets callers hand out references without copying, and lets a compaction
write a snapshot from a shallow copy of the tables in a background thread while writes go on.
"""

import errno
import gc
import logging
import os
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapport.store import backups
from rapport.store.files import (
    JOURNAL_NAME,
    SNAPSHOT_NAME,
    CorruptData,
    Journal,
    read_journal,
    read_snapshot,
    sealed_journals,
    temp_path,
    write_snapshot,
)
from rapport.store.lock import DataDirLock

log = logging.getLogger(__name__)

COMPACT_AFTER_BYTES = 32 * 1024 * 1024
Tables = dict[str, dict[str, dict]]
Migration = Callable[[Tables], Tables]


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


class WriteFailed(OSError):
    """The disk refused a write (full, read-only, gone); nothing of it was applied."""


class Store:
    def __init__(
        self,
        data_dir: Path,
        indexes: dict[str, Index],
        tables: Iterable[str],
        migrations: Sequence[Migration] = (),
    ):
        self.data_dir = Path(data_dir)
        self.snapshot_path = self.data_dir / SNAPSHOT_NAME
        self.journal_path = self.data_dir / JOURNAL_NAME
        self._indexes = indexes
        self._migrations = migrations
        self.schema_version = len(migrations) + 1
        self._tables: Tables = {name: {} for name in tables}
        # Index entries are small lists, not sets: at 100k records, sets cost 20 MB more.
        self._index_data: dict[str, defaultdict[str, list[str]]] = {
            name: defaultdict(list) for name in indexes
        }
        self._lock = DataDirLock(self.data_dir)
        self._journal: Journal | None = None
        self._compaction: threading.Thread | None = None
        self._seq = 0
        self._indexed = False
        self.version = 0  # counts commits: caches built from the store compare it
        self.compact_after_bytes = COMPACT_AFTER_BYTES

    # -- life cycle -------------------------------------------------------------------------

    def open(self) -> "Store":
        """Lock the data dir, load the snapshot, replay the journal, migrate if needed."""
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.data_dir, 0o700)
        self._lock.acquire()
        try:
            # Loading makes a million long-lived objects; the cycle collector walking them over
            # and over while they are created would add a third to the start-up time.
            gc.disable()
            try:
                migrated_from = self._load()
            finally:
                gc.enable()
            self._journal = Journal(self.journal_path)
            if migrated_from or sealed_journals(self.data_dir):
                self.compact()  # settle a migration or an interrupted compaction now
        except BaseException:
            if self._journal is not None:
                self._journal.close()
                self._journal = None
            self._lock.release()
            raise
        return self

    def _load(self) -> int | None:
        """Load everything; return the schema version migrated from, if a migration ran."""
        temp_path(self.snapshot_path).unlink(missing_ok=True)  # a compaction cut short
        version = self.schema_version
        if self.snapshot_path.exists():
            version, self._seq, tables = read_snapshot(self.snapshot_path)
            if version > self.schema_version:
                raise CorruptData(
                    self.snapshot_path,
                    f"was written by a newer Rapport (schema version {version}; this one reads "
                    f"up to {self.schema_version}): upgrade Rapport",
                )
            for name, records in tables.items():
                self._tables.setdefault(name, {}).update(records)
        for _, sealed in sealed_journals(self.data_dir):
            self._replay(sealed, may_be_torn=False)
        self._replay(self.journal_path, may_be_torn=True)
        if version < self.schema_version:
            backups.copy_before_migration(self.data_dir, self.snapshot_path, version)
            for migrate in self._migrations[version - 1 :]:
                self._tables = migrate(self._tables)
            log.info(
                "migrated %s from schema %d to %d", self.data_dir, version, self.schema_version
            )
        self._rebuild_indexes()
        return version if version < self.schema_version else None

    def _replay(self, path: Path, may_be_torn: bool) -> None:
        for entry in read_journal(path, may_be_torn=may_be_torn):
            if entry["seq"] <= self._seq:
                continue  # folded into the snapshot before a crash ended the compaction
            try:
                self._apply([_decode(op) for op in entry["ops"]])
            except (KeyError, TypeError, ValueError) as error:
                raise CorruptData(path, f"entry {entry['seq']} is malformed ({error})") from None
            self._seq = entry["seq"]

    def close(self) -> None:
        """Fold the journal into a fresh snapshot, then let the next daemon in."""
        if self._journal is None:
            return
        try:
            self._wait_for_compaction()
            if self._journal.size or sealed_journals(self.data_dir):
                self.compact()
        except OSError:
            log.exception("could not write the snapshot at shutdown; the journal keeps all data")
        finally:
            self._journal.close()
            self._journal = None
            self._lock.release()

    def compact(self) -> None:
        """Write the whole state as the snapshot now, then drop what it covers."""
        self._wait_for_compaction()
        write_snapshot(self.snapshot_path, self.schema_version, self._seq, self._tables)
        self._drop_sealed(self._seq)
        self._journal.reset()

    def compact_in_background(self) -> None:
        """Seal the journal and write the snapshot in a thread; writes go on meanwhile."""
        if self._compaction is not None or not self._journal.size:
            return
        seq = self._seq
        self._journal.seal(seq)
        self._journal = Journal(self.journal_path)
        frozen = {name: dict(records) for name, records in self._tables.items()}
        self._compaction = threading.Thread(
            target=self._write_snapshot_then_drop, args=(seq, frozen), name="compaction"
        )
        self._compaction.start()

    def _write_snapshot_then_drop(self, seq: int, tables: Tables) -> None:
        try:
            write_snapshot(self.snapshot_path, self.schema_version, seq, tables)
            self._drop_sealed(seq)
        except OSError:
            # The sealed segments stay and are replayed at start; the next compaction retries.
            log.exception("background compaction failed; no data was lost")

    def _drop_sealed(self, up_to_seq: int) -> None:
        for seq, path in sealed_journals(self.data_dir):
            if seq <= up_to_seq:
                path.unlink()

    def _wait_for_compaction(self) -> None:
        if self._compaction is not None:
            self._compaction.join()
            self._compaction = None

    def frozen_state(self) -> tuple[int, Tables]:
        """A consistent copy of the state to write elsewhere (a backup) from another thread."""
        return self._seq, {name: dict(records) for name, records in self._tables.items()}

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

    def tables(self) -> Tables:
        return self._tables

    # -- writes -----------------------------------------------------------------------------

    def commit(self, ops: list[Op]) -> None:
        """Make `ops` durable, then visible. Raises WriteFailed if the disk refused them."""
        if not ops:
            return
        if self._journal is None:
            raise RuntimeError("the store is closed")
        seq = self._seq + 1
        try:
            self._journal.append({"seq": seq, "ops": [_encode(op) for op in ops]})
        except OSError as error:
            raise WriteFailed(error.errno or errno.EIO, _why(error)) from None
        self._seq = seq
        self.version += 1
        self._apply(ops)
        if self._compaction is not None and not self._compaction.is_alive():
            self._compaction = None
        if self._journal.size > self.compact_after_bytes:
            self.compact_in_background()

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
                for key in set(index.keys(old)):
                    ids = data.get(key)
                    if ids is not None and old["id"] in ids:
                        ids.remove(old["id"])
                        if not ids:
                            del data[key]
            if new is not None:
                for key in set(index.keys(new)):
                    data[key].append(new["id"])

    def _rebuild_indexes(self) -> None:
        for name, index in self._indexes.items():
            data = self._index_data[name]
            data.clear()
            for record in self._tables.get(index.table, {}).values():
                for key in set(index.keys(record)):
                    data[key].append(record["id"])
        self._indexed = True


def _why(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full; free some space and try again"
    if error.errno == errno.EROFS:
        return "the data directory is on a read-only file system"
    return f"the disk refused the write ({error.strerror or error})"


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
