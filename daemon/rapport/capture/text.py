"""Text cleaning for what pages show: names come out as a person would write them.

Pages decorate names with emoji, pronouns, connection degrees, verification badges and
invisible characters; stored names must compare and sort as plain text.
"""

import re
import unicodedata

NAME_LIMIT = 200
LINE_LIMIT = 300

_WHITESPACE = re.compile(r"\s+")
# Control, format (zero-width, bidi marks), private-use, surrogate and unassigned characters.
_INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cs", "Cn"})
# In names also symbols (emoji, check marks, flags) and enclosing marks (keycaps).
_NAME_NOISE = _INVISIBLE | {"So", "Me"}
_PRONOUN_WORD = r"(?:she|her|hers|he|him|his|they|them|theirs|ze|zir|xe|xem|fae|faer|it|its|any)"
_PRONOUNS = re.compile(
    rf"[(\[]\s*{_PRONOUN_WORD}(?:\s*/\s*{_PRONOUN_WORD})+\s*[)\]]"
    rf"|(?:^|(?<=\s)){_PRONOUN_WORD}(?:\s*/\s*{_PRONOUN_WORD})+\s*$",
    re.IGNORECASE,
)
_DEGREE = re.compile(r"[·•]\s*(?:1st|2nd|3rd\+?|\d+(?:st|nd|rd|th)\+?)(?!\w)", re.IGNORECASE)
_VERIFIED = re.compile(r"\bverified(?: account)?\s*$", re.IGNORECASE)
_SHORTCODE = re.compile(r":[A-Za-z0-9_]{2,}:")
_EDGE_PUNCTUATION = " |·•-\u2013\u2014,:;/"


def _drop(text: str, categories: frozenset[str] | set[str]) -> str:
    return "".join(
        char
        for char in text
        if unicodedata.category(char) not in categories
        and not "\ufe00" <= char <= "\ufe0f"  # emoji variation selectors
        and not "\U0001f3fb" <= char <= "\U0001f3ff"  # skin tone modifiers
    )


def collapse(text: str) -> str:
    """One line, single spaces, no invisible characters."""
    text = unicodedata.normalize("NFC", text or "")
    return _drop(_WHITESPACE.sub(" ", text), _INVISIBLE).strip()


def clip(text: str, limit: int) -> str:
    """Cut at a word boundary near `limit` so stored text stays within the contract's limits."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(_EDGE_PUNCTUATION) + "…"


def clean_line(text: str, limit: int = LINE_LIMIT) -> str:
    return clip(collapse(text), limit)


def clean_name(text: str) -> str:
    """`"Ada Lovelace 🧮 (she/her) · 2nd"` -> `"Ada Lovelace"`."""
    name = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text or ""))
    name = _drop(name, _NAME_NOISE)
    for pattern in (_SHORTCODE, _DEGREE, _PRONOUNS, _VERIFIED):
        name = pattern.sub(" ", name)
    name = _WHITESPACE.sub(" ", name).strip(_EDGE_PUNCTUATION)
    return clip(name, NAME_LIMIT)
