from pathlib import Path

import pytest
import vobject

from rapport.identity import canonical_profile
from rapport.services.vcard import NotAVCard, parse_vcards, people_to_vcard

FIXTURES = Path(__file__).parent.parent / "fixtures" / "vcard"
EMPTY_PERSON = {
    "name": None,
    "headline": None,
    "company": None,
    "title": None,
    "location": None,
    "emails": [],
    "profiles": [],
    "tags": [],
    "interests": [],
    "how_met": None,
    "keep_in_touch_days": None,
    "notes": None,
}
ROUND_TRIP_FIELDS = ("id", *EMPTY_PERSON)


def parse_fixture(name: str):
    # decoded bytes keep the CRLFs, as an upload's body would
    return parse_vcards((FIXTURES / name).read_bytes().decode("utf-8"))


def profile(url: str) -> dict:
    return canonical_profile(url).as_record()


def person(**fields) -> dict:
    return EMPTY_PERSON | fields


def test_google_style_3_0_export():
    parsed = parse_fixture("google_3_0.vcf")
    assert parsed.errors == []
    assert parsed.people == [
        person(
            name="Ada Lovelace",
            company="Analytical Engines Ltd, Research",
            title="Chief Programmer",
            location="London, United Kingdom",
            emails=["ada@analytical.example", "ADA@home.example"],
            profiles=[
                profile("https://www.linkedin.com/in/ada-lovelace"),
                profile("https://github.com/adalovelace"),
            ],
            # Google's "myContacts" system group is not a tag
            tags=["Mathematics", "Friends"],
            notes="Met at the Royal Society, 1843. Wants the notes on Menabrea; sent them.\n"
            "Follow up in spring.",
        ),
        person(
            name="Grace Hopper",
            company="US Navy",
            title="Rear Admiral",
            emails=["grace@navy.example"],
            # Apple's `x-apple:` value is useless; the x-user parameter names the handle
            profiles=[profile("https://x.com/gracehopper")],
            # vobject would cut this at the first comma
            notes="Unescaped commas, as some exporters write them, must survive",
        ),
        # no FN: the name is built from N; the skype: URL and IMPP are no profiles
        person(name="Alan Mathison Turing OBE", emails=["alan@bletchley.example"]),
    ]


def test_apple_style_4_0_export():
    parsed = parse_fixture("apple_4_0.vcf")
    assert parsed.errors == []
    assert parsed.people == [
        person(
            name="Zoë Müller-Łukasiewicz",
            company="Forschungs, Entwicklungs & Co. KG, Labor",
            title="Leiterin Forschung; Entwicklung",
            location="Berlin, Deutschland",
            emails=["zoe@example.org", "zoe.mueller@example.net"],
            profiles=[
                {
                    "site": "linkedin",
                    "url": "https://www.linkedin.com/in/zoe-mueller",
                    "handle": "zoe-mueller",
                },
                # Nextcloud stores a bare handle beside the site
                {"site": "x", "url": "https://x.com/zoe_codes", "handle": "zoe_codes"},
                {
                    "site": "mastodon",
                    "url": "https://hachyderm.io/@zoe",
                    "handle": "@zoe@hachyderm.io",
                },
                {"site": "github", "url": "https://github.com/zoemueller", "handle": "zoemueller"},
                {
                    "site": "web",
                    "url": "https://zoe.example.org/about",
                    "handle": "zoe.example.org/about",
                },
            ],
            tags=["Conference", "Python,Rust", "Berlin"],
            notes="Met at PyCon DE 2023 in Berlin. Talked about property-based testing, CRDTs "
            "and the joys of running a local-first app. She promised to send her slides; "
            "I promised an intro to Ana.",
        ),
        person(
            name="李小龙",
            emails=["bruce@example.hk"],
            profiles=[profile("https://github.com/brucelee")],
        ),
    ]


def test_one_broken_card_does_not_stop_the_rest():
    parsed = parse_fixture("one_broken_card.vcf")
    assert parsed.people == [
        person(name="Ada Lovelace", emails=["ada@analytical.example"]),
        person(name="Grace Hopper", emails=["grace@navy.example"]),
    ]
    assert parsed.errors == [
        {
            "index": 1,
            "message": "vCard at line 6: line 9 cannot be read: "
            "Failed to parse line: THIS LINE HAS NO COLON",
        }
    ]


def test_cards_without_an_end_a_name_or_a_whole_keep_in_touch_are_errors():
    text = (
        "BEGIN:VCARD\nVERSION:4.0\nFN:No End\n"
        "BEGIN:VCARD\nVERSION:4.0\nEMAIL:nameless@example.com\nEND:VCARD\n"
        "BEGIN:VCARD\nFN:Ada\nX-RAPPORT-KEEP-IN-TOUCH:often\nEND:VCARD\n"
        "BEGIN:VCARD\nFN:Grace\nEND:VCARD\n"
        "BEGIN:VCARD\nFN:Cut Short\n"
    )
    parsed = parse_vcards(text)
    assert parsed.people == [person(name="Grace")]
    assert parsed.errors == [
        {"index": 0, "message": "vCard at line 1: it has no END:VCARD"},
        {"index": 1, "message": "vCard at line 4: it has no name (FN and N are empty)"},
        {
            "index": 2,
            "message": "vCard at line 8: "
            "X-RAPPORT-KEEP-IN-TOUCH must be a whole number of days, not 'often'",
        },
        {"index": 4, "message": "vCard at line 15: it has no END:VCARD"},
    ]


