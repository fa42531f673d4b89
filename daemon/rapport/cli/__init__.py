"""The `rapport` command: argument parsing only; work happens in the daemon or over HTTP.

Each module adds the commands of one area to the `main` group.
"""

from rapport.cli import daemon, tokens
from rapport.cli.common import main

__all__ = ["daemon", "main", "tokens"]
