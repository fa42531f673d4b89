"""Run `rapport serve` as a real process for tests that need one."""

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from rapport.client import Client
from rapport.owner_token import read_owner_token

READY = re.compile(r"rapport listening on http://127\.0\.0\.1:(\d+) \(data: (.+)\)")


@dataclass
class Daemon:
    process: subprocess.Popen
    port: int
    data_dir: Path

    def client(self) -> Client:
        return Client(f"http://127.0.0.1:{self.port}", read_owner_token(self.data_dir))

    def rapport(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        """Run a `rapport` command against this daemon."""
        where = ("--port", str(self.port), "--data-dir", str(self.data_dir))
        return run_rapport(*args, *where, env=env)

    stderr: str = ""

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> int:
        """Signal the daemon, wait for it, keep what it logged, close its pipes."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        _, self.stderr = self.process.communicate(timeout=timeout)
        return self.process.returncode


def rapport_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "rapport", *args]


def start_daemon(data_dir: Path, *extra: str, timeout: float = 20) -> Daemon:
    """Start a daemon on a free port and wait for its ready line."""
    process = subprocess.Popen(
        rapport_command("serve", "--port", "0", "--data-dir", str(data_dir), *extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    deadline = time.monotonic() + timeout
    line = process.stdout.readline()
    match = READY.fullmatch(line.strip())
    if not match or time.monotonic() > deadline:
        process.kill()
        _, err = process.communicate(timeout=10)
        raise AssertionError(f"daemon did not start: {line!r} {err}")
    return Daemon(process, int(match[1]), Path(match[2]))


def run_rapport(*args: str, env: dict | None = None, timeout: float = 30):
    return subprocess.run(
        rapport_command(*args),
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
