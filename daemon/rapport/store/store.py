"""In-memory state with indexes, made durable by the journal and the snapshot.

Reads are dictionary lookups. A write is a transaction of puts and deletes: it is appended to
the journal and fsync'd, then applied to memory in one step, so a reader never sees half of it
and an acknowledged write is on disk. Records are never mutated in place: a put replaces the
whole record, which lets callers hand out references without copying, and lets a compaction
write a snapshot from a shallow copy of the tables in a background thread while writes go on.

A packed table keeps each record as its JSON bytes, less than half the memory of a dict, and
hands out a fresh dict on every read: for tables of many records, each read a few at a time.
"""

import errno
import gc
import logging
import os
import threading
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from pathlib import Path

import orjson

from rapport.memory import release_free_memory
from rapport.store import backups
from rapport.store.files import (
    JOURNAL_NAME,
    SNAPSHOT_NAME,
    CorruptData,
    Journal,
    Row,
    Snapshot,
    Tables,
    partial_decoder,
    read_journal,
    sealed_journals,
    temp_path,
    write_snapshot,
)
from rapport.store.lock import DataDirLock

log = logging.getLogger(__name__)

COMPACT_AFTER_BYTES = 32 * 1024 * 1024
CHANGE_LOG = 4096  # records written lately that `changes_since` can tell
Migration = Callable[[dict[str, dict[str, dict]]], dict[str, dict[str, dict]]]


@dataclass(frozen=True, slots=True)
class Put:
    table: str
    record: dict


@dataclass(frozen=True, slots=True)
class PutEncoded:
    """A put of a record already encoded as JSON (`pack`): a bulk import holds 100k of these
    until it commits, a third of the memory of the records as dicts."""

    table: str
    id: str
    encoded: bytes


@dataclass(frozen=True, slots=True)
class Delete:
    table: str
    id: str


Op = Put | PutEncoded | Delete


@dataclass(frozen=True)
class Index:
    """Which table an index covers, the keys a record is found under, and the fields `keys`
    reads (all a packed table's records are decoded to at start)."""

    table: str
    keys: Callable[[dict], Iterable[str]]
    fields: tuple[str, ...]


def unpack(row: Row) -> dict:
    """The record a row holds: itself, or decoded from a packed table's bytes."""
    return orjson.loads(row) if type(row) is bytes else row


def pack(record: dict) -> bytes:
    """A record as a packed table's row: its JSON, in a buffer of exactly its size.

    orjson hands back a buffer of a few kilobytes shrunk in place; kept, each leaves a hole the
    next cannot use, and 100k rows would take 400 MB instead of 45.
    """
    return bytes(memoryview(orjson.dumps(record)))


class WriteFailed(OSError):
    """The disk refused a write (full, read-only, gone); nothing of it was applied."""


