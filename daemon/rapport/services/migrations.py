"""Schema migrations: ordered functions, each taking the tables of one version to the next.

`MIGRATIONS[0]` turns version 1 into version 2, and so on; the newest version is one more than
their count. The store runs the ones a snapshot needs at start, after copying it to a backup.
"""

from rapport.services.people import PERSON_DEFAULTS
from rapport.services.records import KINDS
from rapport.store.store import Migration, Tables


def fill_new_fields(tables: Tables) -> Tables:
    """v1 -> v2: fields added after v1 (snoozes; meeting all-day, description, url, logged_at)
    get their defaults, so every record has the shape the code reads."""
    defaults = {"people": lambda record: PERSON_DEFAULTS}
    for table, kind in KINDS.items():
        defaults[table] = lambda record, kind=kind: kind.defaults(record["created_at"])
    return {
        name: {
            rid: {**defaults[name](record), **record} if name in defaults else record
            for rid, record in records.items()
        }
        for name, records in tables.items()
    }


MIGRATIONS: list[Migration] = [fill_new_fields]
SCHEMA_VERSION = len(MIGRATIONS) + 1
