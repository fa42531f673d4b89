"""The only code that opens Rapport's data files."""

from rapport.store.backups import RestoreRefused, newest_backup, restore, write_backup
from rapport.store.files import JOURNAL_NAME, SNAPSHOT_NAME, CorruptData
from rapport.store.lock import DataDirLocked
from rapport.store.store import Delete, Index, Op, Put, Store, WriteFailed

__all__ = [
    "JOURNAL_NAME",
    "SNAPSHOT_NAME",
    "CorruptData",
    "DataDirLocked",
    "Delete",
    "Index",
    "Op",
    "Put",
    "RestoreRefused",
    "Store",
    "WriteFailed",
    "newest_backup",
    "restore",
    "write_backup",
]
