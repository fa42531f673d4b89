"""Capture adapters against fixture pages saved beside their expected result.

Each `tests/fixtures/pages/<site>/<case>.html` has a `<case>.json`: the URL, title and selection
the extension would post, and what must come out. `expected: null` means the page names nobody
(NothingToCapture); `must_not_mention` lists people on the page who are not its subject (the
viewer in the nav bar, sidebars, comments) and must not appear anywhere in the person.
"""

import json
import time
from pathlib import Path

import pytest

from rapport.capture import ADAPTERS, NothingToCapture, Page, extract

PAGES = Path(__file__).parents[1] / "fixtures" / "pages"
CASES = sorted(PAGES.glob("*/*.json"))


def adapter_name(adapter) -> str:
    return adapter.__name__.rpartition(".")[2]


def load(case: Path) -> tuple[Page, dict | None]:
    spec = json.loads(case.read_text(encoding="utf-8"))
    html = case.with_suffix(".html").read_text(encoding="utf-8")
    page = Page(url=spec["url"], title=spec["title"], html=html, selection=spec["selection"])
    return page, spec["expected"]


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.parent.name}/{case.stem}")
def test_fixture_page(case: Path):
    page, expected = load(case)
    if expected is None:
        with pytest.raises(NothingToCapture):
            extract(page)
        return
    found = extract(page)
    assert found.adapter == expected["adapter"]
    assert found.page_kind == expected["page_kind"]
    for field, value in expected["person"].items():
        assert found.person.get(field) == value, field
    assert found.engagement == expected["engagement"]
    mentioned = json.dumps([found.person, found.engagement], ensure_ascii=False).lower()
    for stranger in expected.get("must_not_mention", []):
        assert stranger.lower() not in mentioned, stranger


@pytest.mark.parametrize(
    ("fixture", "url", "title"),
    [
        ("linkedin/profile_logged_in", "https://www.linkedin.com/in/charles-babbage/",
         "(3) Charles Babbage | LinkedIn"),
        ("x/profile", "https://x.com/charles_babbage", "Charles Babbage (@charles_babbage) / X"),
        ("github/profile", "https://github.com/charles-babbage",
         "charles-babbage (Charles Babbage) · GitHub"),
    ],
)  # fmt: skip
def test_a_stale_render_of_the_previous_profile_is_not_read(fixture, url, title):
    """Single-page apps change URL and title before the page: the old profile must not leak."""
    html = (PAGES / f"{fixture}.html").read_text(encoding="utf-8")
    found = extract(Page(url=url, title=title, html=html))
    assert found.person["name"] == "Charles Babbage"
    assert "lovelace" not in json.dumps(found.person).lower()


def test_a_quote_without_comment_does_not_borrow_the_quoted_post():
    html = (PAGES / "x/post_quote_selection.html").read_text(encoding="utf-8")
    html = html.replace('data-testid="tweetText"', 'data-testid="removed"', 1)  # Ada's own text
    page = Page(url="https://x.com/ada_lovelace/status/1790100000000000000", html=html)
    found = extract(page)
    assert found.person["name"] == "Ada Lovelace"
    assert found.engagement["text"] == ""


def test_every_fixture_has_its_page_and_expectation():
    htmls = {path.with_suffix("") for path in PAGES.glob("*/*.html")}
    assert htmls == {case.with_suffix("") for case in CASES}


@pytest.mark.parametrize("adapter", ADAPTERS, ids=adapter_name)
def test_every_adapter_has_fixture_pages(adapter):
    """Zotero-style: an adapter without fixture pages is untested against real markup."""
    name = adapter_name(adapter)
    folder = PAGES / name
    assert folder.is_dir(), f"add fixture pages under {folder}"
    kinds = []
    for case in folder.glob("*.json"):
        expected = json.loads(case.read_text(encoding="utf-8"))["expected"]
        if expected and expected["adapter"] == name:
            kinds.append(expected["page_kind"])
    if name == "generic":
        assert len(kinds) >= 2
    else:
        assert {"profile", "post"} <= set(kinds)


@pytest.mark.parametrize("adapter", ADAPTERS, ids=adapter_name)
def test_every_adapter_names_the_urls_it_handles(adapter):
    assert "Test URLs:" in (adapter.__doc__ or "")


