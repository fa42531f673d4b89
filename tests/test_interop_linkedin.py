"""POST /import/linkedin through the real app: every quirk fixture, matching, job changes."""

import io
import time
from pathlib import Path

import pytest

from tests.conftest import add_person
from tests.services.test_linkedin_csv import linkedin_export

FIXTURES = Path(__file__).parent / "fixtures" / "linkedin"
CSV = {"Content-Type": "text/csv"}


async def import_csv(api, data: bytes, status: int = 200) -> dict:
    return await api.ok("POST", "/import/linkedin", status, data=io.BytesIO(data), headers=CSV)


async def import_fixture(api, name: str) -> dict:
    return await import_csv(api, (FIXTURES / name).read_bytes())


async def people_by_name(api) -> dict[str, dict]:
    people = (await api.ok("GET", "/people", params={"limit": "1000"}))["items"]
    return {person["name"]: person for person in people}


def linkedin(handle: str) -> dict:
    return {"site": "linkedin", "url": f"https://www.linkedin.com/in/{handle}", "handle": handle}


async def test_an_english_export_creates_everyone(api):
    answer = await import_fixture(api, "english_export.csv")
    assert answer == {"created": 4, "updated": 0, "unchanged": 0, "job_changes": 0, "errors": []}
    people = await people_by_name(api)
    assert sorted(people) == ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Katherine Johnson"]
    ada = people["Ada Lovelace"]
    assert {k: ada[k] for k in ("company", "title", "emails", "profiles", "how_met")} == {
        "company": "Analytical Engines Ltd",
        "title": "Chief Programmer",
        "emails": ["ada@example.com"],
        "profiles": [linkedin("ada-lovelace")],
        "how_met": "LinkedIn connection since 2024-03-15",
    }


async def test_importing_the_same_file_again_changes_nothing(api):
    await import_fixture(api, "english_export.csv")
    before = await people_by_name(api)
    answer = await import_fixture(api, "english_export.csv")
    assert answer == {"created": 0, "updated": 0, "unchanged": 4, "job_changes": 0, "errors": []}
    assert await people_by_name(api) == before


async def test_a_later_export_records_job_changes(api, clock):
    await import_fixture(api, "english_export.csv")
    clock.advance(days=200)
    answer = await import_fixture(api, "english_export_later.csv")
    assert answer == {"created": 0, "updated": 2, "unchanged": 2, "job_changes": 2, "errors": []}
    people = await people_by_name(api)
    grace = people["Grace Hopper"]
    assert (grace["title"], grace["company"]) == (
        "Senior Mathematician",
        "Harvard Computation Lab",
    )
    assert grace["updated_at"] == "2026-09-18T09:00:00.000Z"
    logged = (await api.ok("GET", "/interactions", params={"person_id": grace["id"]}))["items"]
    assert [(i["kind"], i["text"], i["occurred_at"], i["url"]) for i in logged] == [
        (
            "other",
            "Job change: now Senior Mathematician at Harvard Computation Lab, "
            "was Rear Admiral at US Navy",
            "2026-09-18T09:00:00.000Z",
            "https://www.linkedin.com/in/gracehopper",
        )
    ]
    card = await api.ok("GET", f"/people/{grace['id']}/card")
    assert [change["id"] for change in card["job_changes"]] == [logged[0]["id"]]
    assert card["talking_points"][0] == (
        "New role, congratulate them: now Senior Mathematician at Harvard Computation Lab, "
        "was Rear Admiral at US Navy"
    )
    response = await api.get(f"/people/{grace['id']}/card", headers={"Accept": "text/markdown"})
    markdown = await response.text()
    assert (
        "## Job changes\n- 2026-09-18: now Senior Mathematician at Harvard Computation Lab, "
        "was Rear Admiral at US Navy" in markdown
    )
    # the same later export again: nothing new, no second job change
    again = await import_fixture(api, "english_export_later.csv")
    assert again == {"created": 0, "updated": 0, "unchanged": 4, "job_changes": 0, "errors": []}


