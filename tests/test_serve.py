"""`rapport serve` as a real process: start, refuse, crash, restart."""

import signal
import threading
import time

import pytest

from rapport.client import ApiFailure, DaemonUnreachable
from rapport.store import JOURNAL_NAME, SNAPSHOT_NAME
from tests.daemon import run_rapport, start_daemon

CRASH_ROUNDS = 20
WRITERS = 8


def test_ready_line_names_address_and_data_dir(tmp_path):
    daemon = start_daemon(tmp_path / "data")
    try:
        assert daemon.data_dir == tmp_path / "data"
        assert daemon.client().get("/health")["app"] == "rapport"
    finally:
        assert daemon.stop() == 0


def test_second_daemon_on_the_same_data_dir_is_refused_naming_the_pid(tmp_path):
    daemon = start_daemon(tmp_path)
    try:
        second = run_rapport("serve", "--port", "0", "--data-dir", str(tmp_path))
        assert second.returncode == 1
        assert f"process {daemon.process.pid}" in second.stderr
        assert second.stderr.count("\n") == 1
    finally:
        daemon.stop()


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.org"])
def test_non_loopback_host_is_refused_with_exit_2(tmp_path, host):
    result = run_rapport("serve", "--host", host, "--port", "0", "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert "not a loopback address" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / SNAPSHOT_NAME).exists()


def test_sigterm_folds_the_journal_into_the_snapshot(tmp_path):
    daemon = start_daemon(tmp_path)
    daemon.client().post("/people", {"name": "Grace Hopper"})
    assert (tmp_path / JOURNAL_NAME).stat().st_size > 0
    assert daemon.stop(signal.SIGINT) == 0
    assert (tmp_path / JOURNAL_NAME).stat().st_size == 0
    assert "Grace Hopper" in (tmp_path / SNAPSHOT_NAME).read_text()


def test_corrupt_snapshot_is_refused_and_left_untouched(tmp_path):
    (tmp_path / SNAPSHOT_NAME).write_text('{"meta": {"1": {"schema_ver')
    result = run_rapport("serve", "--port", "0", "--data-dir", str(tmp_path))
    assert result.returncode == 1
    assert str(tmp_path / SNAPSHOT_NAME) in result.stderr
    assert (tmp_path / SNAPSHOT_NAME).read_text() == '{"meta": {"1": {"schema_ver'


def test_torn_journal_tail_is_dropped_at_start(tmp_path):
    daemon = start_daemon(tmp_path)
    client = daemon.client()
    kept = client.post("/people", {"name": "Kept"})
    client.post("/people", {"name": "Torn"})
    daemon.stop(signal.SIGKILL)
    journal = tmp_path / JOURNAL_NAME
    journal.write_bytes(journal.read_bytes()[:-7])
    daemon = start_daemon(tmp_path)
    try:
        names = [p["name"] for p in daemon.client().get("/people")["items"]]
        assert names == ["Kept"]
        assert daemon.client().get(f"/people/{kept['id']}")["name"] == "Kept"
    finally:
        daemon.stop()
    assert "torn" in daemon.stderr


def _write_until_killed(client, writer: int, acknowledged: list, stop: threading.Event):
    n = 0
    while not stop.is_set():
        try:
            record = client.post("/people", {"name": f"writer {writer} #{n}"})
        except (DaemonUnreachable, ApiFailure, OSError):
            return
        acknowledged.append(record["id"])
        n += 1


def test_kill_9_during_concurrent_writes_loses_no_acknowledged_record(tmp_path):
    acknowledged: list[str] = []
    for _ in range(CRASH_ROUNDS):
        daemon = start_daemon(tmp_path)
        stop = threading.Event()
        writers = [
            threading.Thread(
                target=_write_until_killed, args=(daemon.client(), w, acknowledged, stop)
            )
            for w in range(WRITERS)
        ]
        for thread in writers:
            thread.start()
        time.sleep(0.3)
        daemon.process.kill()
        stop.set()
        for thread in writers:
            thread.join(10)
        daemon.stop()
    daemon = start_daemon(tmp_path)
    try:
        stored = {p["id"] for p in daemon.client().get("/export")["people"]}
    finally:
        daemon.stop()
    assert len(acknowledged) > CRASH_ROUNDS * WRITERS
    assert len(set(acknowledged)) == len(acknowledged), "an id was handed out twice"
    assert set(acknowledged) <= stored, f"lost {len(set(acknowledged) - stored)} records"
