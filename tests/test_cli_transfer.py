"""`rapport export` and `rapport import` (JSON, LinkedIn, vCard) against real daemons."""

import json

import pytest

from tests.daemon import start_daemon

CONNECTIONS_CSV = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\r\n'
    "\r\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada-csv,ada@csv.example.org,Engines,CTO,"
    "15 Mar 2024\r\n"
    "Grace,Hopper,https://www.linkedin.com/in/grace-csv,,Navy,Admiral,02 Jan 2023\r\n"
    ",,,,,,\r\n"
)
VCARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Katherine Johnson\r\nN:Johnson;Katherine;;;\r\n"
    "EMAIL;TYPE=INTERNET:katherine@vcard.example.org\r\nORG:NASA\r\nTITLE:Mathematician\r\n"
    "CATEGORIES:space,math\r\nEND:VCARD\r\n"
)


@pytest.fixture(scope="module")
def source(tmp_path_factory, isolated_home):
    running = start_daemon(tmp_path_factory.mktemp("cli-export"))
    client = running.client()
    ada = client.post("/people", {"name": "Export Ada", "emails": ["ada@export.example.org"]})
    client.post("/interactions", {"person_ids": [ada["id"]], "kind": "call", "text": "hello"})
    client.post("/promises", {"person_id": ada["id"], "direction": "mine", "text": "deck"})
    yield running
    running.stop()


@pytest.fixture
def target(tmp_path):
    running = start_daemon(tmp_path / "target-data")
    yield running
    running.stop()


def ok(result) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_export_to_a_file_then_import_restores_everything(source, target, tmp_path):
    file = tmp_path / "backup.json"
    written = ok(source.rapport("export", str(file), "--json"))
    assert written == {
        "path": str(file),
        "counts": {"people": 1, "interactions": 1, "promises": 1},
    }
    dump = json.loads(file.read_text())
    assert (dump["format"], dump["version"]) == ("rapport", 1)
    assert not (tmp_path / "backup.json.part").exists()
    answer = ok(target.rapport("import", str(file), "--json"))
    assert answer["imported"] == {
        "people": 1,
        "interactions": 1,
        "promises": 1,
        "reminders": 0,
        "meetings": 0,
    }
    restored = target.client().get("/export")
    for section in ("people", "interactions", "promises"):
        assert restored[section] == dump[section]
    human = target.rapport("import", "json", str(file))
    assert human.stdout.startswith("imported 1 people, 1 interactions, 1 promises, 0 reminders")


def test_export_to_stdout_is_the_json_dump(source):
    result = source.rapport("export")
    assert result.returncode == 0, result.stderr
    assert [p["name"] for p in json.loads(result.stdout)["people"]] == ["Export Ada"]


def test_import_is_all_or_nothing_and_names_the_bad_record(target, tmp_path):
    file = tmp_path / "bad.json"
    people = [{"name": "Fine"}, {"name": "Fine Too"}, {"name": ""}]
    file.write_text(json.dumps({"format": "rapport", "version": 1, "people": people}))
    result = target.rapport("import", str(file))
    assert result.returncode == 2
    assert result.stderr.startswith("rapport: people[2]: ")
    assert result.stderr.count("\n") == 1
    assert target.client().get("/people")["total"] == 0
    missing = target.rapport("import", str(tmp_path / "missing.json"))
    assert missing.returncode == 2
    assert "does not exist" in missing.stderr and missing.stderr.count("\n") == 1


def test_a_big_import_keeps_stdout_clean_for_json(target, tmp_path):
    notes = "x" * 99_000
    people = [{"name": f"Big {n}", "notes": notes} for n in range(12)]
    file = tmp_path / "big.json"
    file.write_text(json.dumps({"format": "rapport", "version": 1, "people": people}))
    assert file.stat().st_size > 1 << 20
    answer = ok(target.rapport("import", str(file), "--json"))
    assert answer["imported"]["people"] == 12
    assert target.client().get("/people")["total"] == 12


def test_import_linkedin_counts_and_reimport_changes_nothing(target, tmp_path):
    file = tmp_path / "Connections.csv"
    file.write_text(CONNECTIONS_CSV, newline="")
    first = ok(target.rapport("import", "linkedin", str(file), "--json"))
    assert (first["created"], first["updated"], first["unchanged"]) == (2, 0, 0)
    ada = target.client().find_person("Ada Lovelace")
    assert (ada["company"], ada["title"], ada["emails"]) == (
        "Engines",
        "CTO",
        ["ada@csv.example.org"],
    )
    again = target.rapport("import", "linkedin", str(file))
    assert again.returncode == 0, again.stderr
    assert again.stdout == "0 created, 0 updated, 2 unchanged, 0 job changes, 0 errors\n"
    moved = file.read_text().replace("Engines,CTO", "Initech,Head of Data")
    file.write_text(moved, newline="")
    changed = target.rapport("import", "linkedin", str(file))
    assert changed.stdout == "0 created, 1 updated, 1 unchanged, 1 job changes, 0 errors\n"


def test_import_linkedin_reports_bad_rows_with_their_numbers(target, tmp_path):
    file = tmp_path / "Connections.csv"
    rows = CONNECTIONS_CSV + ",,https://example.org/nameless,,,,\r\n,,,,Acme,,\r\n"
    file.write_text(rows, newline="")
    answer = ok(target.rapport("import", "linkedin", str(file), "--json"))
    assert [error["row"] for error in answer["errors"]] == [8, 9]
    result = target.rapport("import", "linkedin", str(file))
    lines = result.stderr.splitlines()
    assert lines == [f"row {e['row']}: {e['message']}" for e in answer["errors"]]


def test_vcards_import_and_export(target, tmp_path):
    file = tmp_path / "contacts.vcf"
    file.write_text(VCARDS, newline="")
    answer = ok(target.rapport("import", "vcard", str(file), "--json"))
    assert (answer["created"], answer["errors"]) == (1, [])
    katherine = target.client().find_person("katherine johnson")
    assert katherine["emails"] == ["katherine@vcard.example.org"]
    assert sorted(katherine["tags"]) == ["math", "space"]
    out = tmp_path / "out.vcf"
    written = ok(target.rapport("export", "--vcf", str(out), "--json"))
    assert written["counts"] == {"people": 1}
    text = out.read_text()
    assert text.count("BEGIN:VCARD") == 1 and "katherine@vcard.example.org" in text
