"""The word index behind search: which records hold which words, kept up with the store.

Every folded word (`Łódź` -> `lodz`) maps to the numbers of the records that hold it, filed by
the weight of the field it is in. A query word is expanded against the vocabulary, not the
texts: the word itself, words it starts (typing `wierz`), and, through rapidfuzz, words a
typo or two away (`wierzbicky` -> `wierzbicki`). A record matches when it holds every query
word, in any field and any order; its score is the sum over the query's words of the best
similarity times field weight, in hundredths (ints, so equal scores are exactly equal).

The store is the only writer and bumps `Store.version` on every commit. The index asks the store
what changed since its version (`Store.changes_since`) and re-indexes only that or, after a
bulk import, rebuilds from a snapshot in a worker thread.
Per-candidate work at query time runs in C (set and dict operations, `map`, `compress`), so a
query that matches 80k records still answers in tens of milliseconds.
"""

import asyncio
import bisect
import heapq
import re
import weakref
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import partial
from itertools import compress, count

from rapidfuzz import fuzz, process

from rapport.memory import release_free_memory
from rapport.services.text import fold
from rapport.store import Row, Store, Tables, unpack

KINDS = {"people": "person", "interactions": "interaction", "promises": "promise"}
TABLES = tuple(KINDS)
KIND_CODES = {table: code for code, table in enumerate(TABLES)}  # equal scores: people first
DEAD = 255  # the kind code of a record number whose record changed or went since
# Fields by weight class; a record's word is filed under the class of the field it is in.
NAME, WORK, PLACE, TEXT = 0, 1, 2, 3
CLASS_WEIGHTS = {NAME: 1.0, WORK: 0.95, PLACE: 0.92, TEXT: 0.9}
PERSON_FIELDS = {
    "name": NAME, "company": WORK, "title": WORK, "headline": WORK, "tags": WORK,
    "location": PLACE, "interests": PLACE, "how_met": TEXT, "notes": TEXT,
}  # fmt: skip

MAX_QUERY_WORDS = 8
PREFIX_MIN = 2  # `a` would start thousands of words
PREFIX_WORDS = 50  # of the words a query word starts, the shortest (closest) this many
FUZZY_MIN = 4  # a typo in a three-letter word makes another word
FUZZY_WORDS = 10
# Incremental updates leave dead record numbers behind; past this share a rebuild is cheaper.
DEAD_SHARE = 0.25
# More changed records than this since the last search: rebuild off the event loop instead.
BULK_CHANGES = 2000

FOLDED_WORD = re.compile(r"[a-z0-9]+")  # fold() gives ASCII

Change = tuple[str, str]  # (table, id) of a record written or deleted


@dataclass(frozen=True)
class Ranked:
    """What a query found: the best records, how many matched, and what each word stood for."""

    hits: list[tuple[str, str, float]]  # (table, id, score 0-100), best first
    total: int
    expansions: list[dict[str, float]]  # per query word: vocabulary word -> similarity


