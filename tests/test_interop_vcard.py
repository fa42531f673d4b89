"""GET /export.vcf and POST /import/vcard through the real app: round trip, matching, errors."""

from pathlib import Path

import pytest

from tests.conftest import add_person

FIXTURES = Path(__file__).parent / "fixtures" / "vcard"
VCARD = {"Content-Type": "text/vcard"}
PERSON_FIELDS = (
    "id", "name", "headline", "company", "title", "location", "emails", "profiles", "tags",
    "interests", "how_met", "keep_in_touch_days", "notes",
)  # fmt: skip
NOBODY = {"created": 0, "updated": 0, "unchanged": 0, "errors": []}


async def import_vcard(api, text: str | bytes, status: int = 200) -> dict:
    return await api.ok("POST", "/import/vcard", status, data=text, headers=VCARD)


async def export_vcard(api) -> str:
    response = await api.get("/export.vcf")
    assert response.status == 200
    assert response.content_type == "text/vcard"
    assert response.charset == "utf-8"
    return await response.text()


async def everyone(api) -> list[dict]:
    people = (await api.ok("GET", "/people", params={"limit": "1000"}))["items"]
    return sorted(({field: p[field] for field in PERSON_FIELDS} for p in people), key=str)


async def add_varied_people(api) -> None:
    await add_person(
        api,
        "Zoë Müller-Łukasiewicz",
        headline="Builds local-first apps; speaks at PyCon",
        company="Forschungs, Entwicklungs & Co. KG",
        title="Leiterin Forschung; Entwicklung",
        location="Berlin, Deutschland",
        emails=["zoe@example.org", "zoe.mueller@example.net"],
        profiles=[
            {"url": "https://de.linkedin.com/in/Zoe-Mueller/"},
            {"url": "@zoe@hachyderm.io"},
            {"url": "https://github.com/ZoeMueller"},
            {"url": "https://zoe.example.org/about"},
        ],
        tags=["conference", "python,rust", "berlin"],
        interests=["CRDTs", "property-based testing, mostly"],
        how_met="PyCon DE 2023: she asked about sync; I owe her an intro",
        keep_in_touch_days=45,
        notes="Line one, with a comma; and a semicolon.\nLine two: \\ a backslash.\n\nAfter a gap.",
    )
    await add_person(api, "李小龙", emails=["bruce@example.hk"])
    await add_person(api, "Madonna")


async def test_export_then_import_into_another_daemon_keeps_people_unchanged(
    api, make_api, tmp_path
):
    await add_varied_people(api)
    exported = await export_vcard(api)
    assert exported.count("BEGIN:VCARD") == 3
    other = await make_api(data_dir=tmp_path / "other")
    answer = await import_vcard(other, exported)
    assert answer == {**NOBODY, "created": 3}
    assert await everyone(other) == await everyone(api)
    # and a second export is the same file
    assert await export_vcard(other) == exported


async def test_importing_an_export_into_the_same_daemon_changes_nothing(api):
    await add_varied_people(api)
    before = await everyone(api)
    answer = await import_vcard(api, await export_vcard(api))
    assert answer == {**NOBODY, "unchanged": 3}
    assert await everyone(api) == before


async def test_an_address_book_export_is_imported(api):
    answer = await import_vcard(api, (FIXTURES / "google_3_0.vcf").read_bytes())
    assert answer == {**NOBODY, "created": 3}
    names = [person["name"] for person in await everyone(api)]
    assert sorted(names) == ["Ada Lovelace", "Alan Mathison Turing OBE", "Grace Hopper"]
    apple = await import_vcard(api, (FIXTURES / "apple_4_0.vcf").read_bytes())
    assert apple == {**NOBODY, "created": 2}
    zoe = await api.ok("GET", "/people", params={"q": "zoe"})
    assert zoe["items"][0]["tags"] == ["conference", "python,rust", "berlin"]


async def test_a_known_person_is_filled_in_not_overwritten(api):
    ada = await add_person(
        api,
        "Ada",
        company="Analytical Engines",
        emails=["ADA@home.example"],
        tags=["mentor"],
        notes="Met at the Royal Society",
    )
    answer = await import_vcard(api, (FIXTURES / "google_3_0.vcf").read_bytes())
    assert answer == {**NOBODY, "created": 2, "updated": 1}
    after = await api.ok("GET", f"/people/{ada['id']}")
    assert {field: after[field] for field in PERSON_FIELDS if field != "id"} == {
        "name": "Ada",
        "headline": None,
        "company": "Analytical Engines",  # the user's value wins over the address book's
        "title": "Chief Programmer",
        "location": "London, United Kingdom",
        "emails": ["ada@home.example", "ada@analytical.example"],
        "profiles": [
            {
                "site": "linkedin",
                "url": "https://www.linkedin.com/in/ada-lovelace",
                "handle": "ada-lovelace",
            },
            {"site": "github", "url": "https://github.com/adalovelace", "handle": "adalovelace"},
        ],
        "tags": ["mentor", "mathematics", "friends"],
        "interests": [],
        "how_met": None,
        "keep_in_touch_days": None,
        "notes": "Met at the Royal Society\n\nMet at the Royal Society, 1843. Wants the notes on "
        "Menabrea; sent them.\nFollow up in spring.",
    }
    again = await import_vcard(api, (FIXTURES / "google_3_0.vcf").read_bytes())
    assert again == {**NOBODY, "unchanged": 3}


async def test_broken_and_invalid_cards_are_errors_and_the_rest_imports(api):
    answer = await import_vcard(api, (FIXTURES / "one_broken_card.vcf").read_bytes())
    assert answer == {
        **NOBODY,
        "created": 2,
        "errors": [
            {
                "row": 2,
                "message": "vCard at line 6: line 9 cannot be read: "
                "Failed to parse line: THIS LINE HAS NO COLON",
            }
        ],
    }
    too_long = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + "A" * 301 + "\r\nEND:VCARD\r\n"
    bad_email = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob\r\nEMAIL:bob-at-example\r\nEND:VCARD\r\n"
    fine = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Carol\r\nEND:VCARD\r\n"
    answer = await import_vcard(api, too_long + bad_email + fine)
    assert answer == {
        **NOBODY,
        "created": 1,
        "errors": [
            {"row": 1, "message": "vCard 1: name is longer than 300 characters"},
            {"row": 2, "message": "vCard 2: emails[0] is not an email address"},
        ],
    }


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"", "not_a_vcard"),
        (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "not_a_vcard"),
        (b"BEGIN:VCARD\r\nFN:\xff\xfe\r\nEND:VCARD\r\n", "not_utf8"),
    ],
)
async def test_a_file_that_is_no_vcard_is_422(api, body, code):
    response = await api.post("/import/vcard", data=body, headers=VCARD)
    assert response.status == 422
    assert (await response.json())["error"]["code"] == code


async def test_an_empty_store_exports_an_empty_file(api):
    assert await export_vcard(api) == ""
