"""The weekly digest as Markdown and as a self-contained HTML page.

`digest_sections` decides once what the digest says, as lines of styled spans and tables; the
two renderers only decide how it is spelled, so the Markdown and the page never drift apart.
"""

import html
import re
from dataclasses import dataclass, field
from functools import partial

from rapport.timefmt import parse_instant

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Span:
    text: str
    style: str = ""  # "" | strong | tag | alert | muted | hint (may name `commands`)
    href: str | None = None


Line = list[Span]


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[str]]
    first_row_strong: bool = False


@dataclass(frozen=True)
class Section:
    title: str
    items: list[tuple[Line, Line | None]] = field(default_factory=list)  # (line, detail line)
    numbered: bool = False
    tables: list[Table] = field(default_factory=list)
    more: Line | None = None
    empty: str = "Nothing."


# -- what the digest says ----------------------------------------------------------------------


def digest_sections(digest: dict) -> tuple[str, Line, list[Section]]:
    """The title, the line under it, and the sections."""
    year = digest["starts_on"][:4]
    day = partial(_day, year=year)
    iso_year, week_no = digest["week"].split("-W")
    title = f"Networking digest, week {int(week_no)} of {iso_year}"
    sub = [
        Span(f"{day(digest['starts_on'])} to {_day(digest['ends_on'], '')}"),
        Span(f" · as of {day(digest['as_of'])} {digest['as_of'][11:16]} UTC", "muted"),
    ]
    return (
        title,
        sub,
        [
            _reach_out(digest["reach_out"], day),
            _promises(
                "What you owe", digest["i_owe"], day, "Nothing: every promise you made is kept."
            ),
            _promises("What you are owed", digest["owed_to_me"], day, "Nothing is owed to you."),
            _meetings(digest["meetings"], day),
            _met(digest["met_without_follow_up"], day),
            _never_contacted(digest["never_contacted"], day),
            _engagements(digest["engagements"]),
        ],
    )


def _reach_out(section: dict, day) -> Section:
    items = []
    for item in section["items"]:
        line = [Span(item["person"]["name"], "strong", item["url"])]
        line += [Span(" "), *_tags(item["influence"])] if item["influence"] else []
        state = {"overdue": "overdue", "due": "due"}.get(item["level"], f"due {day(item['due'])}")
        days = item["days_since_contact"]
        contact = "never contacted" if days is None else f"last contact {days} days ago"
        line += [
            Span(" · "),
            Span(state, "alert" if item["level"] == "overdue" else ""),
            Span(f": {contact}, every {item['every_days']} days"),
        ]
        topic = item["last_topic"]
        detail = None
        if topic:
            said = f": {topic['text']}" if topic["text"] else ""
            detail = [
                Span(f"Last time ({topic['kind']}, {day(topic['occurred_at'])}){said}", "muted")
            ]
        items.append((line, detail))
    return Section(
        "Reach out this week",
        items,
        numbered=True,
        more=_more(section, "`rapport due --until sunday` lists everyone"),
        empty="Nobody: every cadence is on track.",
    )


def _tags(tags: list[str]) -> Line:
    spans: Line = []
    for index, tag in enumerate(tags):
        spans += [Span(" ")] if index else []
        spans.append(Span(tag, "tag"))
    return spans


def _promises(title: str, section: dict, day, empty: str) -> Section:
    items = []
    for promise in section["items"]:
        line = [Span(promise["person"]["name"], "strong"), Span(f": {promise['text']}")]
        if promise["due"]:
            line.append(Span(f" · due {day(promise['due'])}"))
        else:
            line.append(Span(" · no date", "muted"))
        if promise["late_days"]:
            late = promise["late_days"]
            line += [Span(", "), Span(f"{late} day{'s' if late > 1 else ''} late", "alert")]
        items.append((line, None))
    return Section(title, items, empty=empty)


