"""Following through from the terminal: `rapport due`, `done`, `snooze` and `digest`.

Days are ISO dates or words (`friday`, `next week`, `in 3 days`; see `rapport.dates`).
`done` and `snooze` take the ids `rapport due` shows and find which record they name.
"""

from datetime import date
from pathlib import Path

import click

from rapport.cli.common import call, connect, echo_markdown, fail, main, new_table, print_rich
from rapport.cli.people import client_options, echo_json
from rapport.client import ApiFailure, Client
from rapport.dates import DAY, NotADay, parse_day
from rapport.services.digest import WEEK_RE, week_of

KIND_LABELS = {
    "promise": "you owe",
    "reminder": "reminder",
    "keep_in_touch": "keep in touch",
    "nudge": "nudge",
    "meeting_followup": "how did it go?",
}
NOUNS = {"promises": "promise", "reminders": "reminder", "people": "person", "meetings": "meeting"}


@main.command()
@click.option(
    "--until",
    "day",
    type=DAY,
    help="Also what falls due by the end of this day: friday, next week, 2026-03-06 "
    "[default: today].",
)
@client_options
def due(day: date | None, port: int | None, data_dir: Path | None, as_json: bool) -> None:
    """What to follow through on today, most pressing first.

    My overdue promises, my promises due, reminders, keep-in-touch lapses (the people who speak
    for you first), promises others owe you that are late, meetings waiting for a note.
    """
    client = connect(port, data_dir)
    until = day.isoformat() if day else None
    items = call(lambda: list(client.items("/due", until=until)))
    if as_json:
        echo_json({"items": items, "total": len(items)})
        return
    if not items:
        click.echo("Nothing due: you are all caught up.")
        return
    table = new_table("", "Why", "Late", "Id")
    for item in items:
        late = f"[red]{item['late_days']}d[/red]" if item["late_days"] else ""
        table.add_row(KIND_LABELS[item["kind"]], item["why"], late, item["id"])
    print_rich(table, highlight=False)


@main.command()
@click.argument("record_id", metavar="ID")
@click.option("--dropped", is_flag=True, help="Drop the promise instead: it will not be kept.")
@client_options
def done(
    record_id: str, dropped: bool, port: int | None, data_dir: Path | None, as_json: bool
) -> None:
    """Mark a promise or a reminder done (or a promise --dropped); it leaves the due list.

    \b
    rapport done pr_XXXX
    rapport done pr_XXXX --dropped
    """
    client = connect(port, data_dir)
    table, _ = _find(client, record_id)
    if table not in ("promises", "reminders"):
        hint = {
            "people": "log what you did with `rapport log` to reset their cadence, or snooze them",
            "meetings": "log how it went with `rapport log`",
        }[table]
        fail(f"{record_id} is a {NOUNS[table]}: {hint}", 2)
    if dropped and table == "reminders":
        fail("a reminder is done or open; --dropped is for promises", 2)
    status = "dropped" if dropped else "done"
    closed = call(lambda: client.patch(f"/{table}/{record_id}", {"status": status}))
    if as_json:
        echo_json(closed)
    else:
        click.echo(f"{status}: {closed['text']} ({record_id})")


@main.command()
@click.argument("record_id", metavar="ID")
@click.option(
    "--until",
    "day",
    type=DAY,
    required=True,
    help="The day it comes back: tomorrow, friday, next week, in 3 days, 2026-03-06.",
)
@client_options
def snooze(
    record_id: str, day: date, port: int | None, data_dir: Path | None, as_json: bool
) -> None:
    """Keep a person, promise or reminder off the due list and the digest until a day.

    \b
    rapport snooze p_XXXX --until "next week"
    rapport snooze pr_XXXX --until friday
    """
    client = connect(port, data_dir)
    table, record = _find(client, record_id)
    if table == "meetings":
        fail("a meeting waits for its note for a day only; log how it went with `rapport log`", 2)
    changed = call(lambda: client.patch(f"/{table}/{record_id}", {"snoozed_until": str(day)}))
    if as_json:
        echo_json(changed)
    else:
        what = record["name"] if table == "people" else record["text"]
        click.echo(f"snoozed until {day:%a %Y-%m-%d}: {what} ({record_id})")


def _find(client: Client, record_id: str) -> tuple[str, dict]:
    """The table and record an id from the due list names, or exit 2."""
    for table in NOUNS:
        record = call(lambda table=table: _get_or_none(client, f"/{table}/{record_id}"))
        if record is not None:
            return table, record
    fail(f"no promise, reminder, person or meeting has the id {record_id!r}", 2)


def _get_or_none(client: Client, path: str) -> dict | None:
    try:
        return client.get(path)
    except ApiFailure as error:
        if error.status == 404:
            return None
        raise


class WeekParam(click.ParamType):
    """An ISO week (`2026-W10`) or any day in it, in words (`last week`, `2026-03-04`)."""

    name = "week"

    def convert(self, value, param, ctx):
        text = str(value).strip()
        if WEEK_RE.match(text.upper()):
            return text.upper()
        try:
            return week_of(parse_day(text, date.today())).label
        except NotADay as error:
            self.fail(f"{error}, or an ISO week such as 2026-W10", param, ctx)


@main.command()
@click.option("--week", type=WeekParam(), help="2026-W10, or a day in it: last week, 2026-03-04.")
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the digest as a self-contained HTML page to this file.",
)
@client_options
def digest(
    week: str | None,
    html_file: Path | None,
    port: int | None,
    data_dir: Path | None,
    as_json: bool,
) -> None:
    """The weekly networking digest (this week unless --week), as Markdown.

    Who to reach out to (the people who speak for you first, with what you last talked about),
    what you owe and are owed, the week's meetings, people met without a follow-up, people
    added but never contacted, and the week's engagements next to the four weeks before.
    """
    client = connect(port, data_dir)
    if html_file is not None:
        page = call(lambda: client.get("/digest", week=week, accept="text/html"))
        try:
            html_file.write_text(page, encoding="utf-8")
        except OSError as error:
            fail(f"cannot write {html_file}: {error.strerror}", 2)
        click.echo(f"wrote {html_file}", err=as_json)
    if as_json:
        echo_json(call(lambda: client.get("/digest", week=week)))
        return
    if html_file is not None:
        return
    text = call(lambda: client.get("/digest", week=week, accept="text/markdown"))
    echo_markdown(text)
