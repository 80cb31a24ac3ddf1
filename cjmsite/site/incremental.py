"""Rebuilds that reuse work (serve): the pipeline (site.pipeline.run) with the build cache
kept in memory, an in-place sync (outputs.Sync), and the search stage left for later
(`update_search`, e.g. in a background thread)."""

from __future__ import annotations

import dataclasses
import gc
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cjmsite.diagnostics import Diagnostic
from cjmsite.search.pagefind import BUNDLE
from cjmsite.site.cache.session import BuildCache
from cjmsite.site.outputs import Sync
from cjmsite.site.pipeline import BuildResult, run
from cjmsite.site.searching import index_site, pages_of
from cjmsite.site.upkeep import History

COLLECT_EVERY = 8  # builds between full garbage collections (see `settle`)


@dataclass
class Rebuild:
    """The outcome of one incremental build."""

    result: BuildResult
    changed: list[str] = dataclasses.field(default_factory=list)  # output paths written
    deleted: list[str] = dataclasses.field(default_factory=list)
    parsed: int = 0  # content files parsed (not taken from the cache)
    rendered: int = 0  # pages rendered (not reused)
    made: list[str] = dataclasses.field(default_factory=list)  # output files rendered
    ahead: list[str] = dataclasses.field(default_factory=list)  # written before the rest
    search: Mapping[str, bytes] | None = None  # pages to index, when the index is pending


class IncrementalBuilder:
    """Builds one project again and again into one folder, reusing what did not change.

    The build cache is read from the project's cache folder once and then kept in memory
    (serve never writes it). The search index is left out of `build` (the previous
    `pagefind/` stays meanwhile); `update_search` makes it, e.g. in a background thread.
    """

    def __init__(self, config_path: Path, output: Path, search_inline: bool = False) -> None:
        self.config_path = Path(config_path)
        self.output = Path(output)
        self.cache = BuildCache(self.config_path.resolve().parent, self.output, write=False)
        self.search_inline = search_inline
        self.generation = 0  # builds started; a stale search update is dropped
        self._shards: dict[str, tuple[str, dict[str, bytes]]] = {}  # reused when unchanged
        self._marks: dict[str, bool] = {}  # page digest -> marked for search (see PageFacts)
        self.sync = Sync(self.output)  # knows the files its last sync left
        self.history = History()  # git dates, read again when HEAD moves
        self._settled = 0  # calls of `settle`
        self._lock = threading.Lock()

    def build(self, early: Callable[[list[str]], None] | None = None) -> Rebuild:
        """Build into `output`, writing only files whose bytes changed.

        `early`: when only journey folders changed, the pages showing the files saved are
        rendered and written first, and `early` is told their paths before the rest of
        the site is made (serve reloads the browsers then).
        Raises ConfigError like pipeline.build; every other problem is a diagnostic.
        """
        with self._lock:
            self.generation += 1
        self.sync.early, self.sync.written_ahead = early, []
        try:
            done = run(  # jobs=1: no fork beside watcher threads
                self.config_path, self.sync, self.cache, jobs=1,
                search_later=not self.search_inline, history=self.history.read(self.config_path),
            )  # fmt: skip
        finally:
            self.sync.early = None
        outcome = Rebuild(done.result, parsed=self.cache.model.parsed)
        outcome.ahead = list(self.sync.written_ahead)
        if done.rendered is not None:
            outcome.made = sorted(done.rendered.files)
            outcome.rendered = sum(  # pages of the manifest rendered again (404 always is)
                1 for name in done.rendered.files if name.endswith(".html") and name != "404.html"
            )
        if done.result.written:
            outcome.changed, outcome.deleted = self.sync.last.written, self.sync.last.deleted
            if done.search_later and done.rendered is not None:
                outcome.search = pages_of(done.rendered)
        return outcome

    def settle(self) -> None:
        """Between builds: leave what survives (the caches, the model) out of later
        collections, so the next build's collections walk only what it makes (at 200 x 15
        they walked about a million objects kept in memory). Every few builds everything
        is collected first, so what the builds replaced (old models, analyses) is freed."""
        self._settled += 1
        if self._settled % COLLECT_EVERY == 1:
            gc.unfreeze()
            gc.collect()  # 0.1-0.2 s at 200 x 15
        gc.freeze()

    def update_search(self, outcome: Rebuild) -> tuple[list[str], list[Diagnostic]]:
        """Make the search index of a build and put it into `output`, unless the pages
        Pagefind reads are unchanged or a newer build started meanwhile."""
        site = outcome.result.site
        if outcome.search is None or site is None:
            return [], []
        generation = self.generation
        known = self.cache.page_facts(self._marks) if self.cache.pages is not None else None
        made = index_site(outcome.search, site, self._shards, known)
        with self._lock:
            if generation != self.generation:
                return [], made.problems
            same = not made.indexed and made.shards.keys() == self._shards.keys()
            if made.problems:
                self._shards, self._marks = {}, {}
            else:
                self._shards, self._marks = made.shards, made.marks
            if same and (self.output / BUNDLE).is_dir():
                return [], made.problems  # every shard as it was: the bundle is unchanged
            return self.sync.replace_bundle(made.bundle), made.problems
