"""Read the `Connections.csv` of LinkedIn's "Get a copy of your data" export.

LinkedIn writes the file in the member's interface language, puts a free-text `Notes:` preamble
above the header and spells dates per locale (`15 Mar 2024`, `15-Mar-24`, `15. März 2024`). So
the header is found by its column names, not its line number, and dates are read with a small
month table; dateparser only sees the rare spelling the table misses, once per distinct string,
because calling it per row would cost seconds on a 30k-connection file.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import itemgetter

from rapport.identity import NotAProfileUrl, canonical_profile

SUPPORTED_LANGUAGES = ("English", "German", "French", "Spanish")
ENGLISH_HEADER = "First Name, Last Name, URL, Email Address, Company, Position, Connected On"

# Header spellings after _fold(): lower case, no accents, punctuation turned into spaces.
# The order of the columns is the order _connection_row takes them in.
_COLUMN_SPELLINGS = {
    "first_name": ("first name", "vorname", "prenom", "nombre"),
    "last_name": ("last name", "nachname", "nom", "nom de famille", "apellidos", "apellido"),
    "url": ("url", "profile url", "profil url", "url du profil", "url del perfil"),
    "email": (
        "email address", "e mail address", "email", "e mail",
        "e mail adresse", "email adresse",
        "adresse e mail", "adresse email", "adresse electronique",
        "direccion de correo electronico", "correo electronico", "direccion de email",
    ),
    "company": ("company", "unternehmen", "firma", "entreprise", "societe", "empresa"),
    "position": ("position", "poste", "titre", "cargo", "puesto"),
    "connected_on": (
        "connected on", "verbunden am", "verbunden seit",
        "date de connexion", "connecte le", "connecte e le", "connexion le",
        "conectado", "conectado el", "conectado desde", "fecha de conexion",
    ),
}  # fmt: skip
_COLUMN_BY_SPELLING = {
    spelling: column for column, spellings in _COLUMN_SPELLINGS.items() for spelling in spellings
}
# Excel re-saves a CSV with the list separator of the user's locale: `;` in Germany and France.
_DELIMITERS = (",", ";", "\t")
# LinkedIn's preamble is a few lines; a file with no header this far down is some other file,
# and reading all of it as candidate headers would cost seconds.
_HEADER_SEARCH_LINES = 100

_MONTHS_BY_LANGUAGE = {
    "English": (
        "jan january", "feb february", "mar march", "apr april", "may", "jun june",
        "jul july", "aug august", "sep sept september", "oct october", "nov november",
        "dec december",
    ),
    "German": (
        "jan januar janner", "feb februar", "mar marz mrz", "apr april", "mai", "jun juni",
        "jul juli", "aug august", "sep sept september", "okt oktober", "nov november",
        "dez dezember",
    ),
    "French": (
        "janv janvier", "fev fevr fevrier", "mars", "avr avril", "mai", "juin",
        "juil juillet", "aout", "sept septembre", "oct octobre", "nov novembre",
        "dec decembre",
    ),
    "Spanish": (
        "ene enero", "feb febrero", "mar marzo", "abr abril", "may mayo", "jun junio",
        "jul julio", "ago agosto", "sep sept septiembre setiembre", "oct octubre",
        "nov noviembre", "dic diciembre",
    ),
}  # fmt: skip
_MONTH_BY_NAME = {
    name: number
    for months in _MONTHS_BY_LANGUAGE.values()
    for number, spellings in enumerate(months, start=1)
    for name in spellings.split()
}
_DATE_FILLER = {"de", "del"}  # Spanish long form: `15 de marzo de 2024`


class UnsupportedConnectionsFile(ValueError):
    """The file has no header this reader knows, so no column can be trusted."""


class _UnreadableRow(ValueError):
    """A row that names nobody; its message becomes the row's error."""


@dataclass(frozen=True, slots=True)
class ConnectionRow:
    """One connection; `row` is the file line its record starts on, for error messages."""

    row: int
    name: str
    profile: dict | None
    email: str | None
    company: str | None
    position: str | None
    connected_on: str | None


@dataclass(frozen=True, slots=True)
class ConnectionsParse:
    rows: list[ConnectionRow]
    errors: list[dict]


def parse_connections(data: bytes) -> ConnectionsParse:
    """Read every connection; a bad row becomes an error with its line number, never a stop."""
    stream = io.StringIO(_decode(data), newline="")
    header_line, delimiter, positions = _find_header(stream)
    # A column the header lacks reads from one blank cell padded onto every row.
    width = max(positions.values(), default=0) + 2
    pick = itemgetter(*(positions.get(column, width - 1) for column in _COLUMN_SPELLINGS))
    reader = csv.reader(stream, delimiter=delimiter)
    rows: list[ConnectionRow] = []
    errors: list[dict] = []
    while True:
        line = header_line + reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append({"row": line, "message": f"row {line} is not valid CSV: {exc}"})
            continue
        if not "".join(cells).strip():
            continue
        if len(cells) < width:
            cells.extend([""] * (width - len(cells)))
        try:
            rows.append(_connection_row(line, *pick(cells)))
        except _UnreadableRow as exc:
            errors.append({"row": line, "message": str(exc)})
    return ConnectionsParse(rows=rows, errors=errors)