async def test_an_old_job_change_is_no_talking_point(api, clock):
    await import_fixture(api, "english_export.csv")
    await import_fixture(api, "english_export_later.csv")
    clock.advance(days=91)
    alan = (await people_by_name(api))["Alan Turing"]
    card = await api.ok("GET", f"/people/{alan['id']}/card")
    assert len(card["job_changes"]) == 1
    assert not any(point.startswith("New role") for point in card["talking_points"])


async def test_filling_in_a_missing_company_is_no_job_change(api):
    ada = await add_person(
        api, "Ada L.", title="Chief Programmer", profiles=[{"url": "linkedin.com/in/ada-lovelace"}]
    )
    answer = await import_fixture(api, "english_export.csv")
    assert (answer["created"], answer["updated"], answer["job_changes"]) == (3, 1, 0)
    after = await api.ok("GET", f"/people/{ada['id']}")
    # the name the user gave is kept; what LinkedIn adds fills the gaps
    assert (after["name"], after["company"], after["emails"]) == (
        "Ada L.",
        "Analytical Engines Ltd",
        ["ada@example.com"],
    )


async def test_people_are_matched_by_email_when_the_profile_is_new(api):
    katherine = await add_person(api, "K. Johnson", emails=["KATHERINE@nasa.example"])
    answer = await import_fixture(api, "english_export.csv")
    assert (answer["created"], answer["updated"]) == (3, 1)
    after = await api.ok("GET", f"/people/{katherine['id']}")
    assert after["emails"] == ["katherine@nasa.example"]  # emails are stored lower case
    assert after["profiles"] == [linkedin("katherinejohnson")]


async def test_an_email_of_someone_else_is_not_taken(api):
    other = await add_person(api, "Ada's assistant", emails=["ada@example.com"])
    ada = await add_person(api, "Ada", profiles=[{"url": "linkedin.com/in/ada-lovelace"}])
    await import_fixture(api, "english_export.csv")
    assert (await api.ok("GET", f"/people/{ada['id']}"))["emails"] == []
    assert (await api.ok("GET", f"/people/{other['id']}"))["emails"] == ["ada@example.com"]


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "german.csv",
            {
                "Jürgen Groß": ("Müller & Söhne GmbH", "Geschäftsführer", []),
                "Anke Weiß": ("Deutsche Bahn", "Ingenieurin", ["anke.weiss@example.de"]),
                "Lukas Bauer": (None, None, []),
            },
        ),
        (
            "french.csv",
            {
                "Hélène Dupré": ("Société Générale, Paris", "Directrice financière", []),
                "François Lefèvre": ("Airbus", "Ingénieur", ["f.lefevre@example.fr"]),
                "Chloé Martin": ("Orange", "Chargée de mission", []),
            },
        ),
        (
            "spanish.csv",
            {
                "José Núñez García": ("Telefónica", "Jefe de producto", []),
                "María Peña": ("BBVA", "Analista", ["maria@example.es"]),
                "Íñigo Ortiz": ("Iberdrola", "Ingeniero", []),
            },
        ),
        (
            "bom_crlf.csv",
            {
                "Margaret Hamilton": (
                    "MIT Instrumentation Lab",
                    "Director of Software Engineering",
                    [],
                ),
                "Edsger Dijkstra": (None, None, ["ewd@example.nl"]),
            },
        ),
        (
            "quoted_fields.csv",
            {
                "Ada Lovelace": (
                    "Acme, Inc.",
                    "Head of Research and Development",
                    ["ada@example.com"],
                ),
                "Grace Hopper, PhD": ('The "Compiler" Company', "Admiral", []),
                "Alan Turing": ("Bletchley Park", "Cryptanalyst", []),
            },
        ),
    ],
)
async def test_localized_and_quirky_exports(api, fixture, expected):
    answer = await import_fixture(api, fixture)
    assert answer == {
        "created": len(expected),
        "updated": 0,
        "unchanged": 0,
        "job_changes": 0,
        "errors": [],
    }
    people = await people_by_name(api)
    assert {
        name: (person["company"], person["title"], person["emails"])
        for name, person in people.items()
    } == expected


async def test_a_country_subdomain_profile_is_stored_canonical(api):
    await import_fixture(api, "bom_crlf.csv")
    found = await api.ok(
        "GET", "/people/lookup", params={"url": "https://www.linkedin.com/in/margarethamilton"}
    )
    assert found["name"] == "Margaret Hamilton"


