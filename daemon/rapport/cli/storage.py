"""Backups: make one through the running daemon, or restore one while it is stopped."""

import json
import shutil
from pathlib import Path

import click

from rapport.cli.common import DATA_DIR_OPTION, JSON_OPTION, PORT_OPTION, call, connect, fail, main
from rapport.config import ConfigError, load_config
from rapport.services.migrations import SCHEMA_VERSION
from rapport.store import CorruptData, DataDirLocked, RestoreRefused, restore


@main.command()
@click.option(
    "--to",
    "dest",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the backup to this file instead of the backups folder in the data dir.",
)
@PORT_OPTION
@DATA_DIR_OPTION
@JSON_OPTION
def backup(dest: Path | None, port: int | None, data_dir: Path | None, as_json: bool) -> None:
    """Back up everything now, while the daemon runs (it also keeps a daily backup)."""
    client = connect(port, data_dir)
    made = call(lambda: client.post("/backup", {}))
    if dest is not None:
        try:
            shutil.copyfile(made["path"], dest)
        except OSError as error:
            fail(f"the backup is in {made['path']}, but copying it to {dest} failed: {error}", 1)
        made["path"] = str(dest)
    if as_json:
        click.echo(json.dumps(made))
        return
    click.echo(f"backup written to {made['path']} ({made['bytes']:,} bytes)")


@main.command(name="restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@DATA_DIR_OPTION
def restore_command(file: Path, data_dir: Path | None) -> None:
    """Replace the data with a backup FILE; stop the daemon first.

    The file is checked before anything is replaced, and the replaced data is kept in the
    backups folder.
    """
    try:
        config = load_config(data_dir=data_dir)
        kept = restore(config.data_dir, file, SCHEMA_VERSION)
    except ConfigError as error:
        fail(str(error), 2)
    except (CorruptData, RestoreRefused) as error:
        fail(f"not restored: {error}", 2)
    except DataDirLocked as error:
        fail(f"{error}; stop it first, then restore", 1)
    click.echo(f"restored {file} into {config.data_dir}; the replaced data is in {kept}")
