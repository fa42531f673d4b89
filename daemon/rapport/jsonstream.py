"""Reading a large JSON object an item at a time: an import never holds all of it as objects.

Parsed with ijson (its C backend when installed) in one pass. Each item of the top-level arrays
named by the caller is handed over as soon as it is built and can be dropped right after; the
other top-level values are built whole. Memory stays proportional to one item, where parsing
the whole body first would build every record as a dict at once, and CPython keeps the arenas
of a peak like that for the life of the process.
"""

import re
from collections.abc import Callable, Collection
from typing import Any

import ijson

BACKEND = ijson.get_backend(ijson.backend_name)  # the fastest one installed
CHUNK = 1 << 16
MAX_DEPTH = 64  # of nested arrays and objects in a request body
OPENERS = ("start_map", "start_array")

# An escaped high surrogate (an odd run of backslashes makes `\u` an escape) and the low one
# that must follow it: yajl turns a lone high surrogate into "?" where other parsers refuse it.
HIGH_SURROGATE = re.compile(rb"(\\+)u[dD][89abAB][0-9a-fA-F]{2}")
LOW_SURROGATE = re.compile(rb"\\u[dD][c-fC-F][0-9a-fA-F]{2}")

OnItem = Callable[[str, int, Any], None]


class NotValidJson(ValueError):
    """The body is not JSON, or not an object, or nests deeper than allowed; `code` says which."""

    def __init__(self, message: str, code: str = "bad_json"):
        super().__init__(message)
        self.code = code


class _Items:
    """Where a streamed array's items go. Holds no reference back to the router: ijson's C
    coroutines are invisible to the cycle collector, so a cycle through them would never go."""

    def __init__(self, on_item: OnItem, key: str):
        self.on_item, self.key, self.count = on_item, key, 0

    def send(self, item: Any) -> None:
        self.on_item(self.key, self.count, item)
        self.count += 1


class _Value:
    """Where a top-level value that is not streamed goes, once built."""

    def __init__(self, values: dict[str, Any], key: str):
        self.values, self.key = values, key

    def send(self, value: Any) -> None:
        self.values[self.key] = value


class _Router:
    """Sends each top-level value's parse events to the builder for that value."""

    def __init__(self, streamed: Collection[str], on_item: OnItem, max_depth: int):
        self.streamed = streamed
        self.on_item = on_item
        self.max_depth = max_depth
        self.values: dict[str, Any] = {}
        self.builder = None
        self.key = ""
        self.first = False  # the next event opens the value of `key`
        self.started = False

    def send(self, event: tuple[str, str, Any]) -> None:
        prefix, name, value = event
        if not prefix:
            self._top_level(name, value)
            return
        if name in OPENERS and prefix.count(".") >= self.max_depth:
            raise NotValidJson(f"the JSON nests deeper than {self.max_depth} levels", "too_deep")
        if self.first:
            self.first = False
            self._open(name == "start_array")
        self.builder.send(event)

    def _top_level(self, name: str, value: Any) -> None:
        if name == "start_map" and not self.started:
            self.started = True
        elif name == "map_key":
            self.key, self.first = value, True
        elif name != "end_map":
            raise NotValidJson("the body must be a JSON object", "not_an_object")

    def _open(self, is_array: bool) -> None:
        key = self.key
        if is_array and key in self.streamed:
            sink, prefix = _Items(self.on_item, key), f"{key}.item"
        else:
            sink, prefix = _Value(self.values, key), key
        self.builder = BACKEND.items_basecoro(sink, prefix, use_float=True)


def read_object(
    body: bytes, streamed: Collection[str], on_item: OnItem, max_depth: int = MAX_DEPTH
) -> dict[str, Any]:
    """Parse a JSON object once; return its top-level values but the arrays named in `streamed`,
    whose items go to `on_item(name, index, item)` instead, in document order.

    Raises NotValidJson; an exception from `on_item` ends the reading.
    """
    if b"\\u" in body and _lone_high_surrogate(body):
        raise NotValidJson("the body is not valid JSON (a \\u escape is half a surrogate pair)")
    router = _Router(streamed, on_item, max_depth)
    parser = BACKEND.basic_parse_basecoro(BACKEND.parse_basecoro(router), use_float=True)
    try:
        for start in range(0, len(body), CHUNK):
            parser.send(body[start : start + CHUNK])
        parser.close()
    except UnicodeDecodeError:  # a lone low surrogate, decoded from the bytes yajl made of it
        raise NotValidJson("the body is not valid JSON (a string is not UTF-8)") from None
    except ijson.JSONError as error:
        reason = error.args[0] if error.args else ""
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        reason = str(reason).splitlines()[0] if reason else "it ends early"  # yajl adds a map
        if "overflow" in reason:
            raise NotValidJson("a number in the body is too large", "number_too_large") from None
        raise NotValidJson(f"the body is not valid JSON ({reason})") from None
    if not router.started:
        raise NotValidJson("the body must be a JSON object", "not_an_object")
    return router.values


def _lone_high_surrogate(body: bytes) -> bool:
    return any(
        len(escape[1]) % 2 and not LOW_SURROGATE.match(body, escape.end())
        for escape in HIGH_SURROGATE.finditer(body)
    )
