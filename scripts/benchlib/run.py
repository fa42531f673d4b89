"""`scripts/bench`: generate a data set, load it into a real daemon, measure, compare, report."""

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

import rapport
from benchlib import dataset as data
from benchlib import linkedin, report
from benchlib.api import Call, Connection, UnexpectedAnswer
from benchlib.baseline import run_baseline
from benchlib.daemon import Daemon, DaemonFailed, cold_start, isolate
from benchlib.measure import Advance, Latency, concurrent_writes, sample
from benchlib.workload import Workload

# Timed requests per measure: enough for a p99 that moves little between runs. Slow measures
# stop earlier at --budget; the sample count is printed beside every percentile. Each measure
# is the Workload method of its name.
SAMPLES = {
    "health": 2000,
    "card": 1000,
    "lookup": 1000,
    "list_people": 500,
    "list_interactions": 1000,
    "search": 200,
    "write": 1000,
}
WARMUP = {"search": 5}  # untimed requests first; 50 where not named here
# The targets are ratios between these, so they are sent mixed in one seeded random order: a
# burst of load from another program then slows all of them alike instead of one measure.
INTERLEAVED = ("health", "card", "lookup", "list_interactions", "write")
REDRAW_EVERY_S = 0.25
CONCURRENT_WRITERS = 8
CONCURRENT_WRITES = 1600
COLD_STARTS = 3
BASELINE_OPERATIONS = 5

DESCRIPTION = """\
Measure Rapport the way its users run it: a real `rapport serve` process, a realistic data set,
requests over HTTP with a keep-alive connection.

Steps:
  1. Generate a data set with a fixed seed. At --scale 1.0: 10,000 people (names from many
     cultures, companies, titles, headlines, places, 1-3 emails, LinkedIn/X/GitHub/Mastodon
     profiles, tags, keep-in-touch cadences), 100,000 interactions over three years, 20,000
     promises, 5,000 reminders and 2,000 meetings. --scale multiplies every count.
  2. Start a daemon on a temp data dir, load the data set with POST /api/v1/import (timed),
     then time requests: /health, person card, profile lookup by a non-canonical URL, people
     list pages, a person's interactions, search by a name fragment, one durable write
     (POST /interactions, fsync'd) after another, and 8 concurrent writers (writes/s).
     Latencies are p50 and p99 in ms and as multiples of /health p50 from the same run;
     /health, card, lookup, a person's interactions and the write are sent mixed in one
     seeded random order, so that load from other programs skews none of the ratios.
  3. Stop the daemon (SIGTERM writes the snapshot), then time process start to the first 200
     on /health, 3 times (median), and read the daemon's resident memory.
  4. Baseline: stock TinyDB (JSONStorage) holding the same people and interactions; time
     table.insert() (a durable write rewrites the whole file), table.get() and a Query
     search by name in this process; the gain is TinyDB insert ms / Rapport write p50 ms.
  5. Print tables and the brief's targets with pass/fail: card and lookup p50 within 2x and a
     durable write p50 within 4x of /health p50, cold start under 1 s, RSS under 200 MiB.

Everything runs in a temp dir with its own HOME, XDG dirs and a plain-file keyring: the
benchmark never touches your data, config or keyring. Exit status 0 even when a target is
missed (this is a measurement, not a test); 1 when the benchmark itself could not run.
"""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--scale",
        type=_positive_float,
        default=1.0,
        help="multiply every record count (default 1.0; 0.05 is a quick run)",
    )
    parser.add_argument("--seed", type=int, default=7, help="data set seed (default 7)")
    parser.add_argument(
        "--json",
        type=Path,
        metavar="FILE",
        help="also write every number as JSON: run, dataset, import, latency, concurrent_writes, "
        "shutdown_s, cold_start, rss_mb, baseline_tinydb, targets, failed_targets",
    )
    parser.add_argument(
        "--budget",
        type=_positive_float,
        default=20.0,
        metavar="SECONDS",
        help="stop sampling one measure after this long (default 20)",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        metavar="DIR",
        help="where the temp data dir goes (default: the system temp dir); its disk sets the "
        "cost of fsync, so put it where your real data lives",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temp dir (data, daemon log) and print it"
    )
    return parser.parse_args(argv)


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be above 0, not {text}")
    return value


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    status = Console(stderr=True)
    work = Path(tempfile.mkdtemp(prefix="rapport-bench-", dir=args.work_dir))
    try:
        isolate(work / "home")
        with _progress(status) as progress:
            results = Bench(args, work, progress).run()
    except (DaemonFailed, UnexpectedAnswer, OSError) as error:
        status.print(f"[red]rapport bench: {error}")
        return 1
    finally:
        if args.keep:
            status.print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    report.render(results, _stdout_console())
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return 0


