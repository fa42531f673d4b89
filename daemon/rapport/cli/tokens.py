"""Tokens for scripts and extensions, and pairing an extension."""

import json
import time
from pathlib import Path

import click

from rapport.cli.common import (
    DATA_DIR_OPTION,
    JSON_OPTION,
    PORT_OPTION,
    call,
    connect,
    fail,
    main,
)
from rapport.client import ApiFailure, DaemonUnreachable
from rapport.config import ConfigError, load_config
from rapport.owner_token import KeyringUnavailable, ensure_owner_token, read_owner_token


@main.group()
def token() -> None:
    """Client tokens for scripts and the extension."""


@token.command("create")
@click.option("--name", required=True, help="Who will use the token, e.g. 'backup script'.")
@PORT_OPTION
@DATA_DIR_OPTION
def token_create(name: str, port: int | None, data_dir: Path | None) -> None:
    """Ask the running daemon for a new client token and print it alone on stdout."""
    client = connect(port, data_dir)
    created = call(lambda: client.post("/clients", {"name": name}))
    click.echo(created["token"])


@token.command("list")
@PORT_OPTION
@DATA_DIR_OPTION
@JSON_OPTION
def token_list(port: int | None, data_dir: Path | None, as_json: bool) -> None:
    """List client tokens: name, origin, when created and last used (never the token)."""
    client = connect(port, data_dir)
    items = call(lambda: client.get("/clients", limit=1000))["items"]
    if as_json:
        click.echo(json.dumps(items, indent=2))
        return
    if not items:
        click.echo("no client tokens; create one with `rapport token create --name NAME`")
    for item in items:
        origin = item["origin"] or "any (script)"
        used = item["last_used_at"] or "never"
        click.echo(f"{item['id']}  {item['name']}  origin: {origin}  last used: {used}")


@token.command("revoke")
@click.argument("client_id")
@PORT_OPTION
@DATA_DIR_OPTION
def token_revoke(client_id: str, port: int | None, data_dir: Path | None) -> None:
    """Revoke a client token at once (the id comes from `rapport token list`)."""
    client = connect(port, data_dir)
    call(lambda: client.delete(f"/clients/{client_id}"))
    click.echo(f"revoked {client_id}")


@token.command("rotate-owner")
@PORT_OPTION
@DATA_DIR_OPTION
def token_rotate_owner(port: int | None, data_dir: Path | None) -> None:
    """Replace the owner token kept in the keyring; the old one stops working at once."""
    client = connect(port, data_dir)
    try:
        client.post("/owner/rotate", {})
    except DaemonUnreachable:
        config = load_config(port=port, data_dir=data_dir)
        ensure_owner_token(config.data_dir, rotate=True)
        click.echo("the daemon is not running; the next start uses the new owner token")
        return
    except ApiFailure as error:
        fail(error.message, 2 if error.status < 500 else 1)
    click.echo("owner token rotated")


@main.command()
@click.option("--approve", is_flag=True, help="Approve the waiting pairing without its code.")
@click.option(
    "--wait", type=int, default=120, show_default=True, help="Seconds to wait for a request."
)
@PORT_OPTION
@DATA_DIR_OPTION
def pair(approve: bool, wait: int, port: int | None, data_dir: Path | None) -> None:
    """Show the code that pairs a browser extension (click Pair in its options first)."""
    client = connect(port, data_dir)
    deadline = time.monotonic() + wait
    announced = False
    while True:
        try:
            pending = client.get("/pairing")
            break
        except DaemonUnreachable as error:
            fail(str(error), 1)
        except ApiFailure as error:
            if error.status != 404:
                fail(error.message, 2 if error.status < 500 else 1)
            if time.monotonic() >= deadline:
                fail("no extension asked to pair; click Pair in the extension's options", 1)
            if not announced:
                click.echo("waiting for an extension to ask to pair (Ctrl-C to stop)...", err=True)
                announced = True
            time.sleep(1)
    if approve:
        call(lambda: client.post("/pairing/approve", {}))
        click.echo(f"approved {pending['client_name']} ({pending['origin']})")
        return
    click.echo(f"{pending['client_name']} ({pending['origin']}) asks to pair.")
    click.echo(f"Code: {pending['code']}   (expires {pending['expires_at']})")


@token.command("owner")
@DATA_DIR_OPTION
def token_owner(data_dir: Path | None) -> None:
    """Print the owner token from the keyring alone on stdout (for owner-only routes)."""
    try:
        config = load_config(data_dir=data_dir)
        owner = read_owner_token(config.data_dir)
    except (ConfigError, KeyringUnavailable) as error:
        fail(str(error), 2)
    if owner is None:
        fail(f"no owner token for {config.data_dir} yet; start the daemon once", 1)
    click.echo(owner)
