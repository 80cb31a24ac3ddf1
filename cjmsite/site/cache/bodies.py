"""Content files read, and their Markdown bodies rendered, in a pool of forked processes
before resolve.

Parsing and rendering 3,000 bodies with markdown-it is most of loading a large handbook
(≈ 2 s at 200 x 15, on one core), and reading their frontmatter another 0.6 s. In a cold
build `read_in_pool` has the workers read the files too (each sends back its share of
the files read); `warm_bodies`, for the bodies alone, splits the bodies that the build cache
does not hold among worker processes, each of which renders its share with a copy of the
link index (every content file is known by then) and sends back the cache entries
(`BodyEntry`: anchors, title, links, HTML). Resolve then finds them as it finds the
entries of a previous build: a body is reused only when its links are rewritten the same
way again (CachedLinkIndex._render_body checks each one, with every body's anchors
known), else rendered again; the diagnostics are those of resolve. So the pool changes
no byte of the output, only when the work is done.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable
from multiprocessing import get_all_start_methods
from typing import Any, TypeVar

from cjmsite.diagnostics import Diagnostic, Diagnostics
from cjmsite.pools import fork_pool
from cjmsite.render import build_jobs
from cjmsite.site.cache.sources import BodyEntry, CachedLinkIndex
from cjmsite.sources.files import SourceFile, read_source

MIN_POOL_BODIES = 300  # below this, starting processes costs more than it saves
# what the forked workers inherit: (the link index, their todo list[, the size limit])
_shared: Any = None
Read = tuple[SourceFile, list[Diagnostic]]  # a file read, with what reading it reported
T = TypeVar("T")


def warm_bodies(links: CachedLinkIndex, sources: list[SourceFile], jobs: int | None) -> int:
    """Put the cache entries of the bodies it lacks into `links.store`, rendered by `jobs`
    forked workers; the number of bodies rendered (0: too few, or no fork here)."""
    todo = [s for s in sources if _needs(links, s)]
    workers = _pool_size(jobs, len(todo))
    if workers is None:
        return 0
    try:
        for entries in _pool_map(_render_range, len(todo), workers, (links, todo)):
            links.store.update(entries)
    except (OSError, RuntimeError):  # no processes to be had: resolve renders them itself
        return 0
    return len(todo)


def read_in_pool(
    links: CachedLinkIndex,
    todo: list[tuple[SourceFile, bytes | None]],
    max_bytes: int,
    jobs: int | None,
) -> list[Read] | None:
    """Read `todo`'s files (each with its scanned bytes, or None) and render their bodies
    in `jobs` forked workers: a copy of each source read, in order, with what reading it
    reported (the frontmatter's YAML was 0.6 s of one core at 200 x 15, before the pool
    rendered the bodies); the bodies' cache entries go into `links.store`, as with
    warm_bodies. `links` must know every content file, as the walk found it (a link needs
    only a file's kind and ids). None when there is no pool to be had, or a worker could
    not send its share back: the caller reads them itself."""
    workers = _pool_size(jobs, len(todo))
    if workers is None:
        return None
    read: list[Read] = []
    try:
        for sources, entries in _pool_map(
            _read_range, len(todo), workers, (links, todo, max_bytes)
        ):
            read.extend(sources)
            links.store.update(entries)
    except Exception:  # no processes; or a share that would not pickle (data nested deep)
        return None
    return read


def _pool_size(jobs: int | None, count: int) -> int | None:
    """Worker processes for `count` files; None when a pool is not worth it or not here."""
    jobs = jobs or build_jobs()
    if jobs < 2 or count < MIN_POOL_BODIES or "fork" not in get_all_start_methods():
        return None
    return jobs


def _pool_map(work: Callable[[tuple[int, int]], T], count: int, jobs: int, shared: Any) -> list[T]:
    """`work` over ranges of `count` items, in order, by `jobs` forked workers that
    inherit `shared` (read by `work` from this module's `_shared`)."""
    global _shared
    _shared = shared
    step = max(1, -(-count // (jobs * 4)))
    ranges = [(i, min(i + step, count)) for i in range(0, count, step)]
    gc.collect()
    gc.freeze()  # no collection in a worker writes to the inherited objects
    try:
        with fork_pool(jobs) as pool:
            return list(pool.map(work, ranges))
    finally:
        gc.unfreeze()
        _shared = None


def _needs(links: CachedLinkIndex, source: SourceFile) -> bool:
    if source.kind == "asset" or not source.readable or not source.body.strip():
        return False
    entry = links.store.get(links._key(source))
    return not (isinstance(entry, BodyEntry) and entry.html is not None)


def _render(links: CachedLinkIndex, source: SourceFile) -> None:
    """A body parsed and rendered into `links.used` (resolve reports, from its own checks)."""
    links.parse(source)
    links._render_body(source, Diagnostics())


def _rendered(links: CachedLinkIndex) -> dict[str, BodyEntry]:
    return {key: entry for key, entry in links.used.items() if entry.html is not None}


def _render_range(bounds: tuple[int, int]) -> dict[str, BodyEntry]:
    """The cache entries of todo[start:stop], rendered in this worker."""
    links, todo = _shared
    links.used = {}
    for source in todo[bounds[0] : bounds[1]]:
        _render(links, source)
    return _rendered(links)


def _read_range(bounds: tuple[int, int]) -> tuple[list[Read], dict[str, BodyEntry]]:
    """todo[start:stop] read, and the cache entries of the bodies rendered, in this worker."""
    links, todo, max_bytes = _shared
    links.used = {}
    read: list[Read] = []
    for source, raw in todo[bounds[0] : bounds[1]]:
        copy, local = dataclasses.replace(source), Diagnostics()
        read_source(copy, local, max_bytes, raw)
        read.append((copy, local.items))
        if _needs(links, copy):
            _render(links, copy)
    return read, _rendered(links)
