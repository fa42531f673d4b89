"""Giving freed memory back to the system after work that made a lot of short-lived garbage.

glibc keeps the pages of freed allocations for reuse; after an import of 100k records or a
rebuild of the search index, tens of megabytes of them would stay with the daemon for good.
"""

import ctypes
import sys


def _malloc_trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


_TRIM = _malloc_trim()


def release_free_memory() -> None:
    """Return the C heap's free pages to the system; a no-op where the C library cannot."""
    if _TRIM is not None:
        _TRIM(0)
