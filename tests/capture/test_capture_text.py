"""Cleaning names and text, and bounding the work untrusted HTML can cause."""

from pathlib import Path

import pytest

from rapport.capture.dom import MAX_DEPTH, bounded_html, visible_text
from rapport.capture.model import make_person
from rapport.capture.text import NAME_LIMIT, clean_name, clip
from rapport.capture.urls import profile_record

PAGES = Path(__file__).parents[1] / "fixtures" / "pages"


@pytest.mark.parametrize(
    ("shown", "name"),
    [
        ("Ada Lovelace", "Ada Lovelace"),
        ("  Ada \n\t Lovelace  ", "Ada Lovelace"),
        ("Ada Lovelace 🧮✨", "Ada Lovelace"),
        ("Ada Lovelace (she/her)", "Ada Lovelace"),
        ("Ada Lovelace [They/Them]", "Ada Lovelace"),
        ("Ada Lovelace she/her", "Ada Lovelace"),
        ("Ada Lovelace · 2nd", "Ada Lovelace"),
        ("Ada Lovelace • 3rd+", "Ada Lovelace"),
        ("Ada Lovelace Verified account", "Ada Lovelace"),
        ("Ada\u200b Love\u200dlace\u2069", "Ada Lovelace"),
        ("Ada Lovelace :verified: :blobcat:", "Ada Lovelace"),
        ("Ada Lovelace 👩🏽‍💻", "Ada Lovelace"),
        ("Ada Lovelace | 🇬🇧", "Ada Lovelace"),
        ("José Ñúñez-García, PhD", "José Ñúñez-García, PhD"),
        ("Jose\u0301", "José"),
        ("李小龍", "李小龍"),
        ("محمد علي", "محمد علي"),
        ("Herbert Hisher", "Herbert Hisher"),
        ("🧮", ""),
    ],
)
def test_names_come_out_clean(shown, name):
    assert clean_name(shown) == name


def test_long_text_is_clipped_at_a_word():
    assert clip("word " * 100, 20) == "word word word…"
    assert len(clean_name("A" * 1000)) == NAME_LIMIT


def test_make_person_leaves_out_empty_and_invalid_values():
    person = make_person(
        name=" ",
        company="@analytical-engines",
        emails=["mailto:Ada@Example.ORG?subject=hi", "not an email", "ada@example.org"],
        profiles=["https://twitter.com/Ada", "https://x.com/ada", "javascript:alert(1)", ""],
        interests=["Engines", "engines", ""],
    )
    assert person == {
        "company": "analytical-engines",
        "emails": ["Ada@example.org"],
        "profiles": [{"site": "x", "url": "https://x.com/ada", "handle": "ada"}],
        "interests": ["Engines"],
    }


@pytest.mark.parametrize("url", ["", "@", "http://[::1", "mailto:ada@example.org", "x" * 10_000])
def test_profile_record_refuses_what_is_not_a_profile(url):
    assert profile_record(url) is None


def test_visible_text_reads_like_a_person_and_leaves_the_page_alone():
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(
        '<div id="post"><p>Hello <b>wor</b>ld <img alt="🎉"></p><p>Bye</p>'
        '<span class="visually-hidden">hidden</span><button>…more</button></div>'
    )
    node = tree.css_first("#post")
    assert visible_text(node, drop=".visually-hidden") == "Hello world 🎉 Bye"
    assert tree.css_first("button") is not None


def test_deep_nesting_is_cut_and_real_pages_are_not():
    deep = "<div>" * (MAX_DEPTH * 4)
    assert len(bounded_html(deep)) == len("<div>") * MAX_DEPTH
    assert bounded_html("<div/>" * 5000).count("<div/>") == MAX_DEPTH
    flat = "<ul>" + "<li>item" * 5000 + "</ul><p>a<p>b" * 2000 + "<svg>" + "<path/>" * 5000
    assert bounded_html(flat) == flat
    for page in PAGES.glob("*/*.html"):
        html = page.read_text(encoding="utf-8")
        assert bounded_html(html) == html, page.name
