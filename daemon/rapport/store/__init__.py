"""The only code that opens Rapport's data files."""

from rapport.store.backups import RestoreRefused, newest_backup, restore, write_backup
from rapport.store.files import JOURNAL_NAME, SNAPSHOT_NAME, CorruptData, Row, Tables
from rapport.store.lock import DataDirLocked
from rapport.store.store import (
    Delete,
    Index,
    Op,
    Put,
    PutEncoded,
    Store,
    WriteFailed,
    pack,
    unpack,
)

__all__ = [
    "JOURNAL_NAME",
    "SNAPSHOT_NAME",
    "CorruptData",
    "DataDirLocked",
    "Delete",
    "Index",
    "Op",
    "Put",
    "PutEncoded",
    "RestoreRefused",
    "Row",
    "Store",
    "Tables",
    "WriteFailed",
    "newest_backup",
    "pack",
    "restore",
    "unpack",
    "write_backup",
]
