"""The LinkedIn measure: a fresh daemon imports a Connections.csv as LinkedIn writes it.

The brief's target is 30k connections in under 3 s; the same file again (every row matched)
and a later export where one connection in ten changed jobs are timed too.
"""

import http.client
import random
import time
from pathlib import Path

import orjson

from benchlib import dataset, vocabulary
from benchlib.daemon import Daemon

TARGET_ROWS = 30_000
TARGET_SECONDS = 3.0

NOTES = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    'missing. You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\r\n'
    "\r\n"
)
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def connections_csv(count: int, seed: int = 7, job_changes: float = 0.0) -> bytes:
    """A Connections.csv as LinkedIn writes it, with names from many languages.

    The same seed gives the same people; `job_changes` is the share whose company differs.
    """
    rng = random.Random(seed)
    moved = random.Random(seed + 1)
    rows = [NOTES, HEADER]
    for index in range(count):
        culture = rng.choice(vocabulary.CULTURES)
        given, family = rng.choice(culture.given), rng.choice(culture.family)
        handle = f"{dataset.slug(given)}-{dataset.slug(family)}-{index:x}"
        email = f"{dataset.slug(given)}.{index}@example.com" if rng.random() < 0.3 else ""
        company = f"{rng.choice(vocabulary.COMPANY_STEMS)} {rng.choice(vocabulary.COMPANY_TRADES)}"
        if moved.random() < job_changes:
            company = f"{company} International"
        title = rng.choice(vocabulary.TITLES)
        joined = f"{rng.randint(1, 28):02d} {rng.choice(MONTHS)} {rng.randint(2008, 2025)}"
        rows.append(
            f'"{given}","{family}",https://www.linkedin.com/in/{handle},{email},'
            f'"{company}","{title}",{joined}\r\n'
        )
    return "".join(rows).encode()


def post_file(port: int, token: str, path: str, body: bytes, media_type: str) -> tuple[float, dict]:
    """Seconds for one upload, from sending to having read the answer, and the answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": media_type}
    started = time.perf_counter()
    connection.request("POST", f"/api/v1{path}", body=body, headers=headers)
    response = connection.getresponse()
    answer = response.read()
    seconds = time.perf_counter() - started
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}: {answer[:300]!r}")
    return seconds, orjson.loads(answer)


def bench_linkedin(work: Path, count: int) -> dict:
    daemon = Daemon.start(work / "linkedin", work / "linkedin.log")
    try:
        token = daemon.token()
        first = connections_csv(count)
        later = connections_csv(count, job_changes=0.1)
        results = {}
        for name, body in (("import", first), ("reimport", first), ("job_changes", later)):
            seconds, answer = post_file(daemon.port, token, "/import/linkedin", body, "text/csv")
            counts = {k: v for k, v in answer.items() if k != "errors"}
            results[name] = {
                "seconds": round(seconds, 3),
                **counts,
                "errors": len(answer["errors"]),
            }
        results["rss_mb"] = round(daemon.rss_mb(), 1)
        return {"connections": count, "bytes": len(first), **results}
    finally:
        daemon.stop()