class Store:
    def __init__(
        self,
        data_dir: Path,
        indexes: dict[str, Index],
        tables: Iterable[str],
        migrations: Sequence[Migration] = (),
        packed: Iterable[str] = (),
    ):
        self.data_dir = Path(data_dir)
        self.snapshot_path = self.data_dir / SNAPSHOT_NAME
        self.journal_path = self.data_dir / JOURNAL_NAME
        self._indexes = indexes
        self._migrations = migrations
        self._packed = frozenset(packed)
        self._indexes_of: dict[str, list[tuple[str, Index]]] = defaultdict(list)
        for name, index in indexes.items():
            self._indexes_of[index.table].append((name, index))
        # What of a packed table's records is decoded at start: what its indexes read.
        self._index_fields = {
            table: sorted({f for _, index in self._indexes_of[table] for f in index.fields})
            for table in self._packed
        }
        self.schema_version = len(migrations) + 1
        self._tables: Tables = {name: {} for name in tables}
        self._index_data: dict[str, dict[str, str | list[str]]] = {name: {} for name in indexes}
        self._lock = DataDirLock(self.data_dir)
        self._journal: Journal | None = None
        self._compaction: threading.Thread | None = None
        self._seq = 0
        # False only while loading for a migration: records stay plain dicts until it ran.
        self._indexed = True
        self._rewrite_snapshot = False  # it has an older layout, read whole
        self.version = 0  # counts commits: caches built from the store compare it
        self._changes: deque[tuple[int, list[tuple[str, str]]]] = deque()  # (version, changed)
        self._changes_count = 0
        self._changes_from = 0  # the oldest version `changes_since` can answer for
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
            if migrated_from or self._rewrite_snapshot or sealed_journals(self.data_dir):
                self.compact()  # settle a migration, a layout or a compaction cut short now
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
            with Snapshot(self.snapshot_path) as snapshot:
                version, self._seq = snapshot.version, snapshot.seq
                self._rewrite_snapshot = not snapshot.streamed
                if version > self.schema_version:
                    raise CorruptData(
                        self.snapshot_path,
                        f"was written by a newer Rapport (schema version {version}; this one "
                        f"reads up to {self.schema_version}): upgrade Rapport",
                    )
                # Records are indexed (and packed) as they are read, a chunk at a time,
                # unless migrations must first see every record whole.
                self._indexed = version == self.schema_version
                for table, records, encoded in snapshot.chunks(
                    self._index_fields if self._indexed else None
                ):
                    self._put_loaded(table, records, encoded)
        for _, sealed in sealed_journals(self.data_dir):
            self._replay(sealed, may_be_torn=False)
        self._replay(self.journal_path, may_be_torn=True)
        if self._indexed:
            return None
        backups.copy_before_migration(self.data_dir, self.snapshot_path, version)
        for migrate in self._migrations[version - 1 :]:
            self._tables = migrate(self._tables)
        log.info("migrated %s from schema %d to %d", self.data_dir, version, self.schema_version)
        self._settle()
        return version

    def _settle(self) -> None:
        """Index and pack every record loaded as a plain dict."""
        self._indexed = True
        for table, rows in self._tables.items():
            records = list(rows.values())
            rows.clear()
            for record in records:
                self._put(table, record)

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
            release_free_memory()  # what encoding 100k records left behind
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
        row = self._tables[table].get(record_id)
        return None if row is None else unpack(row)

    def records(self, table: str, fields: tuple[str, ...] | None = None) -> Iterable[dict]:
        """Every record of a table. A packed table's are decoded one by one as iterated, and
        then only their id and `fields` when given: a scan of 100k that needs a few fields."""
        rows = self._tables[table].values()
        if table not in self._packed:
            return rows
        return map(orjson.loads if fields is None else partial_decoder(fields).decode, rows)

    def contains(self, table: str, record_id: str) -> bool:
        return record_id in self._tables[table]

    def count(self, table: str) -> int:
        return len(self._tables[table])

    def find(self, index: str, key: str) -> set[str]:
        """Ids of the records filed under `key` in `index` (a copy: safe to keep)."""
        ids = self._index_data[index].get(key, ())
        return {ids} if type(ids) is str else set(ids)

    def tables(self) -> Tables:
        """The rows of every table by id (`unpack` turns a row into its record)."""
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
        self._log_changes(ops)
        if self._compaction is not None and not self._compaction.is_alive():
            self._compaction = None
        if self._journal.size > self.compact_after_bytes:
            self.compact_in_background()

    def changes_since(self, version: int) -> list[tuple[str, str]] | None:
        """(table, id) of each record written or deleted since `version`, oldest first, or None
        when that is further back than the log goes (the caller then starts afresh)."""
        if version < self._changes_from:
            return None
        return [change for at, changed in self._changes if at > version for change in changed]

    def _log_changes(self, ops: list[Op]) -> None:
        if len(ops) > CHANGE_LOG:  # a bulk write: whoever follows the log starts afresh
            self._changes.clear()
            self._changes_count, self._changes_from = 0, self.version
            return
        changed = [(op.table, op.record["id"] if isinstance(op, Put) else op.id) for op in ops]
        self._changes.append((self.version, changed))
        self._changes_count += len(changed)
        while self._changes_count > CHANGE_LOG:
            self._changes_from, dropped = self._changes.popleft()
            self._changes_count -= len(dropped)

    def _apply(self, ops: list[Op]) -> None:
        for op in ops:
            if isinstance(op, Put):
                self._put(op.table, op.record)
            elif isinstance(op, PutEncoded):
                record = orjson.loads(op.encoded)
                record["id"] = op.id  # one string for the id, kept as the row's key
                self._put(op.table, record, op.encoded)
            else:
                self._delete(op.table, op.id)

    def _put(self, table: str, record: dict, encoded: bytes | None = None) -> None:
        """Store a record that is not yet visible; `encoded` is its JSON, when already known."""
        rows = self._tables.setdefault(table, {})
        if not self._indexed:
            rows[record["id"]] = record  # loading for a migration: plain dicts until it ran
            return
        # A packed table's record itself is only read for the indexes.
        row = (encoded or pack(record)) if table in self._packed else record
        old = rows.get(record["id"])
        rows[record["id"]] = row
        self._reindex(table, None if old is None else unpack(old), record)

    def _put_loaded(self, table: str, records: list[dict], encoded: list[bytes] | None) -> None:
        """`_put` for a chunk of the snapshot: the same, in fewer steps per record."""
        rows = self._tables.setdefault(table, {})
        ids = list(map(itemgetter("id"), records))
        fresh = rows.keys().isdisjoint(ids) and len(set(ids)) == len(ids)
        if not (self._indexed and fresh):
            for record, row in zip(records, encoded or repeat(None), strict=False):
                self._put(table, record, row)
            return
        if table in self._packed:
            rows.update(zip(ids, encoded or map(pack, records), strict=True))
        else:
            rows.update(zip(ids, records, strict=True))
        for name, index in self._indexes_of.get(table, ()):
            data = self._index_data[name]
            for record in records:
                for key in set(index.keys(record)):
                    _file(data, key, record["id"])

    def _delete(self, table: str, record_id: str) -> None:
        old = self._tables.setdefault(table, {}).pop(record_id, None)
        if old is not None and self._indexed:
            self._reindex(table, unpack(old), None)

    def _reindex(self, table: str, old: dict | None, new: dict | None) -> None:
        for name, index in self._indexes_of.get(table, ()):
            data = self._index_data[name]
            if old is not None:
                for key in set(index.keys(old)):
                    _unfile(data, key, old["id"])
            if new is not None:
                for key in set(index.keys(new)):
                    _file(data, key, new["id"])


# An index entry is the one id filed under its key, or a list of them: most keys (a profile, an
# email) name one record, and a list for each would cost 3 MB more at 10k people.


def _file(data: dict[str, str | list[str]], key: str, record_id: str) -> None:
    ids = data.get(key)
    if ids is None:
        data[key] = record_id
    elif type(ids) is str:
        data[key] = [ids, record_id]
    else:
        ids.append(record_id)


def _unfile(data: dict[str, str | list[str]], key: str, record_id: str) -> None:
    ids = data.get(key)
    if ids == record_id:
        del data[key]
    elif type(ids) is list and record_id in ids:
        ids.remove(record_id)
        if len(ids) == 1:
            data[key] = ids[0]


def _why(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full; free some space and try again"
    if error.errno == errno.EROFS:
        return "the data directory is on a read-only file system"
    return f"the disk refused the write ({error.strerror or error})"


def _encode(op: Op) -> list:
    if isinstance(op, Put):
        return ["put", op.table, op.record]
    if isinstance(op, PutEncoded):
        return ["put", op.table, orjson.Fragment(op.encoded)]
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
