"""Running the daemon and asking it how it is."""

import json
import sys
from pathlib import Path

import click

from rapport.cli.common import DATA_DIR_OPTION, JSON_OPTION, PORT_OPTION, call, connect, main


@main.command()
@click.option("--host", default=None, help="Loopback address to listen on [default 127.0.0.1].")
@PORT_OPTION
@DATA_DIR_OPTION
def serve(host: str | None, port: int | None, data_dir: Path | None) -> None:
    """Run the daemon in the foreground until SIGTERM or Ctrl-C."""
    from rapport.server import run

    sys.exit(run(host=host, port=port, data_dir=data_dir))


@main.command()
@PORT_OPTION
@DATA_DIR_OPTION
@JSON_OPTION
def status(port: int | None, data_dir: Path | None, as_json: bool) -> None:
    """Is the daemon up? Its version, data dir and record counts."""
    client = connect(port, data_dir)
    info = call(lambda: client.get("/status"))
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    click.echo(f"rapport {info['version']} is running at {client.base_url}")
    click.echo(f"data: {info['data_dir']}")
    for table, count in info["counts"].items():
        click.echo(f"  {table}: {count}")
    for source in info.get("calendars", ()):
        state = f"failing: {source['last_error']}" if source["last_error"] else "ok"
        click.echo(f"calendar {source['name']} ({source['id']}): {state}")
