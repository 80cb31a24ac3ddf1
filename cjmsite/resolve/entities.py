"""Personas, departments, channels and free pages: the entities every journey may name.

A mixin of the Resolver (resolve/resolver.py), which holds the shared state: the
validated values per file, the diagnostics and the recorded references.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cjmsite.model import Channel, Department, Page, Persona
from cjmsite.sources.files import SourceFile

if TYPE_CHECKING:
    from cjmsite.diagnostics import Diagnostics, Location
    from cjmsite.model import Source
    from cjmsite.resolve.links import LinkIndex

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


class EntityResolver:
    """Resolves the site-wide entities; mixed into `Resolver`."""

    diags: Diagnostics
    links: LinkIndex
    values: dict[int, dict[str, Any]]

    if TYPE_CHECKING:

        def where(self, source: SourceFile, path: tuple = (), key: bool = False) -> Location: ...
        def lookup(
            self, source: SourceFile, kind: str, ident: str, table: dict, path: tuple
        ) -> Any: ...
        def by_kind(self, kind: str) -> list[SourceFile]: ...
        def listed_once(
            self, source: SourceFile, key: str, kind: str, items: tuple
        ) -> list[tuple[int, str]]: ...
        def unique(self, sources: list[SourceFile], key: Any, what: str) -> list[SourceFile]: ...
        def body(self, source: SourceFile) -> str: ...
        def origin(self, source: SourceFile) -> Source: ...

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