async def test_blank_fields_and_rows_naming_nobody(api):
    answer = await import_fixture(api, "blank_fields.csv")
    assert answer == {
        "created": 4,
        "updated": 0,
        "unchanged": 0,
        "job_changes": 0,
        "errors": [
            {"row": 7, "message": "row 7 has neither a name nor a profile URL"},
            {"row": 10, "message": "row 10 has no name and 'not a url' is not a LinkedIn profile"},
        ],
    }
    assert sorted(await people_by_name(api)) == [
        "Ada Lovelace",
        "Alan Turing",
        "Grace Hopper",
        "hidden-member-7a1b2c",
    ]
    # rows with neither profile nor email are found again by their name
    again = await import_fixture(api, "blank_fields.csv")
    assert (again["created"], again["unchanged"]) == (0, 4)


async def test_a_member_who_shows_their_name_again_gets_it(api):
    await import_fixture(api, "blank_fields.csv")
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Hedy,Lamarr,https://www.linkedin.com/in/hidden-member-7a1b2c,,Stealth Startup,,\n"
    )
    assert (await import_csv(api, data))["updated"] == 1
    assert "Hedy Lamarr" in await people_by_name(api)
    assert "hidden-member-7a1b2c" not in await people_by_name(api)


async def test_a_row_the_schema_refuses_is_an_error_and_the_rest_imports(api):
    long_name = "A" * 301
    data = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        f"{long_name},X,https://www.linkedin.com/in/long,,,,\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada,not-an-email,,,\n"
        "Grace,Hopper,https://www.linkedin.com/in/grace,,,,\n"
    ).encode()
    answer = await import_csv(api, data)
    assert answer["created"] == 1
    assert answer["errors"] == [
        {"row": 2, "message": "row 2: name is longer than 300 characters"},
        {"row": 3, "message": "row 3: emails[0] is not an email address"},
    ]
    assert sorted(await people_by_name(api)) == ["Grace Hopper"]


async def test_an_unsupported_language_names_the_columns_found(api):
    response = await api.post(
        "/import/linkedin",
        data=(FIXTURES / "unsupported_language.csv").read_bytes(),
        headers=CSV,
    )
    assert response.status == 422
    error = (await response.json())["error"]
    assert error["code"] == "unsupported_file"
    assert (
        "Nome, Cognome, URL, Indirizzo email, Azienda, Posizione, Collegato il" in error["message"]
    )


@pytest.mark.parametrize("data", [b"", b"just,some\ncsv,text\n", b"\xff\xfe\x00"])
async def test_a_file_that_is_no_connections_export_is_422(api, data):
    response = await api.post("/import/linkedin", data=data, headers=CSV)
    assert response.status == 422
    assert (await response.json())["error"]["code"] == "unsupported_file"


async def test_the_import_is_one_transaction(api, tmp_path):
    journal = tmp_path / "data" / "journal.jsonl"
    before = journal.read_bytes().count(b"\n")
    await import_fixture(api, "english_export.csv")
    await import_fixture(api, "english_export_later.csv")  # people and job changes together
    assert journal.read_bytes().count(b"\n") == before + 2


async def test_30k_connections_import_and_reimport(api, capsys):
    data = linkedin_export(30_000)
    started = time.perf_counter()
    answer = await import_csv(api, data)
    first = time.perf_counter() - started
    assert (answer["created"], answer["errors"]) == (30_000, [])
    status = await api.ok("GET", "/status")
    assert status["counts"]["people"] == 30_000
    person = await api.ok(
        "GET", "/people/lookup", params={"url": "https://de.linkedin.com/in/PERSON-29999"}
    )
    assert (person["name"], person["company"], person["title"], person["emails"]) == (
        "First29999 Last29999",
        "Company 499, Inc.",
        "Engineer 39",
        [],
    )
    started = time.perf_counter()
    again = await import_csv(api, data)
    second = time.perf_counter() - started
    assert (again["created"], again["unchanged"]) == (0, 30_000)
    with capsys.disabled():
        print(f"\n30k LinkedIn import through the route: {first:.2f} s, re-import {second:.2f} s")
