#!/usr/bin/env python3
"""Write every person card as a Markdown file, one per person, into a notes vault.

    .venv/bin/python scripts/cards_to_markdown.py ~/Notes/People [--tag mentor]

Each file is named after the person and starts with YAML front matter (`rapport_id`, `tags`,
`updated`) so that Obsidian-style vaults can query it; running again rewrites the files of the
same people (found by their `rapport_id`) and leaves other files alone. Talks to the daemon on
RAPPORT_PORT with RAPPORT_TOKEN or the keyring's owner token.
"""

import argparse
import re
import sys
from pathlib import Path

from rapport.client import ApiFailure, Client, DaemonUnreachable

UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|#^\[\]\x00-\x1f]+')
RAPPORT_ID = re.compile(r"^rapport_id: (\S+)$", re.MULTILINE)


def front_matter(person: dict) -> str:
    tags = ", ".join(f'"{tag}"' for tag in person["tags"])
    return (
        f"---\nrapport_id: {person['id']}\ntags: [{tags}]\nupdated: {person['updated_at']}\n---\n"
    )


def file_stem(person: dict, taken: set[str]) -> str:
    """The name as a file name; a second person of the same name gets their id added."""
    stem = UNSAFE_IN_FILE_NAMES.sub(" ", person["name"]).strip(" .") or person["id"]
    if stem.casefold() in taken:
        stem = f"{stem} ({person['id']})"
    taken.add(stem.casefold())
    return stem


def existing_cards(folder: Path) -> dict[str, Path]:
    """Files this script wrote before, by the rapport_id in their front matter."""
    found = {}
    for path in folder.glob("*.md"):
        match = RAPPORT_ID.search(path.read_text(encoding="utf-8", errors="replace")[:500])
        if match:
            found[match[1]] = path
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="Where to write the .md files.")
    parser.add_argument("--tag", help="Only people with this tag.")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    rapport = Client.from_environment()
    previous = existing_cards(args.folder)
    taken = {path.stem.casefold() for path in previous.values()}
    written = 0
    for person in rapport.items("/people", tag=args.tag):
        card = rapport.get(f"/people/{person['id']}/card", accept="text/markdown")
        path = previous.get(person["id"]) or args.folder / f"{file_stem(person, taken)}.md"
        path.write_text(front_matter(person) + "\n" + card, encoding="utf-8")
        written += 1
    print(f"wrote {written} cards to {args.folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (DaemonUnreachable, ApiFailure) as error:
        sys.exit(f"cards_to_markdown: {error}")
