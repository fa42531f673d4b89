"""`rapport people/add/show/tag/merge/search` against a real daemon, by name."""

import json

import pytest

from tests.daemon import start_daemon


@pytest.fixture(scope="module")
def daemon(tmp_path_factory, isolated_home):
    running = start_daemon(tmp_path_factory.mktemp("cli-people"))
    yield running
    running.stop()


def ok(result) -> dict | list:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def add(daemon, *args) -> dict:
    return ok(daemon.rapport("add", *args, "--json"))


def test_add_parses_name_and_email_and_takes_tags_and_profile(daemon):
    person = add(
        daemon,
        "Hedy Lamarr <hedy@example.org>",
        "--tag",
        "Mentor",
        "--tag",
        "radio",
        "--url",
        "https://www.linkedin.com/in/hedy/",
        "--company",
        "MGM",
        "--every",
        "30",
    )
    stored = daemon.client().get(f"/people/{person['id']}")
    assert stored["name"] == "Hedy Lamarr"
    assert stored["emails"] == ["hedy@example.org"]
    assert stored["tags"] == ["mentor", "radio"]
    assert stored["profiles"] == [
        {"site": "linkedin", "url": "https://www.linkedin.com/in/hedy", "handle": "hedy"}
    ]
    assert (stored["company"], stored["keep_in_touch_days"]) == ("MGM", 30)
    human = daemon.rapport("add", "Hedy Other")
    assert human.returncode == 0
    assert human.stdout.startswith("added Hedy Other (p_")


def test_add_refuses_a_claimed_email_and_a_missing_name_with_exit_2(daemon):
    add(daemon, "Claimed Email <claimed@example.org>")
    clash = daemon.rapport("add", "Someone Else <claimed@example.org>")
    assert clash.returncode == 2
    assert clash.stderr.startswith("rapport: email claimed@example.org already belongs to")
    assert clash.stderr.count("\n") == 1
    nameless = daemon.rapport("add", "<only@example.org>")
    assert nameless.returncode == 2
    assert "give a name" in nameless.stderr and nameless.stderr.count("\n") == 1


def test_people_lists_by_tag_as_json_and_as_a_table(daemon):
    add(daemon, "Tagged One", "--tag", "cli-list")
    add(daemon, "Tagged Two", "--tag", "cli-list", "--title", "CTO", "--company", "Acme")
    listed = ok(daemon.rapport("people", "--tag", "cli-list", "--json"))
    assert [p["name"] for p in listed["items"]] == ["Tagged One", "Tagged Two"]
    assert listed["total"] == 2
    table = daemon.rapport("people", "--tag", "cli-list")
    assert table.returncode == 0
    rows = [line.split() for line in table.stdout.splitlines()]
    assert rows[0][:4] == ["Name", "Role", "Tags", "Email"]
    assert rows[2][:6] == ["Tagged", "Two", "CTO", "at", "Acme", "cli-list"]
    assert table.stderr == "2 people\n"


def test_show_prints_the_card_as_markdown_or_json_by_any_spelling_of_the_name(daemon):
    person = add(daemon, "Łukasz Wierzbicki", "--tag", "rust", "--company", "Ferrous")
    for spelling in ("lukasz wierzbicki", "Wierzb", person["id"]):
        result = daemon.rapport("show", spelling)
        assert result.returncode == 0, (spelling, result.stderr)
        assert result.stdout.startswith("# Łukasz Wierzbicki\nFerrous  \n")
    card = ok(daemon.rapport("show", "wierzbicki", "--json"))
    assert card["person"]["id"] == person["id"]
    assert card["days_since_contact"] is None


def test_a_typo_finds_the_person_through_fuzzy_search(daemon):
    person = add(daemon, "Grzegorz Brzęczyszczykiewicz")
    card = ok(daemon.rapport("show", "brzeczyszczykiewitz", "--json"))
    assert card["person"]["id"] == person["id"]


def test_an_ambiguous_name_exits_2_listing_the_candidates(daemon):
    first = add(daemon, "Ambi Guous", "--company", "Acme")
    second = add(daemon, "Ambi Valent")
    result = daemon.rapport("show", "ambi")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "rapport: 'ambi' matches 2 people; give more of the name or an id:",
        f"Ambi Guous  Acme  {first['id']}",
        f"Ambi Valent  {second['id']}",
    ]
    exact = ok(daemon.rapport("show", "ambi guous", "--json"))
    assert exact["person"]["id"] == first["id"]


