"""vCard export and import, so people move between Rapport and any address book.

Export writes vCard 3.0, the version every address book reads. Person fields that vCard has no
property for travel in X-RAPPORT-* properties, so reading an export back gives the same people.
Import reads 3.0 and 4.0 (Apple, Google, Nextcloud). vobject splits the text into content lines
(unfolding, parameters, quoted-printable), but the values are unescaped here: vobject's own text
decoding keeps only what precedes the first unescaped comma, and exporters leave those in notes.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import vobject
from vobject.base import ContentLine, VObjectError, textLineToContentLine

from rapport.identity import NotAProfileUrl, Profile, canonical_profile

_PRODID = "-//Rapport//Rapport vCard export//EN"
# A URL we accept as a profile: optional http(s) scheme, a dotted host, no spaces. Without this
# check identity would read `x-apple:ada` or `skype:ada` as a web page on host `x-apple`.
_WEB_ADDRESS = re.compile(r"^(?:https?://)?[^\s/:@]+\.[^\s/:@]+(?::\d+)?(?:[/?#]\S*)?$", re.I)
# Apple and Nextcloud may store a social profile as a bare user name plus the site it is on.
_BARE_HANDLE = re.compile(r"^[\w.-]+$")
_FEDIVERSE_HANDLE = re.compile(r"^[\w.-]+@[\w-]+(?:\.[\w-]+)+$")
_PROFILE_URL_BY_SITE = {
    "linkedin": "https://www.linkedin.com/in/{}",
    "twitter": "https://x.com/{}",
    "x": "https://x.com/{}",
    "github": "https://github.com/{}",
}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ESCAPED = re.compile(r"\\([\\,;:nN])")
# Google puts every contact in this system group; as a tag it says nothing.
_SYSTEM_GROUPS = {"myContacts"}


class NotAVCard(ValueError):
    """The text holds no BEGIN:VCARD at all, so it is some other kind of file."""


class _BrokenCard(ValueError):
    """One card that cannot become a person; the message becomes its error."""


@dataclass(frozen=True, slots=True)
class VCardParse:
    people: list[dict]
    errors: list[dict]


@dataclass(slots=True)
class _RawCard:
    """The content lines between one BEGIN:VCARD and its END, and the first thing wrong."""

    begin_line: int
    lines: list[ContentLine] = field(default_factory=list)
    problem: str | None = None

    def note(self, problem: str) -> None:
        self.problem = self.problem or problem


def people_to_vcard(people: list[dict]) -> str:
    """One vCard 3.0 per person, with CRLF line ends and long lines folded."""
    return "".join(_card(person).serialize() for person in people)


def parse_vcards(text: str) -> VCardParse:
    """Every card as a person dict; a broken card becomes an error with its index, never a stop."""
    people: list[dict] = []
    errors: list[dict] = []
    cards = _split_cards(text.removeprefix("\ufeff"))
    if not cards:
        raise NotAVCard("the text holds no vCard (no BEGIN:VCARD line)")
    for index, card in enumerate(cards):
        try:
            if card.problem:
                raise _BrokenCard(card.problem)
            people.append(_person(card.lines))
        except _BrokenCard as exc:
            errors.append({"index": index, "message": f"vCard at line {card.begin_line}: {exc}"})
    return VCardParse(people=people, errors=errors)


def _card(person: dict) -> vobject.base.Component:
    card = vobject.vCard()
    card.add("prodid").value = _PRODID
    name = person.get("name") or ""
    card.add("fn").value = name
    given, _, family = name.rpartition(" ")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    for email in person.get("emails") or []:
        card.add("email").value = email
    for phone in person.get("phones") or []:
        card.add("tel").value = phone
    if person.get("company"):
        card.add("org").value = [person["company"]]
    if person.get("tags"):
        card.add("categories").value = list(person["tags"])
    for profile in person.get("profiles") or []:
        card.add("url").value = profile["url"]
        social = card.add("x-socialprofile")
        social.value = profile["url"]
        social.type_param = profile["site"]
    if person.get("interests"):
        _add_list(card, "x-rapport-interests", person["interests"])
    if person.get("keep_in_touch_days") is not None:
        card.add("x-rapport-keep-in-touch").value = str(person["keep_in_touch_days"])
    for prop, key in (
        ("uid", "id"),
        ("x-rapport-id", "id"),
        ("title", "title"),
        ("note", "notes"),
        ("x-rapport-headline", "headline"),
        ("x-rapport-location", "location"),
        ("x-rapport-how-met", "how_met"),
    ):
        if person.get(key):
            card.add(prop).value = person[key]
    return card


def _add_list(card: vobject.base.Component, prop: str, values: list[str]) -> None:
    """A comma-separated text list; vobject would escape the separating commas too."""
    line = card.add(prop)
    line.value = ",".join(vobject.base.backslashEscape(value) for value in values)
    line.encoded = True


def _split_cards(text: str) -> list[_RawCard]:
    """Every BEGIN:VCARD in the text, each with its own problem.

    Split here because vobject.readComponents abandons the whole file at its first bad line.
    """
    cards: list[_RawCard] = []
    current: _RawCard | None = None
    for raw, number in _unfolded_lines(text):
        try:
            line = textLineToContentLine(raw, number)
        except (VObjectError, ValueError, LookupError) as exc:  # LookupError: unknown charset
            if current:
                current.note(f"line {number} cannot be read: {getattr(exc, 'msg', exc)}")
            continue
        keyword = line.value.strip().upper()
        if line.name == "BEGIN" and keyword == "VCARD":
            if current:
                current.note("it has no END:VCARD")
            current = _RawCard(number)
            cards.append(current)
        elif line.name == "END" and keyword == "VCARD" and current:
            current = None
        elif current:
            current.lines.append(line)
    if current:
        current.note("it has no END:VCARD")
    return cards


def _unfolded_lines(text: str) -> Iterator[tuple[str, int]]:
    """Content lines with folds undone, each with the number of its first physical line.

    vobject.base.getLogicalLines does the same but counts every line twice.
    """
    pending: list[str] = []
    start = 0
    for number, physical in enumerate(_LINE_BREAK.split(text), start=1):
        if pending and physical[:1] in (" ", "\t"):
            pending.append(physical[1:])
            continue
        if pending:
            yield "".join(pending), start
        pending, start = ([physical] if physical.strip() else []), number
    if pending:
        yield "".join(pending), start


def _person(lines: list[ContentLine]) -> dict:
    person: dict = {
        "name": None, "headline": None, "company": None, "title": None, "location": None,
        "emails": [], "profiles": [], "tags": [], "interests": [], "how_met": None,
        "keep_in_touch_days": None, "notes": None,
    }  # fmt: skip
    structured_name = address = None
    notes: list[str] = []
    profiles: dict[str, dict] = {}
    for line in lines:
        name, value = line.name, line.value
        if name == "FN" and not person["name"]:
            person["name"] = _unescape(value).strip() or None
        elif name == "N":
            structured_name = value
        elif name == "EMAIL":
            email = _unescape(value).strip().removeprefix("mailto:")
            if email and email.lower() not in {known.lower() for known in person["emails"]}:
                person["emails"].append(email)
        elif name == "ORG":
            units = [_unescape(unit).strip() for unit in _split_unescaped(value, ";")]
            person["company"] = ", ".join(unit for unit in units if unit) or None
        elif name == "ADR":
            address = value
        elif name == "NOTE":
            notes.append(_unescape(value))
        elif name == "CATEGORIES":
            person["tags"] += [t for t in _text_list(value) if t not in _SYSTEM_GROUPS]
        elif name in ("URL", "IMPP", "X-SOCIALPROFILE", "SOCIALPROFILE"):
            profile = _profile(line)
            if profile:
                profiles.setdefault(profile.key, profile.as_record())
        elif name == "X-RAPPORT-INTERESTS":
            person["interests"] += _text_list(value)
        elif name == "X-RAPPORT-KEEP-IN-TOUCH":
            person["keep_in_touch_days"] = _whole_days(_unescape(value))
        elif name in _TEXT_FIELDS:
            person[_TEXT_FIELDS[name]] = _unescape(value) or None
    person["name"] = person["name"] or _name_from_parts(structured_name)
    if not person["name"]:
        raise _BrokenCard("it has no name (FN and N are empty)")
    person["location"] = person["location"] or _locality(address)
    person["notes"] = "\n\n".join(notes) or None
    person["profiles"] = list(profiles.values())
    person["tags"] = list(dict.fromkeys(person["tags"]))
    person["interests"] = list(dict.fromkeys(person["interests"]))
    return person


_TEXT_FIELDS = {
    "TITLE": "title",
    "X-RAPPORT-ID": "id",
    "X-RAPPORT-HEADLINE": "headline",
    "X-RAPPORT-LOCATION": "location",
    "X-RAPPORT-HOW-MET": "how_met",
}


def _unescape(value: str) -> str:
    return _ESCAPED.sub(lambda match: "\n" if match[1] in "nN" else match[1], value)


def _split_unescaped(value: str, separator: str) -> list[str]:
    """Split at separators that are not backslash-escaped; the parts stay escaped."""
    parts, start = [], 0
    for match in re.finditer(r"\\.|" + re.escape(separator), value, re.DOTALL):
        if match[0] == separator:
            parts.append(value[start : match.start()])
            start = match.end()
    parts.append(value[start:])
    return parts


def _text_list(value: str) -> list[str]:
    items = (_unescape(item).strip() for item in _split_unescaped(value, ","))
    return [item for item in items if item]


def _whole_days(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise _BrokenCard(
            f"X-RAPPORT-KEEP-IN-TOUCH must be a whole number of days, not {text!r}"
        ) from None


def _name_from_parts(value: str | None) -> str | None:
    """`N:Lovelace;Ada;;Countess;` as `Countess Ada Lovelace`: prefix, given, additional, family."""
    if value is None:
        return None
    parts = [" ".join(_text_list(part)) for part in _split_unescaped(value, ";")]
    family, given, additional, prefix, suffix = (parts + [""] * 5)[:5]
    return " ".join(part for part in (prefix, given, additional, family, suffix) if part) or None


def _locality(value: str | None) -> str | None:
    """City, region and country of an ADR: the part of an address a person card shows."""
    if value is None:
        return None
    parts = [_unescape(part).strip() for part in _split_unescaped(value, ";")]
    city, region, _code, country = (parts + [""] * 7)[3:7]
    return ", ".join(part for part in (city, region, country) if part) or None


def _profile(line: ContentLine) -> Profile | None:
    """The profile a URL, IMPP or social-profile line names, or None for anything else."""
    for candidate in _profile_candidates(line):
        try:
            return canonical_profile(candidate)
        except NotAProfileUrl:
            continue
    return None


def _profile_candidates(line: ContentLine) -> Iterator[str]:
    value = _unescape(line.value).strip()
    if _WEB_ADDRESS.match(value):
        yield value
    if not line.name.endswith("SOCIALPROFILE"):
        return
    site = _param(line, "SERVICE-TYPE") or _param(line, "TYPE")
    handle = (_param(line, "X-USER", lower=False) or value).lstrip("@")
    if site == "mastodon" and _FEDIVERSE_HANDLE.match(handle):
        yield handle
    elif site in _PROFILE_URL_BY_SITE and _BARE_HANDLE.match(handle):
        yield _PROFILE_URL_BY_SITE[site].format(handle)


def _param(line: ContentLine, name: str, lower: bool = True) -> str | None:
    """First value of a parameter; `TYPE="work,pref"` counts as `work`."""
    values = line.params.get(name) or [""]
    value = values[0].split(",")[0].strip()
    return (value.lower() if lower else value) or None
