"""A real `rapport serve` process on a throw-away home, data dir and keyring.

The benchmark must never read or write the user's own data, config or keyring: everything a
daemon or the keyring library could find through HOME or the XDG variables is pointed into the
run's temp dir, and the keyring is the plain file backend there.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

try:
    import psutil
except ImportError:  # the bench extra brings it; /proc is enough on Linux without it
    psutil = None

READY = re.compile(r"rapport listening on http://127\.0\.0\.1:(\d+) \(data: (.+)\)")
FILE_KEYRING = "keyrings.alt.file.PlaintextKeyring"
USER_SETTINGS = ("RAPPORT_PORT", "RAPPORT_DATA_DIR", "RAPPORT_TOKEN", "RAPPORT_CONFIG")


class DaemonFailed(RuntimeError):
    """The daemon did not start or stop as it should; the message quotes its log."""


def isolate(home: Path) -> None:
    """Point HOME, the XDG dirs and the keyring into `home`, for us and every daemon we start."""
    os.environ.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
        PYTHON_KEYRING_BACKEND=FILE_KEYRING,
    )
    for name in USER_SETTINGS:
        os.environ.pop(name, None)


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MiB."""
    if psutil is not None:
        return psutil.Process(pid).memory_info().rss / 2**20
    status = Path(f"/proc/{pid}/status").read_text()
    kib = int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)[1])
    return kib / 1024


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Daemon:
    process: subprocess.Popen
    port: int
    data_dir: Path
    log_path: Path

    @classmethod
    def start(cls, data_dir: Path, log_path: Path) -> "Daemon":
        """Start on a free port and wait for the ready line."""
        process = _spawn(data_dir, 0, log_path)
        line = process.stdout.readline()
        match = READY.fullmatch(line.strip())
        if not match:
            process.kill()
            process.wait()
            raise DaemonFailed(f"the daemon did not start ({line.strip()!r}): {_tail(log_path)}")
        return cls(process, int(match[1]), Path(match[2]), log_path)

    def token(self) -> str:
        from rapport.owner_token import read_owner_token  # after isolate(): the file keyring

        return read_owner_token(self.data_dir)

    def rss_mb(self) -> float:
        return rss_mb(self.process.pid)

    def stop(self, timeout: float = 300) -> float:
        """SIGTERM (the daemon folds its journal into the snapshot); seconds it took to exit."""
        started = time.perf_counter()
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise DaemonFailed(f"the daemon ignored SIGTERM for {timeout} s") from None
        finally:
            self.process.stdout.close()
        if code != 0:
            raise DaemonFailed(f"the daemon exited with {code}: {_tail(self.log_path)}")
        return time.perf_counter() - started


def cold_start(data_dir: Path, log_path: Path, timeout: float = 120) -> tuple[float, float]:
    """(seconds from process start to the first 200 on /health, RSS in MiB then), then stop.

    The port is chosen beforehand so that the clock runs from the exec, not from the ready line.
    """
    port = free_port()
    started = time.perf_counter()
    process = _spawn(data_dir, port, log_path)
    daemon = Daemon(process, port, data_dir, log_path)
    while not _healthy(port):
        if process.poll() is not None or time.perf_counter() - started > timeout:
            daemon.process.kill()
            raise DaemonFailed(f"the daemon did not come up: {_tail(log_path)}")
        time.sleep(0.002)
    seconds = time.perf_counter() - started
    memory = daemon.rss_mb()
    daemon.stop()
    return seconds, memory


def _spawn(data_dir: Path, port: int, log_path: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "rapport", "serve", "--port", str(port)]
    with log_path.open("ab") as log:
        return subprocess.Popen(
            [*command, "--data-dir", str(data_dir)],
            stdout=subprocess.PIPE,
            stderr=log,
            stdin=subprocess.DEVNULL,
            text=True,
            env=os.environ.copy(),
        )


def _healthy(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/api/v1/health")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _tail(log_path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
