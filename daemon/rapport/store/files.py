"""The data files on disk: the TinyDB snapshot and the append-only journal.

The snapshot is a TinyDB JSONStorage document (`{table: {doc_id: record}}`) so any script can
open it with `TinyDB(path)`; its `meta` table carries the schema version and the sequence
number of the last journal entry folded into it. The journal holds one JSON line per committed
transaction; entries at or below the snapshot's sequence were already folded in and are skipped,
which makes a crash between snapshot rename and journal reset harmless.
"""

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import orjson

SNAPSHOT_NAME = "rapport.json"
JOURNAL_NAME = "journal.jsonl"
SCHEMA_VERSION = 1
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


def write_atomically(path: Path, payload: bytes) -> None:
    """Temp file, fsync, rename, fsync dir: the old file or the new one, never a half."""
    tmp = path.with_name(path.name + ".tmp")
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


def read_snapshot(path: Path) -> tuple[int, dict[str, dict[str, dict]]]:
    """Return (seq, tables) from a snapshot; raise CorruptData for anything not trustworthy."""
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
    version = meta.get("schema_version")
    if version != SCHEMA_VERSION:
        raise CorruptData(
            path, f"has schema version {version!r}; this Rapport reads version {SCHEMA_VERSION}"
        )
    tables = {}
    for name, docs in document.items():
        if name in (META_TABLE, "_default"):
            continue
        if not isinstance(docs, dict) or not all(isinstance(d, dict) for d in docs.values()):
            raise CorruptData(path, f"table {name!r} is damaged")
        tables[name] = {doc["id"]: doc for doc in docs.values() if "id" in doc}
    return int(meta.get("seq", 0)), tables


def write_snapshot(path: Path, seq: int, tables: dict[str, dict[str, dict]]) -> None:
    document = {META_TABLE: {"1": {"schema_version": SCHEMA_VERSION, "seq": seq}}}
    for name, records in tables.items():
        document[name] = {str(n): record for n, record in enumerate(records.values(), start=1)}
    write_atomically(path, orjson.dumps(document))


def read_journal(path: Path) -> Iterator[dict]:
    """Yield journal entries; drop a torn last line, refuse damage anywhere else.

    A torn tail is cut off the file so that the next append starts on a clean line.
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
            if number == len(lines) and not tail:
                log.warning("%s: dropping a torn last entry (line %d)", path, number)
                good_end -= len(line) + 1
                break
            raise CorruptData(path, f"line {number} is damaged ({error})") from None
        entries.append(entry)
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

    def reset(self) -> None:
        os.ftruncate(self._fd, 0)
        os.fsync(self._fd)
        self.size = 0

    def close(self) -> None:
        os.close(self._fd)
