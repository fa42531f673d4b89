"""The JSON dump: export everything, import all-or-nothing.

Import keeps the ids it is given and replaces records that already have them; every record is
checked (fields, references, identity clashes) before any is written, and the whole import is
one journal entry, so a crash leaves all of it or none of it.
"""

from datetime import datetime

import orjson

from rapport.errors import ApiError
from rapport.jsonstream import NotValidJson, read_object
from rapport.schema import ID_RE, InvalidField, validate
from rapport.services.people import build_person, clean_person
from rapport.services.records import KINDS, build_record, referenced_people
from rapport.services.tables import profile_keys
from rapport.services.user import me_op, read_me
from rapport.store import Op, PutEncoded, Store, pack
from rapport.timefmt import format_instant

FORMAT = "rapport"
VERSION = 1
SECTIONS = ("people", "interactions", "promises", "reminders", "meetings")


class ImportRefused(ApiError):
    def __init__(self, field: str, message: str):
        super().__init__(422, "import_refused", message, field)


def export_all(store: Store, now: datetime) -> dict:
    """Everything, ready for orjson; records in the order they were created."""
    dump = {"format": FORMAT, "version": VERSION, "exported_at": format_instant(now)}
    for section in SECTIONS:
        dump[section] = _by_creation(store, section)
    dump["me"] = read_me(store)
    return dump


def _by_creation(store: Store, section: str) -> list:
    """A packed record goes out as the JSON it is kept as: exporting 100k interactions decodes
    only their creation times and never holds them all as dicts."""
    order = sorted((r["created_at"], r["id"]) for r in store.records(section, ("created_at",)))
    rows = store.tables()[section]
    return [_as_json(rows[record_id]) for _, record_id in order]


def _as_json(row):
    return orjson.Fragment(row) if isinstance(row, bytes) else row


def import_all(store: Store, body: bytes, now: datetime) -> dict:
    """Validate the whole dump, then commit it as one transaction; return counts.

    The body is read a record at a time (`jsonstream`), and a packed table's records are kept
    packed until the commit, so importing 100k records never holds them all as dicts.
    """
    reading = _Reading(store, now)
    try:
        rest = read_object(body, SECTIONS, reading.add)
        _encodable(rest)
    except NotValidJson as error:
        if error.code == "not_an_object":
            raise ImportRefused("body", f"{error} in Rapport's export format") from None
        status = 400 if error.code == "bad_json" else 422
        raise ApiError(status, error.code, str(error)) from None
    if rest.get("format") != FORMAT or rest.get("version") != VERSION:
        raise ImportRefused(
            "format", f'expected "format": "{FORMAT}" and "version": {VERSION} at the top level'
        )
    unknown = sorted(set(rest) - {*SECTIONS, "format", "version", "exported_at", "me"})
    if unknown:
        raise ImportRefused(unknown[0], f"unknown section {unknown[0]!r}")
    for section in SECTIONS:
        if section in rest:  # present, but not an array
            raise ImportRefused(section, f"{section} must be a list")
    ops = reading.finish()
    if rest.get("me") is not None:
        ops.append(me_op(rest["me"], field_prefix="me."))
    store.commit(ops)
    counts = {section: len(ids) for section, ids in reading.ids.items()}
    return {
        "imported": counts,
        "created": reading.created,
        "replaced": sum(counts.values()) - reading.created,
    }


class _Reading:
    """Checks the records of a dump as they are read, and keeps them until the commit."""

    def __init__(self, store: Store, now: datetime):
        self.store = store
        self.now = now
        self.claims: list[Claims] = []  # of each person, for the identity check at the end
        self.ops: list[Op] = []  # in the order read
        self.ids: dict[str, set[str]] = {section: set() for section in SECTIONS}
        self.created = 0
        self.unresolved: list[tuple[str, str]] = []  # (where, person id) not seen when read
        self.error: ImportRefused | None = None  # the first; told after the top-level checks

    def add(self, section: str, index: int, item) -> None:
        if self.error is not None:
            return
        try:
            record = _build(section, index, item, self.now)
        except ImportRefused as error:
            self.error = error
            return
        if record["id"] in self.ids[section]:
            where = f"{section}[{index}]"
            self.error = ImportRefused(f"{where}.id", f"{where}: id {record['id']!r} appears twice")
            return
        encoded = _encodable(record)
        self.ids[section].add(record["id"])
        self.created += not self.store.contains(section, record["id"])
        if section == "people":
            self.claims.append((index, record["id"], _claims(record)))
        for field, ids in referenced_people(section, record):
            for person_id in ids:
                if not self._knows(person_id):
                    self.unresolved.append((f"{section}[{index}].{field}", person_id))
        self.ops.append(PutEncoded(section, record["id"], encoded))

    def _knows(self, person_id: str) -> bool:
        return person_id in self.ids["people"] or self.store.contains("people", person_id)

    def finish(self) -> list[Op]:
        """The transaction, once every record was read; raises the first problem found."""
        if self.error is not None:
            raise self.error
        _check_people_identity(self.store, self.claims, self.ids["people"])
        for where, person_id in self.unresolved:  # records read before the people they name
            if not self._knows(person_id):
                raise ImportRefused(where, f"{where} names no person ({person_id!r})")
        return self.ops


def _encodable(value) -> bytes:
    """`value` as JSON. ijson's C parser refuses what orjson cannot write (half a surrogate
    pair, an integer past 64 bits); this keeps any other parser's leniency out of the store."""
    try:
        return pack(value)
    except orjson.JSONEncodeError as error:
        raise NotValidJson(f"the body cannot be stored as JSON ({error})") from None


def _build(section: str, index: int, item, now: datetime) -> dict:
    where = f"{section}[{index}]"
    try:
        if (
            isinstance(item, dict)
            and "id" in item
            and not (isinstance(item["id"], str) and ID_RE.match(item["id"]))
        ):
            raise InvalidField("id", "id must be 1-64 characters of A-Z, a-z, 0-9, _ or -")
        if section == "people":
            return build_person(clean_person(item, allow_readonly=True), now)
        clean = validate(item, KINDS[section].spec, allow_readonly=True)
        return build_record(section, clean, now)
    except InvalidField as error:
        raise ImportRefused(f"{where}.{error.field}", f"{where}: {error.message}") from None
    except ApiError as error:
        raise ImportRefused(f"{where}.{error.field}", f"{where}: {error.message}") from None


Claims = tuple[int, str, list[tuple[str, str]]]  # (index in the dump, person id, claims)


def _claims(person: dict) -> list[tuple[str, str]]:
    """The (field, key) pairs that identify a person: no one else may hold them."""
    return [("profiles", key) for key in profile_keys(person)] + [
        ("emails", email) for email in person["emails"]
    ]


def _check_people_identity(store: Store, people: list[Claims], incoming: set[str]) -> None:
    """Two records may not claim one profile or email, in the dump or against the store."""
    owners: dict[str, str] = {}
    for index, person_id, claims in people:
        for field, key in claims:
            holder = owners.setdefault(key, person_id)
            stored = store.find(f"people_by_{field[:-1]}", key) - incoming
            if holder != person_id or stored:
                other = holder if holder != person_id else sorted(stored)[0]
                raise ImportRefused(
                    f"people[{index}].{field}",
                    f"people[{index}]: {key} also belongs to person {other}",
                )