@pytest.mark.parametrize(
    "text",
    ["", "   \n", "hello, world", "BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n", "FN:Ada\n"],
)
def test_text_without_any_vcard_is_refused(text):
    with pytest.raises(NotAVCard):
        parse_vcards(text)
    assert issubclass(NotAVCard, ValueError)


PEOPLE = [
    {
        "id": "p_01HZX4",
        "name": "Zoë O'Brien-Łukasiewicz 🚀",
        "headline": "Builds things, breaks things; fixes them: 🛠️",
        "company": "Acme; Research, Inc.",
        "title": "Head of R&D, Europe",
        "location": "Kraków, Poland",
        "emails": ["zoe@example.org", "Zoe.OBrien@Example.NET"],
        "profiles": [
            profile("https://www.linkedin.com/in/zoe-obrien"),
            profile("@zoe@hachyderm.io"),
            profile("https://x.com/zoe"),
            profile("https://zoe.example.org/blog"),
            profile("https://example.com/people/a,b;c"),
        ],
        "tags": ["investor", "berlin, 2024", "semi;colon", "émigré", "back\\slash"],
        "interests": ["CRDTs", "rock climbing, bouldering", "中文"],
        "how_met": "Intro from Ana at PyCon; coffee after, 10:30",
        "keep_in_touch_days": 30,
        "notes": "Line one.\nLine two, with comma; and semicolon.\n\n"
        "A backslash \\ and a literal \\n, not a newline.\n"
        "Emoji 👩🏽‍💻 and 中文 " + "long " * 40 + "end",
        "created_at": "2024-01-01T00:00:00.000Z",
        "updated_at": "2024-02-01T00:00:00.000Z",
    },
    {"id": "p_2", "name": "Madonna"} | {k: v for k, v in EMPTY_PERSON.items() if k != "name"},
    {
        "id": "p_3",
        "name": "Ada Lovelace",
        "headline": None,
        "company": "Analytical Engines",
        "title": None,
        "location": None,
        "emails": ["ada@example.com"],
        "profiles": [],
        "tags": [],
        "interests": ["poetical science"],
        "how_met": None,
        "keep_in_touch_days": 90,
        "notes": None,
    },
]


def test_export_then_import_gives_the_same_people():
    parsed = parse_vcards(people_to_vcard(PEOPLE))
    assert parsed.errors == []
    assert parsed.people == [{key: p[key] for key in ROUND_TRIP_FIELDS} for p in PEOPLE]


def test_export_is_vcard_3_0_that_other_readers_accept():
    text = people_to_vcard(PEOPLE[:1])
    lines = text.split("\r\n")
    assert lines[:4] == [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//Rapport//Rapport vCard export//EN",
        "UID:p_01HZX4",
    ]
    assert "CATEGORIES:investor,berlin\\, 2024,semi\\;colon,émigré,back\\\\slash" in lines
    assert "ORG:Acme\\; Research\\, Inc." in lines
    assert "N:🚀;Zoë O'Brien-Łukasiewicz;;;" in lines
    assert "URL:https://www.linkedin.com/in/zoe-obrien" in lines
    assert "X-SOCIALPROFILE;TYPE=linkedin:https://www.linkedin.com/in/zoe-obrien" in lines
    assert "X-SOCIALPROFILE;TYPE=mastodon:https://hachyderm.io/@zoe" in lines
    assert "X-RAPPORT-KEEP-IN-TOUCH:30" in lines
    assert "X-RAPPORT-INTERESTS:CRDTs,rock climbing\\, bouldering,中文" in lines
    assert lines[-2:] == ["END:VCARD", ""]
    note = next(i for i, line in enumerate(lines) if line.startswith("NOTE:"))
    assert lines[note + 1].startswith(" ")  # the long NOTE is folded
    (card,) = vobject.readComponents(text)
    assert card.fn.value == PEOPLE[0]["name"]
    assert [email.value for email in card.email_list] == PEOPLE[0]["emails"]


def test_phones_are_exported_when_a_person_has_them():
    text = people_to_vcard([{"name": "Ada", "phones": ["+44 20 7946 0018", "+1 555 0100"]}])
    assert "TEL:+44 20 7946 0018\r\nTEL:+1 555 0100\r\n" in text
    assert parse_vcards(text).people == [person(name="Ada")]


def test_profiles_read_from_every_place_address_books_keep_them():
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n"
        "item1.URL:https\\://www.linkedin.com/in/Ada/\r\n"
        "X-SOCIALPROFILE;type=linkedin;x-user=ada:http://www.linkedin.com/in/ada\r\n"
        "X-SOCIALPROFILE;type=twitter;x-user=AdaL:x-apple:AdaL\r\n"
        "X-SOCIALPROFILE;TYPE=github:@ada-codes\r\n"
        "X-SOCIALPROFILE;TYPE=mastodon:ada\r\n"
        "X-SOCIALPROFILE;TYPE=flickr:ada\r\n"
        "SOCIALPROFILE;SERVICE-TYPE=Mastodon:@ada@fosstodon.org\r\n"
        "IMPP:xmpp:ada@jabber.example\r\n"
        "URL:mailto:ada@example.com\r\n"
        "URL:ada@example.com\r\n"
        "URL:https://\r\n"
        "URL:example.com/~ada\r\n"
        "END:VCARD\r\n"
    )
    assert parse_vcards(text).people[0]["profiles"] == [
        profile("https://www.linkedin.com/in/ada"),
        profile("https://x.com/adal"),
        profile("https://github.com/ada-codes"),
        profile("@ada@fosstodon.org"),
        profile("https://example.com/~ada"),
    ]
