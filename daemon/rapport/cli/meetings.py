"""Meetings from the terminal: import a calendar, keep calendar sources, the agenda, cards."""

import re
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

import click

from rapport.cli.common import call, connect, echo_markdown, fail, main, new_table, print_rich
from rapport.cli.imports import import_group
from rapport.cli.people import client_options, complete_person, echo_json, resolve
from rapport.cli.transfer import upload
from rapport.client import Client
from rapport.services.calendars import fetch_url
from rapport.timefmt import parse_instant

ADDRESS = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
FETCH_TIMEOUT_SECONDS = 60


@import_group.command("ics")
@click.argument("source")
@client_options
def import_ics(source: str, port: int | None, data_dir: Path | None, as_json: bool) -> None:
    """Import the meetings of an ICS file or address (https://, webcal://), once.

    Importing the same or an edited calendar again updates its meetings instead of adding them
    twice. For a calendar the daemon should keep re-reading, use `rapport calendar add`.
    """
    client = connect(port, data_dir)
    if ADDRESS.match(source):
        answer = call(lambda: client.upload("/meetings/import", _download(source), "text/calendar"))
    else:
        file = Path(source).expanduser()
        if not file.is_file():
            fail(f"no such file: {source}", 2)
        answer = upload(client, "/meetings/import", file, "text/calendar")
    if as_json:
        echo_json(answer)
        return
    counts = ("imported", "updated", "unchanged", "removed", "skipped")
    click.echo(", ".join(f"{answer[name]} {name}" for name in counts))
    for error in answer["errors"]:
        click.echo(f"event {error['index']} ({error['uid'] or 'no UID'}): {error['message']}",
                   err=True)  # fmt: skip


def _download(address: str) -> bytes:
    try:
        url = fetch_url(address)
    except ValueError as error:
        fail(str(error), 2)
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_SECONDS) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        fail(f"the calendar server answered HTTP {error.code}", 2)
    except (urllib.error.URLError, OSError) as error:
        fail(f"cannot read the calendar: {getattr(error, 'reason', error)}", 2)


# -- calendar sources ------------------------------------------------------------------------


@main.group()
def calendar() -> None:
    """Calendars the daemon re-reads on its own: ICS addresses and files."""


@calendar.command("add")
@click.argument("source")
@click.option("--name", help="What to call it [default: the host or file name].")
@client_options
def add_calendar(
    source: str, name: str | None, port: int | None, data_dir: Path | None, as_json: bool
) -> None:
    """Add an ICS address (https://, webcal://) or file, and import it now.

    \b
    rapport calendar add webcal://calendar.example.com/private-abc123/basic.ics --name Work
    rapport calendar add ~/Calendars/family.ics
    """
    body = {"name": name} if name else {}
    if ADDRESS.match(source):
        body["url"] = source
    else:
        body["path"] = str(Path(source).expanduser().resolve())
    client = connect(port, data_dir)
    added = call(lambda: client.post("/calendars", body))
    if as_json:
        echo_json(added)
    else:
        click.echo(f"added {added['name']} ({added['id']}): {added['meetings']} meetings")


@calendar.command("list")
@client_options
def list_calendars(port: int | None, data_dir: Path | None, as_json: bool) -> None:
    """List calendar sources, when each was last read and what went wrong."""
    client = connect(port, data_dir)
    sources = call(lambda: list(client.items("/calendars")))
    if as_json:
        echo_json({"items": sources, "total": len(sources)})
        return
    table = new_table()
    table.add_column("Id", no_wrap=True)  # whole, to copy into `calendar remove`
    for name in ("Name", "Source", "Meetings", "Last read", "Problem"):
        table.add_column(name, overflow="fold")
    for source in sources:
        table.add_row(
            source["id"],
            source["name"],
            source["url"] or source["path"],
            str(source["meetings"]),
            _local(source["last_success_at"]) if source["last_success_at"] else "never",
            source["last_error"] or "",
        )
    print_rich(table)


