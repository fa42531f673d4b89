"""The baseline: stock TinyDB with its default JSONStorage, holding the same people and notes.

This is what the brief's "Storage" section argues against: a durable `table.insert()` reads and
rewrites the whole file, and so does every read. The table is filled with one storage write
(inserting 100k records one by one would take hours, which is the point but not worth waiting
for); then a handful of inserts, gets and name searches are timed in this process.
"""

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tinydb import Query, TinyDB

from benchlib.measure import Advance


@dataclass
class Baseline:
    """Milliseconds per operation on a TinyDB file as large as the daemon's data set."""

    file_mb: float
    fill_s: float
    ms: dict[str, list[float]] = field(default_factory=dict)

    def ms_per_op(self, operation: str) -> float:
        times = self.ms[operation]
        return sum(times) / len(times)


def fill(path: Path, dataset: dict) -> tuple[TinyDB, float]:
    """A TinyDB with the people and interactions tables written in one go."""
    started = time.perf_counter()
    database = TinyDB(path)  # default JSONStorage: stdlib json, whole-file read and write
    database.storage.write(
        {
            table: {str(n): record for n, record in enumerate(dataset[table], start=1)}
            for table in ("people", "interactions")
        }
    )
    return database, time.perf_counter() - started


def run_baseline(
    path: Path,
    dataset: dict,
    fragments: list[str],
    operations: int,
    budget_s: float,
    advance: Advance,
) -> Baseline:
    database, fill_s = fill(path, dataset)
    rng = random.Random(len(dataset["people"]))
    people, interactions = database.table("people"), database.table("interactions")
    count = len(dataset["people"])
    actions: dict[str, Callable[[int], object]] = {
        "insert": lambda n: interactions.insert(_note(dataset["people"][n % count]["id"], n)),
        "get": lambda n: people.get(doc_id=rng.randint(1, count)),
        # A new pattern each time: TinyDB caches query results, a user's next query is new.
        "search": lambda n: people.search(
            Query().name.search(re.escape(fragments[n % len(fragments)]), flags=re.IGNORECASE)
        ),
    }
    baseline = Baseline(path.stat().st_size / 2**20, fill_s)
    for name, action in actions.items():
        baseline.ms[name] = _time_each(action, operations, budget_s, advance)
    database.close()
    return baseline


def _time_each(action: Callable[[int], object], operations: int, budget_s: float, advance):
    """At least two runs (a mean of one is luck), then more while under budget."""
    times: list[float] = []
    deadline = time.perf_counter() + budget_s
    for n in range(operations):
        started = time.perf_counter()
        action(n)
        times.append((time.perf_counter() - started) * 1000)
        advance(1)
        if n >= 1 and time.perf_counter() > deadline:
            break
    return times


def _note(person_id: str, n: int) -> dict:
    return {
        "person_ids": [person_id],
        "kind": "note",
        "text": f"Baseline note {n}: followed up about OPC UA migrations.",
        "occurred_at": "2026-03-01T12:00:00.000Z",
    }
