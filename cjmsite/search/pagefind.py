"""Full-text search: index the rendered pages with Pagefind and add its bundle to the output.

Pages go to Pagefind's service (`pagefind --service`, see search.service) from memory, as
search documents (search.slim), in a fixed order: most of them while the site renders
(search.feed), the rest here; the bundle (`pagefind/...`) comes back as bytes, and the
build's atomic swap writes it with everything else. Pagefind's output depends only on the
pages it reads and their order (no time stamps, no random names; canon.py sorts what it
leaves unsorted), so two builds of the same content are byte-identical.

Which pages are indexed and with which filters is decided by the templates:
`data-pagefind-body` on journey, touchpoint, persona, department and free pages, and one
`data-pagefind-filter` element per value (see `search_filters`).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cjmsite.diagnostics import Diagnostic, Severity
from cjmsite.digests import digest
from cjmsite.render.search_marks import (  # noqa: F401 - re-exported: what a page is marked with
    FILTERS,
    INDEXED_TEMPLATES,
    is_indexed,
    search_filters,
)
from cjmsite.search.canon import canonical_bundle
from cjmsite.search.collect import BUNDLE, relocate
from cjmsite.search.feed import MARK, SearchFeed, ServicePool, indexable
from cjmsite.search.indexing import plan_jobs, run_jobs
from cjmsite.search.shards import PRIMARY, group_pages, shard_order

SHARD_LIST = f"{BUNDLE}/shards.json"


@functools.cache
def pagefind_version() -> str:
    """The installed Pagefind binary's version (part of every shard's key)."""
    try:
        return importlib.metadata.version("pagefind_bin")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def search_enabled(config: Any) -> bool:
    """`search: false` in cjmsite.yml turns search off; it is on by default."""
    return config.search


def pagefind_available() -> bool:
    """Whether `python -m pagefind` can run: the PyPI package `pagefind[bin]`."""
    return (
        importlib.util.find_spec("pagefind") is not None
        and importlib.util.find_spec("pagefind_bin") is not None
    )


def _warning(message: str, hint: str = "") -> Diagnostic:
    return Diagnostic("cjmsite.yml", 0, 0, Severity.WARNING, message, hint)


def search_status(config: Any) -> tuple[bool, list[Diagnostic]]:
    """Whether the site gets search; a warning when it is on but Pagefind is missing."""
    if not search_enabled(config):
        return False, []
    if pagefind_available():
        return True, []
    return False, [
        _warning(
            "search is on but Pagefind is not installed: the site has no search",
            "pip install 'pagefind[bin]', or set `search: false` in cjmsite.yml",
        )
    ]


@dataclass
class SearchIndex:
    """The search bundle of a build, and each shard's key and files, to reuse next time."""

    bundle: dict[str, bytes] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    shards: dict[str, tuple[str, dict[str, bytes]]] = field(default_factory=dict)
    indexed: list[str] = field(default_factory=list)  # shards Pagefind ran for
    marks: dict[str, bool] = field(default_factory=dict)  # see PageFacts, for the next build


def index_pages(
    files: Mapping[str, bytes],
    count: int = 0,
    previous: Mapping[str, tuple[str, dict[str, bytes]]] | None = None,
    known: PageFacts | None = None,
    feed: SearchFeed | None = None,
) -> SearchIndex:
    """Index the HTML pages of `files` with Pagefind, in `count` journey shards plus the
    primary index (see search_shards); a shard whose pages are those of `previous` is reused.

    Pagefind reads only the pages marked `data-pagefind-body` (every page when none is);
    a shard left with no page is not made, and the shards made are listed in
    `pagefind/shards.json`. When Pagefind fails, the site is built without search and a
    warning says so. `known` (the build manifest's digests of the pages, and whether a page
    of a given digest is marked) spares reading every page to see what changed. `feed`:
    what was sent to Pagefind while the pages rendered (see search.feed), with the services
    it started (the caller stops them: `feed.close()`).
    """
    if feed is not None:  # the feed's services: whoever started the feed stops them
        return _index(files, count, previous or {}, known or PageFacts(), feed, feed.pool)
    pool = ServicePool(pagefind_command(), service_count())
    try:
        return _index(files, count, previous or {}, known or PageFacts(), None, pool)
    finally:
        pool.close()


def service_count() -> int:
    """Pagefind services to run side by side (each indexes on one core)."""
    return max(1, min(2, os.cpu_count() or 1))


