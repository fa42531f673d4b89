"""The JSON dump: export everything, import all-or-nothing.

Import keeps the ids it is given and replaces records that already have them; every record is
checked (fields, references, identity clashes) before any is written, and the whole import is
one journal entry, so a crash leaves all of it or none of it.
"""

from datetime import datetime

from rapport.errors import ApiError
from rapport.schema import ID_RE, InvalidField, validate
from rapport.services.people import build_person, clean_person
from rapport.services.records import KINDS, build_record, referenced_people
from rapport.services.tables import profile_keys
from rapport.services.user import me_op, read_me
from rapport.store import Put, Store
from rapport.timefmt import format_instant

FORMAT = "rapport"
VERSION = 1
SECTIONS = ("people", "interactions", "promises", "reminders", "meetings")


class ImportRefused(ApiError):
    def __init__(self, field: str, message: str):
        super().__init__(422, "import_refused", message, field)


def export_all(store: Store, now: datetime) -> dict:
    dump = {"format": FORMAT, "version": VERSION, "exported_at": format_instant(now)}
    for section in SECTIONS:
        dump[section] = sorted(store.records(section), key=lambda r: (r["created_at"], r["id"]))
    dump["me"] = read_me(store)
    return dump


def import_all(store: Store, dump, now: datetime) -> dict:
    """Validate the whole dump, then commit it as one transaction; return counts."""
    if not isinstance(dump, dict):
        raise ImportRefused("body", "the body must be a JSON object in Rapport's export format")
    if dump.get("format") != FORMAT or dump.get("version") != VERSION:
        raise ImportRefused(
            "format", f'expected "format": "{FORMAT}" and "version": {VERSION} at the top level'
        )
    unknown = set(dump) - {*SECTIONS, "format", "version", "exported_at", "me"}
    if unknown:
        raise ImportRefused(sorted(unknown)[0], f"unknown section {sorted(unknown)[0]!r}")
    records = {section: _section(dump, section, now) for section in SECTIONS}
    _check_people_identity(store, records["people"])
    known_people = {p["id"] for p in records["people"]} | set(_ids(store, "people"))
    for section in SECTIONS[1:]:
        for index, record in enumerate(records[section]):
            for field, ids in referenced_people(section, record):
                for person_id in ids:
                    if person_id not in known_people:
                        raise ImportRefused(
                            f"{section}[{index}].{field}",
                            f"{section}[{index}].{field} names no person ({person_id!r})",
                        )
    ops = [Put(section, record) for section in SECTIONS for record in records[section]]
    if dump.get("me") is not None:
        ops.append(me_op(dump["me"], field_prefix="me."))
    counts = {section: len(records[section]) for section in SECTIONS}
    created = sum(
        1 for op in ops if op.table in SECTIONS and store.get(op.table, op.record["id"]) is None
    )
    store.commit(ops)
    return {"imported": counts, "created": created, "replaced": sum(counts.values()) - created}


def _ids(store: Store, table: str):
    return (record["id"] for record in store.records(table))


def _section(dump: dict, section: str, now: datetime) -> list[dict]:
    raw = dump.get(section, [])
    if not isinstance(raw, list):
        raise ImportRefused(section, f"{section} must be a list")
    seen: set[str] = set()
    built = []
    for index, item in enumerate(raw):
        where = f"{section}[{index}]"
        try:
            if (
                isinstance(item, dict)
                and "id" in item
                and not (isinstance(item["id"], str) and ID_RE.match(item["id"]))
            ):
                raise InvalidField("id", "id must be 1-64 characters of A-Z, a-z, 0-9, _ or -")
            if section == "people":
                record = build_person(clean_person(item, allow_readonly=True), now)
            else:
                clean = validate(item, KINDS[section].spec, allow_readonly=True)
                record = build_record(section, clean, now)
        except InvalidField as error:
            raise ImportRefused(f"{where}.{error.field}", f"{where}: {error.message}") from None
        except ApiError as error:
            raise ImportRefused(f"{where}.{error.field}", f"{where}: {error.message}") from None
        if record["id"] in seen:
            raise ImportRefused(f"{where}.id", f"{where}: id {record['id']!r} appears twice")
        seen.add(record["id"])
        built.append(record)
    return built


def _check_people_identity(store: Store, people: list[dict]) -> None:
    """Two records may not claim one profile or email, in the dump or against the store."""
    owners: dict[str, str] = {}
    incoming = {p["id"] for p in people}
    for index, person in enumerate(people):
        claims = [("profiles", k) for k in profile_keys(person)]
        claims += [("emails", e) for e in person["emails"]]
        for field, key in claims:
            holder = owners.setdefault(key, person["id"])
            stored = store.find(f"people_by_{field[:-1]}", key) - incoming
            if holder != person["id"] or stored:
                other = holder if holder != person["id"] else sorted(stored)[0]
                raise ImportRefused(
                    f"people[{index}].{field}",
                    f"people[{index}]: {key} also belongs to person {other}",
                )
