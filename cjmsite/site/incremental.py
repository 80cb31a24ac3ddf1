"""Rebuilds that reuse work (serve): the build cache in memory, changed-files-only writing,
and the search index made again in the background."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from cjmsite.analysis import analyse
from cjmsite.analysis_rules import rule_diagnostics
from cjmsite.diagnostics import Diagnostic, Location
from cjmsite.search.pagefind import BUNDLE, index_pages
from cjmsite.search.shards import shard_count
from cjmsite.site.cache.session import BuildCache, LazyFiles
from cjmsite.site.pipeline import BuildResult, load_site
from cjmsite.write import MARKER, OutputError, sync_site


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory between rebuilds; Jinja checks the source's checksum."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = MemoryBytecodeCache()


def _install_template_cache() -> None:
    """Make the theme's Jinja environments share TEMPLATE_CACHE (only in long-lived processes).

    Without it every rebuild parses and compiles every template again (~40 % of a rebuild).
    """
    from cjmsite.render.theme import Theme

    original = Theme.environment
    if getattr(original, "_cjmsite_cached", False):
        return

    def environment(self: Theme):  # type: ignore[no-untyped-def]
        env = original(self)
        if env.bytecode_cache is None:
            env.bytecode_cache = TEMPLATE_CACHE
        return env

    environment._cjmsite_cached = True  # type: ignore[attr-defined]
    Theme.environment = environment  # type: ignore[method-assign]


@dataclass
class Rebuild:
    """The outcome of one incremental build."""

    result: BuildResult
    changed: list[str] = dataclasses.field(default_factory=list)  # output paths written
    deleted: list[str] = dataclasses.field(default_factory=list)
    parsed: int = 0  # content files parsed (not taken from the cache)
    rendered: int = 0  # pages rendered (not reused)
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
        self._present: set[str] | None = None  # files the last sync left (outside pagefind/)
        self._lock = threading.Lock()
        _install_template_cache()

    def build(self) -> Rebuild:
        """Build into `output`, writing only files whose bytes changed.

        Raises ConfigError like build.build; every other problem is a diagnostic.
        """
        from cjmsite.render import render_site

        start = time.perf_counter()
        timings: dict[str, float] = {}
        with self._lock:
            self.generation += 1
        site, diags = load_site(self.config_path, cache=self.cache)
        timings["load+resolve"] = time.perf_counter() - start
        outcome = Rebuild(BuildResult([], site, output_dir=self.output, timings=timings))
        outcome.parsed = self.cache.sources.parsed
        result = outcome.result
        if not diags.has_errors():
            mark = time.perf_counter()
            result.insights = analyse(site)
            diags.extend(rule_diagnostics(site, result.insights))  # issue 14 hook: rule gates
            rendered = render_site(  # jobs=1: no fork beside watcher threads
                site, result.insights, jobs=1, cache=self.cache,
                defer_search=not self.search_inline,
            )  # fmt: skip
            diags.extend(rendered.diagnostics)
            outcome.rendered = sum(  # pages of the manifest rendered again (404 always is)
                1 for name in rendered.files if name.endswith(".html") and name != "404.html"
            )
            timings["analyse+render"] = time.perf_counter() - mark
            if not diags.has_errors():
                mark = time.perf_counter()
                keep = (BUNDLE + "/",) if rendered.search_pending else ()
                try:
                    sync = sync_site(
                        self.output, rendered.files, site.assets, rendered.reused, keep,
                        self._present,
                    )  # fmt: skip
                except (OutputError, OSError) as error:
                    self._present = None  # walk the folder next time
                    self.cache.forget_output()
                    diags.error(Location(str(self.output)), f"cannot write the site: {error}")
                else:
                    self.cache.save()  # in memory: the manifest of what is now in `output`
                    outcome.changed, outcome.deleted = sync.written, sync.deleted
                    bundle = {rel for rel in self._present or () if rel.startswith(BUNDLE + "/")}
                    self._present = set(rendered.names()) | {MARKER}
                    self._present |= {a.output_path for a in site.assets}
                    if keep:  # the search files stay until update_search replaces them
                        self._present |= bundle
                    result.files_written = len(sync.written)
                    result.pages_written = sum(1 for n in rendered.names() if n.endswith(".html"))
                    result.written = True
                    if rendered.search_pending:
                        outcome.search = LazyFiles(rendered.files, rendered.reused)
                timings["write"] = time.perf_counter() - mark
        result.diagnostics = diags.sorted()
        result.seconds = time.perf_counter() - start
        return outcome

    def update_search(self, outcome: Rebuild) -> tuple[list[str], list[Diagnostic]]:
        """Make the search index of a build and put it into `output`, unless the pages
        Pagefind reads are unchanged or a newer build started meanwhile."""
        if outcome.search is None:
            return [], []
        generation = self.generation
        site = outcome.result.site
        count = shard_count(site) if site is not None else 0
        known = self.cache.page_facts(self._marks) if self.cache.pages is not None else None
        made = index_pages(outcome.search, count, self._shards, known)
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
            written = _sync_bundle(self.output, made.bundle)
            if self._present is not None:  # the bundle replaced whatever was under pagefind/
                others = {rel for rel in self._present if not rel.startswith(BUNDLE + "/")}
                self._present = others | set(made.bundle)
            return written, made.problems


def _sync_bundle(output: Path, bundle: Mapping[str, bytes]) -> list[str]:
    """Write the changed files of a search bundle and remove the stale ones."""
    written = []
    for rel, data in sorted(bundle.items()):
        target = output / rel
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.tmp")
        temp.write_bytes(data)
        temp.replace(target)
        written.append(rel)
    folder = output / BUNDLE
    if folder.is_dir():
        for path in sorted(folder.rglob("*"), reverse=True):
            rel = path.relative_to(output).as_posix()
            if path.is_file() and rel not in bundle:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written
