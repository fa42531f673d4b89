"""Timing: latency percentiles of one request kind, and throughput of concurrent writers.

Each measure warms up first (first requests pay for imports, caches and page faults that a
running daemon has long paid) and stops early at a time budget, so a slow route is sampled less
instead of stalling the run; the sample count is reported next to every percentile.
"""

import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from benchlib.api import Call, Connection, UnexpectedAnswer

Advance = Callable[[int], None]


@dataclass
class Latency:
    """Seconds per request of one measure, and the requests that did not answer as expected."""

    name: str
    seconds: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str | None = None

    def record_error(self, error: UnexpectedAnswer) -> None:
        self.errors += 1
        self.first_error = self.first_error or str(error)

    def percentile_ms(self, percent: int) -> float:
        """Inclusive percentile: with few samples p99 is close to the slowest, never past it."""
        if not self.seconds:
            return float("nan")
        if len(self.seconds) == 1:
            return self.seconds[0] * 1000
        cuts = statistics.quantiles(self.seconds, n=100, method="inclusive")
        return cuts[percent - 1] * 1000

    @property
    def p50_ms(self) -> float:
        return self.percentile_ms(50)

    @property
    def p99_ms(self) -> float:
        return self.percentile_ms(99)

    @property
    def mean_ms(self) -> float:
        return statistics.fmean(self.seconds) * 1000 if self.seconds else float("nan")


@dataclass
class Throughput:
    """Many writers at once: how many writes per second the daemon acknowledges."""

    writers: int
    writes: int
    seconds: float
    latency: Latency

    @property
    def writes_per_s(self) -> float:
        return self.latency_count / self.seconds if self.seconds else float("nan")

    @property
    def latency_count(self) -> int:
        return len(self.latency.seconds)


def sample(
    connection: Connection,
    schedule: list[tuple[str, Call]],
    warmup: list[Call],
    budget_s: float,
    advance: Advance,
) -> dict[str, Latency]:
    """Send `warmup` untimed, then time the (measure, call) pairs one after another.

    Stops when the schedule is done or over budget. A schedule that mixes measures in random
    order spreads any burst of load from elsewhere on the machine over all of them alike.
    """
    for call in warmup:
        connection.send(call)
    measured = {name: Latency(name) for name, _ in schedule}
    deadline = time.perf_counter() + budget_s
    for name, call in schedule:
        try:
            measured[name].seconds.append(connection.timed(call))
        except UnexpectedAnswer as error:
            measured[name].record_error(error)
        advance(1)
        if time.perf_counter() > deadline:
            break
    return measured


def concurrent_writes(
    connect: Callable[[], Connection], calls: list[Call], writers: int, advance: Advance
) -> Throughput:
    """`writers` threads, one connection each, start together and share `calls` between them."""
    latency = Latency("concurrent_write")
    lock = threading.Lock()
    start = threading.Barrier(writers + 1)
    shares = [calls[i::writers] for i in range(writers)]

    def write_share(share: list[Call]) -> None:
        connection = connect()
        connection.check(Call("GET", "/health"))  # open the socket before the clock starts
        start.wait()
        for call in share:
            try:
                seconds = connection.timed(call)
                with lock:
                    latency.seconds.append(seconds)
            except UnexpectedAnswer as error:
                with lock:
                    latency.record_error(error)
            advance(1)
        connection.close()

    threads = [threading.Thread(target=write_share, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return Throughput(writers, len(calls), time.perf_counter() - began, latency)
