"""Markdown bodies: CommonMark + tables, heading anchors per the spec, link walking."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token


def slugify(text: str) -> str:
    """Heading anchor: lower case, accents dropped, runs of other characters as one hyphen."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def _heading_anchors(state: StateCore) -> None:
    """Give every heading an id (deduplicated with -1, -2 …) and demote it one level.

    Demoting keeps the page's own title the only h1, so heading order stays sensible.
    """
    seen: dict[str, int] = {}
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type not in ("heading_open", "heading_close"):
            continue
        level = min(int(token.tag[1]) + 1, 6)
        token.tag = f"h{level}"
        if token.type == "heading_close":
            continue
        inline = tokens[index + 1]
        text = "".join(
            child.content
            for child in (inline.children or [])
            if child.type in ("text", "code_inline")
        )
        base = slugify(text) or "section"
        count = seen.get(base, 0)
        seen[base] = count + 1
        token.attrSet("id", base if count == 0 else f"{base}-{count}")


def make_markdown(allow_html: bool = False) -> MarkdownIt:
    """The body renderer: CommonMark with tables; raw HTML escaped unless allowed."""
    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": False}).enable("table")
    md.core.ruler.push("cjm_anchors", _heading_anchors)
    return md


@dataclass
class LinkRef:
    """A link or image in a body, with its token so the target can be rewritten."""

    token: Token
    attr: str  # "href" or "src"
    target: str
    line: int  # line within the body (0-based), or -1
    is_image: bool
    column: int = 0  # 1-based column of the target on `line`; 0 if not found


def anchors_of(tokens: list[Token]) -> list[str]:
    return [str(t.attrGet("id")) for t in tokens if t.type == "heading_open" and t.attrGet("id")]


def first_heading(tokens: list[Token]) -> tuple[str, int] | None:
    """The text of a leading level-1 heading (now h2 after demotion) and its token index."""
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            if token.markup in ("#", "=") and index + 1 < len(tokens):
                return tokens[index + 1].content.strip(), index
            return None
        if token.type not in ("html_block",):
            return None
    return None


def inline_children(block: Token) -> Iterator[tuple[Token, int]]:
    """An inline block's children in reading order (image alt text included), each with
    its line in the body: the block's first line plus the line breaks before it."""
    line = block.map[0] if block.map else -1
    stack = list(reversed(block.children or []))  # the next child is last: pop() is O(1)
    while stack:
        child = stack.pop()
        yield child, line
        if child.type in ("softbreak", "hardbreak") and line >= 0:
            line += 1
        if child.type == "image" and child.children:
            stack.extend(reversed(child.children))


def links_of(tokens: list[Token]) -> Iterator[LinkRef]:
    """Every link and image in reading order, placed where `locate_links` found it."""
    for block in tokens:
        if block.type != "inline" or not block.children:
            continue
        for child, line in inline_children(block):
            if child.type not in ("link_open", "image"):
                continue
            attr = "href" if child.type == "link_open" else "src"
            at, column = child.meta.get("cjm_at", (line, 0))
            target = str(child.attrGet(attr) or "")
            yield LinkRef(child, attr, target, at, child.type == "image", column)


def _target_forms(target: str) -> list[str]:
    """How a (normalised, percent-encoded) target may be written in the source."""
    forms = [target, unquote(target)]
    return [f for i, f in enumerate(forms) if f and f not in forms[:i]]


def locate_links(tokens: list[Token], body: str) -> None:
    """Find where each link's target is written in `body`; store it in the token's meta.

    markdown-it gives only a block's lines, so the search starts on the line the link
    begins on (the block's first line plus the line breaks before it) and never goes back
    before an earlier link, so a target repeated in one paragraph is found at each place.
    A target written `(target` or `<target` is preferred to the same text elsewhere; a
    reference-style link, whose target is defined elsewhere, stays at its own line.
    """
    lines = body.split("\n")
    cursor = (0, 0)  # (line, column) the next search starts from, 0-based
    for block in tokens:
        if block.type != "inline" or not block.children or not block.map:
            continue
        for child, line in inline_children(block):
            if child.type not in ("link_open", "image"):
                continue
            target = str(child.attrGet("href" if child.type == "link_open" else "src") or "")
            start = max(cursor, (line, 0))
            found = _search(lines, _target_forms(target), start, block.map[1])
            if found is None:  # a reference-style link: point at its `[`
                text = lines[line] if 0 <= line < len(lines) else ""
                column = start[1] if start[0] == line else 0
                bracket = text.find("[", column, column + LINK_WINDOW)
                child.meta["cjm_at"] = (line, bracket + 1 if bracket >= 0 else 1)
                continue
            child.meta["cjm_at"] = (found[0], found[1] + 1)
            cursor = (found[0], found[1] + found[2])


