"""Reused parsing: content files by content hash, Markdown bodies by text and link targets."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cjmsite.diagnostics import Diagnostic, Diagnostics, Location
from cjmsite.digests import digest
from cjmsite.resolve.links import LinkIndex, ParsedBody, page_dir, unsafe_html_warning
from cjmsite.sources.files import (
    MAX_FILE_BYTES,
    SourceFile,
    content_folder_exists,
    read_source,
    walk_content,
)
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
    """Parsed SourceFiles by absolute path; an entry is reused while the file's bytes match.

    The bytes are read and hashed every time (cheap next to YAML parsing), so an edit that
    keeps the size and the mtime (a fast editor, a coarse clock) is never missed.
    """

    def __init__(self, entries: dict[str, Any] | None = None) -> None:
        self.entries: dict[str, CachedSource] = {
            k: v for k, v in (entries or {}).items() if isinstance(v, CachedSource)
        }
        self.parsed = 0  # files parsed (not reused) in the last load
        self.hashes: dict[str, str] = {}  # shown path -> content digest, of the last load
        self.kinds: dict[str, str] = {}  # shown path -> kind, of the last load
        self.heads: dict[str, str] = {}  # shown path -> digest without a touchpoint's body
        self.preread: dict[str, bytes] = {}  # absolute path -> bytes already read (one build)

    def invalidate(self, paths: list[Path]) -> None:
        """Forget these files (kept for callers that know what changed; hashing suffices)."""
        for path in paths:
            self.entries.pop(str(path), None)

    def read(self, source: SourceFile, diags: Diagnostics, max_bytes: int) -> SourceFile:
        """`source` parsed from disk, or a copy of the cached parse of the same bytes."""
        raw = self.preread.pop(str(source.path), None)
        if raw is None:
            try:
                with source.path.open("rb") as handle:
                    raw = handle.read(max_bytes + 1)
            except OSError:
                raw = None
        key = source_key(source.path, max_bytes, raw) if raw is not None else ""
        self.hashes[source.shown], self.kinds[source.shown] = key, source.kind
        cached = self.entries.get(str(source.path))
        if key and cached is not None and cached.key == key:
            diags.extend(cached.diagnostics)
            fresh = _fresh(cached.source, source)
        else:
            local = Diagnostics()
            read_source(source, local, max_bytes, raw)
            diags.extend(local.items)
            self.parsed += 1
            if key:
                entry = CachedSource(key, _fresh(source, source), local.items)
                self.entries[str(source.path)] = entry
            fresh = source
        self.heads[source.shown] = key
        readable = raw is not None and fresh.readable and fresh.body_line > 1
        if source.kind == "touchpoint" and readable:
            head = raw.split(b"\n", fresh.body_line - 1)[: fresh.body_line - 1]
            self.heads[source.shown] = digest(str(source.path), b"\n".join(head))
        return fresh

    def asset(self, source: SourceFile) -> None:
        """Record an asset: its path counts, its bytes are only copied (never read here)."""
        self.kinds[source.shown], self.hashes[source.shown] = source.kind, ""
        self.heads[source.shown] = ""


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


def load_content_cached(
    content_root: Path,
    project_root: Path,
    diags: Diagnostics,
    cache: SourceCache,
    max_bytes: int = MAX_FILE_BYTES,
) -> list[SourceFile]:
    """Like load.load_content, but re-parses only files whose bytes changed."""
    cache.parsed = 0
    cache.hashes, cache.kinds, cache.heads = {}, {}, {}
    if not content_folder_exists(content_root, diags):
        return []
    sources = walk_content(content_root, project_root, diags)
    present = {str(s.path) for s in sources}
    for gone in [p for p in cache.entries if p not in present]:
        del cache.entries[gone]
    loaded = []
    for source in sources:
        if source.kind == "asset":
            cache.asset(source)
            loaded.append(source)
        else:
            loaded.append(cache.read(source, diags, max_bytes))
    return loaded


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
