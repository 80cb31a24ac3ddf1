"""The resolve as the build cache runs it: only what changed is resolved again.

Each build walks content/ (or, in serve, trusts the watcher's list of saved files when
it names only Markdown files already known) and hashes every Markdown file. Then:

- nothing changed: the last model, as it is;
- only files of journey folders changed (no file added, removed or renamed; cjmsite.yml,
  assets and the personas, departments, channels and pages as they were): only those
  folders are resolved again (`Resolver.resolve_again`). When only Markdown bodies
  changed, the model keeps its objects with the new bodies put in, so the last analysis
  still holds (`kept`). A folder whose bodies link to headings that changed is resolved
  again too; when a shared file does, everything is;
- anything else: a whole resolve, with parsed files and rendered bodies reused by content
  (cache.sources).

The model (resolve.units.Resolved) and the analysis made of it are kept in memory (serve)
and in the `model` store (build).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from cjmsite.diagnostics import Diagnostic, Diagnostics
from cjmsite.digests import digest
from cjmsite.model import Site, SiteConfig
from cjmsite.resolve.resolver import Resolver
from cjmsite.resolve.units import JOURNEY_KINDS, Resolved
from cjmsite.site.cache import Store
from cjmsite.site.cache.bodies import read_in_pool, warm_bodies
from cjmsite.site.cache.sources import CachedLinkIndex, SourceCache, source_key
from cjmsite.sources.files import SourceFile, content_folder_exists, read_source, walk_content

Listing = tuple[tuple[str, str, str, str, float], ...]  # content path, kind, id, journey, order


@dataclass
class ModelState:
    """What the last resolve left for the next one."""

    config: str  # repr of the configuration it resolved with
    listing: Listing  # every file the walk found
    assets: dict[str, tuple[int, int]]  # asset content path -> size, mtime
    resolved: Resolved
    walk: list[Diagnostic] = field(default_factory=list)  # what the walk reported
    insights: Any = None  # the analysis of the site (with its upkeep), when made
    insights_key: str = ""  # the configuration and git dates it was made with


@dataclass
class Scan:
    """content/ as it is now: its files and the digest of every Markdown file's bytes."""

    sources: list[SourceFile]  # as the walk classified them, not read
    walk: list[Diagnostic]
    keys: dict[str, str] = field(default_factory=dict)  # content path -> digest ("": unreadable)
    raw: dict[str, bytes | None] = field(default_factory=dict)  # content path -> bytes read

    @cached_property
    def listing(self) -> Listing:
        return tuple((s.content_path, s.kind, s.id, s.journey_id, s.order) for s in self.sources)


def asset_stats(sources: list[SourceFile]) -> dict[str, tuple[int, int]]:
    """Size and mtime of each asset (an SVG's bytes are checked by resolve)."""
    stats = {}
    for source in sources:
        if source.kind == "asset":
            try:
                stat = source.path.stat()
                stats[source.content_path] = (stat.st_size, stat.st_mtime_ns)
            except OSError:
                stats[source.content_path] = (-1, -1)
    return stats


def front_digest(source: SourceFile, raw: bytes | None, key: str) -> str:
    """A digest of a file's frontmatter alone (its bytes before the body); else `key`."""
    if raw is None or not source.readable or source.body_line <= 1:
        return key
    return digest(str(source.path), b"\n".join(raw.split(b"\n", source.body_line - 1)[:-1]))