def to_person(row: ConnectionRow) -> dict:
    """The person a connection describes, in the contract's field names."""
    how_met = "LinkedIn connection"
    if row.connected_on:
        how_met += f" since {row.connected_on}"
    return {
        "name": row.name,
        "company": row.company,
        "title": row.position,
        "emails": [row.email] if row.email else [],
        "profiles": [row.profile] if row.profile else [],
        "how_met": how_met,
    }


def _decode(data: bytes) -> str:
    """LinkedIn writes UTF-8, with or without a BOM; a copy re-saved by Excel may be cp1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _fold(text: str) -> str:
    """One spelling for a header cell, so `E-Mail-Adresse` meets `e mail adresse`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())


def _find_header(stream: io.StringIO) -> tuple[int, str, dict[str, int]]:
    """Read lines up to the header; return its line number, delimiter and column positions."""
    found_columns: list[str] = []
    for number, line in enumerate(iter(stream.readline, ""), start=1):
        if number > _HEADER_SEARCH_LINES:
            break
        for delimiter in _DELIMITERS:
            cells = next(csv.reader([line], delimiter=delimiter), [])
            positions: dict[str, int] = {}
            for index, cell in enumerate(cells):
                column = _COLUMN_BY_SPELLING.get(_fold(cell))
                if column:
                    positions.setdefault(column, index)
            if "first_name" in positions and "last_name" in positions:
                return number, delimiter, positions
            # For the error message: the first row wide enough to be a header, else the widest.
            named = [cell.strip() for cell in cells if cell.strip()]
            if len(found_columns) < 3 and len(named) > len(found_columns):
                found_columns = named
    found = ", ".join(found_columns) if found_columns else "none (the file is empty)"
    raise UnsupportedConnectionsFile(
        f"this is not a LinkedIn Connections.csv this version can read: found columns {found}; "
        f"expected a LinkedIn export in {', '.join(SUPPORTED_LANGUAGES)} "
        f"(in English: {ENGLISH_HEADER})"
    )


def _connection_row(
    line: int,
    first_name: str,
    last_name: str,
    url: str,
    email: str,
    company: str,
    position: str,
    connected_on: str,
) -> ConnectionRow:
    name = _one_line(f"{first_name} {last_name}")
    url = url.strip()
    profile = _linkedin_profile(url)
    if not name and profile is None:
        if url:
            raise _UnreadableRow(f"row {line} has no name and {url!r} is not a LinkedIn profile")
        raise _UnreadableRow(f"row {line} has neither a name nor a profile URL")
    return ConnectionRow(
        row=line,
        # A member who hides their name still has a profile; its handle is the best name we have.
        name=name or profile["handle"],
        profile=profile,
        email=email.strip().lower() or None,
        company=_one_line(company) or None,
        position=_one_line(position) or None,
        connected_on=_connected_on(connected_on.strip()),
    )


def _one_line(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _linkedin_profile(url: str) -> dict | None:
    """The profile a URL cell names; anything but a LinkedIn profile there is damage, not data."""
    if not url:
        return None
    try:
        profile = canonical_profile(url)
    except NotAProfileUrl:
        return None
    return profile.as_record() if profile.site == "linkedin" else None


@lru_cache(maxsize=8192)
def _connected_on(text: str) -> str | None:
    """ISO date for a LinkedIn date in any supported language, or None if it reads as no date."""
    if not text:
        return None
    found = _date_from_month_table(text) or _date_from_dateparser(text)
    return found.isoformat() if found else None


def _date_from_month_table(text: str) -> date | None:
    tokens = [token for token in _fold(text).split() if token not in _DATE_FILLER]
    if len(tokens) != 3:
        return None
    if all(token.isdigit() for token in tokens) and len(tokens[0]) == 4:
        year, month, day = (int(token) for token in tokens)
    elif tokens[0].isdigit() and tokens[1] in _MONTH_BY_NAME and tokens[2].isdigit():
        day, month, year = int(tokens[0]), _MONTH_BY_NAME[tokens[1]], int(tokens[2])
    elif tokens[0] in _MONTH_BY_NAME and tokens[1].isdigit() and tokens[2].isdigit():
        month, day, year = _MONTH_BY_NAME[tokens[0]], int(tokens[1]), int(tokens[2])
    else:
        return None
    if year < 100:  # `15-Mar-24`; LinkedIn began in 2003, so every two-digit year is 20xx
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _date_from_dateparser(text: str) -> date | None:
    # Imported here: it costs about 0.3 s and most files never need it.
    import dateparser

    moment = dateparser.parse(
        text,
        languages=["en", "de", "fr", "es"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return moment.date() if moment else None
