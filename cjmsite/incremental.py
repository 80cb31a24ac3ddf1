"""Rebuilds that reuse work: a cache of parsed content files and changed-files-only writing."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from pathlib import Path

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from .analysis import analyse
from .build import BuildResult
from .config import load_config
from .diagnostics import Diagnostic, Diagnostics, Location
from .load import MAX_FILE_BYTES, SourceFile, content_folder_exists, read_source, walk_content
from .model import Site
from .resolve import resolve
from .write import OutputError, sync_site

Key = tuple[int, int]  # (mtime_ns, size)


@dataclass
class CachedSource:
    key: Key
    source: SourceFile
    diagnostics: list[Diagnostic]


class ParseCache:
    """Parsed SourceFiles keyed by path; an entry is reused while mtime_ns and size match."""

    def __init__(self) -> None:
        self.entries: dict[Path, CachedSource] = {}
        self.parsed = 0  # files parsed in the last load (for tests and timings)

    def invalidate(self, paths: list[Path]) -> None:
        """Forget these files (a watcher saw them change: mtime may not have moved)."""
        for path in paths:
            self.entries.pop(Path(path), None)

    def read(self, source: SourceFile, diags: Diagnostics, max_bytes: int) -> SourceFile:
        """`source` filled from disk, or a copy of the cached parse of the same file."""
        try:
            stat = source.path.stat()
            key: Key | None = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            key = None
        cached = self.entries.get(source.path)
        if key is not None and cached is not None and cached.key == key:
            diags.extend(cached.diagnostics)
            return _fresh(cached.source, source)
        local = Diagnostics()
        read_source(source, local, max_bytes)
        diags.extend(local.items)
        self.parsed += 1
        if key is not None:
            self.entries[source.path] = CachedSource(key, _fresh(source, source), local.items)
        return source


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
    cache: ParseCache,
    max_bytes: int = MAX_FILE_BYTES,
) -> list[SourceFile]:
    """Like load.load_content, but re-parses only files whose mtime or size changed."""
    if not content_folder_exists(content_root, diags):
        return []
    cache.parsed = 0
    sources = walk_content(content_root, project_root, diags)
    present = {s.path for s in sources}
    for gone in [p for p in cache.entries if p not in present]:
        del cache.entries[gone]
    return [s if s.kind == "asset" else cache.read(s, diags, max_bytes) for s in sources]


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
    from .render.theme import Theme

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


class IncrementalBuilder:
    """Builds one project again and again into one folder, reusing what did not change."""

    def __init__(self, config_path: Path, output: Path) -> None:
        self.config_path = Path(config_path)
        self.output = Path(output)
        self.cache = ParseCache()
        _install_template_cache()

    def load(self, diags: Diagnostics | None = None) -> tuple[Site, Diagnostics]:
        """Config, cached load and resolve. Raises ConfigError for an unusable configuration."""
        config, found = load_config(self.config_path)
        if diags is not None:
            found.extend(diags.items)
        root = Path(config.root)
        sources = load_content_cached(
            root / config.content_dir, root, found, self.cache, config.max_file_size
        )
        return resolve(config, sources, found), found

    def build(self) -> Rebuild:
        """Build into `output`, writing only files whose bytes changed.

        Raises ConfigError like build.build; every other problem is a diagnostic.
        """
        from .render import render_site

        start = time.perf_counter()
        timings: dict[str, float] = {}
        site, diags = self.load()
        timings["load+resolve"] = time.perf_counter() - start
        outcome = Rebuild(BuildResult([], site, output_dir=self.output, timings=timings))
        outcome.parsed = self.cache.parsed
        result = outcome.result
        if not diags.has_errors():
            mark = time.perf_counter()
            result.insights = analyse(site)
            rendered = render_site(site, result.insights, jobs=1)  # no fork beside watcher threads
            diags.extend(rendered.diagnostics)
            timings["analyse+render"] = time.perf_counter() - mark
            if not diags.has_errors():
                mark = time.perf_counter()
                try:
                    sync = sync_site(self.output, rendered.files, site.assets)
                except (OutputError, OSError) as error:
                    diags.error(Location(str(self.output)), f"cannot write the site: {error}")
                else:
                    outcome.changed, outcome.deleted = sync.written, sync.deleted
                    result.files_written = len(sync.written)
                    result.pages_written = sum(1 for n in rendered.files if n.endswith(".html"))
                    result.written = True
                timings["write"] = time.perf_counter() - mark
        result.diagnostics = diags.sorted()
        result.seconds = time.perf_counter() - start
        return outcome
