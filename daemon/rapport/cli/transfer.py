"""Getting data out and in: JSON export/import, vCard export, LinkedIn and vCard imports.

Uploads stream the file from disk and show a progress bar on stderr when it is big, so that
stdout stays clean for --json.
"""

import json
import os
from pathlib import Path

import click

from rapport.cli.common import call, connect, main
from rapport.cli.imports import import_group
from rapport.cli.people import client_options, echo_json
from rapport.client import Client

BIG_FILE = 1 << 20  # bytes; smaller uploads finish before a bar would be worth drawing
READABLE_FILE = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)


def upload(client: Client, route: str, file: Path, media_type: str):
    """POST the file to `route`, with a progress bar for big files."""
    if file.stat().st_size < BIG_FILE:
        return call(lambda: client.upload(route, file, media_type))
    from rich.console import Console  # imported on use: see common.new_table
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task(f"sending {file.name}", total=file.stat().st_size)

        def advance(sent: int, total: int) -> None:
            done = sent >= total
            bar.update(task, completed=sent, description="importing" if done else None)

        return call(lambda: client.upload(route, file, media_type, progress=advance))


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--vcf", is_flag=True, help="Write people as vCards (for address books).")
@client_options
def export(file: Path | None, vcf: bool, port: int | None, data_dir: Path | None, as_json: bool):
    """Export everything to FILE, or to stdout.

    JSON in Rapport's export format, which `rapport import FILE` restores; with --vcf, people
    only, as vCards for an address book.
    """
    client = connect(port, data_dir)
    if vcf:
        text = call(lambda: client.get("/export.vcf", accept="text/vcard"))
        counts = {"people": text.count("BEGIN:VCARD")}
    else:
        dump = call(lambda: client.get("/export"))
        text = json.dumps(dump, indent=1, ensure_ascii=False) + "\n"
        counts = {section: len(dump[section]) for section in ("people", "interactions", "promises")}
    if file is None:
        click.echo(text, nl=False)
        return
    partial = file.with_name(file.name + ".part")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, file)  # a reader never sees half an export
    if as_json:
        echo_json({"path": str(file), "counts": counts})
    else:
        summary = ", ".join(f"{count} {section}" for section, count in counts.items())
        click.echo(f"wrote {summary} to {file}", err=True)


@import_group.command("json")
@click.argument("file", type=READABLE_FILE)
@client_options
def import_json(file: Path, port: int | None, data_dir: Path | None, as_json: bool) -> None:
    """Restore a JSON export (from `rapport export`), all or nothing.

    Records keep their ids; records with an id that exists replace it. One bad record refuses
    the whole file, naming the record.
    """
    client = connect(port, data_dir)
    answer = upload(client, "/import", file, "application/json")
    if as_json:
        echo_json(answer)
        return
    counts = ", ".join(f"{count} {section}" for section, count in answer["imported"].items())
    click.echo(f"imported {counts} ({answer['created']} new, {answer['replaced']} replaced)")


@import_group.command("linkedin")
@click.argument("file", type=READABLE_FILE)
@client_options
def import_linkedin(file: Path, port: int | None, data_dir: Path | None, as_json: bool) -> None:
    """Import LinkedIn connections from Connections.csv.

    Get the file from LinkedIn: Settings, Data privacy, Get a copy of your data, Connections.
    Importing again updates people (and notes job changes) instead of adding them twice.
    """
    import_contacts("/import/linkedin", "text/csv", file, port, data_dir, as_json)


@import_group.command("vcard")
@click.argument("file", type=READABLE_FILE)
@client_options
def import_vcard(file: Path, port: int | None, data_dir: Path | None, as_json: bool) -> None:
    """Import people from a vCard file (.vcf, vCard 3.0 or 4.0), e.g. an address book export."""
    import_contacts("/import/vcard", "text/vcard", file, port, data_dir, as_json)


def import_contacts(
    route: str,
    media_type: str,
    file: Path,
    port: int | None,
    data_dir: Path | None,
    as_json: bool,
) -> None:
    """Send a contacts file; print the counts, and each refused row on stderr."""
    client = connect(port, data_dir)
    answer = upload(client, route, file, media_type)
    if as_json:
        echo_json(answer)
        return
    job_changes = f", {answer['job_changes']} job changes" if "job_changes" in answer else ""
    click.echo(
        f"{answer['created']} created, {answer['updated']} updated, "
        f"{answer['unchanged']} unchanged{job_changes}, {len(answer['errors'])} errors"
    )
    for error in answer["errors"]:
        click.echo(f"row {error['row']}: {error['message']}", err=True)
