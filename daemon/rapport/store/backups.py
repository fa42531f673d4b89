"""Backups: snapshot copies in `<data dir>/backups/`, and restoring one.

A backup has the snapshot's own format (a TinyDB file with a meta table), so it can be opened
with TinyDB, checked with the same reader as the live snapshot, and restored by copying it in.
Automatic backups (daily while running, and before a migration) keep the newest `keep`.
"""

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from rapport.store.files import (
    JOURNAL_NAME,
    SNAPSHOT_NAME,
    check_snapshot,
    fsync_dir,
    sealed_journals,
    snapshot_pieces,
    write_atomically,
)
from rapport.store.lock import DataDirLock

BACKUP_DIR = "backups"
AUTOMATIC_PREFIX = "rapport-"


def backup_dir(data_dir: Path) -> Path:
    directory = Path(data_dir) / BACKUP_DIR
    directory.mkdir(mode=0o700, exist_ok=True)
    return directory


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def automatic_backups(data_dir: Path) -> list[Path]:
    """Automatic backups, oldest first (their names sort by time)."""
    directory = Path(data_dir) / BACKUP_DIR
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob(f"{AUTOMATIC_PREFIX}*.json") if p.is_file())


def newest_backup(data_dir: Path) -> Path | None:
    found = automatic_backups(data_dir)
    return found[-1] if found else None


def write_backup(
    data_dir: Path, version: int, seq: int, tables: dict, dest: Path | None = None, keep: int = 7
) -> Path:
    """Write the given state as a backup file; prune automatic ones down to `keep`."""
    path = Path(dest) if dest else backup_dir(data_dir) / f"{AUTOMATIC_PREFIX}{_stamp()}.json"
    write_atomically(path, snapshot_pieces(version, seq, tables))
    if dest is None:
        for old in automatic_backups(data_dir)[:-keep]:
            old.unlink()
    return path


def copy_before_migration(data_dir: Path, snapshot: Path, version: int) -> Path | None:
    if not snapshot.exists():
        return None
    path = backup_dir(data_dir) / f"{AUTOMATIC_PREFIX}{_stamp()}-before-migration-v{version}.json"
    write_atomically(path, snapshot.read_bytes())
    return path


class RestoreRefused(RuntimeError):
    """The file cannot be restored (damaged, too new) or the daemon is running."""


def restore(data_dir: Path, source: Path, newest_version: int) -> Path:
    """Replace the data with `source`; return the folder where the replaced files were kept."""
    data_dir, source = Path(data_dir), Path(source)
    version = check_snapshot(source)  # raises CorruptData naming the file
    if version > newest_version:
        raise RestoreRefused(f"{source} was written by a newer Rapport (schema {version})")
    payload = source.read_bytes()
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = DataDirLock(data_dir)
    lock.acquire()  # raises DataDirLocked while a daemon runs
    try:
        kept = backup_dir(data_dir) / f"replaced-{_stamp()}"
        kept.mkdir(mode=0o700)
        current = [data_dir / SNAPSHOT_NAME, data_dir / JOURNAL_NAME]
        current += [path for _, path in sealed_journals(data_dir)]
        for path in current:
            if path.exists():
                shutil.copy2(path, kept / path.name)
        fsync_dir(kept)
        write_atomically(data_dir / SNAPSHOT_NAME, payload)
        for path in current[1:]:
            path.unlink(missing_ok=True)
        fsync_dir(data_dir)
        os.chmod(data_dir / SNAPSHOT_NAME, 0o600)
    finally:
        lock.release()
    return kept
