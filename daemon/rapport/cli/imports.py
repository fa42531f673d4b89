"""`rapport import`: one group that every importer adds its own subcommand to.

Each importer lives with its area (`ics` in cli/meetings.py; `json`, `linkedin` and `vcard`
with the other transfers) and registers itself with `@import_group.command(...)`.
"""

import click

from rapport.cli.common import main


class ImportGroup(click.Group):
    """`rapport import FILE` is short for `rapport import json FILE` (restore an export)."""

    def resolve_command(self, ctx: click.Context, args: list[str]):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["json", *args]
        return super().resolve_command(ctx, args)


@main.group("import", cls=ImportGroup)
def import_group() -> None:
    """Bring meetings, people or a backup in from a file or another app.

    `rapport import FILE` restores a JSON export (short for `rapport import json FILE`).
    """
