"""The data files on disk: the TinyDB snapshot and the append-only journal.

The snapshot is a TinyDB JSONStorage document (`{table: {doc_id: record}}`) so any script can
open it with `TinyDB(path)`; its `meta` table carries the schema version and the sequence
number of the last journal entry folded into it. The journal holds one JSON line per committed
transaction. Compaction renames the active journal to a sealed segment `journal.<seq>.jsonl`
(seq = its last entry) and starts a new one, writes the snapshot, then deletes the sealed
segments it covers. Entries at or below the snapshot's sequence are skipped at start, so a crash
at any step neither loses nor repeats a transaction.
"""

import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

import orjson

SNAPSHOT_NAME = "rapport.json"
JOURNAL_NAME = "journal.jsonl"
SEALED_JOURNAL = re.compile(r"^journal\.(\d+)\.jsonl$")
META_TABLE = "meta"

log = logging.getLogger(__name__)


class CorruptData(RuntimeError):
    """A data file that cannot be trusted: the daemon refuses to start rather than lose data."""

    def __init__(self, path: Path, reason: str):
        self.path = path
        super().__init__(f"{path}: {reason}")


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_path(path: Path) -> Path:
    return path.with_name(path.name + ".tmp")


def write_atomically(path: Path, payload: bytes) -> None:
    """Temp file, fsync, rename, fsync dir: the old file or the new one, never a half."""
    tmp = temp_path(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def read_snapshot(path: Path) -> tuple[int, int, dict[str, dict[str, dict]]]:
    """Return (schema version, seq, tables); raise CorruptData for anything untrustworthy."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CorruptData(path, f"cannot be read ({error.strerror})") from None
    if not raw.strip():
        raise CorruptData(path, "is empty")
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise CorruptData(path, f"is not valid JSON ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get(META_TABLE), dict):
        raise CorruptData(path, "is not a Rapport snapshot (no meta table)")
    meta = next(iter(document[META_TABLE].values()), {})
    version, seq = meta.get("schema_version"), meta.get("seq", 0)
    if not isinstance(version, int) or version < 1 or not isinstance(seq, int):
        raise CorruptData(path, f"has no valid schema version ({version!r})")
    tables = {}
    for name, docs in document.items():
        if name in (META_TABLE, "_default"):
            continue
        if not isinstance(docs, dict) or not all(
            isinstance(d, dict) and isinstance(d.get("id"), str) for d in docs.values()
        ):
            raise CorruptData(path, f"table {name!r} is damaged")
        tables[name] = {doc["id"]: doc for doc in docs.values()}
    return version, seq, tables


def encode_snapshot(version: int, seq: int, tables: dict[str, dict[str, dict]]) -> bytes:
    document = {META_TABLE: {"1": {"schema_version": version, "seq": seq}}}
    for name, records in tables.items():
        document[name] = {str(n): record for n, record in enumerate(records.values(), start=1)}
    return orjson.dumps(document)


def write_snapshot(path: Path, version: int, seq: int, tables: dict[str, dict[str, dict]]) -> None:
    write_atomically(path, encode_snapshot(version, seq, tables))


def sealed_journals(data_dir: Path) -> list[tuple[int, Path]]:
    """Journal segments sealed by a compaction that has not finished, oldest first."""
    found = []
    for path in data_dir.iterdir():
        match = SEALED_JOURNAL.match(path.name)
        if match:
            found.append((int(match[1]), path))
    return sorted(found)


def read_journal(path: Path, *, may_be_torn: bool = True) -> Iterator[dict]:
    """Yield journal entries; drop a torn last line, refuse damage anywhere else.

    A torn tail is cut off the file so that the next append starts on a clean line. A sealed
    segment was complete when it was sealed, so there a torn tail is damage too.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return
    except OSError as error:
        raise CorruptData(path, f"cannot be read ({error.strerror})") from None
    lines = raw.split(b"\n")
    tail = lines.pop()  # bytes after the last newline: empty unless the last append was torn
    good_end = len(raw) - len(tail)
    entries = []
    for number, line in enumerate(lines, start=1):
        try:
            entry = orjson.loads(line)
            if not isinstance(entry, dict) or "seq" not in entry or "ops" not in entry:
                raise ValueError("not a journal entry")
        except ValueError as error:
            if may_be_torn and number == len(lines) and not tail:
                log.warning("%s: dropping a torn last entry (line %d)", path, number)
                good_end -= len(line) + 1
                break
            raise CorruptData(path, f"line {number} is damaged ({error})") from None
        entries.append(entry)
    if tail and not may_be_torn:
        raise CorruptData(path, "ends in the middle of an entry")
    if tail:
        log.warning("%s: dropping a torn last entry (%d bytes)", path, len(tail))
    if good_end != len(raw):
        with open(path, "r+b") as handle:
            handle.truncate(good_end)
            os.fsync(handle.fileno())
    yield from entries


class Journal:
    """Append-only, fsync'd before the caller acknowledges anything."""

    def __init__(self, path: Path):
        self.path = path
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self.size = os.fstat(self._fd).st_size
        self.last_seq: int | None = None

    def append(self, entry: dict) -> None:
        line = orjson.dumps(entry) + b"\n"
        view = memoryview(line)
        try:
            while view:
                view = view[os.write(self._fd, view) :]
            os.fsync(self._fd)
        except OSError:
            # A half-written line would become damage in the middle of the journal once the
            # next append lands after it: cut it off so the file ends where it did.
            os.ftruncate(self._fd, self.size)
            raise
        self.size += len(line)
        self.last_seq = entry["seq"]

    def reset(self) -> None:
        os.ftruncate(self._fd, 0)
        os.fsync(self._fd)
        self.size = 0
        self.last_seq = None

    def seal(self, seq: int) -> Path:
        """Close and rename this file to a sealed segment; the caller opens a fresh journal."""
        self.close()
        sealed = self.path.with_name(f"journal.{seq}.jsonl")
        os.replace(self.path, sealed)
        fsync_dir(self.path.parent)
        return sealed

    def close(self) -> None:
        os.close(self._fd)