class SearchIndex:
    """The word index of one store; `refresh` brings it up to the store's version.

    Records are numbered (rids) in the order they are indexed; a changed record gets a new
    number and its old one is marked dead until the next rebuild.
    """

    def __init__(self) -> None:
        self.version = -1
        self._lock: asyncio.Lock | None = None
        self._ids: list[str] = []  # rid -> record id
        self._kinds = bytearray()  # rid -> KIND_CODES value, or DEAD
        # rid -> where a record goes among equal scores: kind code first, then newest first
        # (an int, so 100k of them cost 8 bytes each); people go by folded name in `_names`.
        self._order = array("q")
        self._names: dict[int, str] = {}
        self._postings: list[defaultdict[str, array]] = [
            defaultdict(partial(array, "I")) for _ in CLASS_WEIGHTS
        ]
        self._vocabulary: list[str] = []  # sorted, for prefixes and rapidfuzz
        self._dead = 0

    # -- keeping up with the store ----------------------------------------------------------

    def refresh(self, store: Store) -> "SearchIndex":
        """Re-index what changed since the last refresh (or everything, the first time)."""
        while self.version != store.version:
            changes = self._plan(store)
            if changes is None:
                self.rebuild(snapshot(store), store.version)
            else:
                self._apply(store, changes)
        return self

    async def refreshed(self, store: Store) -> "SearchIndex":
        """`refresh`, with a rebuild done in a worker thread so the daemon keeps answering."""
        self._lock = self._lock or asyncio.Lock()
        async with self._lock:
            while self.version != store.version:  # writes may land while the thread works
                changes = self._plan(store)
                if changes is None:
                    await asyncio.to_thread(self.rebuild, snapshot(store), store.version)
                else:
                    self._apply(store, changes)
        return self

    def _plan(self, store: Store) -> list[Change] | None:
        """The changes to re-index, or None when rebuilding from scratch is cheaper."""
        changes = store.changes_since(self.version) if self.version >= 0 else None
        if changes is None:
            return None
        changes = [change for change in changes if change[0] in KIND_CODES]
        live = len(self._ids) - self._dead
        if len(changes) > BULK_CHANGES or self._dead + len(changes) > DEAD_SHARE * live + 1000:
            return None
        return changes

    def rebuild(self, tables: Tables, version: int) -> None:
        """Index a snapshot from scratch; safe in a worker thread (it reads only the snapshot)."""
        fresh = SearchIndex()
        for table, rows in tables.items():
            for record_id, row in rows.items():
                fresh._add(table, record_id, row)
        fresh._vocabulary = sorted(set().union(*fresh._postings))
        fresh.version = version
        # Swap in one go: the event loop sees the old index or the new one, never half.
        self.__dict__.update({k: v for k, v in fresh.__dict__.items() if k != "_lock"})
        release_free_memory()  # what reading every record for its words left behind

    def _apply(self, store: Store, changes: list[Change]) -> None:
        """Mark the changed records' old numbers dead and index what they hold now."""
        rows = store.tables()
        for table in {table for table, _ in changes}:
            rids = self._rids_of(table)
            for record_id in {record_id for changed, record_id in changes if changed == table}:
                old = rids.get(record_id)
                if old is not None:
                    self._kinds[old] = DEAD
                    self._dead += 1
                row = rows[table].get(record_id)
                if row is None:
                    continue
                for words in self._add(table, record_id, row).values():
                    for word in words:
                        at = bisect.bisect_left(self._vocabulary, word)
                        if at == len(self._vocabulary) or self._vocabulary[at] != word:
                            self._vocabulary.insert(at, word)
        self.version = store.version

    def _rids_of(self, table: str) -> dict[str, int]:
        """Record id -> its live number, for one table: made when changes come (in C, a few ms
        at 100k), rather than kept, which would cost 8 MB."""
        live = list(map(KIND_CODES[table].__eq__, self._kinds))
        return dict(zip(compress(self._ids, live), compress(count(), live), strict=True))

    def _add(self, table: str, record_id: str, row: Row) -> dict[int, set[str]]:
        """File a record's words under a new rid; return them by weight class.

        The id kept is the store's own string (its key), not a copy decoded from the row.
        """
        record = unpack(row)
        rid = len(self._ids)
        self._ids.append(record_id)
        self._kinds.append(KIND_CODES[table])
        self._order.append(_order_key(table, record))
        if table == "people":
            self._names[rid] = fold(record["name"])
        words = words_by_class(table, record)
        for weight_class, found in words.items():
            postings = self._postings[weight_class]
            for word in found:
                postings[word].append(rid)
        return words

    # -- answering --------------------------------------------------------------------------

    def rank(self, query: str, limit: int, table: str | None = None) -> Ranked:
        """The records holding every word of `query`, best first (only `table`'s if given)."""
        terms = list(dict.fromkeys(FOLDED_WORD.findall(fold(query))))[:MAX_QUERY_WORDS]
        expansions = [self._expand(term) for term in terms]
        scores = sorted((self._scores(expansion) for expansion in expansions), key=len)
        if not scores or not scores[0]:
            return Ranked([], 0, expansions)
        wanted = {KIND_CODES[table]} if table else set(KIND_CODES.values())
        matched = list(set(scores[0]).intersection(*scores[1:]))
        alive = map(wanted.__contains__, map(self._kinds.__getitem__, matched))
        matched = list(compress(matched, alive))
        columns = (map(by_rid.__getitem__, matched) for by_rid in scores)
        totals = list(map(sum, zip(*columns, strict=True)))
        hits = [
            (TABLES[self._kinds[rid]], self._ids[rid], round(total / len(scores) / 100, 1))
            for total, rid in self._best(matched, totals, limit)
        ]
        return Ranked(hits, len(matched), expansions)

    def _best(self, matched: list[int], totals: list[int], limit: int) -> list[tuple[int, int]]:
        """(total, rid) of the best `limit`: highest total, then people first, then tie-break.

        Many records may share the lowest total that makes the cut (every interaction holding
        a common word scores the same); only those few are ordered by their tie-break.
        """
        if not matched:
            return []
        tally = Counter(totals)
        cutoff, taken = 0, 0
        for total in sorted(tally, reverse=True):
            cutoff, taken = total, taken + tally[total]
            if taken >= limit:
                break
        above = list(compress(zip(totals, matched, strict=True), map(cutoff.__lt__, totals)))
        above.sort(key=lambda pair: (-pair[0], *self._tie_break(pair[1])))
        tied = list(compress(matched, map(cutoff.__eq__, totals)))
        return [*above, *((cutoff, rid) for rid in self._first(tied, limit - len(above)))]

    def _tie_break(self, rid: int) -> tuple[int, str]:
        return self._order[rid], self._names.get(rid, "")

    def _first(self, rids: list[int], count: int) -> list[int]:
        """The first `count` of records with equal scores: people by name, then the others.

        Both keys are C-level lookups, so ordering 80k tied interactions stays fast.
        """
        people = [rid for rid in rids if rid in self._names]
        first = heapq.nsmallest(count, people, key=self._names.__getitem__)
        if len(first) < count:
            others = [rid for rid in rids if rid not in self._names] if people else rids
            first += heapq.nsmallest(count - len(first), others, key=self._order.__getitem__)
        return first

    def _expand(self, term: str) -> dict[str, float]:
        """The vocabulary words a query word stands for, with their similarity (0-100)."""
        vocabulary = self._vocabulary
        words: dict[str, float] = {}
        start = bisect.bisect_left(vocabulary, term)
        exact = start < len(vocabulary) and vocabulary[start] == term
        if exact:
            words[term] = 100.0
        if len(term) >= PREFIX_MIN:
            end = bisect.bisect_left(vocabulary, term + "\x7f", start)
            longer = heapq.nsmallest(PREFIX_WORDS, vocabulary[start + exact : end], key=len)
            words.update((word, 80 + 20 * len(term) / len(word)) for word in longer)
        if len(term) >= FUZZY_MIN and (not exact or len(term) >= 6):
            cutoff = 75 if len(term) < 6 else 80
            for word, similarity, _ in process.extract(
                term, vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff, limit=FUZZY_WORDS
            ):
                words[word] = max(words.get(word, 0.0), similarity)
        return words

    def _scores(self, expansion: dict[str, float]) -> dict[int, int]:
        """rid -> the best weighted similarity, in hundredths, of the expansion's words in it."""
        weighted = sorted(
            (round(similarity * weight * 100), weight_class, word)
            for word, similarity in expansion.items()
            for weight_class, weight in CLASS_WEIGHTS.items()
        )
        best: dict[int, int] = {}
        for score, weight_class, word in weighted:  # ascending: higher scores overwrite
            ids = self._postings[weight_class].get(word)
            if ids:
                best.update(dict.fromkeys(ids, score))
        return best


