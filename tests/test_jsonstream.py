"""Reading a JSON object an item at a time."""

import gc
import weakref

import orjson
import pytest

from rapport.jsonstream import CHUNK, NotValidJson, read_object


def read(body: bytes, streamed=("people", "interactions"), max_depth: int = 64):
    items = []

    def take(name, at, item):
        items.append((name, at, item))

    return items, read_object(body, streamed, take, max_depth)


def test_items_of_streamed_arrays_arrive_in_order_and_the_rest_is_returned():
    document = {
        "format": "rapport",
        "people": [{"id": "p1", "name": "Ada"}, {"id": "p2", "name": "Łukasz 🦀"}],
        "me": {"name": "Sam", "emails": ["sam@example.org"]},
        "interactions": [{"id": "i1", "score": 1.5, "tags": [], "url": None}],
        "version": 1,
    }
    items, rest = read(orjson.dumps(document))
    assert items == [
        ("people", 0, document["people"][0]),
        ("people", 1, document["people"][1]),
        ("interactions", 0, document["interactions"][0]),
    ]
    assert rest == {"format": "rapport", "me": document["me"], "version": 1}


def test_a_streamed_name_that_is_not_an_array_is_returned_whole():
    assert read(b'{"people": {"id": "p1"}, "interactions": null}') == (
        [], {"people": {"id": "p1"}, "interactions": None}
    )  # fmt: skip


def test_a_body_larger_than_a_chunk_is_read_across_chunks():
    people = [{"id": f"p{n}", "name": "x" * 100} for n in range(3 * CHUNK // 100)]
    items, _ = read(orjson.dumps({"people": people}))
    assert [item for _, _, item in items] == people


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"", "bad_json"),
        (b'{"people": [', "bad_json"),
        (b'{"a": 1} {"b": 2}', "bad_json"),
        (b'{"a": NaN}', "bad_json"),
        (b'{"a": "\xff\xfe"}', "bad_json"),
        (rb'{"a": "\ud800"}', "bad_json"),  # half a surrogate pair
        (rb'{"a": "x\\\ud800"}', "bad_json"),  # an escaped backslash, then half a pair
        (rb'{"a": "\udc00 alone"}', "bad_json"),
        (b"[]", "not_an_object"),
        (b'"text"', "not_an_object"),
        (b'{"a": ' + b"[" * 70 + b"]" * 70 + b"}", "too_deep"),
        (b'{"a": 1e400}', "number_too_large"),
    ],
)
def test_what_is_not_a_json_object_is_refused_with_a_one_line_reason(body, code):
    with pytest.raises(NotValidJson) as refused:
        read(body)
    assert refused.value.code == code
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (rb'{"a": "\ud83e\udd80"}', "🦀"),  # a whole pair
        (rb'{"a": "\\ud800"}', "\\ud800"),  # a backslash, then the letters
    ],
)
def test_escapes_that_are_fine_stay_fine(body, text):
    assert read(body)[1] == {"a": text}


def test_nothing_of_a_read_stays_alive_after_it():
    """ijson's coroutines are not seen by the cycle collector: a cycle through them would
    keep every record of an import alive for good."""

    class Collector:
        def __call__(self, name, at, item):
            pass

    collector = Collector()
    gone = weakref.ref(collector)
    read_object(b'{"me": {"name": "Sam"}, "people": [{"id": "p1"}]}', ("people",), collector)
    del collector
    gc.collect()
    assert gone() is None
