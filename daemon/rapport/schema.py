"""Field rules for every stored resource: one source for validation, docs and OpenAPI.

Each resource is a mapping of field name to `Field`. `validate()` checks a whole record on
create and import, or only the given fields on patch; it raises `InvalidField` naming the
first field that is wrong. Unknown fields are refused (a typo should not vanish silently).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rapport.timefmt import NaiveTime, normalize_instant, parse_date

ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
ID_RE = re.compile(ID_PATTERN)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

NAME_MAX = 300
LINE_MAX = 500
TEXT_MAX = 100_000
URL_MAX = 2048
LIST_MAX = 200
TAG_MAX = 64

INTERACTION_KINDS = (
    "note", "comment", "like", "share", "message", "email",
    "call", "coffee", "meeting", "intro", "event", "other",
)  # fmt: skip


class InvalidField(ValueError):
    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class Field:
    """One field: its JSON type, limits, and whether clients may set it."""

    kind: str  # str | text | int | bool | instant | date | enum | id | email | url | list | object
    required: bool = False
    nullable: bool = True
    max_len: int | None = None
    choices: tuple[str, ...] = ()
    items: "Field | None" = None
    fields: Mapping[str, "Field"] | None = None
    minimum: int | None = None
    maximum: int | None = None
    readonly: bool = False  # set by the daemon; accepted only from an import
    description: str = ""


def _s(max_len: int, **kw) -> Field:
    return Field("str", max_len=max_len, **kw)


def _list(item: Field, max_len: int = LIST_MAX, **kw) -> Field:
    return Field("list", items=item, max_len=max_len, nullable=False, **kw)


PROFILE = {
    "site": _s(64),
    "url": _s(URL_MAX, required=True, nullable=False),  # checked by identity.canonical_profile
    "handle": _s(NAME_MAX),
}
ATTENDEE = {
    "name": _s(NAME_MAX),
    "email": Field("email", max_len=254),
    "person_id": Field("id"),
    "match": Field("enum", choices=("email", "name")),  # how a calendar import linked them
    "score": Field("int", minimum=0, maximum=100),
}
SOURCE = {
    "kind": Field("enum", choices=("ics", "manual"), nullable=False),
    "uid": _s(1024),
    "recurrence_id": _s(64),  # with `uid`, names one occurrence across re-imports
    "calendar_id": Field("id"),  # the calendar source that keeps it up to date
}
_STAMPS = {
    "id": Field("id", readonly=True, nullable=False),
    "created_at": Field("instant", readonly=True, nullable=False),
}

PERSON = {
    **_STAMPS,
    "name": _s(NAME_MAX, required=True, nullable=False),
    "headline": _s(LINE_MAX),
    "company": _s(NAME_MAX),
    "title": _s(NAME_MAX),
    "location": _s(NAME_MAX),
    "emails": _list(Field("email", max_len=254, nullable=False), 50),
    "profiles": _list(Field("object", fields=PROFILE, nullable=False), 50),
    "tags": _list(_s(TAG_MAX, nullable=False)),
    "interests": _list(_s(NAME_MAX, nullable=False)),
    "how_met": _s(LINE_MAX * 4),
    "keep_in_touch_days": Field("int", minimum=1, maximum=3650),
    "notes": Field("text", max_len=TEXT_MAX),
    "updated_at": Field("instant", readonly=True, nullable=False),
    "snoozed_until": Field("date"),  # off the due list and the digest before this date
}
INTERACTION = {
    **_STAMPS,
    "person_ids": _list(Field("id", nullable=False), 100, required=True),
    "kind": Field("enum", choices=INTERACTION_KINDS, nullable=False, required=True),
    "text": Field("text", max_len=TEXT_MAX),
    "occurred_at": Field("instant", nullable=False),
    "url": Field("url", max_len=URL_MAX),
}
PROMISE = {
    **_STAMPS,
    "person_id": Field("id", required=True, nullable=False),
    "direction": Field("enum", choices=("mine", "theirs"), required=True, nullable=False),
    "text": _s(LINE_MAX * 4, required=True, nullable=False),
    "due": Field("date"),
    "status": Field("enum", choices=("open", "done", "dropped"), nullable=False),
    "closed_at": Field("instant", readonly=True),
    "snoozed_until": Field("date"),
}
REMINDER = {
    **_STAMPS,
    "person_id": Field("id"),
    "text": _s(LINE_MAX * 4, required=True, nullable=False),
    "due_at": Field("instant", required=True, nullable=False),
    "status": Field("enum", choices=("open", "done"), nullable=False),
    "closed_at": Field("instant", readonly=True),
    "snoozed_until": Field("date"),
}
MEETING = {
    **_STAMPS,
    "title": _s(LINE_MAX, required=True, nullable=False),
    "starts_at": Field("instant", required=True, nullable=False),
    "ends_at": Field("instant"),
    "location": _s(LINE_MAX),
    "attendees": _list(Field("object", fields=ATTENDEE, nullable=False)),
    "source": Field("object", fields=SOURCE, nullable=False),
    "notes": Field("text", max_len=TEXT_MAX),
    "all_day": Field("bool"),
    "description": Field("text", max_len=TEXT_MAX),
    "url": Field("url", max_len=URL_MAX),
    "logged_at": Field("instant", readonly=True),  # when "how it went" was last logged
}
ME = {k: v for k, v in PERSON.items() if k not in {*_STAMPS, "snoozed_until"}} | {
    "name": _s(NAME_MAX),
    "schools": _list(_s(NAME_MAX, nullable=False)),
    "companies": _list(_s(NAME_MAX, nullable=False)),
    "locations": _list(_s(NAME_MAX, nullable=False)),
}

RESOURCES: dict[str, Mapping[str, Field]] = {
    "people": PERSON,
    "interactions": INTERACTION,
    "promises": PROMISE,
    "reminders": REMINDER,
    "meetings": MEETING,
}


def validate(
    data: Any, spec: Mapping[str, Field], *, partial: bool = False, allow_readonly: bool = False
) -> dict:
    """Return a cleaned copy of `data` (trimmed strings, UTC instants) or raise InvalidField."""
    return _object(data, spec, "", partial=partial, allow_readonly=allow_readonly)


def _object(data, spec, path, *, partial=False, allow_readonly=False) -> dict:
    if not isinstance(data, dict):
        raise InvalidField(path or "body", f"{path or 'the body'} must be a JSON object")
    clean = {}
    for name, value in data.items():
        where = f"{path}.{name}" if path else name
        rule = spec.get(name)
        if rule is None:
            raise InvalidField(where, f"{where} is not a known field")
        if rule.readonly and not allow_readonly:
            raise InvalidField(where, f"{where} is set by the daemon and cannot be written")
        clean[name] = _value(value, rule, where)
    if not partial:
        for name, rule in spec.items():
            if rule.required and name not in clean:
                where = f"{path}.{name}" if path else name
                raise InvalidField(where, f"{where} is required")
    return clean


def _value(value, rule: Field, where: str):
    if value is None:
        if rule.nullable and not rule.required:
            return None
        raise InvalidField(where, f"{where} cannot be null")
    check = _CHECKS[rule.kind]
    return check(value, rule, where)


def _string(value, rule, where) -> str:
    if not isinstance(value, str):
        raise InvalidField(where, f"{where} must be a string")
    value = value.strip()
    if "\x00" in value:
        raise InvalidField(where, f"{where} must not contain NUL characters")
    if rule.max_len is not None and len(value) > rule.max_len:
        raise InvalidField(where, f"{where} is longer than {rule.max_len} characters")
    if rule.required and not value:
        raise InvalidField(where, f"{where} must not be empty")
    return value


def _text(value, rule, where) -> str:
    if not isinstance(value, str):
        raise InvalidField(where, f"{where} must be a string")
    if "\x00" in value:
        raise InvalidField(where, f"{where} must not contain NUL characters")
    if len(value) > rule.max_len:
        raise InvalidField(where, f"{where} is longer than {rule.max_len} characters")
    return value


def _int(value, rule, where) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidField(where, f"{where} must be an integer")
    if rule.minimum is not None and value < rule.minimum:
        raise InvalidField(where, f"{where} must be at least {rule.minimum}")
    if rule.maximum is not None and value > rule.maximum:
        raise InvalidField(where, f"{where} must be at most {rule.maximum}")
    return value


def _bool(value, rule, where) -> bool:
    if not isinstance(value, bool):
        raise InvalidField(where, f"{where} must be true or false")
    return value


def _instant(value, rule, where) -> str:
    text = _string(value, Field("str", max_len=64), where)
    try:
        return normalize_instant(text)
    except NaiveTime:
        raise InvalidField(
            where, f"{where} has no UTC offset; write it like 2026-03-01T09:30:00+01:00"
        ) from None
    except ValueError:
        raise InvalidField(where, f"{where} must be an ISO 8601 date-time with offset") from None


def _date(value, rule, where) -> str:
    text = _string(value, Field("str", max_len=32), where)
    try:
        return parse_date(text).isoformat()
    except ValueError:
        raise InvalidField(where, f"{where} must be a date like 2026-03-01") from None


def _enum(value, rule, where) -> str:
    if value not in rule.choices:
        raise InvalidField(where, f"{where} must be one of: {', '.join(rule.choices)}")
    return value


def _id(value, rule, where) -> str:
    if not isinstance(value, str) or not ID_RE.match(value):
        raise InvalidField(where, f"{where} must be 1-64 characters of A-Z, a-z, 0-9, _ or -")
    return value


def _email(value, rule, where) -> str:
    text = _string(value, rule, where).lower()
    if not EMAIL_RE.match(text):
        raise InvalidField(where, f"{where} is not an email address")
    return text


def _url(value, rule, where) -> str:
    text = _string(value, rule, where)
    if not re.match(r"^https?://[^\s/]+", text, re.IGNORECASE):
        raise InvalidField(where, f"{where} must be an http(s) URL")
    return text


def _list_value(value, rule, where) -> list:
    if not isinstance(value, list):
        raise InvalidField(where, f"{where} must be a list")
    if rule.max_len is not None and len(value) > rule.max_len:
        raise InvalidField(where, f"{where} has more than {rule.max_len} items")
    if rule.required and not value:
        raise InvalidField(where, f"{where} must not be empty")
    items = [_value(item, rule.items, f"{where}[{i}]") for i, item in enumerate(value)]
    if rule.items.kind in ("str", "email", "id"):
        items = list(dict.fromkeys(items))  # drop repeats, keep order
    return items


def _object_value(value, rule, where) -> dict:
    return _object(value, rule.fields, where)


_CHECKS = {
    "str": _string,
    "text": _text,
    "int": _int,
    "bool": _bool,
    "instant": _instant,
    "date": _date,
    "enum": _enum,
    "id": _id,
    "email": _email,
    "url": _url,
    "list": _list_value,
    "object": _object_value,
}


def json_schema(spec: Mapping[str, Field]) -> dict:
    """The OpenAPI (JSON Schema 2020-12) form of a resource, from the same rules."""
    return {
        "type": "object",
        "properties": {name: _field_schema(rule) for name, rule in spec.items()},
        "required": [name for name, rule in spec.items() if rule.required],
        "additionalProperties": False,
    }


INSTANT_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$"
_PATTERNS = {
    "instant": INSTANT_PATTERN,
    "date": r"^\d{4}-\d{2}-\d{2}$",
    "email": EMAIL_RE.pattern,
    "url": r"^https?://[^\s/]+",
}


def _field_schema(rule: Field) -> dict:
    base: dict[str, Any] = {
        "str": {"type": "string"},
        "text": {"type": "string"},
        "int": {"type": "integer"},
        "bool": {"type": "boolean"},
        "instant": {"type": "string", "format": "date-time"},
        "date": {"type": "string", "format": "date"},
        "enum": {"type": "string", "enum": list(rule.choices)},
        "id": {"type": "string", "pattern": ID_PATTERN},
        "email": {"type": "string", "format": "email"},
        "url": {"type": "string", "format": "uri"},
        "list": {"type": "array"},
        "object": {"type": "object"},
    }[rule.kind].copy()
    if rule.kind in _PATTERNS:
        base["pattern"] = _PATTERNS[rule.kind]
    if rule.required and rule.kind == "str":
        base.update(minLength=1, pattern=r"\S")
    if rule.required and rule.kind == "list":
        base["minItems"] = 1
    if rule.max_len is not None:
        base["maxItems" if rule.kind == "list" else "maxLength"] = rule.max_len
    if rule.minimum is not None:
        base["minimum"] = rule.minimum
    if rule.maximum is not None:
        base["maximum"] = rule.maximum
    if rule.items is not None:
        base["items"] = _field_schema(rule.items)
    if rule.fields is not None:
        base.update(json_schema(rule.fields))
    if rule.readonly:
        base["readOnly"] = True
    if rule.nullable and not rule.required:
        base["type"] = [base["type"], "null"]
        if "enum" in base:
            base["enum"] = [*base["enum"], None]
    return base
