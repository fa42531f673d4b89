"""Schema migrations: ordered functions, each taking the tables of one version to the next.

`MIGRATIONS[0]` turns version 1 into version 2, and so on; the newest version is one more than
their count. The store runs the ones a snapshot needs at start, after copying it to a backup.
"""

from rapport.store.store import Migration

MIGRATIONS: list[Migration] = []
SCHEMA_VERSION = len(MIGRATIONS) + 1
