#!/usr/bin/env python3
"""Import people from any spreadsheet exported as CSV, naming its columns with flags.

    .venv/bin/python scripts/csv_to_rapport.py contacts.csv --name "Full name" \\
        --email Email --company Organisation --title Role --url LinkedIn \\
        --tags Groups --tag imported

`--first` and `--last` build the name from two columns instead of `--name`; `--tags` is a
column of tags separated by `;` or `,`; `--tag` adds a tag to everyone. People whose email or
profile Rapport already knows are skipped (and counted). Rows are numbered as a spreadsheet
shows them (the header is row 1). Talks to the daemon on RAPPORT_PORT with RAPPORT_TOKEN or the
keyring's owner token.
"""

import argparse
import csv
import re
import sys
from pathlib import Path

from rapport.client import ApiFailure, Client, DaemonUnreachable

FIELD_COLUMNS = ("company", "title", "headline", "location", "notes")
TAG_SEPARATORS = re.compile(r"[;,]")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv_file", type=Path)
    parser.add_argument("--name", help="Column with the full name.")
    parser.add_argument("--first", help="Column with the first name (with --last).")
    parser.add_argument("--last", help="Column with the last name (with --first).")
    parser.add_argument("--email", help="Column with an email address.")
    parser.add_argument("--url", help="Column with a profile URL.")
    parser.add_argument("--tags", help="Column with tags separated by ; or ,.")
    parser.add_argument("--tag", action="append", default=[], help="Tag everyone with this.")
    for field in FIELD_COLUMNS:
        parser.add_argument(f"--{field}", help=f"Column with the {field}.")
    parser.add_argument("--delimiter", default=",", help="Field separator [default ,].")
    parser.add_argument("--dry-run", action="store_true", help="Show what would be sent.")
    args = parser.parse_args()
    if not args.name and not (args.first or args.last):
        parser.error("name the name column: --name COLUMN, or --first and --last")
    return args


def person_from_row(row: dict[str, str], args: argparse.Namespace) -> dict:
    """One CSV row as a person for POST /people; empty cells are left out."""

    def cell(column: str | None) -> str:
        return (row.get(column) or "").strip() if column else ""

    name = cell(args.name) or " ".join(filter(None, (cell(args.first), cell(args.last))))
    person: dict = {"name": name}
    if cell(args.email):
        person["emails"] = [cell(args.email)]
    if cell(args.url):
        person["profiles"] = [{"url": cell(args.url)}]
    tags = [t.strip() for t in TAG_SEPARATORS.split(cell(args.tags)) if t.strip()]
    if tags or args.tag:
        person["tags"] = list(dict.fromkeys([*tags, *args.tag]))
    for field in FIELD_COLUMNS:
        if cell(getattr(args, field)):
            person[field] = cell(getattr(args, field))
    return person


def missing_column(header: list[str], args: argparse.Namespace) -> str | None:
    named = [args.name, args.first, args.last, args.email, args.url, args.tags]
    named += [getattr(args, field) for field in FIELD_COLUMNS]
    return next((column for column in named if column and column not in header), None)


def main() -> int:
    args = parse_arguments()
    rapport = Client.from_environment()
    created = skipped = 0
    errors = []
    with args.csv_file.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle, delimiter=args.delimiter)
        header = reader.fieldnames or []
        missing = missing_column(header, args)
        if missing:
            print(f"no column {missing!r}; the columns are: {', '.join(header)}", file=sys.stderr)
            return 2
        for row_number, row in enumerate(reader, start=2):
            person = person_from_row(row, args)
            if not person["name"]:
                errors.append(f"row {row_number}: no name")
                continue
            if args.dry_run:
                print(person)
                continue
            try:
                rapport.post("/people", person)
                created += 1
            except ApiFailure as error:
                if error.status != 409:
                    errors.append(f"row {row_number}: {error.message}")
                    continue
                skipped += 1
    print(f"{created} created, {skipped} already known, {len(errors)} errors")
    for error in errors:
        print(error, file=sys.stderr)
    return 2 if errors else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (DaemonUnreachable, ApiFailure) as error:
        sys.exit(f"csv_to_rapport: {error}")