class ModelMemo:
    """The last resolve of one project, and what it takes to tell what changed since."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.hint: set[Path] | None = None  # serve: the files the watcher saw change
        self.preread: dict[str, bytes] = {}  # absolute path -> bytes the no-change probe read
        self.predigested: dict[str, str] = {}  # absolute path -> the probe's digest of them
        self.kept = False  # the last resolve kept the model objects of the one before
        self.way = ""  # how the last resolve went: "same", "again", "narrative" or "whole"
        self.parsed = 0  # content files parsed by the last resolve
        self.changed = False  # the state differs from the store's
        self.diagnostics: list[Diagnostic] = []  # of the last resolve, reading included
        self.touched: dict[str, str] = {}  # "again"/"narrative": shown path -> journey folder
        self._blanks: list[SourceFile] = []  # the last walk, unread
        self._linked = False  # the last walk found a symbolic link (then every scan walks)

    @cached_property
    def state(self) -> ModelState | None:
        found = self.store.load("model").get("state")
        return found if isinstance(found, ModelState) else None

    def save(self) -> None:
        if self.changed and self.state is not None:
            self.store.save("model", {"state": self.state})
            self.changed = False

    # ---- what content/ holds ---------------------------------------------------------

    def scan(self, content_root: Path, project_root: Path, max_bytes: int) -> Scan:
        """The files of content/ and the digest of every Markdown file."""
        hint, self.hint = self.hint, None
        state = self.state
        if hint is not None and state is not None and self._blanks and not self._linked:
            saved = self._saved_files(hint, content_root)
            if saved is not None:  # nothing added or removed: the last walk holds
                scan = Scan(self._blanks, state.walk)
                scan.keys = {path: f.key for path, f in state.resolved.files.items()}
                for source in saved:
                    self._digest(scan, source, max_bytes)
                return scan
        walk = Diagnostics()
        links: list[Path] = []
        found = walk_content(content_root, project_root, walk, links)
        if not content_folder_exists(content_root, walk):
            found = []
        self._blanks = found
        # a linked file's bytes change with its target's, which the watcher names instead
        self._linked = bool(links)
        scan = Scan(found, walk.items)
        for source in found:
            if source.kind != "asset":
                self._digest(scan, source, max_bytes)
        self.preread, self.predigested = {}, {}
        return scan

    def _saved_files(self, hint: set[Path], content_root: Path) -> list[SourceFile] | None:
        """The known Markdown files among `hint` (files outside content/ left out), or
        None when it names anything else there: a new, removed or other file."""
        known = {s.content_path: s for s in self._blanks}
        root = content_root.resolve()
        saved = []
        for path in hint:
            try:
                real = Path(path).resolve()
            except (OSError, RuntimeError):  # a symbolic link loop: let the walk report it
                return None
            if not real.is_relative_to(root):
                continue  # not under content/: cjmsite.yml, the theme (seen elsewhere)
            source = known.get(real.relative_to(root).as_posix())
            if source is None or source.kind == "asset" or not source.path.is_file():
                return None
            saved.append(source)
        return saved

    def _digest(self, scan: Scan, source: SourceFile, max_bytes: int) -> None:
        raw = self.preread.pop(str(source.path), None)
        key = self.predigested.pop(str(source.path), None)
        if raw is not None and key is not None:
            scan.raw[source.content_path], scan.keys[source.content_path] = raw, key
            return
        if raw is None:
            try:
                with source.path.open("rb") as handle:
                    raw = handle.read(max_bytes + 1)
            except OSError:
                raw = None
        scan.raw[source.content_path] = raw
        scan.keys[source.content_path] = (
            source_key(source.path, max_bytes, raw) if raw is not None else ""
        )

    # ---- resolving ---------------------------------------------------------------------

    def resolve(
        self,
        config: SiteConfig,
        scan: Scan,
        parser: SourceCache | None,
        whole: tuple[SourceCache, CachedLinkIndex, int | None] | None = None,
        links: CachedLinkIndex | None = None,
    ) -> Site | None:
        """The site, resolved again only where it changed; None when it takes a whole
        resolve (then call again with `whole`: the parse memo and the link index to use,
        and how many processes render the bodies the link index lacks: cache.bodies).
        `parser`: the parse memo, when loaded (else changed files are parsed as they are);
        `links`: a link index over rendered bodies to reuse, when loaded."""
        self.parsed, self.touched = 0, {}
        if whole is not None:
            return self._whole(config, scan, *whole)
        state = self.state
        if (
            state is None
            or state.config != repr(config)
            or state.listing != scan.listing
            or state.assets != asset_stats(scan.sources)
        ):
            return None
        files = state.resolved.files
        changed = [p for p, key in scan.keys.items() if p not in files or files[p].key != key]
        if any(p not in files or files[p].kind not in JOURNEY_KINDS for p in changed):
            return None
        if not changed:
            self.kept, self.way = True, "same"
            self.diagnostics = [*scan.walk, *state.resolved.diagnostics()]
            return state.resolved.site
        return self._again(config, scan, changed, parser, links)

    def _read(
        self, source: SourceFile, scan: Scan, parser: SourceCache | None, max_bytes: int
    ) -> tuple[SourceFile, list[Diagnostic]]:
        """A copy of the walk's `source`, read from the bytes scanned (the walk's own
        objects stay unread: serve's next scan may reuse them)."""
        copy = dataclasses.replace(source)
        raw, key = scan.raw.get(source.content_path), scan.keys[source.content_path]
        if parser is not None:  # raw None: not scanned (serve), or unreadable: read it here
            found = parser.parse(copy, raw, key, max_bytes)
            self.parsed += parser.parsed
            parser.parsed = 0
            return found
        local = Diagnostics()
        read_source(copy, local, max_bytes, raw)
        self.parsed += 1
        return copy, local.items

    def _again(
        self,
        config: SiteConfig,
        scan: Scan,
        changed: list[str],
        parser: SourceCache | None,
        links: CachedLinkIndex | None,
    ) -> Site | None:
        """Resolve again the journey folders of the `changed` files."""
        state = self.state
        assert state is not None
        previous = state.resolved
        folders = {previous.files[path].folder for path in changed}
        read = {
            s.content_path: self._read(s, scan, parser, config.max_file_size)
            for s in scan.sources
            if s.kind in JOURNEY_KINDS and s.journey_id in folders
        }
        heads = {
            path: front_digest(source, scan.raw.get(path), scan.keys[path])
            for path, (source, _) in read.items()
        }
        was = previous.files
        narrative = all(  # only bodies changed: the same frontmatter, readable before and now
            was[p].readable and read[p][0].readable and was[p].head == heads[p] for p in changed
        )
        sources = [read[s.content_path][0] if s.content_path in read else s for s in scan.sources]
        resolver = Resolver(config, sources, Diagnostics())
        if links is not None:
            resolver.links = links
        site = resolver.resolve_again(previous, folders, narrative)
        resolved = resolver.resolved
        assert resolved is not None
        if _links_to_moved_headings(previous, resolved, set(read)) - folders:
            return None  # a body elsewhere links to headings that changed: resolve it all
        for path, (_, diags) in read.items():
            facts = resolved.files[path]
            facts.key, facts.head, facts.read = scan.keys[path], heads[path], diags
        self._remember(state, resolved, resolver.kept, "narrative" if resolver.kept else "again")
        self.touched = {read[p][0].shown: previous.files[p].folder for p in changed}
        self.diagnostics = [*scan.walk, *resolved.diagnostics()]
        return site

    def _whole(
        self,
        config: SiteConfig,
        scan: Scan,
        parser: SourceCache,
        links: CachedLinkIndex,
        jobs: int | None,
    ) -> Site:
        parser.keep_only({str(s.path) for s in scan.sources})
        parser.parsed = 0
        todo = [s for s in scan.sources if s.kind != "asset"]
        max_bytes = config.max_file_size
        read = self._read_in_pool(todo, scan, parser, links, max_bytes, jobs) if jobs != 1 else None
        pooled = read is not None
        if read is None:
            read = {s.content_path: self._read(s, scan, parser, max_bytes) for s in todo}
        sources = [read[s.content_path][0] if s.content_path in read else s for s in scan.sources]
        resolver = Resolver(config, sources, Diagnostics())
        resolver.links = links
        if jobs != 1:
            for source in sources:
                links.add(source)
            if not pooled:
                warm_bodies(links, sources, jobs)
        site = resolver.resolve()
        resolved = resolver.resolved
        assert resolved is not None
        for path, (source, diags) in read.items():
            facts = resolved.files[path]
            facts.key = scan.keys[path]
            facts.head = front_digest(source, scan.raw.get(path), facts.key)
            facts.read = diags
        state = ModelState(repr(config), scan.listing, asset_stats(scan.sources), resolved)
        state.walk = scan.walk
        self.__dict__["state"] = state
        self._remember(state, resolved, False, "whole")
        self.diagnostics = [*scan.walk, *resolved.diagnostics()]
        return site

    def _read_in_pool(
        self,
        todo: list[SourceFile],
        scan: Scan,
        parser: SourceCache,
        links: CachedLinkIndex,
        max_bytes: int,
        jobs: int | None,
    ) -> dict[str, tuple[SourceFile, list[Diagnostic]]] | None:
        """`todo` read as `_read` reads them, the files whose parse is not cached read and
        their bodies rendered by a pool of workers (cache.bodies); None when that pool is
        not worth it or not to be had (the caller reads them, and warms the bodies)."""
        fresh = [s for s in todo if not parser.holds(s, scan.keys[s.content_path])]
        for source in scan.sources:  # what a link to a file needs: the walk's kind and ids
            links.add(source)
        pooled = read_in_pool(
            links, [(s, scan.raw.get(s.content_path)) for s in fresh], max_bytes, jobs
        )
        if pooled is None:
            return None
        done = {s.content_path: found for s, found in zip(fresh, pooled, strict=True)}
        read = {}
        for source in todo:
            path = source.content_path
            if path in done:
                parser.remember(done[path][0], scan.keys[path], done[path][1])
                read[path] = done[path]
            else:
                read[path] = self._read(source, scan, parser, max_bytes)
        self.parsed += len(done)
        return read

    def _remember(self, state: ModelState, resolved: Resolved, kept: bool, way: str) -> None:
        state.resolved, self.kept, self.way, self.changed = resolved, kept, way, True
        if not kept:
            state.insights, state.insights_key = None, ""

    # ---- what the pages are fingerprinted with (cache.pages) --------------------------

    def inputs(self, scan: Scan) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        """By shown path: each file's digest, its kind, and a touchpoint's digest without
        its body (the others': their digest)."""
        state = self.state
        files = state.resolved.files if state is not None else {}
        hashes, kinds, heads = {}, {}, {}
        for source in scan.sources:
            facts = files.get(source.content_path)
            key = facts.key if facts is not None else ""
            kinds[source.shown], hashes[source.shown] = source.kind, key
            touchpoint = facts is not None and source.kind == "touchpoint"
            heads[source.shown] = facts.head if touchpoint else key
        return hashes, kinds, heads


def _links_to_moved_headings(previous: Resolved, now: Resolved, read: set[str]) -> set[str]:
    """The folders ("" for a shared file) whose bodies link to a file read again whose
    headings changed."""
    moved = {p for p in read if now.files[p].anchors != previous.files[p].anchors}
    if not moved:
        return set()
    return {f.folder for f in now.files.values() if f.linked & moved}
