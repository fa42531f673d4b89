from pathlib import Path

import pytest

from rapport.services.linkedin_csv import (
    ConnectionRow,
    UnsupportedConnectionsFile,
    parse_connections,
    to_person,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "linkedin"
ENGLISH_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
NOTES = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    'missing. You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)


def parse_fixture(name: str):
    return parse_connections((FIXTURES / name).read_bytes())


def linkedin(handle: str) -> dict:
    return {"site": "linkedin", "url": f"https://www.linkedin.com/in/{handle}", "handle": handle}


def linkedin_export(count: int) -> bytes:
    """A Connections.csv of `count` connections, shaped like a real export (preamble, CRLF)."""
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    lines = [*NOTES.splitlines(), ENGLISH_HEADER]
    for i in range(count):
        email = f"person{i}@example.com" if i % 3 == 0 else ""
        connected_on = f"{1 + i % 28:02d} {months[i % 12]} {2005 + i % 20}"
        lines.append(
            f"First{i},Last{i},https://www.linkedin.com/in/person-{i},{email},"
            f'"Company {i % 500}, Inc.",Engineer {i % 40},{connected_on}'
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def one_row(header: str, row: str) -> ConnectionRow:
    parsed = parse_connections(f"{NOTES}{header}\n{row}\n".encode())
    assert parsed.errors == []
    (connection,) = parsed.rows
    return connection


def test_english_export_with_notes_preamble():
    parsed = parse_fixture("english_export.csv")
    assert parsed.errors == []
    assert parsed.rows == [
        ConnectionRow(
            row=5,
            name="Ada Lovelace",
            profile=linkedin("ada-lovelace"),
            email="ada@example.com",
            company="Analytical Engines Ltd",
            position="Chief Programmer",
            connected_on="2024-03-15",
        ),
        ConnectionRow(
            row=6,
            name="Grace Hopper",
            profile=linkedin("gracehopper"),
            email=None,
            company="US Navy",
            position="Rear Admiral",
            connected_on="2023-01-02",
        ),
        ConnectionRow(
            row=7,
            name="Alan Turing",
            profile=linkedin("alan-turing-1912"),
            email=None,
            company="Bletchley Park",
            position="Cryptanalyst",
            connected_on="2019-06-23",
        ),
        ConnectionRow(
            row=8,
            name="Katherine Johnson",
            profile=linkedin("katherinejohnson"),
            email="katherine@nasa.example",
            company="NASA",
            position="Research Mathematician",
            connected_on="2018-08-26",
        ),
    ]


def test_bom_crlf_and_two_digit_years():
    parsed = parse_fixture("bom_crlf.csv")
    assert parsed.errors == []
    assert parsed.rows == [
        ConnectionRow(
            row=5,
            name="Margaret Hamilton",
            # a country subdomain, capitals and a tracking query all canonicalize away
            profile=linkedin("margarethamilton"),
            email=None,
            company="MIT Instrumentation Lab",
            position="Director of Software Engineering",
            connected_on="2024-03-15",
        ),
        ConnectionRow(
            row=6,
            name="Edsger Dijkstra",
            profile=linkedin("edsger-dijkstra"),
            email="ewd@example.nl",
            company=None,
            position=None,
            connected_on="2021-12-01",
        ),
    ]


def test_german_export():
    parsed = parse_fixture("german.csv")
    assert parsed.errors == []
    assert [
        (r.row, r.name, r.profile, r.email, r.company, r.position, r.connected_on)
        for r in parsed.rows
    ] == [
        (
            5,
            "Jürgen Groß",
            linkedin("juergen-gross"),
            None,
            "Müller & Söhne GmbH",
            "Geschäftsführer",
            "2024-03-15",
        ),
        (
            6,
            "Anke Weiß",
            linkedin("anke-weiss"),
            "anke.weiss@example.de",
            "Deutsche Bahn",
            "Ingenieurin",
            "2021-12-01",
        ),
        (7, "Lukas Bauer", linkedin("lukasbauer"), None, None, None, "2022-10-03"),
    ]


def test_french_export():
    parsed = parse_fixture("french.csv")
    assert parsed.errors == []
    assert [
        (r.row, r.name, r.profile, r.email, r.company, r.position, r.connected_on)
        for r in parsed.rows
    ] == [
        (
            5,
            "Hélène Dupré",
            linkedin("helene-dupre"),
            None,
            "Société Générale, Paris",
            "Directrice financière",
            "2024-03-15",
        ),
        (
            6,
            "François Lefèvre",
            linkedin("francois-lefevre"),
            "f.lefevre@example.fr",
            "Airbus",
            "Ingénieur",
            "2023-02-03",
        ),
        (
            7,
            "Chloé Martin",
            linkedin("chloe-martin"),
            None,
            "Orange",
            "Chargée de mission",
            "2020-08-01",
        ),
    ]


def test_spanish_export():
    parsed = parse_fixture("spanish.csv")
    assert parsed.errors == []
    assert [
        (r.row, r.name, r.profile, r.email, r.company, r.position, r.connected_on)
        for r in parsed.rows
    ] == [
        (
            5,
            "José Núñez García",
            linkedin("jose-nunez"),
            None,
            "Telefónica",
            "Jefe de producto",
            "2024-03-15",
        ),
        (
            6,
            "María Peña",
            linkedin("maria-pena"),
            "maria@example.es",
            "BBVA",
            "Analista",
            "2019-12-05",
        ),
        (7, "Íñigo Ortiz", linkedin("inigo-ortiz"), None, "Iberdrola", "Ingeniero", "2021-01-20"),
    ]


def test_blank_fields_and_rows_that_name_nobody():
    parsed = parse_fixture("blank_fields.csv")
    assert parsed.rows == [
        ConnectionRow(5, "Ada Lovelace", linkedin("ada-lovelace"), None, None, None, "2024-03-15"),
        # a member who hides their name is still known by the handle in their URL
        ConnectionRow(
            6,
            "hidden-member-7a1b2c",
            linkedin("hidden-member-7a1b2c"),
            None,
            "Stealth Startup",
            None,
            None,
        ),
        ConnectionRow(8, "Grace Hopper", None, None, None, None, None),
        ConnectionRow(11, "Alan Turing", None, None, None, None, None),
    ]
    # row 9 (all cells empty) and the trailing blank line are skipped without complaint
    assert parsed.errors == [
        {"row": 7, "message": "row 7 has neither a name nor a profile URL"},
        {"row": 10, "message": "row 10 has no name and 'not a url' is not a LinkedIn profile"},
    ]


def test_quoted_commas_quotes_and_newlines():
    parsed = parse_fixture("quoted_fields.csv")
    assert parsed.errors == []
    assert parsed.rows == [
        ConnectionRow(
            row=5,
            name="Ada Lovelace",
            profile=linkedin("ada-lovelace"),
            email="ada@example.com",
            company="Acme, Inc.",
            position="Head of Research and Development",
            connected_on="2024-03-15",
        ),
        # the record above spans lines 5 and 6
        ConnectionRow(
            row=7,
            name="Grace Hopper, PhD",
            profile=linkedin("gracehopper"),
            email=None,
            company='The "Compiler" Company',
            position="Admiral",
            connected_on="2023-01-02",
        ),
        ConnectionRow(
            row=8,
            name="Alan Turing",
            profile=linkedin("alan-turing-1912"),
            email=None,
            company="Bletchley Park",
            position="Cryptanalyst",
            connected_on="2019-06-23",
        ),
    ]


def test_unsupported_language_names_the_columns_found_and_the_languages_supported():
    with pytest.raises(UnsupportedConnectionsFile) as caught:
        parse_fixture("unsupported_language.csv")
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    assert (
        "found columns Nome, Cognome, URL, Indirizzo email, Azienda, Posizione, Collegato il"
        in message
    )
    assert "English, German, French, Spanish" in message
    assert "First Name, Last Name, URL, Email Address, Company, Position, Connected On" in message


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xef\xbb\xbf",
        b"\n\n",
        b"Notes:\nnothing else\n",
        # a header is looked for in the first 100 lines only
        b"junk\n" * 100 + ENGLISH_HEADER.encode() + b"\nAda,Lovelace,,,,,\n",
    ],
)
def test_a_file_without_a_header_is_unsupported(data):
    with pytest.raises(UnsupportedConnectionsFile, match="found columns"):
        parse_connections(data)


