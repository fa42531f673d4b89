"""Search from the terminal: people, interactions and promises, best first."""

from pathlib import Path

import click

from rapport.cli.common import call, connect, main
from rapport.cli.people import client_options, echo_json


@main.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@client_options
def search(
    query: tuple[str, ...], limit: int, port: int | None, data_dir: Path | None, as_json: bool
) -> None:
    """Search people, interactions and promises.

    Names, companies, headlines, tags, notes and what you logged; typos and accents are
    forgiven. Best matches first.
    """
    text = " ".join(query)
    client = connect(port, data_dir)
    found = call(lambda: client.get("/search", q=text, limit=limit))
    if as_json:
        echo_json(found)
        return
    if not found["items"]:
        click.echo(f"nothing matches {text!r}", err=True)
    for hit in found["items"]:
        click.echo(f"{hit['type']:<12} {hit_title(hit)}")
        if hit.get("snippet") and hit.get("field") != "name":  # a name is the title already
            click.echo(f"{'':<12} {' '.join(hit['snippet'].split())}")


def hit_title(hit: dict) -> str:
    """Who a hit is about: the person, or the people of an interaction or promise, and when."""
    record = hit[hit["type"]]
    if hit["type"] == "person":
        return f"{record['name']}  {record['id']}"
    names = ", ".join(person["name"] for person in hit.get("people", ()))
    when = (record.get("occurred_at") or record.get("due") or "")[:10]
    return "  ".join(filter(None, (names, when, record["id"])))