def _index(
    files: Mapping[str, bytes],
    count: int,
    previous: Mapping[str, tuple[str, dict[str, bytes]]],
    facts: PageFacts,
    feed: SearchFeed | None,
    pool: ServicePool,
) -> SearchIndex:
    # `files` may read pages from disk (LazyFiles): each is read when needed, never all at once
    names = [n for n in sorted(files) if indexable(n)]
    if feed is not None:  # what the workers saw of the pages they rendered
        facts.learn(feed.marks)
    marked = {n for n in names if facts.marked(n, files)}
    groups: dict[str, list[str]] = {}
    for shard, members in group_pages(names, count).items():
        chosen = [n for n in members if not marked or n in marked]  # Pagefind's own rule
        if chosen:
            groups[shard] = chosen
    if groups and PRIMARY not in groups:  # the primary bundle carries the scripts
        first = next(iter(groups))
        groups = {PRIMARY: groups.pop(first), **groups}
    if not groups:
        return SearchIndex(problems=[_warning("Pagefind could not index the site: no page")])
    if feed is not None:
        feed.finish()  # the bundles it collected while the pages rendered
    made, keys = SearchIndex(), {}
    for shard, group in groups.items():
        keys[shard] = key = _group_key(shard, group, files, facts)
        old = previous.get(shard)
        if old is not None and old[0] == key:
            made.shards[shard] = old
    jobs = plan_jobs({s: g for s, g in groups.items() if s not in made.shards}, feed, pool.size)
    run_jobs(jobs, files, pool)
    for job in jobs:
        if job.problem is not None:
            problem = f"Pagefind could not index the site: {job.problem}"
            return SearchIndex(problems=[_warning(problem)])
        key = keys[job.shard]
        if job.final is not None:  # made canonical by the feed's collector
            made.shards[job.shard] = (key, job.final)
            made.indexed.append(job.shard)
            continue
        try:
            bundle = canonical_bundle(job.bundle)
        except (ValueError, KeyError, IndexError, TypeError, OSError) as error:
            problem = "the search index may differ between builds"
            made.problems.append(_warning(f"{problem} (unexpected Pagefind files: {error})"))
            bundle, key = job.bundle, ""
        made.shards[job.shard] = (key, relocate(bundle, job.shard))
        made.indexed.append(job.shard)
    made.shards = {shard: made.shards[shard] for shard in groups}  # the primary first
    made.bundle = bundle_of(made.shards)
    made.marks = {d: m for d, m in facts.marks.items() if d in facts.used}
    return made


def bundle_of(shards: Mapping[str, tuple[str, dict[str, bytes]]]) -> dict[str, bytes]:
    """The files of every shard, as one sorted bundle, with `pagefind/shards.json`: the
    shards the search box merges into the primary index (`[]` when there is none)."""
    files = dict(item for _, files in shards.values() for item in files.items())
    names = sorted((s for s in shards if s != PRIMARY), key=shard_order)
    files[SHARD_LIST] = (json.dumps(names) + "\n").encode("utf-8")
    return dict(sorted(files.items()))


def _group_key(shard: str, names: list[str], files: Mapping[str, bytes], facts: PageFacts) -> str:
    """A digest of a shard's pages (names and digests) and of the Pagefind that indexes it."""
    hasher = hashlib.blake2b(digest_size=20)
    hasher.update(f"{pagefind_version()}\0{shard}\0".encode())
    for name in names:
        hasher.update(f"{name}\0{facts.digest(name, files)}\0".encode())
    return hasher.hexdigest()


@dataclass
class PageFacts:
    """What is known of the pages without reading them: digests of their bytes (the build
    manifest's) and, by digest, whether a page is marked `data-pagefind-body`."""

    digests: Mapping[str, str] = field(default_factory=dict)
    marks: dict[str, bool] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)  # digests of this build's pages

    def digest(self, name: str, files: Mapping[str, bytes]) -> str:
        found = self.digests.get(name)
        if found is None:
            found = digest(files[name])
        self.used.add(found)
        return found

    def learn(self, marks: Mapping[str, bool]) -> None:
        """Whether pages are marked, as seen where they were rendered."""
        for name, mark in marks.items():
            known = self.digests.get(name)
            if known is not None:
                self.marks[known] = mark

    def marked(self, name: str, files: Mapping[str, bytes]) -> bool:
        known = self.digests.get(name)
        if known is not None and known in self.marks:
            self.used.add(known)
            return self.marks[known]
        found = bool(MARK.search(files[name]))
        if known is not None:
            self.marks[known] = found
            self.used.add(known)
        return found


def pagefind_command() -> list[str]:
    """The Pagefind binary itself when it can be found (saves a Python start per run)."""
    try:
        from pagefind_bin import get_executable

        return [str(get_executable())]
    except (ImportError, OSError):  # let `python -m pagefind` find it
        return [sys.executable, "-m", "pagefind"]