def test_second_export_shows_two_job_changes():
    before = {row.profile["url"]: row for row in parse_fixture("english_export.csv").rows}
    after = {row.profile["url"]: row for row in parse_fixture("english_export_later.csv").rows}
    assert before.keys() == after.keys()
    changed = {
        url: ((before[url].company, before[url].position), (row.company, row.position))
        for url, row in after.items()
        if (row.company, row.position) != (before[url].company, before[url].position)
    }
    assert changed == {
        "https://www.linkedin.com/in/gracehopper": (
            ("US Navy", "Rear Admiral"),
            ("Harvard Computation Lab", "Senior Mathematician"),
        ),
        "https://www.linkedin.com/in/alan-turing-1912": (
            ("Bletchley Park", "Cryptanalyst"),
            ("University of Manchester", "Deputy Director"),
        ),
    }


@pytest.mark.parametrize(
    ("spelling", "iso"),
    [
        ("15 Mar 2024", "2024-03-15"),
        ("15-Mar-24", "2024-03-15"),
        ("15. März 2024", "2024-03-15"),
        ("1. Dez. 2021", "2021-12-01"),
        ("15 mars 2024", "2024-03-15"),
        ("3 févr. 2023", "2023-02-03"),
        ("1 août 2020", "2020-08-01"),
        ("15 mar 2024", "2024-03-15"),
        ("5 dic. 2019", "2019-12-05"),
        ("20 de enero de 2021", "2021-01-20"),
        ("2024-03-15", "2024-03-15"),
        ("Mar 15, 2024", "2024-03-15"),
        ("03/15/2024", "2024-03-15"),  # no month name: read by dateparser
        ("31 Feb 2024", None),
        ("sometime last year", None),
        ("", None),
    ],
)
def test_connected_on_spellings(spelling, iso):
    row = one_row(ENGLISH_HEADER, f'Ada,Lovelace,linkedin.com/in/ada,,,,"{spelling}"')
    assert row.connected_on == iso


