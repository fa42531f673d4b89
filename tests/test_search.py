"""GET /search: ranked, typo- and accent-tolerant, typed hits with highlighted snippets."""

import io

import pytest

from rapport.services.search import snippet
from tests.conftest import add_person
from tests.services.test_linkedin_csv import linkedin_export


async def search(api, q: str, **params) -> dict:
    return await api.ok("GET", "/search", params={"q": q, **params})


def summary(hits: list[dict]) -> list[tuple]:
    return [(hit["type"], hit["field"], hit["score"]) for hit in hits]


def highlighted(hit: dict) -> list[str]:
    return [hit["snippet"][start:end] for start, end in hit["highlights"]]


async def log(api, person: dict, text: str, when: str = "2026-03-01T10:00:00Z") -> dict:
    body = {"person_ids": [person["id"]], "kind": "comment", "text": text, "occurred_at": when}
    return await api.ok("POST", "/interactions", 201, json=body)


async def promise(api, person: dict, text: str) -> dict:
    body = {"person_id": person["id"], "direction": "mine", "text": text}
    return await api.ok("POST", "/promises", 201, json=body)


@pytest.fixture
async def network(api) -> dict:
    zofia = await add_person(api, "Zofia Wierzbicki", company="Łódź Robotics", tags=["rust"])
    bob = await add_person(api, "Bob Builder", notes="Introduced me to Zofia at RustConf")
    ada = await add_person(api, "Ada Lovelace", company="Analytical Engines")
    adam = await add_person(api, "Adam Smith", headline="Economist")
    await log(api, zofia, "Commented on ZOFIA's talk about embedded Rust")
    await promise(api, zofia, "Send Zofia the deck on robot arms")
    return {"zofia": zofia, "bob": bob, "ada": ada, "adam": adam}


async def test_hits_are_typed_scored_and_people_come_first_on_ties(api, network):
    found = await search(api, "zofia")
    assert summary(found["items"]) == [
        ("person", "name", 100.0),
        ("person", "notes", 90.0),
        ("interaction", "text", 90.0),
        ("promise", "text", 90.0),
    ]
    assert found["total"] == 4
    person, notes, interaction, promised = found["items"]
    assert person["person"]["id"] == network["zofia"]["id"]
    assert notes["person"]["id"] == network["bob"]["id"]
    assert interaction["interaction"]["text"] == "Commented on ZOFIA's talk about embedded Rust"
    assert interaction["people"] == [{"id": network["zofia"]["id"], "name": "Zofia Wierzbicki"}]
    assert promised["promise"]["text"] == "Send Zofia the deck on robot arms"
    assert promised["people"] == [{"id": network["zofia"]["id"], "name": "Zofia Wierzbicki"}]
    assert highlighted(interaction) == ["ZOFIA"]


async def test_a_typo_still_finds_the_name(api, network):
    hits = (await search(api, "wierzbicky"))["items"]
    assert [hit["person"]["name"] for hit in hits] == ["Zofia Wierzbicki"]
    assert hits[0]["score"] == 90.0  # one letter of ten is wrong
    assert highlighted(hits[0]) == ["Wierzbicki"]


async def test_accents_are_ignored_both_ways(api, network):
    hit = (await search(api, "lodz"))["items"][0]
    assert (hit["person"]["name"], hit["field"]) == ("Zofia Wierzbicki", "company")
    assert (hit["snippet"], hit["highlights"]) == ("Łódź Robotics", [[0, 4]])
    await add_person(api, "Jose Nunez")
    names = [hit["person"]["name"] for hit in (await search(api, "Núñez"))["items"]]
    assert names == ["Jose Nunez"]


async def test_word_order_does_not_matter_and_words_may_span_fields(api, network):
    for query in ("ada lovelace", "lovelace ada", "LOVELACE, Ada"):
        hits = (await search(api, query))["items"]
        assert summary(hits) == [("person", "name", 100.0)], query
    spanning = (await search(api, "ada analytical"))["items"]
    assert [(hit["person"]["name"], hit["score"]) for hit in spanning] == [("Ada Lovelace", 97.5)]


async def test_exact_words_rank_above_words_they_start(api, network):
    hits = (await search(api, "ada"))["items"]
    assert [(hit["person"]["name"], hit["score"]) for hit in hits] == [
        ("Ada Lovelace", 100.0),
        ("Adam Smith", 95.0),  # `ada` starts `adam`: 80 + 20 * 3/4
    ]
    typing = (await search(api, "wierz"))["items"]
    assert [hit["person"]["name"] for hit in typing] == ["Zofia Wierzbicki"]


