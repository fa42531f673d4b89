"""The user's own record (`/me`): their emails, tags, companies, places and schools.

It feeds common ground on cards and tells calendar import which attendee is the user.
"""

from rapport.errors import ApiError
from rapport.schema import ME, InvalidField, validate
from rapport.services.people import PERSON_DEFAULTS
from rapport.store import Put, Store

ME_ID = "me"
ME_DEFAULTS = {
    "name": None,
    **{field: value for field, value in PERSON_DEFAULTS.items() if field in ME},
    "schools": [],
    "companies": [],
    "locations": [],
}


def read_me(store: Store) -> dict:
    stored = store.get("settings", ME_ID) or {}
    return {**ME_DEFAULTS, **{k: v for k, v in stored.items() if k != "id"}}


def me_op(data, field_prefix: str = "") -> Put:
    """The write that replaces the user's record with `data` (validated in full)."""
    try:
        clean = validate(data, ME)
    except InvalidField as error:
        raise ApiError(422, "invalid_field", error.message, field_prefix + error.field) from None
    return Put("settings", {"id": ME_ID, **ME_DEFAULTS, **clean})


def write_me(store: Store, data) -> dict:
    store.commit([me_op(data)])
    return read_me(store)