JUNK_URLS = [
    "",
    "not a url",
    "javascript:alert(1)",
    "http://[::1",
    "https://www.linkedin.com/in/",
    "https://www.linkedin.com/feed/update/urn:li:activity:1/",
    "https://x.com/home",
    "https://x.com/i/status/1790000000000000000",
    "https://github.com/orgs/x/discussions/1",
    "https://hachyderm.io/@",
    "https://example.com/" + "a/" * 5000,
    "@ada@" + "a." * 1000 + "!",
]
JUNK_HTML = [
    "",
    "index.html",
    "<html",
    "\x00\ud800\ufffe<h1>\u200b</h1>",
    "<div>" * 200_000,
    "<div/>" * 100_000,
    "<b><i><u><s>" * 20_000 + "<p>x</p>" * 20_000,
    "<script>" * 50_000,
    '<script type="application/ld+json">' + "[" * 100_000 + "</script>",
    '<script type="application/ld+json">{"@type": ["Person", null, 3], "name": {"x": 1},'
    ' "url": [null, {"@id": 5}], "worksFor": "#nope", "address": [[]]}</script>',
    '<div class="h-card">' * 5_000,
    '<meta property="og:type" content="profile"><meta property="og:title" content="">',
    '<div id="mastodon"></div><div class="account__header"><dl></dl></div>',
    '<main><div class="feed-shared-update-v2"><a class="update-components-actor__meta-link"'
    ' href="javascript:0">x</a></div></main>',
]


@pytest.mark.parametrize("url", JUNK_URLS)
@pytest.mark.parametrize("html", JUNK_HTML, ids=lambda html: f"{html[:24]!r}x{len(html)}")
def test_junk_never_raises_anything_but_nothing_to_capture(url, html):
    try:
        found = extract(Page(url=url, title="\ud800 (3)", html=html, selection=""))
    except NothingToCapture as error:
        assert str(error)
    else:
        assert found.person.get("name") or found.person.get("profiles")


def test_a_huge_page_is_read_in_bounded_time():
    noise = '<div class="pvs-list"><span aria-hidden="true">Charles Babbage</span></div>' * 150_000
    html = f"<main><section><h1>Ada Lovelace</h1></section>{noise}</main>"
    started = time.perf_counter()
    found = extract(Page(url="https://www.linkedin.com/in/ada-lovelace", html=html))
    assert found.person["name"] == "Ada Lovelace"
    assert time.perf_counter() - started < 20


def test_url_alone_gives_the_profile():
    """Scripts may post only a URL; a profile URL on a known site is enough to name someone."""
    found = extract(Page(url="https://twitter.com/Ada_Lovelace?lang=en"))
    assert found.person == {
        "profiles": [{"site": "x", "url": "https://x.com/ada_lovelace", "handle": "ada_lovelace"}]
    }


def test_a_linkedin_post_url_alone_names_its_author():
    url = "https://www.linkedin.com/posts/ada-lovelace_notes-activity-7212345678901234567-AbCd"
    found = extract(Page(url=url + "?utm_source=share", selection="Note G"))
    assert found.person["profiles"][0]["handle"] == "ada-lovelace"
    assert found.engagement == {"kind": "comment", "text": "Note G", "url": url}


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("https://github.com/o/r/issues/42", "Fix it · Issue #42 · o/r · GitHub"),
        ("https://github.com/o/r/pull/7", "Fix it by ada · Pull Request #7 · o/r · GitHub"),
        ("https://github.com/orgs/o/discussions/12", "Fix it · o · Discussion #12 · GitHub"),
    ],
)
def test_a_github_thread_not_yet_rendered_is_named_by_its_title(url, title):
    html = '<div class="gh-header-meta"><a class="author" href="/ada">ada</a></div>'
    found = extract(Page(url=url, title=title, html=html))
    assert found.engagement["text"] == "Fix it"


def test_page_coerces_missing_fields_to_empty_text():
    page = Page(url="https://example.com/", title=None, html=None, selection=None)
    assert (page.title, page.html, page.selection) == ("", "", "")
