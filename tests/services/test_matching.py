"""Attendee matching: an email decides; a name only when it is near-certain and unrivalled."""

import pytest

from rapport.services.matching import (
    AttendeeMatcher,
    Match,
    PersonRef,
    match_attendee,
    normalize_name,
    suggest_company,
)

ADA = PersonRef("p-ada", "Ada Lovelace", ("Ada@Analytical.example",))
GRACE = PersonRef("p-grace", "Grace Hopper", ("grace@navy.example",))
CHARLES = PersonRef("p-charles", "Charles Babbage")
PEOPLE = [ADA, GRACE, CHARLES]


def attendee(name: str = "", email: str | None = None) -> dict:
    return {"name": name, "email": email}


def test_email_matches_whatever_its_case_and_the_name():
    found = match_attendee(attendee("Someone Else", "ADA@analytical.EXAMPLE"), PEOPLE)

    assert found == Match("p-ada", match="email", score=100)


@pytest.mark.parametrize(
    "name", ["Ada Lovelace", "Lovelace, Ada", "ada lovelace", "Adá Lovelace", "ADA  LOVELACE"]
)
def test_name_matches_ignoring_accents_case_punctuation_and_word_order(name):
    assert match_attendee(attendee(name, "ada@elsewhere.example"), PEOPLE) == Match(
        "p-ada", "name", 100
    )


def test_a_small_typo_still_matches_with_its_score():
    assert match_attendee(attendee("Ada Lovelance"), PEOPLE) == Match("p-ada", "name", 96)


def test_an_email_local_part_used_as_name_matches():
    assert match_attendee(attendee("grace.hopper"), PEOPLE) == Match("p-grace", "name", 100)


@pytest.mark.parametrize("name", ["Ada", "Ada Love", "Grace", "Alan Turing", "", "  ,. "])
def test_partial_or_unknown_names_do_not_match(name):
    assert match_attendee(attendee(name), PEOPLE) is None


def test_two_people_with_the_same_name_are_too_ambiguous_to_pick():
    twins = [ADA, PersonRef("p-ada-2", "Ada Lovelace")]

    assert match_attendee(attendee("Ada Lovelace"), twins) is None


def test_a_close_runner_up_blocks_a_name_match():
    rivals = [ADA, PersonRef("p-lovelance", "Ada Lovelance")]  # 100 vs 96: a margin of 4

    assert match_attendee(attendee("Ada Lovelace"), rivals) is None


def test_a_runner_up_clearly_behind_does_not_block():
    others = [ADA, PersonRef("p-lovelock", "Ada Lovelock")]  # 100 vs 83

    assert match_attendee(attendee("Ada Lovelace"), others) == Match("p-ada", "name", 100)


def test_the_same_person_listed_twice_is_not_their_own_rival():
    assert match_attendee(attendee("Ada Lovelace"), [ADA, ADA]) == Match("p-ada", "name", 100)


def test_no_candidates_no_match():
    assert match_attendee(attendee("Ada Lovelace", "ada@analytical.example"), []) is None


def test_a_matcher_built_once_answers_many_attendees():
    matcher = AttendeeMatcher(PEOPLE)

    assert [matcher.match(a) for a in (attendee("Babbage, Charles"), attendee("", None))] == [
        Match("p-charles", "name", 100),
        None,
    ]


def test_person_ref_from_a_stored_record():
    record = {"id": "p1", "name": "Ada Lovelace", "emails": ["ada@analytical.example"], "tags": []}

    assert PersonRef.from_record(record) == PersonRef(
        "p1", "Ada Lovelace", ("ada@analytical.example",)
    )
    assert PersonRef.from_record({"id": "p2", "name": None, "emails": None}) == PersonRef("p2", "")


def test_normalize_name():
    assert normalize_name("  Lovelace,  Adá-María ") == "lovelace ada maria"


@pytest.mark.parametrize(
    ("email", "company"),
    [
        ("ada@acme.co.uk", "Acme"),
        ("ada@eng.acme.co.uk", "Acme"),
        ("ada@acme.com.au", "Acme"),
        ("Ada@Mail.ACME.com", "Acme"),
        ("ada@acme-corp.com", "Acme Corp"),
        ("ada@example.io", "Example"),
        ("ada@gmail.com", None),
        ("ada@googlemail.com", None),
        ("ada@outlook.com", None),
        ("ada@hotmail.fr", None),
        ("ada@yahoo.co.uk", None),
        ("ada@icloud.com", None),
        ("ada@proton.me", None),
        ("ada@privaterelay.appleid.com", None),
        ("ada@10.0.0.1", None),
        ("ada@[10.0.0.1]", None),
        ("ada@localhost", None),
        ("not an email", None),
        ("", None),
    ],
)
def test_suggest_company(email, company):
    assert suggest_company(email) == company
