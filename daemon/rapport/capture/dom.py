"""Parsing untrusted HTML with bounded work, and reading text the way a reader sees it.

Pages arrive as `document.documentElement.outerHTML` from the extension or as anything at all
from a script. The HTML parser spends time proportional to size times nesting depth on block
elements, so a few megabytes of `<div><div><div>...` would take minutes: the markup is cut
where nesting passes `MAX_DEPTH` (browsers stop nesting at 512, so real pages never reach it).
"""

import re
from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser, LexborNode

from rapport.capture.text import clean_line

MAX_HTML_CHARS = 8_000_000
MAX_DEPTH = 512
# How far down the open-element stack an end tag may close; DOM serializations nest properly.
_END_TAG_REACH = 8

_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    # Raw text (scripts, styles): skipped whole; an unclosed one runs to the end, as in browsers.
    r"|<(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript)\b[^>]*>"
    r".*?(?:</\1\s*>|\Z)"
    r"|<(/?)([A-Za-z][^\s/>]*)[^>]*(?:>|\Z)",
    re.DOTALL | re.IGNORECASE,
)
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})  # fmt: skip
# Closed implicitly by their next sibling, so they never nest deeply by themselves.
_IMPLIED_END = frozenset({
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rb", "rt", "rtc", "rp",
})  # fmt: skip
_FOREIGN = frozenset({"svg", "math"})
_BLOCKS = ", ".join([
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre",
    "section", "table", "td", "th", "tr", "ul",
])  # fmt: skip


def bounded_html(html: str, max_depth: int = MAX_DEPTH) -> str:
    """`html` cut before the first tag that would nest deeper than `max_depth`."""
    html = html[:MAX_HTML_CHARS]
    stack: list[str] = []
    foreign_at: list[int] = []  # stack positions of open <svg>/<math>: `/>` closes there
    for token in _TOKEN.finditer(html):
        name = token.group(3)
        if not name:
            continue
        name = name.lower()
        if name in _VOID or name in _IMPLIED_END:
            continue
        if token.group(2):
            reach = max(len(stack) - _END_TAG_REACH, 0)
            for position in range(len(stack) - 1, reach - 1, -1):
                if stack[position] == name:
                    del stack[position:]
                    while foreign_at and foreign_at[-1] >= position:
                        foreign_at.pop()
                    break
            continue
        if foreign_at and token.group(0).endswith("/>"):
            continue
        if name in _FOREIGN:
            foreign_at.append(len(stack))
        stack.append(name)
        if len(stack) > max_depth:
            return html[: token.start()]
    return html


def parse(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(bounded_html(html or ""))


def visible_text(node: LexborNode | None, drop: str = "", limit: int = 300) -> str:
    """The node's text on one line, emoji images as their `alt`, `drop` (a CSS selector) left out.

    Works on a copy so the shared page tree is never changed.
    """
    if node is None:
        return ""
    copy = LexborHTMLParser(node.html or "")
    for element in copy.css("script, style, template, button" + (", " + drop if drop else "")):
        element.decompose()
    for image in copy.css("img[alt]"):
        image.replace_with(image.attributes.get("alt") or "")
    for element in copy.css(_BLOCKS):
        element.insert_after(" ")  # `<p>a</p><p>b</p>` reads "a b", `<b>wor</b>ld` "world"
    body = copy.body
    return clean_line(body.text() if body else "", limit)


def text_parts(node: LexborNode | None) -> list[str]:
    """The node's separate pieces of text (each text node), without the empty ones."""
    if node is None:
        return []
    return [part.strip() for part in node.text(separator="\n").split("\n") if part.strip()]


def first(tree: LexborHTMLParser | LexborNode | None, *selectors: str) -> LexborNode | None:
    """The first match of the first selector that matches anything."""
    if tree is None:
        return None
    for selector in selectors:
        node = tree.css_first(selector)
        if node is not None:
            return node
    return None


def attr(node: LexborNode | None, name: str) -> str:
    if node is None:
        return ""
    return (node.attributes.get(name) or "").strip()


def meta(tree: LexborHTMLParser, key: str) -> str:
    """Content of `<meta property=key>` or `<meta name=key>` (OpenGraph uses both spellings)."""
    for selector in (f'meta[property="{key}"]', f'meta[name="{key}"]'):
        content = attr(tree.css_first(selector), "content")
        if content:
            return content
    return ""


def document_title(tree: LexborHTMLParser, posted: str) -> str:
    """The title the extension posted (`document.title`), else the page's `<title>`."""
    title = tree.css_first("head title")
    return clean_line(posted or (title.text() if title else ""))


def has_class(node: LexborNode, *names: str) -> bool:
    classes = (node.attributes.get("class") or "").split()
    return any(name in classes for name in names)


def ancestor(
    node: LexborNode | None, matches: Callable[[LexborNode], bool], levels: int = 60
) -> LexborNode | None:
    """The nearest element above `node` for which `matches(element)`, at most `levels` up.

    (selectolax's `css_matches` also looks at descendants, so it cannot answer this.)
    """
    while node is not None and levels > 0:
        node = node.parent
        levels -= 1
        if node is not None and node.is_element_node and matches(node):
            return node
    return None
