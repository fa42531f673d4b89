"""The only code that opens Rapport's data files."""

from rapport.store.files import JOURNAL_NAME, SNAPSHOT_NAME, CorruptData
from rapport.store.lock import DataDirLocked
from rapport.store.store import Delete, Index, Op, Put, Store

__all__ = [
    "JOURNAL_NAME",
    "SNAPSHOT_NAME",
    "CorruptData",
    "DataDirLocked",
    "Delete",
    "Index",
    "Op",
    "Put",
    "Store",
]
