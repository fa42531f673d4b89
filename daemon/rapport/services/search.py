"""Search over people and interaction text, ignoring case and accents."""

from rapport.services.text import fold
from rapport.store import Store

PERSON_FIELDS = ("name", "company", "headline", "title", "location", "notes")
SNIPPET_RADIUS = 60


def search(store: Store, query: str, limit: int) -> list[dict]:
    """Ranked hits: people whose name matches first, then other person fields, then notes."""
    needle = fold(query.strip())
    if not needle:
        return []
    hits = []
    for person in store.records("people"):
        for rank, field in enumerate(PERSON_FIELDS):
            value = person.get(field)
            if value and needle in fold(value):
                name_rank = 0 if fold(person["name"]).startswith(needle) else 1
                hits.append(
                    (
                        (rank, name_rank, person["name"]),
                        {
                            "type": "person",
                            "field": field,
                            "person": person,
                            "snippet": snippet(value, needle),
                        },
                    )
                )
                break
    for interaction in store.records("interactions"):
        text = interaction.get("text")
        if text and needle in fold(text):
            hits.append(
                (
                    (len(PERSON_FIELDS), 0, interaction["occurred_at"]),
                    {
                        "type": "interaction",
                        "field": "text",
                        "interaction": interaction,
                        "snippet": snippet(text, needle),
                    },
                )
            )
    hits.sort(key=lambda hit: hit[0])
    return [hit for _, hit in hits[:limit]]


def snippet(text: str, needle: str) -> str:
    """The matched part with some context; folding keeps lengths for the texts we store."""
    folded = fold(text)
    at = folded.find(needle)
    if at < 0 or len(folded) != len(text):
        return text[: SNIPPET_RADIUS * 2]
    start, end = max(at - SNIPPET_RADIUS, 0), at + len(needle) + SNIPPET_RADIUS
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
