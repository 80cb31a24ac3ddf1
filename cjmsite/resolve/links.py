"""Links between content files: map each file to its URL, check and rewrite body links."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from markdown_it.token import Token

from cjmsite.diagnostics import Diagnostic, Diagnostics, Location, Suggestions, did_you_mean
from cjmsite.sources.files import SourceFile
from cjmsite.sources.markdown import (
    anchors_of,
    drop_unsafe_urls,
    first_heading,
    inline_children,
    is_unsafe_url,
    links_of,
    locate_links,
    make_markdown,
)
from cjmsite.urls import channel_section, relative_url

SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def page_dir(source: SourceFile) -> str:
    """The output folder of the page an entity's body is shown on."""
    return {
        "persona": f"personas/{source.id}/",
        "department": f"departments/{source.id}/",
        "channel": "channels/",
        "journey": f"journeys/{source.id}/",
        "touchpoint": f"journeys/{source.journey_id}/{source.id}/",
        "page": f"{source.id}/",
    }[source.kind]


def target_url(source: SourceFile) -> str:
    """The site-relative URL a link to this file goes to."""
    if source.kind == "asset":
        return source.content_path
    if source.kind == "channel":
        return f"channels/#{source.id}"
    return page_dir(source)


@dataclass
class ParsedBody:
    tokens: list[Token]
    anchors: set[str]
    title: str | None = None  # text of a leading `# heading`, pages only
    spent: bool = False  # rendered: the tokens were dropped (a second render parses again)


