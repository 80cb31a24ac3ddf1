"""Markdown bodies: CommonMark + tables, heading anchors per the spec, link walking."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

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


def links_of(tokens: list[Token]) -> Iterator[LinkRef]:
    """Every link and image in reading order."""
    for block in tokens:
        if block.type != "inline" or not block.children:
            continue
        line = block.map[0] if block.map else -1
        stack = list(block.children)
        while stack:
            child = stack.pop(0)
            if child.type == "link_open":
                yield LinkRef(child, "href", str(child.attrGet("href") or ""), line, False)
            elif child.type == "image":
                yield LinkRef(child, "src", str(child.attrGet("src") or ""), line, True)
                if child.children:
                    stack[0:0] = child.children