def _meetings(section: dict, day) -> Section:
    items = []
    for meeting in section["items"]:
        line = [
            Span(f"{day(meeting['starts_at'])} {meeting['starts_at'][11:16]} · "),
            Span(meeting["title"], "strong"),
        ]
        if meeting["people"]:
            line.append(Span(f" · with {', '.join(meeting['people'])}"))
        if meeting["location"]:
            line.append(Span(f" · {meeting['location']}", "muted"))
        items.append((line, None))
    return Section("This week's meetings (UTC)", items, empty="No meetings this week.")


def _met(section: dict, day) -> Section:
    items = []
    for met in section["items"]:
        how = f'"{met["title"]}"' if met["kind"] == "meeting" and met["title"] else met["kind"]
        line = [Span(met["person"]["name"], "strong"), Span(f" · {how}, {day(met['met_at'])}")]
        items.append((line, None))
    return Section(
        "Met recently, no follow-up yet", items, empty="Everyone you met lately has a follow-up."
    )


def _never_contacted(section: dict, day) -> Section:
    items = []
    for item in section["items"]:
        line = [Span(item["person"]["name"], "strong")]
        if item["role"]:
            line.append(Span(f" ({item['role']})"))
        line.append(Span(f" · added {day(item['added_on'])}", "muted"))
        items.append((line, None))
    return Section(
        "Added recently, never contacted",
        items,
        more=_more(section, "`rapport people` lists everyone"),
        empty="Nobody: you have been in touch with everyone you added lately.",
    )


def _more(section: dict, hint: str) -> Line | None:
    hidden = section["total"] - len(section["items"])
    return [Span(f"…and {hidden} more; {hint}.", "hint")] if hidden > 0 else None


def _engagements(engagements: dict) -> Section:
    weeks = [label.split("-")[1] for label in engagements["weeks"]]

    def row(name: str, counts: list[int]) -> list[str]:
        return [name, *(str(c) for c in counts), _change(counts)]

    tables = []
    if any(engagements["total"]):
        kinds = [row("all", engagements["total"])]
        kinds += [row(r["kind"], r["counts"]) for r in engagements["by_kind"]]
        tables.append(Table(["kind", *weeks, "vs. average"], kinds, first_row_strong=True))
    if engagements["by_tag"]:
        tags = [row(r["tag"], r["counts"]) for r in engagements["by_tag"]]
        tables.append(Table(["niche tag", *weeks, "vs. average"], tags))
    so_far = "" if engagements["complete"] else " so far"
    return Section(
        f"Engagements: this week{so_far} and the four before",
        tables=tables,
        empty="No engagements logged in these five weeks.",
    )


def _change(counts: list[int]) -> str:
    """This week against the average of the weeks before: +2, -1.5, 0."""
    before = counts[:-1]
    delta = counts[-1] - sum(before) / len(before)
    return "0" if delta == 0 else f"{delta:+.1f}".replace(".0", "")


def _day(text: str, year: str) -> str:
    """`2026-03-06` or an instant -> `Fri 6 Mar`, with the year when it is not `year`."""
    moment = parse_instant(text) if "T" in text else parse_instant(f"{text}T00:00:00Z")
    spelled = f"{WEEKDAYS[moment.weekday()]} {moment.day} {MONTHS[moment.month - 1]}"
    return spelled if text.startswith(year) and year else f"{spelled} {moment.year}"


# -- Markdown ----------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md_text(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_span(span: Span) -> str:
    text = span.text if span.style == "hint" else _md_text(span.text)
    wrapped = {"strong": "**{}**", "alert": "**{}**", "tag": "*{}*", "hint": "_{}_"}
    text = wrapped.get(span.style, "{}").format(text)
    return f"[{text}]({span.href})" if span.href else text


def _md_line(line: Line) -> str:
    return "".join(_md_span(span) for span in line)


