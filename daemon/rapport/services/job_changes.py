"""Job changes: a new company or title seen on re-import, kept as an interaction of kind `other`.

The interaction is the record of it (the contract has no other place for a dated event about a
person); its text starts with a fixed marker so that the card can show the change as such and
anything that should not count it as contact can tell it apart.
"""

from datetime import datetime

from rapport.services.text import fold
from rapport.timefmt import parse_instant

MARKER = "Job change: "
RECENT_DAYS = 90  # a change this fresh is worth congratulating them on


def role(title: str | None, company: str | None) -> str:
    """`Head of Data at Acme`, `Head of Data`, `at Acme`, or `no role given`."""
    if title and company:
        return f"{title} at {company}"
    if title:
        return title
    return f"at {company}" if company else "no role given"


def changed_role(current: dict, title: str | None, company: str | None) -> bool:
    """Whether a title or company that was known is now a different one (not just filled in)."""
    return any(
        before and after and fold(before) != fold(after)
        for before, after in ((current.get("title"), title), (current.get("company"), company))
    )


def job_change_text(current: dict, title: str | None, company: str | None) -> str:
    was = role(current.get("title"), current.get("company"))
    return f"{MARKER}now {role(title, company)}, was {was}"


def is_job_change(interaction: dict) -> bool:
    return interaction["kind"] == "other" and (interaction.get("text") or "").startswith(MARKER)


def job_changes(newest_first: list[dict]) -> list[dict]:
    """The job-change interactions among a person's, newest first."""
    return [interaction for interaction in newest_first if is_job_change(interaction)]


def job_change_lines(changes: list[dict]) -> list[str]:
    """`2026-03-02: now Head of Data at Acme, was Analyst at Initech`, one per change."""
    return [
        f"{change['occurred_at'][:10]}: {change['text'].removeprefix(MARKER)}" for change in changes
    ]


def recent_job_change(newest_first: list[dict], now: datetime) -> str | None:
    """`now Head of Data at Acme, was ...` when the latest change is recent, for talking points."""
    latest = next(iter(job_changes(newest_first)), None)
    if latest and (now - parse_instant(latest["occurred_at"])).days <= RECENT_DAYS:
        return latest["text"].removeprefix(MARKER)
    return None
