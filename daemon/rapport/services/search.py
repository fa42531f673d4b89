"""Search answers: ranked records from the word index, as typed hits with highlighted snippets.

A hit is `{"type", "id", "score", "field", "snippet", "highlights", <type>: record}`, plus the
people an interaction or a promise is about. The snippet is plain text and `highlights` are
[start, end) offsets into it, so a client renders matches however it likes and no marker can
clash with the text itself.
"""

import re

from rapport.services.search_index import (
    FOLDED_WORD,
    KINDS,
    PERSON_FIELDS,
    SearchIndex,
    field_text,
    index_of,
)
from rapport.services.text import fold
from rapport.store import Store

SEARCHED_KINDS = tuple(KINDS.values())
TABLE_OF_KIND = {kind: table for table, kind in KINDS.items()}
SNIPPET_LENGTH = 160
SNIPPET_LEAD = 40  # context kept before the first highlighted word

_WORD = re.compile(r"[^\W_]+")


def answer(
    store: Store, index: SearchIndex, query: str, limit: int = 50, kind: str | None = None
) -> dict:
    """`{"items": [hit, ...], "total"}`, best first; `kind` keeps only persons, interactions
    or promises. The index must be refreshed to the store's version."""
    ranked = index.rank(query, limit, TABLE_OF_KIND[kind] if kind else None)
    words = set().union(*ranked.expansions)
    items = [
        _hit(store, table, record_id, score, words, ranked.expansions)
        for table, record_id, score in ranked.hits
    ]
    return {"items": items, "total": ranked.total}


def search(store: Store, query: str, limit: int = 50, kind: str | None = None) -> dict:
    """Refresh the store's index on this thread, then answer (for scripts and tests)."""
    return answer(store, index_of(store).refresh(store), query, limit, kind)


def _hit(
    store: Store,
    table: str,
    record_id: str,
    score: float,
    words: set[str],
    expansions: list[dict[str, float]],
) -> dict:
    record = store.get(table, record_id)
    kind = KINDS[table]
    field = _best_person_field(record, expansions) if table == "people" else "text"
    text, highlights = snippet(field_text(record, field), words)
    hit = {
        "type": kind,
        "id": record_id,
        "score": score,
        "field": field,
        "snippet": text,
        "highlights": highlights,
        kind: record,
    }
    if table != "people":
        ids = record["person_ids"] if table == "interactions" else [record["person_id"]]
        hit["people"] = [
            {"id": person["id"], "name": person["name"]}
            for person in (store.get("people", person_id) for person_id in ids)
            if person is not None
        ]
    return hit


def _best_person_field(person: dict, expansions: list[dict[str, float]]) -> str:
    """The field holding the most query words; the weightier field when two hold as many."""
    best_field, best_count = "name", 0
    for field in PERSON_FIELDS:
        present = set(FOLDED_WORD.findall(fold(field_text(person, field))))
        found = sum(1 for expansion in expansions if not present.isdisjoint(expansion))
        if found > best_count:
            best_field, best_count = field, found
            if found == len(expansions):
                break
    return best_field


def snippet(text: str, words: set[str]) -> tuple[str, list[list[int]]]:
    """A window of `text` around the first matched word, and [start, end) of every match in it.

    Offsets count characters (code points) of the returned snippet, which opens with `…` when
    the window does not start at the beginning of the text.
    """
    spans = []
    for match in _WORD.finditer(text):
        if not words.isdisjoint(FOLDED_WORD.findall(fold(match[0]))):
            spans.append((match.start(), match.end()))
            if match.end() - spans[0][0] > SNIPPET_LENGTH:
                break
    start, end = 0, len(text)
    if len(text) > SNIPPET_LENGTH:
        first = spans[0] if spans else (0, 0)
        if first[0] > SNIPPET_LEAD:
            start = text.rfind(" ", 0, first[0] - SNIPPET_LEAD) + 1
        end = min(start + SNIPPET_LENGTH, len(text))
        if end < len(text):
            cut = text.rfind(" ", start, end)
            end = max(cut if cut > start else end, first[1])
    lead = "…" if start else ""
    shown = lead + text[start:end].replace("\r", " ").replace("\n", " ")
    highlights = [
        [a - start + len(lead), b - start + len(lead)] for a, b in spans if a >= start and b <= end
    ]
    return shown + ("…" if end < len(text) else ""), highlights