def digest_markdown(digest: dict) -> str:
    title, sub, sections = digest_sections(digest)
    out = [f"# {title}", "", _md_line(sub)]
    for section in sections:
        out += ["", f"## {section.title}", ""]
        if not section.items and not section.tables:
            out.append(f"_{section.empty}_")
        for number, (line, detail) in enumerate(section.items, start=1):
            marker = f"{number}." if section.numbered else "-"
            out.append(f"{marker} {_md_line(line)}" + ("\\" if detail else ""))
            if detail:
                out.append(" " * (len(marker) + 1) + _md_line(detail))
        if section.more:
            out += ["", _md_line(section.more)]
        for table in section.tables:
            out += ["", *_md_table(table)] if out[-1] else _md_table(table)
    return "\n".join(out) + "\n"


def _md_table(table: Table) -> list[str]:
    head = "| " + " | ".join(table.columns) + " |"
    rule = "|" + "|".join(["---", *["---:"] * (len(table.columns) - 1)]) + "|"
    rows = []
    for index, row in enumerate(table.rows):
        cells = [_md_text(cell) for cell in row]
        if index == 0 and table.first_row_strong:
            cells = [f"**{cell}**" for cell in cells]
        rows.append("| " + " | ".join(cells) + " |")
    return [head, rule, *rows]


# -- HTML --------------------------------------------------------------------------------------

STYLE = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328;
       background: #f6f8fa; margin: 0; padding: 24px; }
main { max-width: 760px; margin: 0 auto; background: #fff; border: 1px solid #d0d7de;
       border-radius: 8px; padding: 24px 32px; }
h1 { font-size: 1.5em; margin: 0 0 4px; }
h2 { font-size: 1.1em; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #eaeef2; }
h3 { font-size: .95em; margin: 16px 0 6px; color: #57606a; }
.sub { color: #57606a; margin: 0; }
ul, ol { padding-left: 1.4em; margin: 0; }
li { margin: 4px 0; }
.detail { display: block; }
.muted { color: #6e7781; }
.alert { color: #cf222e; font-weight: 600; }
.tag { display: inline-block; background: #ddf4ff; color: #0969da; border-radius: 10px;
       padding: 0 8px; font-size: .85em; }
.empty { color: #6e7781; font-style: italic; margin: 0; }
a { color: inherit; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table + table { margin-top: 20px; }
th, td { padding: 4px 8px; border-bottom: 1px solid #eaeef2; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th:last-child, td:last-child { border-left: 1px solid #eaeef2; }
tr.strong td { font-weight: 600; }
"""


def _html_span(span: Span) -> str:
    text = html.escape(span.text)
    if span.style == "hint":
        text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    if span.style == "strong":
        text = f"<strong>{text}</strong>"
    elif span.style:
        text = f'<span class="{"muted" if span.style == "hint" else span.style}">{text}</span>'
    if span.href and span.href.startswith(("https://", "http://")):
        text = f'<a href="{html.escape(span.href, quote=True)}">{text}</a>'
    return text


def _html_line(line: Line) -> str:
    return "".join(_html_span(span) for span in line)


def digest_html(digest: dict) -> str:
    title, sub, sections = digest_sections(digest)
    body = [f"<h1>{html.escape(title)}</h1>", f'<p class="sub">{_html_line(sub)}</p>']
    for section in sections:
        body.append(f"<h2>{html.escape(section.title)}</h2>")
        if not section.items and not section.tables:
            body.append(f'<p class="empty">{html.escape(section.empty)}</p>')
        if section.items:
            tag = "ol" if section.numbered else "ul"
            body.append(f"<{tag}>")
            for line, detail in section.items:
                extra = f'<span class="detail">{_html_line(detail)}</span>' if detail else ""
                body.append(f"<li>{_html_line(line)}{extra}</li>")
            body.append(f"</{tag}>")
        if section.more:
            body.append(f"<p>{_html_line(section.more)}</p>")
        body += [_html_table(table) for table in section.tables]
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        "<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )


def _html_table(table: Table) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
    rows = []
    for index, row in enumerate(table.rows):
        strong = ' class="strong"' if index == 0 and table.first_row_strong else ""
        cells = "".join(f"<td>{html.escape(cell)}</td>" for cell in row)
        rows.append(f"<tr{strong}>{cells}</tr>")
    return f"<table>\n<tr>{head}</tr>\n" + "\n".join(rows) + "\n</table>"
