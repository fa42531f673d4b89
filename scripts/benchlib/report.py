"""Turning measurements into the JSON document, the brief's targets, and the printed tables.

Latencies are also given as multiples of `/health` p50 from the same run: the targets are
ratios so that they mean the same on a fast desktop and a slow laptop.
"""

import math
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from benchlib.baseline import Baseline
from benchlib.linkedin import TARGET_ROWS, TARGET_SECONDS
from benchlib.measure import Latency, Throughput

# Measure name -> what it sends, in the order the table shows them.
REQUESTS = {
    "health": "GET /health",
    "card": "GET /people/{id}/card",
    "lookup": "GET /people/lookup?url=",
    "list_people": "GET /people?limit=50&offset=",
    "list_interactions": "GET /interactions?person_id=",
    "search": "GET /search?q=",
    "write": "POST /interactions",
}
RSS_LIMIT_MB = 200
COLD_START_LIMIT_S = 1.0


@dataclass(frozen=True)
class Target:
    name: str
    measured: float
    limit: float
    unit: str
    note: str = ""

    @property
    def passed(self) -> bool:
        return not self.note and self.measured <= self.limit

    def as_dict(self) -> dict:
        return {**self.__dict__, "passed": self.passed}


def latency_dict(latency: Latency, health_p50_ms: float) -> dict:
    return {
        "samples": len(latency.seconds),
        "errors": latency.errors,
        "first_error": latency.first_error,
        "p50_ms": latency.p50_ms,
        "p99_ms": latency.p99_ms,
        "mean_ms": latency.mean_ms,
        "p50_x_health": latency.p50_ms / health_p50_ms,
        "p99_x_health": latency.p99_ms / health_p50_ms,
    }


def throughput_dict(throughput: Throughput, health_p50_ms: float) -> dict:
    return {
        "writers": throughput.writers,
        "writes": throughput.latency_count,
        "seconds": throughput.seconds,
        "writes_per_s": throughput.writes_per_s,
        **latency_dict(throughput.latency, health_p50_ms),
    }


def baseline_dict(baseline: Baseline, rapport_write_p50_ms: float) -> dict:
    insert_ms = baseline.ms_per_op("insert")
    return {
        "file_mb": baseline.file_mb,
        "fill_s": baseline.fill_s,
        "insert_ms": insert_ms,
        "get_ms": baseline.ms_per_op("get"),
        "search_ms": baseline.ms_per_op("search"),
        "operations": {name: len(times) for name, times in baseline.ms.items()},
        "write_gain": insert_ms / rapport_write_p50_ms,
    }


def targets(results: dict) -> list[Target]:
    """The brief's targets, each failed outright if its measure had unexpected answers."""
    latency = results["latency"]

    def ratio(measure: str, limit: float) -> Target:
        errors = latency[measure]["errors"]
        note = f"{errors} requests did not answer as expected" if errors else ""
        name = f"{REQUESTS[measure]} p50 within {limit:g}x /health p50"
        return Target(name, latency[measure]["p50_x_health"], limit, "x", note)

    return [
        ratio("card", 2),
        ratio("lookup", 2),
        ratio("write", 4),
        Target(
            "cold start to first /health 200 (median)",
            results["cold_start"]["median_s"],
            COLD_START_LIMIT_S,
            "s",
        ),
        Target("daemon RSS after the run", results["rss_mb"]["after_run"], RSS_LIMIT_MB, "MiB"),
        _linkedin_target(results["linkedin_import"]),
    ]


def _linkedin_target(measured: dict) -> Target:
    """30k rows in 3 s; a scaled run is held to the same rate."""
    rows = measured["connections"]
    limit = TARGET_SECONDS * rows / TARGET_ROWS
    errors = measured["import"]["errors"]
    note = f"{errors} rows were refused" if errors else ""
    seconds = measured["import"]["seconds"]
    return Target(f"{rows:,} LinkedIn connections imported", seconds, round(limit, 3), "s", note)


def render(results: dict, console: Console) -> None:
    console.rule(f"[bold]Rapport {results['rapport_version']} benchmark")
    console.print(_header(results))
    console.print(_latency_table(results))
    console.print(_system_table(results))
    console.print(_baseline_table(results))
    console.print(_targets_table(results))
    failed = results["failed_targets"]
    if failed:
        console.print(f"[bold red]{len(failed)} target(s) missed:[/] " + "; ".join(failed))
    else:
        console.print("[bold green]Every target met.")


def _header(results: dict) -> str:
    run, data = results["run"], results["dataset"]
    counts = ", ".join(f"{n:,} {section}" for section, n in data["counts"].items())
    return (
        f"scale {run['scale']:g}, seed {run['seed']}: {counts} "
        f"({data['json_mb']:.1f} MiB of JSON, generated in {data['generate_s']:.1f} s)\n"
        f"Python {run['python']} on {run['platform']}, {run['cpus']} CPUs; "
        f"data dir on {run['filesystem']}"
    )