@calendar.command("refresh")
@click.argument("calendar_id", metavar="ID")
@client_options
def refresh_calendar(calendar_id: str, port: int | None, data_dir: Path | None, as_json: bool):
    """Read a calendar source now instead of waiting for its schedule."""
    client = connect(port, data_dir)
    source = call(
        lambda: client.post(f"/calendars/{urllib.parse.quote(calendar_id, safe='')}/refresh", {})
    )
    if as_json:
        echo_json(source)
    elif source["last_error"]:
        fail(f"{source['name']} ({source['id']}) could not be read: {source['last_error']}", 1)
    else:
        click.echo(f"{source['name']} ({source['id']}): {source['meetings']} meetings")


@calendar.command("remove")
@click.argument("calendar_id", metavar="ID")
@client_options
def remove_calendar(calendar_id: str, port: int | None, data_dir: Path | None, as_json: bool):
    """Remove a calendar source and its meetings still to come (past ones stay)."""
    client = connect(port, data_dir)
    call(lambda: client.delete(f"/calendars/{urllib.parse.quote(calendar_id, safe='')}"))
    if as_json:
        echo_json({"removed": calendar_id})
    else:
        click.echo(f"removed {calendar_id}")


# -- agenda and cards ------------------------------------------------------------------------


@main.command()
@click.option("--days", type=click.IntRange(1, 366), default=1, show_default=True,
              help="How many days, from the start of today.")  # fmt: skip
@client_options
def agenda(days: int, port: int | None, data_dir: Path | None, as_json: bool) -> None:
    """Your meetings day by day in local time, with the ids `rapport card --meeting` takes."""
    today = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    bounds = {"from": today.isoformat(), "to": (today + timedelta(days=days)).isoformat()}
    client = connect(port, data_dir)
    meetings = call(lambda: list(client.items("/meetings", **bounds)))
    if as_json:
        echo_json({"items": meetings, "total": len(meetings)})
        return
    if not meetings:
        click.echo(f"no meetings in the next {days} day{'s' if days > 1 else ''}")
        return
    day = None
    for meeting in meetings:
        start = parse_instant(meeting["starts_at"]).astimezone()
        if start.date() != day:
            if day is not None:
                click.echo()
            day = start.date()
            click.echo(f"{start:%a} {day.day} {start:%b %Y}")
        click.echo(f"  {_times(meeting, start)}  {_summary(meeting)}  {meeting['id']}")


def _times(meeting: dict, start: datetime) -> str:
    if meeting.get("all_day"):
        return "all day    "
    end = parse_instant(meeting["ends_at"]).astimezone() if meeting["ends_at"] else None
    return f"{start:%H:%M}-{end:%H:%M}" if end else f"{start:%H:%M}      "


def _summary(meeting: dict) -> str:
    people = [a["name"] or a["email"] for a in meeting["attendees"] if a["name"] or a["email"]]
    return f"{meeting['title']} ({', '.join(people)})" if people else meeting["title"]


def _local(instant: str) -> str:
    return f"{parse_instant(instant).astimezone():%Y-%m-%d %H:%M}"


@main.command()
@click.argument("name", required=False, shell_complete=complete_person)
@click.option("--meeting", "meeting_id", metavar="ID", help="A meeting's card instead.")
@client_options
def card(
    name: str | None, meeting_id: str | None, port: int | None, data_dir: Path | None, as_json: bool
) -> None:
    """The card to read before you meet: a person's by NAME, or a meeting's by --meeting ID.

    On a terminal the card is rendered; piped, it is plain Markdown (for notes and files).

    \b
    rapport card "Ada Lovelace"
    rapport card --meeting m_XXXX
    """
    if (name is None) == (meeting_id is None):
        fail("give a NAME or --meeting ID (one of them)", 2)
    client = connect(port, data_dir)
    path = _card_path(client, name, meeting_id)
    if as_json:
        echo_json(call(lambda: client.get(path)))
        return
    text = call(lambda: client.get(path, accept="text/markdown"))
    echo_markdown(text)


def _card_path(client: Client, name: str | None, meeting_id: str | None) -> str:
    if meeting_id is not None:
        return f"/meetings/{urllib.parse.quote(meeting_id, safe='')}/card"
    return f"/people/{resolve(client, name)['id']}/card"
