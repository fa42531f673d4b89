"""Writing down what happened and what is owed: `rapport log`, `promise` and `remind`."""

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import click

from rapport.cli.common import call, connect, main
from rapport.cli.people import client_options, echo_json, person_argument, resolve
from rapport.dates import DAY, NotADay, parse_day
from rapport.schema import INTERACTION_KINDS

REMINDER_HOUR = time(9, 0)  # a reminder for a day, with no time given, is for its morning
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
DURATION = re.compile(r"^(\d{1,5})\s*(m|min|minutes?|h|hours?|d|days?|w|weeks?)$")


class Duration(click.ParamType):
    """`30m`, `4h`, `3d`, `2w` (or `3 days`) as a timedelta."""

    name = "duration"

    def convert(self, value, param, ctx):
        found = DURATION.match(" ".join(str(value).lower().split()))
        if not found:
            self.fail(f"{value!r} is not a duration; write 30m, 4h, 3d or 2w", param, ctx)
        return timedelta(**{UNITS[found[2][0]]: int(found[1])})


class Moment(click.ParamType):
    """A day in words (`friday`, `in 3 days`, see `rapport.dates`) or an ISO date-time;
    without a time of day, the morning of that day; without an offset, local time."""

    name = "when"

    def convert(self, value, param, ctx):
        if isinstance(value, datetime):
            return value
        try:
            moment = datetime.combine(parse_day(value, date.today()), REMINDER_HOUR)
        except NotADay as error:
            try:
                moment = datetime.fromisoformat(value.strip())
            except ValueError:
                self.fail(f"{error}, or a date-time such as 2026-03-06T14:30", param, ctx)
        return moment if moment.tzinfo else moment.astimezone()


@main.command()
@person_argument()
@click.argument("text")
@click.option(
    "--kind",
    type=click.Choice(INTERACTION_KINDS),
    default="note",
    show_default=True,
    help="What happened.",
)
@click.option("--on", "day", type=DAY, help="The day it happened (default: now), e.g. yesterday.")
@click.option("--url", help="Where it happened, e.g. the post you commented on.")
@client_options
def log(
    name: str,
    text: str,
    kind: str,
    day: date | None,
    url: str | None,
    port: int | None,
    data_dir: Path | None,
    as_json: bool,
) -> None:
    """Log an engagement with a person: a coffee, a call, a comment on their post.

    \b
    rapport log Ada --kind coffee "talked about the Rust meetup"
    rapport log Ada --kind comment --url https://... "congratulated her on the launch"
    """
    client = connect(port, data_dir)
    person = resolve(client, name)
    interaction = {"person_ids": [person["id"]], "kind": kind, "text": text, "url": url}
    if day is not None:
        when = datetime.combine(day, datetime.now().time()).astimezone()
        interaction["occurred_at"] = when.isoformat()
    logged = call(lambda: client.post("/interactions", interaction))
    if as_json:
        echo_json(logged)
    else:
        click.echo(f"logged {kind} with {person['name']} ({logged['id']})")


@main.command()
@person_argument()
@click.argument("text")
@click.option("--due", type=DAY, help="When it is due: friday, next week, in 3 days, 2026-03-06.")
@click.option("--theirs", is_flag=True, help="They promised it to you (default: you did).")
@client_options
def promise(
    name: str,
    text: str,
    due: date | None,
    theirs: bool,
    port: int | None,
    data_dir: Path | None,
    as_json: bool,
) -> None:
    """Record a promise you made to a person, or with --theirs one they made to you.

    \b
    rapport promise Ada "send the deck" --due friday
    rapport promise Ada "intro to her CTO" --theirs --due "next week"
    """
    client = connect(port, data_dir)
    person = resolve(client, name)
    made = call(
        lambda: client.post(
            "/promises",
            {
                "person_id": person["id"],
                "direction": "theirs" if theirs else "mine",
                "text": text,
                "due": due.isoformat() if due else None,
            },
        )
    )
    if as_json:
        echo_json(made)
        return
    by_when = f", due {due:%a %Y-%m-%d}" if due else ""
    who = f"{person['name']} promised you" if theirs else f"you promised {person['name']}"
    click.echo(f"{who}: {text}{by_when} ({made['id']})")


@main.command()
@person_argument()
@click.argument("text")
@click.option("--in", "after", type=Duration(), help="How long from now: 30m, 4h, 3d, 2w.")
@click.option("--at", "moment", type=Moment(), help="When: friday, 2026-03-06T14:30, ...")
@client_options
def remind(
    name: str,
    text: str,
    after: timedelta | None,
    moment: datetime | None,
    port: int | None,
    data_dir: Path | None,
    as_json: bool,
) -> None:
    """Set a reminder about a person, --in some time or --at a day (9:00 that morning).

    \b
    rapport remind Ada "ask about the offsite" --in 3d
    rapport remind Ada "congratulate on the launch" --at friday
    """
    if (after is None) == (moment is None):
        raise click.UsageError("give one of --in (e.g. 3d) or --at (e.g. friday)")
    due_at = moment or (datetime.now().astimezone() + after)
    client = connect(port, data_dir)
    person = resolve(client, name)
    body = {"person_id": person["id"], "text": text, "due_at": due_at.isoformat()}
    made = call(lambda: client.post("/reminders", body))
    if as_json:
        echo_json(made)
    else:
        click.echo(f"reminder for {due_at:%a %Y-%m-%d %H:%M}: {text} ({made['id']})")