def _ms(value: float) -> str:
    if math.isnan(value):
        return "-"
    return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 100 else f"{value:,.0f}"


def _x(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.1f}x"


def _latency_table(results: dict) -> Table:
    table = Table(title="Latency over one keep-alive HTTP connection", title_justify="left")
    table.add_column("measure")
    table.add_column("request")
    for column in ("samples", "p50 ms", "p99 ms", "p50 / health", "p99 / health"):
        table.add_column(column, justify="right")
    rows = [(name, REQUESTS[name], stats) for name, stats in results["latency"].items()]
    writers = results["concurrent_writes"]
    rows.append(("concurrent_write", f"POST /interactions x {writers['writers']}", writers))
    for name, request, stats in rows:
        samples = f"{stats['samples']:,}"
        if stats["errors"]:
            samples += f" [red]({stats['errors']} errors)[/]"
        table.add_row(
            name,
            request,
            samples,
            _ms(stats["p50_ms"]),
            _ms(stats["p99_ms"]),
            _x(stats["p50_x_health"]),
            _x(stats["p99_x_health"]),
        )
    return table


def _system_table(results: dict) -> Table:
    table = Table(title="Load, throughput, start-up, memory", title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("detail")
    imported, writers, cold = results["import"], results["concurrent_writes"], results["cold_start"]
    table.add_row(
        "import (POST /import)",
        f"{imported['seconds']:.2f} s",
        f"{imported['records_per_s']:,.0f} records/s",
    )
    table.add_row(
        f"{writers['writers']} concurrent writers",
        f"{writers['writes_per_s']:,.0f} writes/s",
        f"{writers['writes']:,} writes in {writers['seconds']:.2f} s",
    )
    table.add_row(
        "stop (SIGTERM, snapshot)", f"{results['shutdown_s']:.2f} s", "after the measured run"
    )
    runs = ", ".join(f"{s:.2f}" for s in cold["runs_s"])
    table.add_row("cold start (median)", f"{cold['median_s']:.2f} s", f"runs: {runs} s")
    rss = results["rss_mb"]
    table.add_row("daemon RSS after the import", f"{rss['after_import']:.0f} MiB", "")
    table.add_row("daemon RSS after the run", f"{rss['after_run']:.0f} MiB", "import + measures")
    table.add_row("daemon RSS after cold start", f"{rss['after_cold_start']:.0f} MiB", "fresh load")
    linked = results["linkedin_import"]
    for step, label in (("import", "first"), ("reimport", "again"), ("job_changes", "10% moved")):
        table.add_row(
            f"LinkedIn import, {label} (POST /import/linkedin)",
            f"{linked[step]['seconds']:.2f} s",
            f"{linked['connections']:,} rows: {linked[step]['created']:,} created, "
            f"{linked[step]['updated']:,} updated",
        )
    return table


def _baseline_table(results: dict) -> Table:
    base, latency = results["baseline_tinydb"], results["latency"]
    table = Table(
        title=f"Baseline: stock TinyDB, JSONStorage, {base['file_mb']:.1f} MiB file",
        title_justify="left",
        caption="gain = TinyDB ms / Rapport ms. The card and /search do more than get() and a "
        "name Query (a whole card; names, fields and every interaction's text).",
        caption_justify="left",
    )
    for column in ("operation", "ms / op", "ops", "Rapport over HTTP", "Rapport ms (p50)", "gain"):
        table.add_column(column, justify="left" if column == "operation" else "right")
    pairs = (
        ("table.insert() (durable)", "insert_ms", "write"),
        ("table.get(doc_id=)", "get_ms", "card"),
        ("table.search(Query().name)", "search_ms", "search"),
    )
    for label, key, measure in pairs:
        rapport_ms = latency[measure]["p50_ms"]
        table.add_row(
            label,
            _ms(base[key]),
            str(base["operations"][key.removesuffix("_ms")]),
            REQUESTS[measure],
            _ms(rapport_ms),
            _x(base[key] / rapport_ms),
        )
    return table


def _targets_table(results: dict) -> Table:
    table = Table(title="Targets", title_justify="left")
    for column in ("target", "limit", "measured", "result"):
        table.add_column(column, justify="left" if column == "target" else "right")
    for target in results["targets"]:
        unit = target["unit"]
        digits = 3 if unit == "s" else 2  # so that 1.004 s does not print as a failing 1.00 s
        measured = f"{target['measured']:.{digits}f} {unit}"
        if target["note"]:
            measured += f" ({target['note']})"
        result = "[green]pass" if target["passed"] else "[bold red]FAIL"
        table.add_row(target["name"], f"{target['limit']:g} {unit}", measured, result)
    return table
