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
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from itertools import islice, repeat
from operator import methodcaller
from pathlib import Path
from typing import Any, Required, TypedDict

import msgspec
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


def write_atomically(path: Path, payload: bytes | Iterable[bytes]) -> None:
    """Temp file, fsync, rename, fsync dir: the old file or the new one, never a half.

    `payload` may come in pieces, so a large snapshot is never one buffer in memory.
    """
    tmp = temp_path(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for piece in [payload] if isinstance(payload, bytes) else _batched(payload):
            view = memoryview(piece)
            while view:
                view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def _batched(pieces: Iterable[bytes], size: int = 1 << 20) -> Iterator[bytes]:
    """Many small pieces as fewer writes of about `size` bytes."""
    buffer = bytearray()
    for piece in pieces:
        buffer += piece
        if len(buffer) >= size:
            yield bytes(buffer)
            buffer.clear()
    yield bytes(buffer)


Row = dict | bytes  # a record, or its JSON encoding (what a packed table holds)
Tables = dict[str, dict[str, Row]]
# Records as read: (table, records, each one's whole JSON when only some fields were decoded).
Chunk = tuple[str, list[dict], list[bytes] | None]


def snapshot_pieces(version: int, seq: int, tables: Tables) -> Iterator[bytes]:
    """The snapshot document, a line per record, so that it can be read a record at a time.

    Still one JSON document in TinyDB's layout (`{table: {doc_id: record}}`), newlines being
    whitespace to JSON; rows already encoded are written as they are.
    """
    meta = {"1": {"schema_version": version, "seq": seq}}
    yield b'{"' + META_TABLE.encode() + b'":' + orjson.dumps(meta)
    for name, rows in tables.items():
        yield b",\n" + orjson.dumps(name) + b":{"
        separator = b"\n"
        for number, row in enumerate(rows.values(), start=1):
            encoded = row if isinstance(row, bytes) else orjson.dumps(row)
            yield b'%s"%d":%s' % (separator, number, encoded)
            separator = b",\n"
        yield b"\n}" if rows else b"}"
    yield b"\n}\n"


def write_snapshot(path: Path, version: int, seq: int, tables: Tables) -> None:
    write_atomically(path, snapshot_pieces(version, seq, tables))


class Snapshot:
    """An open snapshot: its schema version and seq read, its records read by `chunks`.

    Records come in chunks as they are iterated (damage further on raises CorruptData then),
    read a line at a time when the file has the layout `snapshot_pieces` writes, so loading
    100k records never holds them all as dicts at once. Any other JSON layout (an older
    snapshot, a file TinyDB wrote) is read whole when opened.
    """

    def __init__(self, path: Path):
        self.path = path
        self._handle = None
        self._document = None
        self.streamed = False  # in the layout `snapshot_pieces` writes
        try:
            handle = open(path, "rb")  # noqa: SIM115 - kept for `chunks`, closed by `close`
        except OSError as error:
            raise CorruptData(path, f"cannot be read ({error.strerror})") from None
        with _closed_on_error(handle):
            first = handle.readline()
            if first.startswith(b'{"' + META_TABLE.encode() + b'":') and first.endswith(b",\n"):
                self.version, self.seq = _version(path, _parse(path, b"{" + first[1:-2] + b"}"))
                self._handle, self.streamed = handle, True
                return
            self._document = _parse(path, first + handle.read())
        handle.close()
        self.version, self.seq = _version(path, self._document)

    def chunks(self, partial: Mapping[str, Collection[str]] | None = None) -> Iterator[Chunk]:
        """The records; a table in `partial` comes as records of only those fields (and id),
        each with its whole JSON as read, for a store that keeps that table packed."""
        if self._document is not None:
            return _whole_records(self.path, self._document)
        return _stream_records(self.path, self._handle, partial or {})

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()

    def __enter__(self) -> "Snapshot":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@contextmanager
def _closed_on_error(handle):
    try:
        yield
    except BaseException:
        handle.close()
        raise


def check_snapshot(path: Path) -> int:
    """Read a whole snapshot, so damage anywhere raises CorruptData; return its schema version."""
    with Snapshot(path) as snapshot:
        for _ in snapshot.chunks():
            pass
    return snapshot.version


def _parse(path: Path, raw: bytes):
    if not raw.strip():
        raise CorruptData(path, "is empty")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise CorruptData(path, f"is not valid JSON ({error})") from None


def _version(path: Path, document) -> tuple[int, int]:
    if not isinstance(document, dict) or not isinstance(document.get(META_TABLE), dict):
        raise CorruptData(path, "is not a Rapport snapshot (no meta table)")
    meta = next(iter(document[META_TABLE].values()), {})
    version, seq = meta.get("schema_version"), meta.get("seq", 0)
    if not isinstance(version, int) or version < 1 or not isinstance(seq, int):
        raise CorruptData(path, f"has no valid schema version ({version!r})")
    return version, seq


def _whole_records(path: Path, document: dict) -> Iterator[Chunk]:
    for name, docs in document.items():
        if name in (META_TABLE, "_default"):
            continue
        if not isinstance(docs, dict):
            raise CorruptData(path, f"table {name!r} is damaged")
        records = list(docs.values())
        _check(path, name, records)
        yield name, records, None


CHUNK_LINES = 1024  # records parsed per orjson call: its speed, a small peak of dicts
CLOSINGS = (b"}\n", b"},\n")


def _stream_records(path: Path, handle, partial: Mapping[str, Collection[str]]) -> Iterator[Chunk]:
    """The records of a snapshot in `snapshot_pieces`' layout, a chunk of lines at a time.

    Lines are found and cut by C code (islice, list.index, map), so Python runs per chunk
    rather than per record: this is most of a daemon's start-up time.
    """
    with handle:
        table, pending, at, number = None, [], 0, 1  # number: the last line handled
        while True:
            if at == len(pending):
                pending, at = list(islice(handle, CHUNK_LINES)), 0
                if not pending:
                    raise CorruptData(path, f"ends early at line {number} (it was cut short)")
            if table is None:
                line = pending[at]
                at, number = at + 1, number + 1
                if line in (b"}\n", b"}"):
                    if any(rest.strip() for rest in pending[at:]) or handle.read().strip():
                        raise CorruptData(path, f"has more after its end at line {number}")
                    return
                table, empty = _table_header(path, number, line)
                table = None if empty else table
                continue
            end = min(_find(pending, closing, at) for closing in CLOSINGS)
            if end > at:
                lines, last = pending[at:end], number + end - at
                if table in partial:
                    yield table, *_parse_partial(path, last, table, lines, partial[table])
                else:
                    yield table, _parse_chunk(path, last, table, lines), None
            number += end - at
            at = end
            if at < len(pending):  # the line closing the table
                table, at, number = None, at + 1, number + 1


def _find(lines: list[bytes], line: bytes, start: int) -> int:
    try:
        return lines.index(line, start)
    except ValueError:
        return len(lines)


def _table_header(path: Path, number: int, line: bytes) -> tuple[str, bool]:
    """`"name":{` opens a table, `"name":{}` is an empty one."""
    for ending, empty in ((b":{\n", False), (b":{},\n", True), (b":{}\n", True)):
        if line.endswith(ending):
            try:
                name = orjson.loads(line[: -len(ending)])
            except orjson.JSONDecodeError:
                break
            if isinstance(name, str):
                return name, empty
    raise CorruptData(path, f"is damaged at line {number}")


def _joined(lines: list[bytes]) -> bytes:
    """Record lines as one JSON object: `{"1":{...},"2":{...}}`."""
    return b"{" + b"".join(lines).rstrip(b",\n") + b"}"


def _parse_chunk(path: Path, number: int, table: str, lines: list[bytes]) -> list[dict]:
    try:
        docs = orjson.loads(_joined(lines))
    except orjson.JSONDecodeError as error:
        raise CorruptData(path, f"is damaged at or before line {number} ({error})") from None
    if len(docs) != len(lines):
        raise CorruptData(path, f"table {table!r} repeats a document id before line {number}")
    records = list(docs.values())
    _check(path, table, records)
    return records


def _parse_partial(
    path: Path, number: int, table: str, lines: list[bytes], fields: Collection[str]
) -> tuple[list[dict], list[bytes]]:
    """Records of only `fields` and each one's whole JSON: msgspec skips the other fields
    without building them, twice as fast as decoding everything."""
    joined = _joined(lines)
    try:
        raw = _RAW_RECORDS.decode(joined)
        records = list(_chunk_decoder(tuple(fields)).decode(joined).values())
    except msgspec.DecodeError as error:
        raise CorruptData(path, f"is damaged at or before line {number} ({error})") from None
    if len(records) != len(lines):
        raise CorruptData(path, f"table {table!r} repeats a document id before line {number}")
    return records, list(map(bytes, raw.values()))


_RAW_RECORDS = msgspec.json.Decoder(dict[str, msgspec.Raw])


@cache
def partial_decoder(fields: tuple[str, ...]) -> msgspec.json.Decoder:
    """A record with a string id and only `fields` of the rest: msgspec skips the others
    without building them."""
    return msgspec.json.Decoder(_partial(fields))


@cache
def _chunk_decoder(fields: tuple[str, ...]) -> msgspec.json.Decoder:
    return msgspec.json.Decoder(dict[str, _partial(fields)])


def _partial(fields: tuple[str, ...]) -> type:
    return TypedDict("Partial", {"id": Required[str], **dict.fromkeys(fields, Any)}, total=False)


def _check(path: Path, table: str, docs: list) -> None:
    """Every document a dict with a string id (checked in C: 100k of them at each start)."""
    if not all(map(isinstance, docs, repeat(dict))) or not all(
        map(isinstance, map(methodcaller("get", "id"), docs), repeat(str))
    ):
        raise CorruptData(path, f"table {table!r} is damaged")


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