def words_by_class(table: str, record: dict) -> dict[int, set[str]]:
    """The folded words of a record, by the weight class of the fields they are in."""
    if table != "people":
        return {TEXT: set(FOLDED_WORD.findall(fold(record.get("text") or "")))}
    texts: dict[int, list[str]] = {weight_class: [] for weight_class in CLASS_WEIGHTS}
    for field, weight_class in PERSON_FIELDS.items():
        texts[weight_class].append(field_text(record, field))
    return {
        weight_class: set(FOLDED_WORD.findall(fold(" ".join(parts))))
        for weight_class, parts in texts.items()
    }


def field_text(record: dict, field: str) -> str:
    """A field as searched and shown: lists (tags, interests) joined with commas."""
    value = record.get(field)
    if isinstance(value, list):
        return ", ".join(value)
    return value or ""


def _order_key(table: str, record: dict) -> int:
    """Kind code first, then within the kind: interactions newest first, promises open first
    and newest first (people are ordered by name separately)."""
    code = KIND_CODES[table] << KIND_SHIFT
    if table == "interactions":
        return code + _newest_first(record["occurred_at"])
    if table == "promises":
        closed = record["status"] != "open"
        return code + closed * STAMP_SPAN + _newest_first(record["created_at"])
    return code


def _newest_first(stamp: str) -> int:
    # Stored instants share one format: their 17 digits, counted down, sort newest first.
    return STAMP_SPAN - 1 - int(stamp.translate(_DIGITS_ONLY))


STAMP_SPAN = 10**17  # instants as YYYYMMDDhhmmssfff
KIND_SHIFT = 58  # above 2 * STAMP_SPAN, below the 63 bits of an array("q") item
_DIGITS_ONLY = str.maketrans("", "", "-T:.Z")


def snapshot(store: Store) -> Tables:
    """Copies of the searched tables, so a worker thread can read them while writes go on."""
    return {table: dict(store.tables()[table]) for table in TABLES}


_INDEXES: "weakref.WeakKeyDictionary[Store, SearchIndex]" = weakref.WeakKeyDictionary()


def index_of(store: Store) -> SearchIndex:
    """The one index of a store, made on first use and kept as long as the store lives."""
    index = _INDEXES.get(store)
    if index is None:
        index = _INDEXES[store] = SearchIndex()
    return index
