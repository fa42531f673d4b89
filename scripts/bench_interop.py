#!/usr/bin/env python3
"""Time the interop routes on a real daemon: a 30k-row LinkedIn import, and search at scale.

    .venv/bin/python scripts/bench_interop.py [--scale 1.0] [--connections 30000] [--json FILE]

1. LinkedIn: a fresh daemon imports a Connections.csv of N connections (the brief's target:
   30k in under 3 s), then the same file again (every row matched, nothing written but the
   journal entry), then a later export where one connection in ten changed jobs.
2. Search: a daemon loaded with the benchmark data set (10k people, 100k interactions, 20k
   promises at scale 1) answers name fragments as typed, names with a typo, two-word topics and
   very common words; the first search builds the index (timed apart), and a search right
   after a write shows the cost of the incremental update. RSS is read before and after.

Uses scripts/benchlib (data set, daemon, HTTP client) read-only, so `scripts/bench` can take
these measures over as they are.
"""

import argparse
import json
import random
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode

import orjson
from anyascii import anyascii
from benchlib import dataset, vocabulary
from benchlib.api import Call, Connection
from benchlib.daemon import Daemon, isolate
from benchlib.linkedin import bench_linkedin

SEARCHES = 200


def queries(people: list[dict], rng: random.Random) -> dict[str, list[str]]:
    """Queries of four kinds, drawn from the people in the data set."""

    def name_part() -> str:
        return rng.choice(rng.choice(people)["name"].split())

    def typo(word: str) -> str:
        at = rng.randrange(1, len(word)) if len(word) > 1 else 0
        return word[:at] + rng.choice("aeiourst") + word[at + 1 :]

    topics = [" ".join(topic.split()[:2]) for topic in vocabulary.TOPICS]
    return {
        "name fragment": [name_part()[: rng.randint(3, 6)] for _ in range(SEARCHES)],
        "name with a typo": [
            typo(anyascii(part).lower())
            for part in (name_part() for _ in range(SEARCHES * 3))
            if len(part) >= 6
        ][:SEARCHES],
        "two-word topic": [rng.choice(topics) for _ in range(SEARCHES)],
        "common word": [rng.choice(("the", "and", "about", "team", "plant")) for _ in range(50)],
    }


def search_call(query: str) -> Call:
    return Call("GET", "/search?" + urlencode({"q": query}, quote_via=quote))


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p99_ms": round(ordered[max(0, round(len(ordered) * 0.99) - 1)] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
        "searches": len(ordered),
    }


def bench_search(work: Path, scale: float) -> dict:
    data = dataset.generate(scale)
    daemon = Daemon.start(work / "search", work / "search.log")
    try:
        client = Connection(daemon.port, daemon.token())
        client.check(Call("POST", "/import", orjson.dumps(data)))
        health = [client.timed(Call("GET", "/health")) for _ in range(SEARCHES)]
        rss_before = daemon.rss_mb()
        first = client.timed(search_call("warm up"))
        rss_after = daemon.rss_mb()
        by_kind = {
            kind: percentiles([client.timed(search_call(q)) for q in texts])
            for kind, texts in queries(data["people"], random.Random(11)).items()
        }
        note = {"person_ids": [data["people"][0]["id"]], "kind": "note", "text": "Benchmark"}
        after_write = []
        for _ in range(20):
            client.check(Call("POST", "/interactions", orjson.dumps(note), expect=201))
            after_write.append(client.timed(search_call("benchmark")))
        return {
            "counts": {section: len(data[section]) for section in dataset.SECTIONS},
            "health_p50_ms": round(statistics.median(health) * 1000, 2),
            "first_search_s": round(first, 3),
            "rss_mb_before_index": round(rss_before, 1),
            "rss_mb_with_index": round(rss_after, 1),
            "queries": by_kind,
            "after_a_write": percentiles(after_write),
        }
    finally:
        daemon.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="data set size for search")
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rapport-bench-interop-") as temp:
        work = Path(temp)
        isolate(work / "home")
        results = {
            "linkedin": bench_linkedin(work, args.connections),
            "search": bench_search(work, args.scale),
        }
    linkedin, found = results["linkedin"], results["search"]
    print(f"LinkedIn import of {linkedin['connections']} connections ({linkedin['bytes']} bytes):")
    for name in ("import", "reimport", "job_changes"):
        step = linkedin[name]
        counts = ", ".join(f"{k} {v}" for k, v in step.items() if k != "seconds")
        print(f"  {name:<12} {step['seconds']:6.2f} s   {counts}")
    print(f"Search at {found['counts']}:")
    print(
        f"  first search (builds the index) {found['first_search_s']:.2f} s; RSS "
        f"{found['rss_mb_before_index']} MB -> {found['rss_mb_with_index']} MB; "
        f"health p50 {found['health_p50_ms']} ms"
    )
    for kind, numbers in [*found["queries"].items(), ("after a write", found["after_a_write"])]:
        print(
            f"  {kind:<18} p50 {numbers['p50_ms']:6.2f} ms  p99 {numbers['p99_ms']:6.2f} ms  "
            f"max {numbers['max_ms']:6.2f} ms  ({numbers['searches']} searches)"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