def test_an_unknown_name_exits_2_in_one_line(daemon):
    result = daemon.rapport("show", "Nobody Bythisname")
    assert result.returncode == 2
    assert result.stderr == (
        "rapport: nobody matches 'Nobody Bythisname'; `rapport people` lists everyone\n"
    )


def test_tag_adds_and_removes_tags(daemon):
    add(daemon, "Tag Target", "--tag", "keep")
    added = ok(daemon.rapport("tag", "Tag Target", "Rust", "speaker", "rust", "--json"))
    assert added["tags"] == ["keep", "rust", "speaker"]
    removed = daemon.rapport("tag", "Tag Target", "rust", "--remove")
    assert removed.returncode == 0
    assert removed.stdout == "Tag Target: keep, speaker\n"


def test_merge_folds_the_duplicate_into_the_first_name(daemon):
    keep = add(daemon, "Merge Keeper <keeper@example.org>")
    other = add(daemon, "Duplicate Mergee <dup@example.org>", "--tag", "dup")
    daemon.client().post(
        "/interactions", {"person_ids": [other["id"]], "kind": "coffee", "text": "espresso"}
    )
    merged = ok(daemon.rapport("merge", "Merge Keeper", "Duplicate Mergee", "--json"))
    assert merged["id"] == keep["id"]
    assert merged["emails"] == ["keeper@example.org", "dup@example.org"]
    assert merged["tags"] == ["dup"]
    logged = daemon.client().get("/interactions", person_id=keep["id"])["items"]
    assert [i["text"] for i in logged] == ["espresso"]
    gone = daemon.rapport("show", other["id"])
    assert gone.returncode == 2
    same = daemon.rapport("merge", "Merge Keeper", keep["id"])
    assert same.returncode == 2
    assert same.stderr == (
        f"rapport: 'Merge Keeper' and '{keep['id']}' are the same person ({keep['id']})\n"
    )


def test_search_finds_people_and_interactions(daemon):
    person = add(daemon, "Searchable Person", "--company", "Zyxwvut Labs")
    daemon.client().post(
        "/interactions",
        {"person_ids": [person["id"]], "kind": "note", "text": "talked about zyxwvut pipelines"},
    )
    found = ok(daemon.rapport("search", "zyxwvut", "--json"))
    types = [hit["type"] for hit in found["items"]]
    assert types[0] == "person" and "interaction" in types
    human = daemon.rapport("search", "zyxwvut")
    assert human.returncode == 0
    assert human.stdout.splitlines()[0] == f"person       Searchable Person  {person['id']}"


def test_every_daemon_command_fails_with_exit_1_when_the_daemon_is_gone(tmp_path):
    from tests.daemon import run_rapport

    for args in (("people",), ("show", "x"), ("add", "X"), ("search", "x"), ("export",)):
        result = run_rapport(*args, "--port", "1", "--data-dir", str(tmp_path))
        assert result.returncode == 1, args
        assert result.stderr.endswith("start one with `rapport serve`\n")


def test_usage_errors_exit_2_in_one_line(daemon):
    for args, message in (
        (("tag", "x"), "rapport: Missing argument 'TAGS...'. (see `"),
        (("add", "X", "--every", "0"), "rapport: Invalid value for '--every': 0 is not in"),
        (("no-such-command",), "rapport: No such command 'no-such-command'."),
    ):
        result = daemon.rapport(*args)
        assert result.returncode == 2, args
        assert result.stderr.startswith(message) and result.stderr.count("\n") == 1, args
        assert result.stderr.endswith(" --help`)\n")


@pytest.mark.parametrize(
    "path",
    [
        ("people",),
        ("add",),
        ("show",),
        ("tag",),
        ("merge",),
        ("log",),
        ("promise",),
        ("remind",),
        ("search",),
        ("export",),
        ("import", "json"),
        ("import", "linkedin"),
        ("import", "vcard"),
        ("install-service",),
    ],
    ids=" ".join,
)
def test_every_command_takes_json(path):
    from rapport.cli import main

    command = main
    for name in path:
        command = command.commands[name]
    assert "--json" in [opt for param in command.params for opt in param.opts]