async def test_every_word_must_match_somewhere(api, network):
    assert (await search(api, "zofia economist")) == {"items": [], "total": 0}


async def test_type_and_limit_narrow_the_answer(api, network):
    only = await search(api, "zofia", type="promise")
    assert summary(only["items"]) == [("promise", "text", 90.0)]
    assert only["total"] == 1
    first = await search(api, "zofia", limit="2")
    assert len(first["items"]) == 2 and first["total"] == 4
    response = await api.get("/search", params={"q": "zofia", "type": "meeting"})
    assert response.status == 422
    assert (await response.json())["error"]["field"] == "type"


async def test_equal_interactions_come_newest_first(api, network):
    ada = network["ada"]
    old = await log(api, ada, "Talked about gears", "2025-01-01T10:00:00Z")
    new = await log(api, ada, "Talked about gears again", "2026-02-01T10:00:00Z")
    hits = (await search(api, "gears"))["items"]
    assert [hit["interaction"]["id"] for hit in hits] == [new["id"], old["id"]]


async def test_the_index_follows_every_change(api, network):
    zofia = network["zofia"]
    await api.ok("PATCH", f"/people/{zofia['id']}", json={"name": "Zofia Kowalska"})
    assert (await search(api, "wierzbicki"))["total"] == 0
    assert [h["type"] for h in (await search(api, "kowalska"))["items"]] == ["person"]
    await api.ok("DELETE", f"/people/{network['bob']['id']}", 204)
    assert summary((await search(api, "rustconf"))["items"]) == []
    await log(api, network["ada"], "Asked about the Difference Engine")
    assert [h["type"] for h in (await search(api, "difference engine"))["items"]] == ["interaction"]


async def test_a_person_deleted_and_imported_again_is_found(api, network):
    bob = await api.ok("GET", f"/people/{network['bob']['id']}")
    await search(api, "bob")
    # deleted and back before the next search: the store holds bob in a new place
    await api.ok("DELETE", f"/people/{bob['id']}", 204)
    dump = {"format": "rapport", "version": 1, "people": [{**bob, "name": "Bob Rebuilt"}]}
    await api.ok("POST", "/import", json=dump)
    assert [h["person"]["id"] for h in (await search(api, "rebuilt"))["items"]] == [bob["id"]]
    await api.ok("PATCH", f"/people/{bob['id']}", json={"name": "Bob Renamed"})
    assert [h["person"]["id"] for h in (await search(api, "renamed"))["items"]] == [bob["id"]]
    assert (await search(api, "rebuilt"))["total"] == 0
    assert [h["person"]["id"] for h in (await search(api, "zofia"))["items"][:1]] == [
        network["zofia"]["id"]
    ]


async def test_a_bulk_import_is_searchable_at_once(api):
    await search(api, "anything")  # the index exists before the import
    data = io.BytesIO(linkedin_export(3000))
    await api.ok("POST", "/import/linkedin", data=data, headers={"Content-Type": "text/csv"})
    hits = (await search(api, "first2999 last2999"))["items"]
    assert (hits[0]["person"]["name"], hits[0]["score"]) == ("First2999 Last2999", 100.0)
    # near spellings follow: `first299` is one digit away
    assert (hits[1]["person"]["name"], hits[1]["score"]) == ("First299 Last299", 93.7)


async def test_search_without_a_query_is_422(api):
    response = await api.get("/search", params={"q": "  "})
    assert response.status == 422
    assert (await response.json())["error"]["field"] == "q"


async def test_punctuation_alone_finds_nothing(api, network):
    assert await search(api, "?!") == {"items": [], "total": 0}


def test_a_long_text_is_cut_around_the_first_match():
    text = "word " * 40 + "Kubernetes migration at the plant, then " + "more " * 40
    shown, highlights = snippet(text, {"kubernetes", "plant"})
    assert shown.startswith("…") and shown.endswith("…")
    assert len(shown) <= 162
    assert [shown[start:end] for start, end in highlights] == ["Kubernetes", "plant"]
    assert shown[highlights[0][0] - 41 : highlights[0][0]] == "…" + "word " * 8


def test_a_short_text_is_shown_whole_with_every_match():
    shown, highlights = snippet("Łódź Robotics, Łódź", {"lodz"})
    assert (shown, highlights) == ("Łódź Robotics, Łódź", [[0, 4], [15, 19]])