def _progress(console: Console) -> Progress:
    """Redrawn only between requests (see Bench._task), never by a thread while one is timed."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        auto_refresh=False,
    )


def _stdout_console() -> Console:
    """The terminal's width, or a width that fits the tables when stdout is a file or pipe."""
    console = Console()
    return console if console.is_terminal else Console(width=132)


class Bench:
    """One run: every step in order, collecting the numbers into one JSON-ready dict."""

    def __init__(self, args: argparse.Namespace, work: Path, progress: Progress):
        self.args = args
        self.progress = progress
        self.data_dir = work / "data"
        self.log_path = work / "daemon.log"
        self.baseline_path = work / "tinydb-baseline.json"
        self.results: dict = {}

    def run(self) -> dict:
        self.results["rapport_version"] = rapport.__version__
        self.results["run"] = self._describe_run()
        dataset = self._generate()
        workload = Workload(dataset, self.args.seed + 1)
        daemon = Daemon.start(self.data_dir, self.log_path)
        try:
            self._load_and_measure(daemon, dataset, workload)
        finally:
            if daemon.process.poll() is None:
                daemon.process.kill()
        self._cold_starts()
        self._linkedin_import()
        fragments = [workload.name_fragment() for _ in range(BASELINE_OPERATIONS)]
        self._baseline(dataset, fragments)
        targets = report.targets(self.results)
        self.results["targets"] = [target.as_dict() for target in targets]
        self.results["failed_targets"] = [t.name for t in targets if not t.passed]
        return self.results

    def _task(self, description: str, total: int | None) -> Advance:
        """A progress line; its callback redraws at most a few times a second."""
        task = self.progress.add_task(description, total=total)
        self.progress.refresh()
        last_drawn, done = time.perf_counter(), 0

        def advance(steps: int) -> None:
            nonlocal last_drawn, done
            self.progress.advance(task, steps)
            done += steps
            finished = total is None or done >= total
            if finished or time.perf_counter() - last_drawn > REDRAW_EVERY_S:
                if total is None:
                    self.progress.update(task, total=1, completed=1)
                self.progress.refresh()
                last_drawn = time.perf_counter()

        return advance

    @contextmanager
    def _ticking(self) -> Iterator[None]:
        """Keep redrawing (spinner, elapsed time) through a long step that times no request."""
        stop = threading.Event()

        def tick() -> None:
            while not stop.wait(REDRAW_EVERY_S):
                self.progress.refresh()

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            yield
        finally:
            stop.set()
            ticker.join()

    def _end_early(self, done: int) -> None:
        """Close the newest progress line at `done` steps when the time budget cut it short."""
        task = self.progress.task_ids[-1]
        self.progress.update(task, total=done, completed=done)
        self.progress.refresh()

    def _describe_run(self) -> dict:
        return {
            "scale": self.args.scale,
            "seed": self.args.seed,
            "python": platform.python_version(),
            "platform": platform.platform(terse=True),
            "cpus": _cpu_count(),
            "filesystem": filesystem_of(self.data_dir.parent),
            "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }

    def _generate(self) -> dict:
        counts = data.counts_for(self.args.scale)
        advance = self._task("generating the data set", sum(counts.values()))
        started = time.perf_counter()
        dataset = data.generate(self.args.scale, self.args.seed, advance)
        self.results["dataset"] = {
            "counts": counts,
            "generate_s": time.perf_counter() - started,
        }
        return dataset

    def _load_and_measure(self, daemon: Daemon, dataset: dict, workload: Workload) -> None:
        token = daemon.token()
        connection = Connection(daemon.port, token)
        self._import(connection, dataset)
        self.results["rss_mb"] = {"after_import": daemon.rss_mb()}
        latency = self._latencies(connection, workload)
        health_p50 = latency["health"].p50_ms
        self.results["latency"] = {
            name: report.latency_dict(stats, health_p50) for name, stats in latency.items()
        }
        writes = workload.calls(workload.write, CONCURRENT_WRITES)
        advance = self._task(f"{CONCURRENT_WRITERS} concurrent writers", len(writes))
        throughput = concurrent_writes(
            lambda: Connection(daemon.port, token), writes, CONCURRENT_WRITERS, advance
        )
        self.results["concurrent_writes"] = report.throughput_dict(throughput, health_p50)
        connection.close()
        self.results["rss_mb"]["after_run"] = daemon.rss_mb()
        advance = self._task("stopping (snapshot)", None)
        with self._ticking():
            self.results["shutdown_s"] = daemon.stop()
        advance(1)

    def _import(self, connection: Connection, dataset: dict) -> None:
        body = orjson.dumps(dataset)
        self.results["dataset"]["json_mb"] = len(body) / 2**20
        advance = self._task("importing (POST /import)", None)
        with self._ticking():
            started = time.perf_counter()
            answer = orjson.loads(connection.check(Call("POST", "/import", body)))
            seconds = time.perf_counter() - started
        advance(1)
        expected = {section: len(dataset[section]) for section in data.SECTIONS}
        if answer.get("imported") != expected:
            raise DaemonFailed(f"import counted {answer.get('imported')}, sent {expected}")
        records = sum(expected.values())
        self.results["import"] = {"seconds": seconds, "records_per_s": records / seconds}

    def _latencies(self, connection: Connection, workload: Workload) -> dict[str, Latency]:
        """The interleaved group first, then each slower measure alone under the budget."""
        groups = [INTERLEAVED, *((name,) for name in SAMPLES if name not in INTERLEAVED)]
        measured = {}
        for group in groups:
            warmup, schedule = [], []
            for name in group:
                make = getattr(workload, name)
                warmup += workload.calls(make, WARMUP.get(name, 50))
                schedule += [(name, call) for call in workload.calls(make, SAMPLES[name])]
            workload.rng.shuffle(schedule)
            label = f"{len(group)} measures, mixed" if len(group) > 1 else report.REQUESTS[group[0]]
            advance = self._task(label, len(schedule))
            budget = self.args.budget * len(group)
            results = sample(connection, schedule, warmup, budget, advance)
            self._end_early(sum(len(m.seconds) + m.errors for m in results.values()))
            measured.update(results)
        return {name: measured[name] for name in SAMPLES}

    def _linkedin_import(self) -> None:
        rows = max(round(linkedin.TARGET_ROWS * self.args.scale), 100)
        advance = self._task(f"LinkedIn import of {rows:,} connections", None)
        with self._ticking():
            self.results["linkedin_import"] = linkedin.bench_linkedin(self.data_dir.parent, rows)
        advance(1)

    def _cold_starts(self) -> None:
        advance = self._task("cold starts", COLD_STARTS)
        runs, memory = [], 0.0
        with self._ticking():
            for _ in range(COLD_STARTS):
                seconds, memory = cold_start(self.data_dir, self.log_path)
                runs.append(seconds)
                advance(1)
        self.results["cold_start"] = {"median_s": statistics.median(runs), "runs_s": runs}
        self.results["rss_mb"]["after_cold_start"] = memory

    def _baseline(self, dataset: dict, fragments: list[str]) -> None:
        advance = self._task("TinyDB baseline", 3 * BASELINE_OPERATIONS)
        with self._ticking():
            baseline = run_baseline(
                self.baseline_path,
                dataset,
                fragments,
                BASELINE_OPERATIONS,
                self.args.budget,
                advance,
            )
        self._end_early(sum(len(times) for times in baseline.ms.values()))
        write_p50 = self.results["latency"]["write"]["p50_ms"]
        self.results["baseline_tinydb"] = report.baseline_dict(baseline, write_p50)


def _cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def filesystem_of(path: Path) -> str:
    """The type of the mount holding `path` (fsync's cost depends on it), where Linux says."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return f"{path}"
    resolved, best_point, best_kind = str(path.resolve()), "", "unknown"
    for line in mounts:
        _, point, kind = line.split()[:3]
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best_point):
            best_point, best_kind = point, kind
    return f"{best_kind} ({path})"


if __name__ == "__main__":
    sys.exit(main())