LINK_WINDOW = 1_000  # characters searched for one link's target, from where it may begin


def _search(
    lines: list[str], forms: list[str], start: tuple[int, int], end: int
) -> tuple[int, int, int] | None:
    """First (line, column, length) of a form from `start` up to line `end` (exclusive);
    on a line, a form right after `(` or `<` wins over the same text without.

    Looks at most LINK_WINDOW characters ahead, so that locating every link of a body
    stays linear in its length (a target further away is placed at its link's line).
    """
    budget = LINK_WINDOW
    for number in range(start[0], min(end, len(lines))):
        text = lines[number]
        offset = start[1] if number == start[0] else 0
        stop = min(len(text), offset + budget)
        for prefixes in (("(", "<"), ("",)):
            hits = [
                (at + len(prefix), len(form))
                for form in forms
                for prefix in prefixes
                if (at := text.find(prefix + form, offset, stop)) >= 0
            ]
            if hits:
                column, length = min(hits)
                return number, column, length
        budget -= stop - offset + 1
        if budget <= 0:
            break
    return None


UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "xlink:href", "poster", "data", "background",
        "cite", "srcset", "ping", "longdesc", "usemap", "codebase", "manifest", "lowsrc",
        "dynsrc", "archive", "classid", "profile",
    }
)  # fmt: skip
_URL_JUNK = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL


def is_unsafe_url(value: str) -> bool:
    """Whether a URL runs script or embeds a document: javascript:, vbscript:, data:, file:.

    Cleaned as browsers do first: tabs and newlines removed, control characters and spaces
    trimmed, case ignored (`" JaVa\tScript:…"` is unsafe).
    """
    cleaned = _URL_JUNK.sub("", value).strip("".join(map(chr, range(33)))).lower()
    return cleaned.startswith(UNSAFE_SCHEMES)


def _unsafe_attribute(tag: str, name: str, value: str | None) -> bool:
    if value is None:
        return False
    if name == "srcset":
        return any(is_unsafe_url(part.strip().split(" ")[0]) for part in value.split(","))
    if tag == "meta" and name == "content":  # <meta http-equiv=refresh content="0;url=…">
        match = re.search(r"url\s*=\s*['\"]?(.*)", value, re.IGNORECASE | re.DOTALL)
        return bool(match and is_unsafe_url(match[1]))
    return name in URL_ATTRIBUTES and is_unsafe_url(value)


class _UrlScrubber(HTMLParser):
    """Find start tags with an unsafe URL attribute; record their replacement."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.edits: list[tuple[int, int, int, str]] = []  # line, column, length, new text
        self.dropped: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._scrub(tag, attrs, "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._scrub(tag, attrs, " /")

    def _scrub(self, tag: str, attrs: list[tuple[str, str | None]], end: str) -> None:
        bad = [(k, v) for k, v in attrs if _unsafe_attribute(tag, k, v)]
        raw = self.get_starttag_text()
        if not bad or raw is None:
            return
        kept = "".join(
            f" {k}" if v is None else f' {k}="{html.escape(v)}"'
            for k, v in attrs
            if (k, v) not in bad
        )
        line, column = self.getpos()
        self.edits.append((line, column, len(raw), f"<{tag}{kept}{end}>"))
        self.dropped += [str(v) for _, v in bad]


MAX_UNFINISHED_HTML = 1_000  # an unclosed tag or comment longer than this is shown as text


def drop_unsafe_urls(text: str) -> tuple[str, list[str]]:
    """Raw HTML (allowed by `allow_html`) without javascript:/data:/… URL attributes.

    Only the start tags that carry such an attribute are rewritten (without it); every
    other byte is kept. Returns the HTML and the URLs dropped. This is a link policy,
    not a sanitiser: raw HTML may still hold scripts, which `allow_html` trusts.
    An unfinished construct (a tag, quote or comment never closed) longer than
    MAX_UNFINISHED_HTML is escaped (shown as text) rather than rescanned at every `<`,
    which html.parser does in quadratic time.
    """
    scrubber = _UrlScrubber()
    try:
        scrubber.feed(text)  # linear: it stops at a construct that does not end
        stuck = scrubber.rawdata  # the unfinished rest; close() would rescan it per `<`
        if len(stuck) > MAX_UNFINISHED_HTML:
            text, tail = text[: len(text) - len(stuck)], html.escape(stuck)
        else:
            scrubber.close()
            tail = ""
    except AssertionError:  # html.parser's `<![x`: not HTML a browser would run either
        return html.escape(text), []
    if not scrubber.edits:
        return text + tail, []
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out, last = [], 0
    for line, column, length, new in scrubber.edits:
        at = starts[line - 1] + column
        out += [text[last:at], new]
        last = at + length
    out += [text[last:], tail]
    return "".join(out), scrubber.dropped
