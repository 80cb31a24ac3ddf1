"""Reused parsing: content files by content hash, Markdown bodies by text and link targets."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cjmsite.diagnostics import Diagnostic, Diagnostics, Location
from cjmsite.digests import digest
from cjmsite.resolve.links import LinkIndex, ParsedBody, page_dir, unsafe_html_warning
from cjmsite.sources.files import SourceFile, read_source
from cjmsite.sources.markdown import links_of


@dataclass
class CachedSource:
    key: str  # digest of path, size limit and content
    source: SourceFile
    diagnostics: list[Diagnostic]


def source_key(path: Path, max_bytes: int, raw: bytes) -> str:
    """The cache key of a content file: its path, the size limit and its bytes."""
    return digest(str(path), str(max_bytes), raw)


class SourceCache:
    """Parsed SourceFiles by absolute path; an entry is reused while the file's bytes match
    (the caller hashes them: site.cache.model reads every file it needs on each build)."""

    def __init__(self, entries: dict[str, Any] | None = None) -> None:
        self.entries: dict[str, CachedSource] = {
            k: v for k, v in (entries or {}).items() if isinstance(v, CachedSource)
        }
        self.parsed = 0  # files parsed (not reused) since the count was last reset

    def parse(
        self, source: SourceFile, raw: bytes | None, key: str, max_bytes: int
    ) -> tuple[SourceFile, list[Diagnostic]]:
        """`source` read from `raw` (its bytes, whose digest is `key`), or a copy of the
        cached parse of the same bytes; with what reading it reported."""
        cached = self.entries.get(str(source.path))
        if key and cached is not None and cached.key == key:
            return _fresh(cached.source, source), cached.diagnostics
        local = Diagnostics()
        read_source(source, local, max_bytes, raw)
        self.parsed += 1
        self.remember(source, key, local.items)
        return source, local.items

    def holds(self, source: SourceFile, key: str) -> bool:
        """Whether `parse` would reuse a cached parse of this file's bytes."""
        cached = self.entries.get(str(source.path))
        return bool(key) and cached is not None and cached.key == key

    def remember(self, source: SourceFile, key: str, diagnostics: list[Diagnostic]) -> None:
        """Keep a parse of the bytes whose digest is `key` (made here or by a worker of
        cache.bodies; the caller counts it)."""
        if key:
            self.entries[str(source.path)] = CachedSource(key, _fresh(source, source), diagnostics)

    def keep_only(self, paths: set[str]) -> None:
        """Forget the files that are gone (absolute paths of those still there)."""
        for gone in [p for p in self.entries if p not in paths]:
            del self.entries[gone]


def _fresh(parsed: SourceFile, walked: SourceFile) -> SourceFile:
    """A copy of a parse with the classification of this walk (ids, order, shown path)."""
    return dataclasses.replace(
        walked,
        doc=parsed.doc,
        body=parsed.body,
        body_line=parsed.body_line,
        data=parsed.data,
        readable=parsed.readable,
    )


@dataclass
class BodyEntry:
    """A rendered body: its anchors and title, its links and what they were rewritten to."""

    anchors: frozenset[str]
    title: str | None
    links: tuple[tuple[str, bool, int, int], ...] = ()  # (target, is_image, line, column)
    rewritten: tuple[str | None, ...] = ()
    html: str | None = None
    unsafe: tuple[tuple[int, str], ...] = ()  # URLs dropped from raw HTML: (body line, URL)


class CachedLinkIndex(LinkIndex):
    """A LinkIndex that parses and renders a body only when its text or link targets changed.

    A cached body is reused when the same text (same file, kind and HTML setting) rewrites
    every link to the same URL as before; each link is still checked, so the diagnostics
    are those of a fresh render.
    """

    def __init__(self, content_root: Path, allow_html: bool, store: dict[str, Any]) -> None:
        super().__init__(content_root, allow_html)
        self.store = store
        self.used: dict[str, BodyEntry] = {}  # entries of this build (the next store)
        self.keys: dict[str, str] = {}  # content path -> key
        self.lazy: set[str] = set()  # content paths whose tokens were not parsed

    def _key(self, source: SourceFile) -> str:
        return digest(
            source.content_path, source.kind, source.id, source.journey_id,
            str(self.allow_html), source.body,
        )  # fmt: skip

    def parse(self, source: SourceFile) -> ParsedBody:
        key = self._key(source)
        self.keys[source.content_path] = key
        entry = self.store.get(key)
        if isinstance(entry, BodyEntry):
            parsed = ParsedBody([], set(entry.anchors), entry.title)
            self.bodies[source.content_path] = parsed
            self.lazy.add(source.content_path)
            self.used[key] = entry
            return parsed
        self.lazy.discard(source.content_path)
        parsed = super().parse(source)
        self.used[key] = BodyEntry(frozenset(parsed.anchors), parsed.title)
        return parsed

    def _rewrites(
        self, source: SourceFile, links: tuple[tuple[str, bool, int, int], ...], diags: Diagnostics
    ) -> tuple[str | None, ...]:
        """Every link checked and rewritten as LinkIndex.render does, diagnostics included."""
        here = page_dir(source)
        out = []
        for target, is_image, at, column in links:
            line = source.body_line + at if at >= 0 else source.body_line
            where = Location(source.shown, line, column or 1)
            out.append(self.rewrite(source, target, is_image, here, where, diags))
        return tuple(out)

    def _render_body(self, source: SourceFile, diags: Diagnostics) -> str:
        key = self.keys.get(source.content_path) or self._key(source)
        entry = self.used.get(key) or self.store.get(key)
        if isinstance(entry, BodyEntry) and entry.html is not None:
            local = Diagnostics()
            rewritten = self._rewrites(source, entry.links, local)
            if rewritten == entry.rewritten:
                diags.extend(local.items)
                for at, url in entry.unsafe:  # what scrubbing raw HTML reported
                    unsafe_html_warning(source, at, url, diags)
                self.used[key] = entry
                return entry.html
        known = self.bodies.get(source.content_path)
        if source.content_path in self.lazy or known is None or known.spent:
            self.lazy.discard(source.content_path)
            LinkIndex.parse(self, source)
        parsed = self.bodies[source.content_path]
        links = tuple(
            (link.target, link.is_image, link.line, link.column) for link in links_of(parsed.tokens)
        )
        html = super()._render_body(source, diags)
        rewritten = self._rewrites(source, links, Diagnostics())
        unsafe = tuple(self.last_unsafe)
        entry = BodyEntry(frozenset(parsed.anchors), parsed.title, links, rewritten, html, unsafe)
        self.used[key] = entry
        return html
