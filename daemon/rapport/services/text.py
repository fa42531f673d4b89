"""Text folding shared by search, matching and common ground: case and accents ignored.

Transliteration rather than only stripping combining marks, so that letters with no
decomposition (Ł, ø, ß) still meet their plain spelling: "Łódź" folds to "lodz".
"""

from anyascii import anyascii


class _Transliterations(dict):
    """Code point -> its ASCII spelling, looked up once per character ever seen.

    anyascii spells each character on its own, so a text can go through `str.translate` (C)
    instead of anyascii's Python loop over every character: 50 times faster on a long note.
    """

    def __missing__(self, code: int) -> str:
        spelled = self[code] = anyascii(chr(code))
        return spelled


_ASCII = _Transliterations()


def fold(text: str) -> str:
    if text.isascii():  # nothing to transliterate: most names, tags and notes
        return text.casefold()
    return text.translate(_ASCII).casefold()
