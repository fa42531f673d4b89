"""`scripts/bench` runs end to end on a tiny data set and reports every measure it promises.

The numbers themselves are not judged (a busy CI machine is no benchmark); what is checked is
that each measure ran, answered as expected and produced positive numbers, so the benchmark
cannot silently rot while the daemon changes under it.
"""

import importlib
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LATENCY_MEASURES = (
    "health",
    "card",
    "lookup",
    "list_people",
    "list_interactions",
    "search",
    "write",
)
LATENCY_FIELDS = ("p50_ms", "p99_ms", "mean_ms", "p50_x_health", "p99_x_health")


def positive(value) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and value > 0


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    # The module scripts/bench runs, without its venv set-up (which may reach the network).
    run = subprocess.run(
        [sys.executable, "-m", "benchlib", "--scale", "0.01", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Targets" in run.stdout
    return json.loads(out.read_text())


@pytest.fixture
def dataset_module(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    return importlib.import_module("benchlib.dataset")


@pytest.mark.parametrize("measure", LATENCY_MEASURES)
def test_every_latency_measure_has_positive_numbers(report, measure):
    stats = report["latency"][measure]
    assert stats["errors"] == 0, stats["first_error"]
    assert stats["samples"] > 0
    for field in LATENCY_FIELDS:
        assert positive(stats[field]), (measure, field, stats[field])
    assert stats["p99_ms"] >= stats["p50_ms"]


def test_health_is_the_unit_of_the_ratios(report):
    assert report["latency"]["health"]["p50_x_health"] == pytest.approx(1.0)


def test_concurrent_writers_report_throughput(report):
    writers = report["concurrent_writes"]
    assert writers["writers"] == 8
    assert writers["errors"] == 0, writers["first_error"]
    for field in ("writes", "seconds", "writes_per_s", *LATENCY_FIELDS):
        assert positive(writers[field]), field


def test_import_start_up_and_memory_are_measured(report):
    assert positive(report["import"]["seconds"])
    assert positive(report["import"]["records_per_s"])
    assert positive(report["shutdown_s"])
    assert len(report["cold_start"]["runs_s"]) == 3
    assert all(positive(seconds) for seconds in report["cold_start"]["runs_s"])
    assert positive(report["cold_start"]["median_s"])
    for moment in ("after_import", "after_run", "after_cold_start"):
        assert positive(report["rss_mb"][moment]), moment


def test_tinydb_baseline_and_gain(report):
    baseline = report["baseline_tinydb"]
    for field in ("file_mb", "fill_s", "insert_ms", "get_ms", "search_ms", "write_gain"):
        assert positive(baseline[field]), field
    assert all(count >= 2 for count in baseline["operations"].values())


def test_targets_are_judged(report):
    names = [target["name"] for target in report["targets"]]
    assert len(names) == 6
    for target in report["targets"]:
        assert isinstance(target["passed"], bool)
        assert positive(target["measured"]) and positive(target["limit"])
    assert report["failed_targets"] == [t["name"] for t in report["targets"] if not t["passed"]]


def test_the_linkedin_import_is_measured_three_ways(report):
    linked = report["linkedin_import"]
    assert linked["connections"] == 300  # 30k at scale 1
    assert linked["import"]["created"] == 300 and linked["import"]["errors"] == 0
    assert linked["reimport"]["unchanged"] == 300 and linked["reimport"]["created"] == 0
    assert 0 < linked["job_changes"]["updated"] < 300
    assert all(positive(linked[step]["seconds"]) for step in ("import", "reimport", "job_changes"))


def test_data_set_counts_follow_the_scale(report, dataset_module):
    assert report["dataset"]["counts"] == dataset_module.counts_for(0.01)
    assert dataset_module.counts_for(0.01) == {
        "people": 100,
        "interactions": 1000,
        "promises": 200,
        "reminders": 50,
        "meetings": 20,
    }


def test_same_seed_gives_the_same_data_set(dataset_module):
    first = dataset_module.generate(scale=0.01, seed=7)
    again = dataset_module.generate(scale=0.01, seed=7)
    other = dataset_module.generate(scale=0.01, seed=8)
    assert first["people"][0] == again["people"][0]
    assert first == again
    assert first["people"][0] != other["people"][0]


def test_data_set_is_in_the_export_format(dataset_module):
    dump = dataset_module.generate(scale=0.01, seed=7)
    assert (dump["format"], dump["version"]) == ("rapport", 1)
    for section in dataset_module.SECTIONS:
        assert dump[section] and all(record["id"] for record in dump[section])
    people = {person["id"] for person in dump["people"]}
    assert all(set(i["person_ids"]) <= people for i in dump["interactions"])
