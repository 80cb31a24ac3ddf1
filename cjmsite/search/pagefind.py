"""Full-text search: index the rendered pages with Pagefind and add its bundle to the output.

Pagefind writes into the folder it indexes, so the pages are copied into a private
temporary folder, indexed there, and the bundle (`pagefind/...`) is read back as bytes.
The build's atomic swap then writes it with everything else. Pagefind's output depends
only on the pages it reads (no time stamps, no random names), so two builds of the same
content are byte-identical.

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
import re
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
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
from cjmsite.search.shards import PRIMARY, group_pages, shard_order
from cjmsite.search.slim import search_document

BUNDLE = "pagefind"
TIMEOUT = 300
MARK = re.compile(rb"<[^>]*\sdata-pagefind-body[\s=>/]")  # the attribute, not the text
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
) -> SearchIndex:
    """Index the HTML pages of `files` with Pagefind, in `count` journey shards plus the
    primary index (see search_shards); a shard whose pages are those of `previous` is reused.

    Pagefind reads only the pages marked `data-pagefind-body` (every page when none is);
    a shard left with no page is not made, and the shards made are listed in
    `pagefind/shards.json`. When Pagefind fails, the site is built without search and a
    warning says so. `known` (the build manifest's digests of the pages, and whether a page
    of a given digest is marked) spares reading every page to see what changed.
    """
    # `files` may read pages from disk (LazyFiles): each is read when needed, never all at once
    names = [n for n in sorted(files) if n.endswith(".html") and n != "404.html"]
    facts = known or PageFacts()
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
    made, previous = SearchIndex(), previous or {}
    todo = []
    for shard, group in groups.items():
        key = _group_key(shard, group, files, facts)
        old = previous.get(shard)
        if old is not None and old[0] == key:
            made.shards[shard] = old
        else:
            todo.append((shard, key))
    workers = max(1, min(len(todo), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        runs = list(pool.map(lambda job: _run_pagefind(groups[job[0]], files), todo))
    for (shard, key), (raw, problem) in zip(todo, runs, strict=True):
        if problem is not None:
            return SearchIndex(problems=[problem])
        try:
            bundle = canonical_bundle(raw)
        except (ValueError, KeyError, IndexError, TypeError, OSError) as error:
            problem = "the search index may differ between builds"
            made.problems.append(_warning(f"{problem} (unexpected Pagefind files: {error})"))
            bundle, key = raw, ""
        made.shards[shard] = (key, _relocate(bundle, shard))
        made.indexed.append(shard)
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


def _relocate(bundle: dict[str, bytes], shard: str) -> dict[str, bytes]:
    """A shard's bundle under pagefind/<shard>/, without the scripts only the primary needs."""
    if shard == PRIMARY:
        return bundle
    prefix = BUNDLE + "/"
    return {
        f"{prefix}{shard}/{name[len(prefix) :]}": data
        for name, data in bundle.items()
        if name.startswith(prefix) and _shard_keeps(name[len(prefix) :])
    }


def _shard_keeps(rel: str) -> bool:
    """The files a merged index is read from: its entry, meta, index, fragments, filters
    (a merged index runs on the primary's WebAssembly and scripts)."""
    return (
        rel == "pagefind-entry.json"
        or rel.endswith(".pf_meta")
        or rel.split("/", 1)[0] in ("index", "fragment", "filter")
    )


def _pagefind_command() -> list[str]:
    """The Pagefind binary itself when it can be found (saves a Python start per run)."""
    try:
        from pagefind_bin import get_executable

        return [str(get_executable())]
    except (ImportError, OSError):  # let `python -m pagefind` find it
        return [sys.executable, "-m", "pagefind"]


def _run_pagefind(
    names: list[str], files: Mapping[str, bytes]
) -> tuple[dict[str, bytes], Diagnostic | None]:
    """One Pagefind run over these pages in a private folder; its bundle as `pagefind/...`."""
    with tempfile.TemporaryDirectory(prefix="cjmsite-search-") as tmp:
        site = Path(tmp) / "site"
        for name in names:  # what Pagefind indexes of each page (see search.slim)
            path = site / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(search_document(files[name]))
        command = [*_pagefind_command(), "--site", str(site), "--silent"]
        try:
            run = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return {}, _warning(f"Pagefind could not index the site: {error}")
        bundle = site / BUNDLE
        if run.returncode != 0 or not bundle.is_dir():
            detail = (run.stderr or run.stdout).strip().splitlines()
            reason = detail[-1] if detail else f"exit status {run.returncode}"
            return {}, _warning(f"Pagefind could not index the site: {reason}")
        return {
            f"{BUNDLE}/{path.relative_to(bundle).as_posix()}": path.read_bytes()
            for path in sorted(bundle.rglob("*"))
            if path.is_file()
        }, None
