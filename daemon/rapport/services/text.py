"""Text folding shared by search, matching and common ground: case and accents ignored.

Transliteration rather than only stripping combining marks, so that letters with no
decomposition (Ł, ø, ß) still meet their plain spelling: "Łódź" folds to "lodz".
"""

from anyascii import anyascii


def fold(text: str) -> str:
    return anyascii(text).casefold()