@dataclass
class LinkIndex:
    """Every content file by its content-relative path, with parsed bodies and anchors."""

    content_root: Path
    allow_html: bool
    files: dict[str, SourceFile] = field(default_factory=dict)
    bodies: dict[str, ParsedBody] = field(default_factory=dict)
    linked: set[str] = field(default_factory=set)  # content paths some body links to
    outside: dict[str, bool] = field(default_factory=dict)  # path -> leaves content/, cached
    last_unsafe: list[tuple[int, str]] = field(default_factory=list)  # of the last render
    # bodies rendered as soon as parsed: path -> (HTML, diagnostics, files linked)
    early: dict[str, tuple[str, list[Diagnostic], set[str]]] = field(default_factory=dict)
    _by_name: dict[str, list[str]] | None = field(default=None, repr=False)
    _by_name_size: int = field(default=0, repr=False)
    _anchor_hints: dict[str, tuple[set[str], Suggestions]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.md = make_markdown(self.allow_html)
        self.real_root = self.content_root.resolve()

    def add(self, source: SourceFile) -> None:
        self.files[source.content_path] = source

    def parse(self, source: SourceFile) -> ParsedBody:
        tokens = self.md.parse(source.body)
        locate_links(tokens, source.body)
        heading = first_heading(tokens) if source.kind == "page" else None
        parsed = ParsedBody(tokens, set(anchors_of(tokens)))
        if heading is not None:
            parsed.title, index = heading
            del tokens[index : index + 3]  # the title is shown as the page's h1
        self.bodies[source.content_path] = parsed
        return parsed

    def locate(self, source: SourceFile, path: str) -> str | None:
        """Content-relative path of `path` written in `source`, or None if it leaves content/.

        Files found by the loader are known to be inside content/ (it refuses symlinks that
        point outside); any other path is resolved on disk, so a link through a symlinked
        folder that points outside is refused too.
        """
        if path.startswith(("/", "\\")) or re.match(r"^[a-zA-Z]:[\\/]", path):
            return None
        folder = posixpath.dirname(source.content_path)
        joined = posixpath.normpath(posixpath.join(folder, path))
        if joined == ".." or joined.startswith("../"):
            return None
        if joined in self.files or any(ord(char) < 32 for char in joined):
            return joined  # a known file; or, with NUL or control characters, none at all
        if joined not in self.outside:
            try:
                real = (self.content_root / joined).resolve()
                leaves = not real.is_relative_to(self.real_root)
            except (OSError, RuntimeError, ValueError):  # a loop, a name too long
                leaves = True
            self.outside[joined] = leaves
        return None if self.outside[joined] else joined

    def file_reference(
        self,
        source: SourceFile,
        value: str,
        where: Location | Callable[[], Location],
        diags: Diagnostics,
        key: str,
    ) -> str | None:
        """Resolve a frontmatter path (photo, storyboard) to the asset's output path.

        `where` may be a function, called only when there is a problem to report.
        """
        if callable(where):
            where = where()
        located = self.locate(source, unquote(value))
        if located is None:
            diags.error(
                where,
                f"`{key}` path `{value}` leaves the content folder",
                "keep images under content/, e.g. content/assets/",
            )
            return None
        target = self.files.get(located)
        if target is None or target.kind != "asset":
            diags.error(
                where,
                f"`{key}` file `{value}` does not exist",
                f"expected a file at {posixpath.join('content', located)}",
            )
            return None
        return target.content_path

    def render(self, source: SourceFile, diags: Diagnostics) -> str:
        """The body's HTML with every link checked and rewritten for its page."""
        early = self.early.pop(source.content_path, None)
        if early is None:
            return self._render_body(source, diags)
        html, problems, linked = early
        diags.extend(problems)
        self.linked |= linked
        return html

    def prerender(self, source: SourceFile) -> None:
        """Render a just-parsed body now if every heading it links to is known, so its
        tokens can go (keeping all bodies' tokens until the end held ~110 MB at 3,000
        files). What rendering reports and references is kept until `render` asks."""
        parsed = self.bodies.get(source.content_path)
        if parsed is None or parsed.spent or not parsed.tokens:
            return
        for link in links_of(parsed.tokens):
            target = link.target
            if is_unsafe_url(target) or SCHEME.match(target) or target.startswith("//"):
                continue
            path, _, anchor = unquote(target).partition("#")
            if anchor and path:
                located = self.locate(source, path)
                found = self.files.get(located) if located is not None else None
                if found is not None and found.kind != "asset" and located not in self.bodies:
                    return  # that file's headings are not known yet: render it later
        local = Diagnostics()
        saved, self.linked = self.linked, set()
        try:
            html = self._render_body(source, local)
        finally:
            linked, self.linked = self.linked, saved
        self.early[source.content_path] = (html, local.items, linked)

    def _render_body(self, source: SourceFile, diags: Diagnostics) -> str:
        parsed = self.bodies.get(source.content_path)
        if parsed is None or parsed.spent:
            parsed = self.parse(source)
        here = page_dir(source)
        for link in links_of(parsed.tokens):
            line = source.body_line + link.line if link.line >= 0 else source.body_line
            where = Location(source.shown, line, link.column or 1)
            rewritten = self.rewrite(source, link.target, link.is_image, here, where, diags)
            if rewritten is None:
                link.token.attrs.pop(link.attr, None)
            else:
                link.token.attrSet(link.attr, rewritten)
        self.last_unsafe = self.scrub_html(source, parsed.tokens, diags) if self.allow_html else []
        html = self.md.renderer.render(parsed.tokens, self.md.options, {})
        # the token streams of 3,000 bodies hold ~110 MB; only the anchors are needed later
        parsed.tokens, parsed.spent = [], True
        return html

    def scrub_html(
        self, source: SourceFile, tokens: list[Token], diags: Diagnostics
    ) -> list[tuple[int, str]]:
        """Drop javascript:, data:, … URLs from raw HTML too (`allow_html: true`); the
        dropped ones, as (line in the body, URL), are warned about and returned."""
        found: list[tuple[int, str]] = []
        for block in tokens:
            first = block.map[0] if block.map else 0
            for token, at in [(block, first), *inline_children(block)]:
                if token.type not in ("html_block", "html_inline"):
                    continue
                token.content, dropped = drop_unsafe_urls(token.content)
                found += [(max(at, 0), url) for url in dropped]
        for at, url in found:
            unsafe_html_warning(source, at, url, diags)
        return found

    def rewrite(
        self,
        source: SourceFile,
        target: str,
        is_image: bool,
        here: str,
        where: Location,
        diags: Diagnostics,
    ) -> str | None:
        if is_unsafe_url(target):
            diags.warning(
                where,
                f"link `{target[:40]}` uses an unsafe scheme and is dropped",
                "link to a page or an https:// address",
            )
            return None
        if SCHEME.match(target) or target.startswith("//"):
            return target  # an outside link (https:, mailto:): the author's choice
        path, _, anchor = unquote(target).partition("#")
        if not path:  # a heading on this same page
            self.check_anchor(source.content_path, anchor, where, diags)
            return target
        located = self.locate(source, path)
        if located is None:
            diags.error(
                where,
                f"link `{target}` leaves the content folder",
                "link only to files under content/",
            )
            return None
        found = self.files.get(located)
        if found is None:
            known = self.by_name().get(posixpath.basename(located), [])
            hint = (
                did_you_mean(located, known, "files")
                if known
                else f"no file at {posixpath.join('content', located)}"
            )
            diags.error(where, f"link to `{target}`: the file does not exist", hint)
            return None
        self.linked.add(located)
        if found.kind == "asset":
            return relative_url(found.content_path, here)
        if anchor:
            self.check_anchor(located, anchor, where, diags)
        url = target_url(found)
        if anchor and found.kind == "channel":  # its heading, scoped on the channels page
            url = f"channels/#{channel_section(found.id)}-{anchor}"
        elif anchor:
            url += "#" + anchor
        return relative_url(url, here)

    def by_name(self) -> dict[str, list[str]]:
        """Content paths by file name, made once (for "did you mean" on broken links)."""
        if self._by_name is None or self._by_name_size != len(self.files):
            self._by_name, self._by_name_size = {}, len(self.files)
            for path in self.files:
                self._by_name.setdefault(posixpath.basename(path), []).append(path)
        return self._by_name

    def check_anchor(
        self, content_path: str, anchor: str, where: Location, diags: Diagnostics
    ) -> None:
        body = self.bodies.get(content_path)
        anchors = body.anchors if body else set()
        if anchor and anchor not in anchors:
            if not anchors:
                hint = "that file has no headings"
            else:  # prepared once per file: a body of broken anchors stays linear
                known = self._anchor_hints.get(content_path)
                if known is None or known[0] is not anchors:
                    known = self._anchor_hints[content_path] = (anchors, Suggestions(anchors))
                hint = did_you_mean(anchor, known[1], "headings there")
            diags.warning(
                where, f"link to heading `#{anchor}` in {content_path}: no such heading", hint
            )


def unsafe_html_warning(source: SourceFile, at: int, url: str, diags: Diagnostics) -> None:
    """The warning for a URL dropped from raw HTML, `at` lines into the body."""
    diags.warning(
        Location(source.shown, source.body_line + at, 1),
        f"link `{url[:40]}` in raw HTML uses an unsafe scheme and is dropped",
        "link to a page or an https:// address",
    )
