"""The fed shards' bundles, taken as soon as Pagefind has made them while the rest of the
site renders: made canonical (search.canon), put under their shard's folder and written
into the spool folder, the new site's tree. A cold build at 200 x 15 otherwise wrote its
3,400 search files one after the other at its very end (0.1-2 s of system time on our VM).

What is written early is only a head start: the search stage still decides the bundle,
and `Collector.adopt` keeps an early file only where the bundle holds those very bytes
(removing the others), so the site is the same bytes as without it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from cjmsite.render.one_page import Rendered, spool_file
from cjmsite.search.canon import canonical_bundle
from cjmsite.search.service import PagefindService, ServiceError, Ticket
from cjmsite.search.shards import PRIMARY

BUNDLE = "pagefind"


class Services(Protocol):
    def running(self, number: int) -> PagefindService | None: ...


@dataclass
class FedShard:
    """One shard's pages in send order, and how far the feed has got."""

    names: list[str]
    service: int
    at: int = 0
    index: int | None = None
    sent: list[str] = field(default_factory=list)
    ticket: Ticket | None = None  # its bundle, asked for once every page was sent
    raw: dict[str, bytes] | None = None  # the bundle, as the collector took it
    final: dict[str, bytes] | None = None  # made canonical, under the shard's folder
    problem: str | None = None  # why the collector could not take it


def relocate(bundle: Mapping[str, bytes], shard: str) -> dict[str, bytes]:
    """A shard's bundle under pagefind/<shard>/, without the scripts only the primary needs."""
    if shard == PRIMARY:
        return dict(bundle)
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


class Collector:
    """A thread that collects each fed shard's bundle once it is asked for (`add`) and
    writes it into `spool`; `finish` waits for the shards added so far."""

    def __init__(self, shards: Mapping[str, FedShard], pool: Services, spool: Path) -> None:
        self.shards, self.pool, self.spool = shards, pool, spool
        self.written: dict[str, tuple[Path, bytes]] = {}  # rel -> (file, its bytes)
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._ending = False  # the end of the queue was put
        # set by the thread itself as it ends: Thread.is_alive() says False for a thread
        # still running once a join() was cut short by Ctrl-C (CPython 3.11), and the spool
        # was then removed while this thread still wrote into it
        self._ended = threading.Event()
        self._thread = threading.Thread(target=self._work, daemon=True)
        self._thread.start()

    def add(self, shard: str) -> None:
        self._queue.put(shard)

    def finish(self) -> None:
        """Wait until every shard added is collected (or failed); no more can be added.
        Called again after an interrupt, it waits again."""
        if not self._ending:
            self._ending = True
            self._queue.put(None)
        self._ended.wait()

    def adopt(self, bundle: Mapping[str, bytes]) -> dict[str, Path]:
        """The files written early that hold the bundle's very bytes, by output path; the
        others are removed (a shard indexed again, a site left without search)."""
        self.finish()
        kept, emptied = {}, set()
        for rel, (path, data) in self.written.items():
            found = bundle.get(rel)
            if found is data or found == data:
                kept[rel] = path
                continue
            path.unlink(missing_ok=True)
            emptied.update(p for p in path.parents if self.spool in p.parents)
        for folder in sorted(emptied, key=lambda p: len(p.parts), reverse=True):
            with suppress(OSError):
                folder.rmdir()  # only when empty: no folder the site has no file in
        return kept

    def _work(self) -> None:
        try:
            self._collect_each()
        finally:
            self._ended.set()

    def _collect_each(self) -> None:
        while (shard := self._queue.get()) is not None:
            fed = self.shards[shard]
            service = self.pool.running(fed.service)  # never one started anew: see close
            try:
                if service is None or fed.ticket is None:
                    raise ServiceError("Pagefind stopped")
                fed.raw = service.collect(fed.ticket)
            except ServiceError as error:
                fed.problem = str(error)  # the search stage reports it
                continue
            try:
                fed.final = relocate(canonical_bundle(fed.raw), shard)
            except (ValueError, KeyError, IndexError, TypeError, OSError):
                continue  # the search stage canonicalises it again, and warns
            self._write(fed.final)

    def _write(self, files: Mapping[str, bytes]) -> None:
        out = Rendered()
        for rel, data in files.items():
            path = spool_file(self.spool, rel, data, out)
            if path is None:  # a full disk: the write stage writes the rest, and says so
                parts = rel.split("/")
                if rel and all(part not in ("", ".", "..") for part in parts):
                    self.spool.joinpath(*parts).unlink(missing_ok=True)  # half written
                return
            self.written[rel] = (path, data)
