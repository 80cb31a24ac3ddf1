"""Resolve loaded files into one `Site`: ids, references, order, links and their checks.

A resolve is made in parts (see units): each file checked on its own, the shared
entities, each journey folder, then the site-wide checks; `resolve.again` redoes some
journey folders of a previous resolve.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cjmsite.diagnostics import Diagnostics, Location, Suggestions, did_you_mean
from cjmsite.facts import none_defined
from cjmsite.model import Asset, Site, SiteConfig, Source
from cjmsite.resolve.assets import safe_asset
from cjmsite.resolve.entities import EntityResolver
from cjmsite.resolve.journeys import JourneyResolver
from cjmsite.resolve.kinds import Scales, Validator
from cjmsite.resolve.links import LinkIndex, ParsedBody
from cjmsite.resolve.references import check_counterparts, check_unreferenced
from cjmsite.resolve.units import (
    JOURNEY_KINDS,
    FileFacts,
    Part,
    Resolved,
    Shared,
    journeys_of,
    keep_objects,
    with_journeys,
)
from cjmsite.sources.files import SourceFile


class Resolver(EntityResolver, JourneyResolver):
    """Turns validated files into model objects, reporting every problem on the way."""

    def __init__(self, config: SiteConfig, sources: list[SourceFile], diags: Diagnostics) -> None:
        self.config = config
        self.sources = sources
        self.diags = diags
        self.content_root = Path(config.root) / config.content_dir
        self.links = LinkIndex(self.content_root, config.allow_html)
        self.scales = Scales(config.emotion, config.importance)
        self.values: dict[int, dict[str, Any]] = {}
        self.references: dict[str, set[str]] = defaultdict(set)  # "persona:ana" -> referring files
        self.invalid: dict[int, set[str]] = defaultdict(set)  # keys whose value had an error
        self._known_ids: set[tuple[str, str]] | None = None
        self._suggestions: dict[int, tuple[dict, Suggestions]] = {}  # id(table) -> prepared
        self.facts: dict[str, FileFacts] = {}  # content path -> what checking it found
        self.resolved: Resolved | None = None  # after resolve: the parts of the site
        self.kept = False  # resolve_again kept the journeys' objects (only bodies changed)

    # -- helpers ---------------------------------------------------------------------
    def where(self, source: SourceFile, path: tuple = (), key: bool = False) -> Location:
        if source.doc is None:
            return source.location(1, 1)
        mark = source.doc.where(path, key=key) if path else source.doc.start
        return source.location(mark.line, mark.column)

    def validate(self, source: SourceFile) -> dict[str, Any]:
        def report(path: tuple, message: str, hint: str = "") -> None:
            if path:
                self.invalid[id(source)].add(str(path[0]))
            self.diags.error(self.where(source, path), message, hint)

        def warn(path: tuple, message: str, hint: str = "") -> None:
            self.diags.warning(self.where(source, path, key=True), message, hint)

        validator = Validator(self.scales, report, warn, self.config.max_title_length)
        return validator.validate(source.kind, source.data)

    def expands_too_much(self, source: SourceFile) -> bool:
        """A frontmatter whose aliases expand past `max_expanded_size` is an error at the
        alias that crosses it; the file is then unreadable (its text is never expanded)."""
        limit = self.config.expanded_limit
        mark = source.doc.alias_over(limit) if source.doc is not None else None
        if mark is None:
            return False
        self.diags.error(
            source.location(mark.line, mark.column),
            f"the frontmatter expands through YAML aliases (*name) to "
            f"{source.doc.expanded:,} characters, over the limit of {limit:,} "  # type: ignore[union-attr]
            "(max_expanded_size)",
            "repeat less through aliases, or raise max_expanded_size in cjmsite.yml",
        )
        source.readable = False
        return True

    def _source_ids(self) -> set[tuple[str, str]]:
        """(kind, id) of every content file, made once."""
        if self._known_ids is None:
            self._known_ids = {(s.kind, s.id) for s in self.sources}
        return self._known_ids

    def lookup(self, source: SourceFile, kind: str, ident: str, table: dict, path: tuple) -> Any:
        """The object `ident` names in `table`, recording the reference; None if unknown."""
        found = table.get(ident)
        if found is None:
            self.references[f"{kind}:{ident}"].add(source.shown)
            if (kind, ident) in self._source_ids():
                return None  # the file exists but is broken: its own error says why
            if id(table) not in self._suggestions:  # prepared once: many unknown ids stay linear
                self._suggestions[id(table)] = (table, Suggestions(table))
            self.diags.error(
                self.where(source, path),
                f"unknown {kind} `{ident}`",
                did_you_mean(
                    ident, self._suggestions[id(table)][1], f"known {kind} ids", none_defined(kind)
                ),
            )
            return None
        self.references[f"{kind}:{ident}"].add(source.shown)
        return found

    def listed_once(
        self, source: SourceFile, key: str, kind: str, items: tuple
    ) -> list[tuple[int, str]]:
        """`(index, id)` of each item of a list of ids, reporting repeats (kept once).

        The index is the item's place in the file, which invalid items (dropped by the
        schema, and reported there) do not shift.
        """
        raw = source.data.get(key) if isinstance(source.data, dict) else None
        places = (
            [i for i, x in enumerate(raw) if isinstance(x, str) and x.strip()]
            if isinstance(raw, list)
            else []
        )
        if len(places) != len(items):
            places = list(range(len(items)))
        kept: list[tuple[int, str]] = []
        for index, ident in zip(places, items, strict=True):
            if any(ident == seen for _, seen in kept):
                self.diags.error(
                    self.where(source, (key, index)),
                    f"{kind} `{ident}` is listed twice in `{key}`",
                    f"list each {kind} once",
                )
                continue
            kept.append((index, ident))
        return kept

    def by_kind(self, kind: str) -> list[SourceFile]:
        return [s for s in self.sources if s.kind == kind and s.readable]

    def unique(self, sources: list[SourceFile], key: Any, what: str) -> list[SourceFile]:
        """Drop (and report) files whose id repeats an earlier file's."""
        seen: dict[Any, SourceFile] = {}
        kept = []
        for source in sources:
            ident = key(source)
            if ident in seen:
                self.diags.error(
                    source.location(),
                    f"two {what} files share the id `{source.id}`: "
                    f"{seen[ident].shown} and {source.shown}",
                    "rename one of them",
                )
                continue
            seen[ident] = source
            kept.append(source)
        return kept

    # -- the parts of a resolve (see units) -------------------------------------------
    @contextmanager
    def capture(self, into: Shared | Part) -> Iterator[None]:
        """Keep what is reported and referred to while building `into` in it."""
        saved = self.diags, self.references
        self.diags, self.references = Diagnostics(), defaultdict(set)
        try:
            yield
        finally:
            into.diags, into.references = self.diags.items, dict(self.references)
            self.diags, self.references = saved

    def check_files(self, sources: list[SourceFile]) -> None:
        """Check each file against the schema and parse its body (so links to its
        headings can be checked), keeping what it reported in its `FileFacts`."""
        for source in sources:
            if source.kind == "asset":
                continue
            folder = source.journey_id if source.kind in JOURNEY_KINDS else ""
            facts = self.facts[source.content_path] = FileFacts(source.kind, folder)
            saved, self.diags = self.diags, Diagnostics()
            try:
                if source.readable and not self.expands_too_much(source):
                    self.values[id(source)] = self.validate(source)
                    parsed = self.links.parse(source)
                    facts.anchors, facts.title = frozenset(parsed.anchors), parsed.title
                    self.links.prerender(source)
            finally:
                facts.checks, self.diags = self.diags.items, saved
            facts.readable = source.readable

    def resolve(self) -> Site:
        """The whole site; `self.resolved` keeps the parts it was made of."""
        for source in self.sources:
            self.links.add(source)
        self.check_files(self.sources)
        shared = self.shared_part()
        parts = {
            folder: self.folder_part(files, shared.personas, shared.departments, shared.channels)
            for folder, files in journey_folders(self.sources).items()
        }
        site = Site(
            config=self.config, personas=shared.personas, departments=shared.departments,
            channels=shared.channels, journeys=journeys_of(parts), pages=shared.pages,
            assets=shared.assets,
        )  # fmt: skip
        return self.finish(site, shared, parts)

    def resolve_again(self, previous: Resolved, folders: set[str], narrative: bool) -> Site:
        """`previous` with the journey folders `folders` resolved again. Only their files
        need have been read: the shared part, the other folders and their files' facts are
        `previous`'s (so the list of files and every shared file must be as it was then).

        `narrative`: only Markdown bodies changed in those folders. Their journeys then
        keep their objects, with the new bodies put in (`self.kept`), so an analysis of
        `previous` still holds; unless a folder's touchpoints came out otherwise.
        """
        for source in self.sources:
            self.links.add(source)
        self.facts = {path: f for path, f in previous.files.items() if f.folder not in folders}
        for path, facts in self.facts.items():  # their headings, for links to them
            self.links.bodies[path] = ParsedBody([], set(facts.anchors), facts.title, True)
        again = journey_folders([s for s in self.sources if s.journey_id in folders])
        self.check_files([source for files in again.values() for source in files])
        shared, parts = previous.shared, dict(previous.parts)
        self.kept = narrative
        for folder in sorted(folders):
            part = self.folder_part(
                again.get(folder, []), shared.personas, shared.departments, shared.channels
            )
            old = previous.parts.get(folder)
            if narrative and old is not None and keep_objects(old.journey, part.journey):
                part.journey = old.journey
            elif part.journey is not None or (old is not None and old.journey is not None):
                self.kept = False
            parts[folder] = part
        return self.finish(with_journeys(previous.site, journeys_of(parts)), shared, parts)

    def shared_part(self) -> Shared:
        shared = Shared()
        with self.capture(shared):
            channels = {s.id: self.channel(s) for s in self.by_kind("channel")}
            departments = {s.id: self.department(s) for s in self.by_kind("department")}
            personas = {s.id: self.persona(s, channels) for s in self.by_kind("persona")}
            shared.pages = dict(sorted(self.pages().items()))
            shared.assets = tuple(
                Asset(str(s.path), s.content_path)
                for s in self.sources
                if s.kind == "asset" and safe_asset(s, self.diags)
            )
        shared.personas = dict(sorted(personas.items()))
        shared.departments = dict(sorted(departments.items()))
        shared.channels = dict(sorted(channels.items()))
        return shared

    def folder_part(
        self, files: list[SourceFile], personas: dict, departments: dict, channels: dict
    ) -> Part:
        """One journey folder (its index.md and touchpoint files) as a `units.Part`."""
        part = Part()
        with self.capture(part):
            index = next((s for s in files if s.kind == "journey" and s.readable), None)
            readable = [s for s in files if s.kind == "touchpoint" and s.readable]
            if index is None:
                has_index = any(s.kind == "journey" for s in files)
                for source in readable:
                    self.without_journey(source, has_index, departments, channels)
                return part
            broken = any(s.kind == "touchpoint" and not s.readable for s in files)
            kept = self.unique(readable, lambda s: s.id, "touchpoint")
            part.journey = self.journey(index, kept, personas, departments, channels, broken)
            if "counterpart" in (v := self.values[id(index)]):
                part.counterpart = (v["counterpart"], self.where(index, ("counterpart",)))
        return part

    def without_journey(
        self, source: SourceFile, has_index: bool, departments: dict, channels: dict
    ) -> None:
        """A touchpoint in a folder with no readable index.md: still checked."""
        if not has_index:
            self.diags.error(
                source.location(),
                f"journey folder `{source.journey_id}` has no index.md",
                f"create content/journeys/{source.journey_id}/index.md with title and personas",
            )
        # Still record what it refers to: no "not referenced" follow-ons.
        self.touchpoint_references(source, self.values[id(source)], departments, channels)
        self.body(source)

    def finish(self, site: Site, shared: Shared, parts: dict[str, Part]) -> Site:
        """The site-wide checks on the parts; every diagnostic (but reading's) to `diags`."""
        checks = Diagnostics()
        named = {folder: part.counterpart for folder, part in parts.items() if part.counterpart}
        check_counterparts(checks, site.journeys, named)
        files = self.links.files
        linked = {
            (files[path].kind, files[path].id)
            for facts in self.facts.values()
            for path in facts.linked
            if path in files
        }
        resolved = Resolved(site, self.facts, shared, parts)
        readable = all(facts.readable for facts in self.facts.values())
        check_unreferenced(checks, shared, resolved.references(), linked, readable)
        resolved.checks = checks.items
        self.resolved = resolved
        self.diags.extend(d for f in self.facts.values() for d in (*f.checks, *f.body))
        self.diags.extend(shared.diags)
        self.diags.extend(d for part in parts.values() for d in part.diags)
        self.diags.extend(checks.items)
        return site

    def body(self, source: SourceFile) -> str:
        """The body's HTML; what rendering it reports and links to is kept in its facts."""
        local = Diagnostics()
        saved, self.links.linked = self.links.linked, set()
        try:
            html = self.links.render(source, local)
        finally:
            linked, self.links.linked = self.links.linked, saved | self.links.linked
        facts = self.facts.get(source.content_path)
        if facts is None:
            self.diags.extend(local.items)
        else:
            facts.body, facts.linked = local.items, frozenset(linked)
        return html

    def origin(self, source: SourceFile) -> Source:
        return Source(source.shown, source.doc.start.line if source.doc else 1)


def journey_folders(sources: list[SourceFile]) -> dict[str, list[SourceFile]]:
    """The journey and touchpoint files of each journey folder, by folder."""
    folders: dict[str, list[SourceFile]] = defaultdict(list)
    for source in sources:
        if source.kind in JOURNEY_KINDS:
            folders[source.journey_id].append(source)
    return dict(sorted(folders.items()))


def resolve(config: SiteConfig, sources: list[SourceFile], diags: Diagnostics) -> Site:
    """Build the site model; every problem is reported in `diags`."""
    return Resolver(config, sources, diags).resolve()
