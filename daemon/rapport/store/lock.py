"""One daemon per data dir, enforced by an OS lock that dies with its process.

A pid file would survive `kill -9` and block the next start; `flock` is released by the kernel
when the holder exits however it exits. The pid written inside is only there to name the holder.
"""

import fcntl
import os
from pathlib import Path

LOCK_NAME = "rapport.lock"


class DataDirLocked(RuntimeError):
    def __init__(self, path: Path, pid: str):
        self.path = path
        self.pid = pid
        holder = f"process {pid}" if pid else "another process"
        super().__init__(f"{path.parent} is in use by {holder} (another rapport daemon)")


class DataDirLock:
    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip()
            os.close(fd)
            raise DataDirLocked(self.path, holder) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
