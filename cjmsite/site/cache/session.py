"""One build's view of the cache: load the stores, hand out the parts, save what was used."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from cjmsite.analysis import Insights, analyse
from cjmsite.diagnostics import Diagnostics
from cjmsite.digests import digest
from cjmsite.model import Site, SiteConfig
from cjmsite.render.json_text import JsonMemo
from cjmsite.render.theme import load_theme
from cjmsite.resolve.resolver import Resolver
from cjmsite.search.pagefind import PageFacts
from cjmsite.site.cache import Store, cache_enabled, cache_folder
from cjmsite.site.cache.model import ModelMemo, Scan
from cjmsite.site.cache.pages import (
    PageCache,
    journey_digests,
    page_fingerprints,
    site_key,
    theme_digest,
    touchpoint_bodies_isolated,
)
from cjmsite.site.cache.sources import CachedLinkIndex, SourceCache
from cjmsite.site.cache.templates import TemplateCode
from cjmsite.sources.files import load_content

MAX_CHARTS = 20_000  # charts kept beyond those of the last build are dropped past this


class Memo(Protocol):
    """The cache layer of load and resolve, and of the analysis."""

    def resolve(self, config: SiteConfig, diags: Diagnostics, jobs: int | None = 1) -> Site: ...

    def analyse(self, site: Site) -> Insights: ...


class NoCache:
    """No cache (check): the plain stages, every file parsed and every body rendered."""

    def resolve(self, config: SiteConfig, diags: Diagnostics, jobs: int | None = 1) -> Site:
        root = Path(config.root)
        sources = load_content(root / config.content_dir, root, diags, config.max_file_size)
        return Resolver(config, sources, diags).resolve()

    def analyse(self, site: Site) -> Insights:
        return analyse(site)


class BuildCache:
    """The caches of one project for builds into one output folder.

    `cjmsite build` opens one, builds and saves it; `persist=False` neither reads nor
    writes the cache folder. Long-lived processes (serve) keep one in memory and pass
    `write=False`: they read what builds left, and `save` only updates the memory.
    """

    def __init__(
        self,
        project_root: Path,
        output: Path | None = None,
        persist: bool = True,
        write: bool = True,
    ) -> None:
        self.store = Store(cache_folder(project_root), persist and cache_enabled(), write)
        self.output = Path()
        self.manifest_name = ""
        self.manifest: dict[str, Any] = {}
        if output is not None:
            self.set_output(output)
        self.model = ModelMemo(self.store)
        self._specs: tuple[tuple, list[Any], Any] | None = None  # key, page list, analysis
        self.inputs_saved = False  # save_inputs ran since the last save
        self.scan = Scan([], [])
        self.links: CachedLinkIndex | None = None  # of a whole resolve: its bodies are kept
        self.pages: PageCache | None = None
        self.reused: dict[str, Path] = {}
        self.site_key = ""
        self.json_inputs: tuple[str, dict[str, str]] = ("", {})  # see json_memo

    # The stores are read when first used: a build that finds nothing changed reads none.
    @cached_property
    def sources(self) -> SourceCache:
        return SourceCache(self.store.load("sources").get("entries"))

    @cached_property
    def bodies(self) -> dict[str, Any]:
        return self.store.load("bodies").get("entries", {})

    @cached_property
    def charts(self) -> dict[str, str]:
        return self.store.load("charts").get("entries", {})

    @cached_property
    def templates(self) -> TemplateCode:
        """Compiled templates (0.17 s of compiling saved per build)."""
        return TemplateCode(self.store.load("templates").get("entries"))

    @cached_property
    def json_entries(self) -> JsonMemo:
        """site.json's items by value, or by what they are made from (see render.json_text)."""
        memo = self.store.load("json").get("entries", {})
        items = memo.items() if isinstance(memo, dict) else ()
        return JsonMemo((k, v) for k, v in items if type(v) is str)

    @property
    def json_memo(self) -> JsonMemo:
        """The items of site.json with, once `select` has run, the digests of the inputs
        they are made from (a journey's entry is then found by them)."""
        memo = self.json_entries
        memo.scope, memo.journeys = self.json_inputs
        return memo

    def _loaded(self, name: str) -> bool:
        return name in self.__dict__

    def set_output(self, output: Path) -> None:
        """The folder built into: its manifest says which of its pages can be reused. A
        process that owns the folder (serve: the cache is not written) starts it empty and
        trusts it from then on (see PageCache)."""
        output = Path(output).resolve()
        if output != self.output or not self.manifest_name:
            self.output = output
            self.manifest_name = "pages-" + digest(str(output))[:16]
            self.manifest = self.store.load(self.manifest_name) if self.store.writable else {}

    def saved(self, paths: list[Path]) -> None:
        """The files the watcher saw change since the last build (serve): when they are
        Markdown files already known, the next build reads only those (see cache.model)."""
        self.model.hint = set(paths)

    # ---- load, resolve and analyse -----------------------------------------------

    def resolve(self, config: SiteConfig, diags: Diagnostics, jobs: int | None = 1) -> Site:
        """The site: resolved again only where its files changed (see cache.model). A whole
        resolve has the bodies the cache lacks rendered by `jobs` processes (cache.bodies)."""
        root = Path(config.root)
        self.scan = self.model.scan(root / config.content_dir, root, config.max_file_size)
        parser = self.sources if self._loaded("sources") else None
        content_root = root / config.content_dir
        links = None  # bodies rendered before, when in memory (serve): reused by text
        if self._loaded("bodies"):
            links = CachedLinkIndex(content_root, config.allow_html, self.bodies)
        site = self.model.resolve(config, self.scan, parser, links=links)
        if site is None:
            self.links = CachedLinkIndex(content_root, config.allow_html, self.bodies)
            whole = (self.sources, self.links, jobs)
            site = self.model.resolve(config, self.scan, None, whole)
        assert site is not None
        diags.extend(self.model.diagnostics)
        return site

    def analyse(self, site: Site) -> Insights:
        """The analysis of `site`: the last one when the resolve kept the model objects it
        was made of, and the configuration and git dates are the same."""
        state = self.model.state
        key = digest(repr(site.config), getattr(site.history, "key", ""))
        if state is None:
            return analyse(site)
        if self.model.kept and state.insights is not None and state.insights_key == key:
            return state.insights
        state.insights, state.insights_key = analyse(site), key
        self.model.changed = True
        return state.insights

    # ---- render ------------------------------------------------------------------

    def select(self, site: Site, specs: list[Any], theme_layers: tuple[Path, ...]) -> list[Any]:
        """The specs to render; the rest are reused from the output folder (`self.reused`)."""
        hashes, kinds, heads = self.model.inputs(self.scan)
        self.site_key = site_key(site, theme_layers, hashes, kinds)
        self.pages = PageCache(self.output, self.manifest, owned=not self.store.writable)
        self.fingerprints: dict[str, str] = {}
        self.reused = {}
        todo = []
        isolated = touchpoint_bodies_isolated(theme_layers)
        prints, self.all_key = page_fingerprints(
            site, specs, hashes, kinds, self.site_key, heads if isolated else None
        )
        self.json_inputs = (self.site_key, journey_digests(site, hashes, kinds))
        for spec, fingerprint in zip(specs, prints, strict=True):
            self.fingerprints[spec.output] = fingerprint
            path = self.pages.reuse(spec.output, fingerprint)
            if path is None:
                todo.append(spec)
            else:
                self.reused[spec.output] = path
        return todo

    def _specs_key(self, site: Site, insights: Insights, search: bool) -> tuple:
        """What a page list is made of beyond the model's objects: the analysis (the very
        object), the configuration, the git dates, search, and the theme (its strings)."""
        config = site.config
        theme, _ = load_theme(config.theme, config.theme_overrides, Path(config.root))
        history = getattr(site.history, "key", "")
        return (id(insights), repr(config), history, search, theme_digest(theme.layers))

    def known_specs(self, site: Site, insights: Insights, search: bool) -> list[Any] | None:
        """The last build's page list, when this build kept the model's objects and the
        analysis made of them (serve, after a narrative edit) and nothing else it reads
        changed; else None. Listing the pages of a large handbook takes 0.1 s or more."""
        if not self.model.kept or self._specs is None:
            return None
        return self._specs[1] if self._specs[0] == self._specs_key(site, insights, search) else None

    def keep_specs(self, site: Site, insights: Insights, search: bool, specs: list[Any]) -> None:
        self._specs = (self._specs_key(site, insights, search), specs, insights)

    def first_specs(
        self, site: Site, specs: list[Any], theme_layers: tuple[Path, ...]
    ) -> list[Any]:
        """The pages showing the files changed since the last build, when only journey
        folders changed (the theme, the configuration and the shared files as they were):
        a touchpoint's page; its journey's page and map too when more than its narrative
        changed, or the journey's own index.md did."""
        model = self.model
        if model.way not in ("narrative", "again") or not model.touched:
            return []
        hashes, kinds, _ = model.inputs(self.scan)
        if site_key(site, theme_layers, hashes, kinds) != self.manifest.get("site_key"):
            return []
        touched, narrative = model.touched, model.way == "narrative"
        folders = set(touched.values())
        found = []
        for spec in specs:
            if spec.template == "touchpoint.html":
                if spec.values["tp"].source.path in touched:
                    found.append(spec)
            elif spec.template in ("journey.html", "map.svg"):
                journey = spec.values["journey"]
                if journey.source.path in touched or (not narrative and journey.id in folders):
                    found.append(spec)
        return found

    def reuse_file(self, rel: str) -> Path | None:
        """A file made from the whole site (site.json): the previous one if nothing changed."""
        assert self.pages is not None
        fingerprint = digest(self.site_key, self.all_key, rel)
        self.fingerprints[rel] = fingerprint
        path = self.pages.reuse(rel, fingerprint)
        if path is not None:
            self.reused[rel] = path
        return path

    def rendered(
        self, files: Mapping[str, bytes], digests: Mapping[str, str] | None = None
    ) -> None:
        """Record the pages just rendered in the manifest (`digests`: of pages whose bytes
        were written to a file instead of kept)."""
        assert self.pages is not None
        for rel, fingerprint in self.fingerprints.items():
            if rel in files:
                self.pages.record(rel, fingerprint, files[rel])
            elif digests and rel in digests:
                self.pages.current[rel] = (fingerprint, digests[rel])

    def page_facts(self, marks: dict[str, bool] | None = None) -> PageFacts:
        """What the manifest knows of this build's pages without reading them (their
        digests), with which digests are marked for search (`marks`, else the manifest's)."""
        assert self.pages is not None
        digests = {rel: data_digest for rel, (_, data_digest) in self.pages.current.items()}
        return PageFacts(digests, dict(self.pages.search_marks if marks is None else marks))

    def unknown_keys(self, found: set[str]) -> set[str]:
        """UI strings no locale defines: those of this build's pages, and of reused ones."""
        assert self.pages is not None
        if self.reused and self.pages.site_key == self.site_key:
            found = found | self.pages.unknown
        self.pages.unknown, self.pages.site_key = set(found), self.site_key
        return found

    # ---- save --------------------------------------------------------------------

    def save(self) -> None:
        """Keep what this build used (and the newest charts) for the next one; a store
        this build never read is left as it is."""
        if not self.inputs_saved:
            self.save_inputs()
        self.inputs_saved = False
        if self.pages is not None and self.manifest_name:
            self.manifest = self.pages.manifest()
            self.store.save(self.manifest_name, self.manifest)

    def save_inputs(self) -> None:
        """The stores that do not depend on the output (all but the page manifest): the
        build saves them while Pagefind finishes; save() then keeps only the manifest."""
        self.inputs_saved = True
        if self._loaded("sources"):
            self.store.save("sources", {"entries": self.sources.entries})
        if self.links is not None:
            self.bodies = self.links.used
            self.store.save("bodies", {"entries": self.bodies})
            self.links = None
        self.model.save()
        if self._loaded("charts"):
            if len(self.charts) > MAX_CHARTS:
                self.charts = dict(list(self.charts.items())[-MAX_CHARTS:])
            self.store.save("charts", {"entries": self.charts})
        if self._loaded("json_entries"):
            self.store.save("json", {"entries": dict(self.json_entries)})
        if self._loaded("templates") and self.templates.changed:
            self.store.save("templates", {"entries": self.templates.entries})
            self.templates.changed = False

    def forget_output(self) -> None:
        """The output was not written: nothing in it may be reused next time."""
        self.manifest = {}
        self.pages = None
