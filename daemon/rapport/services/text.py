"""Text folding shared by search, matching and common ground: case and accents ignored.

Transliteration rather than only stripping combining marks, so that letters with no
decomposition (Ł, ø, ß) still meet their plain spelling: "Łódź" folds to "lodz".
"""

from functools import lru_cache

from anyascii import anyascii


@lru_cache(maxsize=16384)  # cards fold the same tags, companies and places again and again
def fold(text: str) -> str:
    return anyascii(text).casefold()
