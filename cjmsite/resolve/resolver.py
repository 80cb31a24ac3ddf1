"""Resolve loaded files into one `Site`: ids, references, order, links and their checks."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from cjmsite.diagnostics import Diagnostics, Location, Suggestions, did_you_mean
from cjmsite.facts import none_defined
from cjmsite.model import (
    Asset,
    Channel,
    Department,
    Page,
    Persona,
    Site,
    SiteConfig,
    Source,
)
from cjmsite.resolve.assets import safe_asset
from cjmsite.resolve.journeys import JourneyResolver
from cjmsite.resolve.kinds import Scales, Validator
from cjmsite.resolve.links import LinkIndex
from cjmsite.resolve.references import check_counterparts, check_unreferenced
from cjmsite.sources.files import SourceFile

RESERVED_PAGE_ROOTS = {
    "journeys",
    "personas",
    "departments",
    "channels",
    "hotspots",
    "opportunities",
    "data",
    "_theme",
    "assets",
    "pagefind",
    "index",
    "404",
    "sitemap",
}


class Resolver(JourneyResolver):
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

    # -- entities --------------------------------------------------------------------
    def resolve(self) -> Site:
        for source in self.sources:
            self.links.add(source)
        for source in self.sources:
            if source.kind != "asset" and source.readable and not self.expands_too_much(source):
                self.values[id(source)] = self.validate(source)
                self.links.parse(source)
                self.links.prerender(source)
        channels = {s.id: self.channel(s) for s in self.by_kind("channel")}
        departments = {s.id: self.department(s) for s in self.by_kind("department")}
        personas = {s.id: self.persona(s, channels) for s in self.by_kind("persona")}
        journeys = self.journeys(personas, departments, channels)
        pages = self.pages()
        check_counterparts(self, journeys)
        assets = tuple(
            Asset(str(s.path), s.content_path)
            for s in self.sources
            if s.kind == "asset" and safe_asset(s, self.diags)
        )
        check_unreferenced(self, personas, departments, channels)
        return Site(
            config=self.config,
            personas=dict(sorted(personas.items())),
            departments=dict(sorted(departments.items())),
            channels=dict(sorted(channels.items())),
            journeys=dict(sorted(journeys.items())),
            pages=dict(sorted(pages.items())),
            assets=assets,
        )

    def body(self, source: SourceFile) -> str:
        return self.links.render(source, self.diags)

    def origin(self, source: SourceFile) -> Source:
        return Source(source.shown, source.doc.start.line if source.doc else 1)

    def channel(self, source: SourceFile) -> Channel:
        v = self.values[id(source)]
        return Channel(
            source.id,
            v.get("name", source.id),
            v.get("kind", "online"),
            self.body(source),
            self.origin(source),
        )

    def department(self, source: SourceFile) -> Department:
        v = self.values[id(source)]
        return Department(
            source.id,
            v.get("name", source.id),
            v.get("lead", ""),
            v.get("contact", ""),
            self.body(source),
            self.origin(source),
        )

    def persona(self, source: SourceFile, channels: dict[str, Channel]) -> Persona:
        v = self.values[id(source)]
        preferred = tuple(
            c
            for i, ident in self.listed_once(source, "channels", "channel", v.get("channels", ()))
            if (c := self.lookup(source, "channel", ident, channels, ("channels", i)))
        )
        photo = None
        if "photo" in v:
            photo = self.links.file_reference(
                source,
                v["photo"],
                lambda: self.where(source, ("photo",)),
                self.diags,
                "photo",
            )
        return Persona(
            id=source.id,
            name=v.get("name", source.id),
            summary=v.get("summary", ""),
            photo=photo,
            goals=v.get("goals", ()),
            motivations=v.get("motivations", ()),
            frustrations=v.get("frustrations", ()),
            expectations=v.get("expectations", ()),
            quote=v.get("quote", ""),
            channels=preferred,
            body_html=self.body(source),
            source=self.origin(source),
        )

    def pages(self) -> dict[str, Page]:
        pages = {}
        for source in self.unique(self.by_kind("page"), lambda s: s.id, "page"):
            root = source.id.split("/")[0]
            if root in RESERVED_PAGE_ROOTS:
                self.diags.error(
                    source.location(),
                    f"page path `{source.id}` clashes with the site's own `{root}/` pages",
                    f"move it, e.g. to pages/handbook/{root}.md",
                )
                continue
            v = self.values[id(source)]
            body = self.body(source)
            heading = self.links.bodies[source.content_path].title
            title = (
                v.get("title")
                or heading
                or source.id.rsplit("/", 1)[-1].replace("-", " ").capitalize()
            )
            pages[source.id] = Page(source.id, title, v.get("order"), body, self.origin(source))
        return pages


def resolve(config: SiteConfig, sources: list[SourceFile], diags: Diagnostics) -> Site:
    """Build the site model; every problem is reported in `diags`."""
    return Resolver(config, sources, diags).resolve()
