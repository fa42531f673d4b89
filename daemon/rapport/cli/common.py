"""What every `rapport` command shares: the group, the common options, failing well.

Exit codes: 0 done, 1 the daemon is unreachable or failed, 2 bad usage or input.
"""

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

import rapport
from rapport.client import ApiFailure, Client, DaemonUnreachable
from rapport.config import ConfigError
from rapport.owner_token import KeyringUnavailable

if TYPE_CHECKING:
    from rich.table import Table

PORT_OPTION = click.option(
    "--port", type=int, default=None, help="Daemon port [env RAPPORT_PORT; default 27277]."
)
DATA_DIR_OPTION = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data directory [env RAPPORT_DATA_DIR; default: the user data dir].",
)
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def fail(message: str, code: int) -> None:
    click.echo(f"rapport: {message}", err=True)
    sys.exit(code)


def connect(port: int | None, data_dir: Path | None) -> Client:
    try:
        return Client.from_environment(port=port, data_dir=data_dir)
    except ConfigError as error:
        fail(str(error), 2)
    except KeyringUnavailable as error:
        fail(f"{error}; or set RAPPORT_TOKEN", 2)


def call(action):
    """Run one client call, turning failures into one line and the right exit code."""
    try:
        return action()
    except DaemonUnreachable as error:
        fail(str(error), 1)
    except ApiFailure as error:
        fail(error.message, 2 if 400 <= error.status < 500 else 1)


class OneLineUsageErrors(click.Group):
    """Bad usage fails like everything else: one line saying what to fix, exit 2."""

    def make_context(self, *args, **kwargs) -> click.Context:
        with _usage_in_one_line():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        with _usage_in_one_line():
            return super().invoke(ctx)


@contextmanager
def _usage_in_one_line():
    try:
        yield
    except click.exceptions.NoArgsIsHelpError:
        raise
    except click.UsageError as error:
        where = error.ctx.command_path if error.ctx else "rapport"
        fail(f"{error.format_message()} (see `{where} --help`)", 2)


@click.group(cls=OneLineUsageErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(rapport.__version__, prog_name="rapport")
def main() -> None:
    """Rapport: remember who you engaged with and follow through on every promise.

    Start the local daemon with `rapport serve`; every other command talks to it.
    """


def new_table(*headers: str) -> "Table":
    """A borderless table for the terminal.

    rich is imported on use, here and in `print_rich`: at the top it would add 40 ms to every
    start, the daemon's included.
    """
    from rich.table import Table

    return Table(*headers, box=None, header_style="bold")


def print_rich(renderable, highlight: bool = True) -> None:
    from rich.console import Console

    Console(highlight=highlight).print(renderable)


def echo_markdown(text: str) -> None:
    """Rendered with rich in a terminal; the Markdown itself when piped to a file or a tool."""
    if not sys.stdout.isatty():
        click.echo(text, nl=False)
        return
    from rich.markdown import Markdown

    print_rich(Markdown(text))
