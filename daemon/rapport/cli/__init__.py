"""The `rapport` command: argument parsing only; work happens in the daemon or over HTTP.

Each module adds the commands of one area to the `main` group.
"""

from rapport.cli import (
    completion,
    daemon,
    followthrough,
    imports,
    meetings,
    notes,
    people,
    search,
    service,
    storage,
    tokens,
    transfer,
)
from rapport.cli.common import main

__all__ = [
    "completion",
    "daemon",
    "followthrough",
    "imports",
    "main",
    "meetings",
    "notes",
    "people",
    "search",
    "service",
    "storage",
    "tokens",
    "transfer",
]
