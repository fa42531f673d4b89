"""People from the terminal: list, add, show a card, tag, merge; and naming a person by name.

Every command that takes a NAME resolves it through the daemon: an id, the exact name, the
only partial match, or the only fuzzy search hit. Several fits exit 2 listing them.
"""

import json
import re
import sys
from pathlib import Path

import click
from click.shell_completion import CompletionItem

from rapport.cli.common import (
    DATA_DIR_OPTION,
    JSON_OPTION,
    PORT_OPTION,
    call,
    connect,
    echo_markdown,
    fail,
    main,
    new_table,
    print_rich,
)
from rapport.client import Ambiguous, ApiFailure, Client, DaemonUnreachable, NoSuchPerson
from rapport.config import ConfigError
from rapport.owner_token import KeyringUnavailable

MAX_CANDIDATES = 20  # of an ambiguous name, listed
NAME_AND_EMAIL = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^<>\s]+@[^<>\s]+)>$")


def client_options(command):
    """--port, --data-dir and --json: what every command that talks to the daemon takes."""
    return PORT_OPTION(DATA_DIR_OPTION(JSON_OPTION(command)))


def echo_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def complete_person(ctx: click.Context, param: click.Parameter, incomplete: str):
    """Shell completion of names from the running daemon; nothing when it is not there."""
    try:
        client = Client.from_environment(ctx.params.get("port"), ctx.params.get("data_dir"))
        people = client.get("/people", q=incomplete or None, limit=50)["items"]
    except (DaemonUnreachable, ApiFailure, ConfigError, KeyringUnavailable):
        return []
    return [CompletionItem(person["name"], help=role_of(person)) for person in people]


def person_argument(name: str = "name"):
    return click.argument(name, shell_complete=complete_person)


def role_of(person: dict) -> str:
    return " at ".join(filter(None, (person.get("title"), person.get("company"))))


def resolve(client: Client, name: str) -> dict:
    """The person NAME means, or exit 2 saying why not (listing the candidates)."""
    try:
        return call(lambda: client.find_person(name))
    except NoSuchPerson as error:
        fail(str(error), 2)
    except Ambiguous as error:
        lines = [f"rapport: {error}:"]
        for person in error.candidates[:MAX_CANDIDATES]:
            lines.append("  ".join(filter(None, (person["name"], role_of(person), person["id"]))))
        if len(error.candidates) > MAX_CANDIDATES:
            lines.append(f"... and {len(error.candidates) - MAX_CANDIDATES} more")
        click.echo("\n".join(lines), err=True)
        sys.exit(2)


@main.command("people")
@click.option("--tag", help="Only people with this tag.")
@click.option("--name", "query", help="Only people whose name contains this (accents ignored).")
@client_options
def list_people(
    tag: str | None, query: str | None, port: int | None, data_dir: Path | None, as_json: bool
) -> None:
    """List people, sorted by name.

    A table on a terminal; --json gives {"items": [...], "total": N} for scripts.
    """
    client = connect(port, data_dir)
    people = call(lambda: list(client.items("/people", tag=tag, q=query)))
    if as_json:
        echo_json({"items": people, "total": len(people)})
        return
    table = new_table("Name", "Role", "Tags", "Email", "Id")
    for person in people:
        table.add_row(
            person["name"],
            role_of(person),
            ", ".join(person["tags"]),
            ", ".join(person["emails"][:1]),
            person["id"],
        )
    print_rich(table)
    click.echo(f"{len(people)} {'person' if len(people) == 1 else 'people'}", err=True)