@pytest.mark.parametrize(
    "header",
    [
        "Vorname,Nachname,URL,E-Mail-Adresse,Unternehmen,Position,Verbunden am",
        "Prénom,Nom,URL,Adresse e-mail,Entreprise,Poste,Date de connexion",
        "PRENOM,NOM,URL,ADRESSE E-MAIL,ENTREPRISE,POSTE,DATE DE CONNEXION",
        "Nombre,Apellidos,URL,Dirección de correo electrónico,Empresa,Cargo,Conectado",
        "Nombre,Apellidos,URL,Direccion de correo electronico,Empresa,Cargo,Fecha de conexión",
        " first name , LAST NAME ,url,E-mail address,company,position,connected on",
    ],
)
def test_header_spellings(header):
    row = one_row(header, "Ada,Lovelace,linkedin.com/in/ada,ADA@x.org,Acme,CTO,15 Mar 2024")
    assert row == ConnectionRow(
        5, "Ada Lovelace", linkedin("ada"), "ada@x.org", "Acme", "CTO", "2024-03-15"
    )


def test_columns_may_be_missing_or_reordered_and_rows_short():
    parsed = parse_connections(
        b"Connected On,Last Name,First Name,Company\n"
        b"15 Mar 2024,Lovelace,Ada,Acme\n"
        b"02 Jan 2023,Hopper,Grace\n"
    )
    assert parsed.errors == []
    assert parsed.rows == [
        ConnectionRow(2, "Ada Lovelace", None, None, "Acme", None, "2024-03-15"),
        ConnectionRow(3, "Grace Hopper", None, None, None, None, "2023-01-02"),
    ]


def test_a_copy_resaved_by_german_excel_reads_too():
    text = (
        "Vorname;Nachname;URL;E-Mail-Adresse;Unternehmen;Position;Verbunden am\r\n"
        "Jürgen;Groß;https://www.linkedin.com/in/juergen-gross;;"
        "Müller GmbH;Leiter;15. März 2024\r\n"
    )
    parsed = parse_connections(text.encode("cp1252"))
    assert parsed.errors == []
    assert parsed.rows == [
        ConnectionRow(
            2, "Jürgen Groß", linkedin("juergen-gross"), None, "Müller GmbH", "Leiter", "2024-03-15"
        )
    ]


def test_to_person_gives_contract_fields():
    parsed = parse_fixture("english_export.csv")
    assert to_person(parsed.rows[0]) == {
        "name": "Ada Lovelace",
        "company": "Analytical Engines Ltd",
        "title": "Chief Programmer",
        "emails": ["ada@example.com"],
        "profiles": [linkedin("ada-lovelace")],
        "how_met": "LinkedIn connection since 2024-03-15",
    }
    undated = ConnectionRow(9, "Grace Hopper", None, None, None, None, None)
    assert to_person(undated) == {
        "name": "Grace Hopper",
        "company": None,
        "title": None,
        "emails": [],
        "profiles": [],
        "how_met": "LinkedIn connection",
    }


def test_thirty_thousand_connections():
    parsed = parse_connections(linkedin_export(30_000))
    assert parsed.errors == []
    assert len(parsed.rows) == 30_000
    assert parsed.rows[0] == ConnectionRow(
        row=5,
        name="First0 Last0",
        profile=linkedin("person-0"),
        email="person0@example.com",
        company="Company 0, Inc.",
        position="Engineer 0",
        connected_on="2005-01-01",
    )
    assert parsed.rows[-1] == ConnectionRow(
        row=30_004,
        name="First29999 Last29999",
        profile=linkedin("person-29999"),
        email=None,
        company="Company 499, Inc.",
        position="Engineer 39",
        connected_on="2024-12-12",
    )
