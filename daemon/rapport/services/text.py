"""Text folding shared by search, matching and common ground: case and accents ignored.

Transliteration rather than only stripping combining marks, so that letters with no
decomposition (Ł, ø, ß) still meet their plain spelling: "Łódź" folds to "lodz".
"""

from functools import lru_cache

from anyascii import anyascii

CACHED_LENGTH = 64  # names, tags, companies, places; never a note's or a message's text


def fold(text: str) -> str:
    if len(text) <= CACHED_LENGTH:
        return _fold_short(text)
    return anyascii(text).casefold()


@lru_cache(maxsize=16384)  # cards fold the same tags, companies and places again and again
def _fold_short(text: str) -> str:
    return anyascii(text).casefold()