@main.command()
@click.argument("who")
@click.option("--tag", "tags", multiple=True, help="A tag; repeat for more (e.g. --tag mentor).")
@click.option("--url", "urls", multiple=True, help="A profile URL (LinkedIn, GitHub, ...).")
@click.option("--email", "emails", multiple=True, help="Another email address.")
@click.option("--company", help="Where they work.")
@click.option("--title", help="Their role or job title.")
@click.option("--how-met", help="How you met, in a few words.")
@click.option("--every", type=click.IntRange(1, 3650), help="Keep in touch every N days.")
@client_options
def add(
    who: str,
    tags: tuple[str, ...],
    urls: tuple[str, ...],
    emails: tuple[str, ...],
    company: str | None,
    title: str | None,
    how_met: str | None,
    every: int | None,
    port: int | None,
    data_dir: Path | None,
    as_json: bool,
) -> None:
    """Add a person, with an email in <...> if you have it.

    \b
    rapport add "Ada Lovelace <ada@example.org>" --tag mentor
    rapport add "Grace Hopper" --url https://www.linkedin.com/in/grace --company Navy
    """
    name, email = split_name_and_email(who)
    person = {"name": name, "emails": [*([email] if email else []), *emails], "tags": list(tags)}
    person["profiles"] = [{"url": url} for url in urls]
    optional = {"company": company, "title": title, "how_met": how_met, "keep_in_touch_days": every}
    person.update({field: value for field, value in optional.items() if value is not None})
    client = connect(port, data_dir)
    created = call(lambda: client.post("/people", person))
    if as_json:
        echo_json(created)
    else:
        click.echo(f"added {created['name']} ({created['id']})")


def split_name_and_email(who: str) -> tuple[str, str | None]:
    """`Ada Lovelace <ada@example.org>` -> ("Ada Lovelace", "ada@example.org")."""
    match = NAME_AND_EMAIL.match(who.strip())
    name, email = (match["name"], match["email"]) if match else (who.strip(), None)
    if not name or "@" in name:
        fail(f"give a name, e.g. 'Ada Lovelace <ada@example.org>', not {who!r}", 2)
    return name.strip("\"' "), email


@main.command()
@person_argument()
@client_options
def show(name: str, port: int | None, data_dir: Path | None, as_json: bool) -> None:
    """Show a person's card before you meet them.

    Who they are, what you owe each other, what to talk about. On a terminal the card is
    rendered; piped, it is plain Markdown (for notes and files).
    """
    client = connect(port, data_dir)
    person_id = resolve(client, name)["id"]
    if as_json:
        echo_json(call(lambda: client.get(f"/people/{person_id}/card")))
        return
    card = call(lambda: client.get(f"/people/{person_id}/card", accept="text/markdown"))
    echo_markdown(card)


@main.command()
@person_argument()
@click.argument("tags", nargs=-1, required=True)
@click.option("--remove", is_flag=True, help="Take these tags off instead of adding them.")
@client_options
def tag(
    name: str,
    tags: tuple[str, ...],
    remove: bool,
    port: int | None,
    data_dir: Path | None,
    as_json: bool,
) -> None:
    """Add tags to a person, or take them off with --remove.

    \b
    rapport tag Ada mentor rust
    rapport tag Ada rust --remove
    """
    client = connect(port, data_dir)
    person = resolve(client, name)
    given = [t.lower() for t in tags]
    if remove:
        new_tags = [t for t in person["tags"] if t not in given]
    else:
        new_tags = person["tags"] + [t for t in dict.fromkeys(given) if t not in person["tags"]]
    changed = call(lambda: client.patch(f"/people/{person['id']}", {"tags": new_tags}))
    if as_json:
        echo_json(changed)
    else:
        click.echo(f"{changed['name']}: {', '.join(changed['tags']) or 'no tags'}")


@main.command()
@person_argument()
@person_argument("other")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation on a terminal.")
@client_options
def merge(
    name: str, other: str, yes: bool, port: int | None, data_dir: Path | None, as_json: bool
) -> None:
    """Fold a duplicate OTHER into NAME.

    Emails, profiles, tags, interactions, promises and reminders of OTHER move to NAME; OTHER
    is deleted. Asks first on a terminal unless --yes.
    """
    client = connect(port, data_dir)
    keep, fold_in = resolve(client, name), resolve(client, other)
    if keep["id"] == fold_in["id"]:
        fail(f"{name!r} and {other!r} are the same person ({keep['id']})", 2)
    question = f"merge {fold_in['name']} ({fold_in['id']}) into {keep['name']} ({keep['id']})?"
    if not yes and sys.stdin.isatty() and not click.confirm(question):
        fail("nothing merged", 2)
    merged = call(lambda: client.post(f"/people/{keep['id']}/merge", {"other_id": fold_in["id"]}))
    if as_json:
        echo_json(merged)
    else:
        click.echo(f"merged {fold_in['name']} ({fold_in['id']}) into {merged['name']}")
