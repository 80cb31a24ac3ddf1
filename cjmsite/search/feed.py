"""Index the pages while the rest of the site renders: each page goes to Pagefind's service
as soon as it is rendered, so the search stage is mostly done when rendering ends.

A shard is fed when one of its pages is rendered in this build (a cold build: every
shard); a shard whose pages are all reused will be reused whole. Pages are sent in the
order `index_pages` would send them (its shard's pages by name, the marked ones only), so
the bundle is the same bytes: a page rendered before the ones sorting ahead of it waits.
`index_pages` takes what was fed only where it matches what it would send; anything else
(a page that failed, a site where no page is marked) is indexed there, after render.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from cjmsite.render.pages import PageSpec
from cjmsite.search.collect import Collector, FedShard
from cjmsite.search.service import PagefindService, ServiceError
from cjmsite.search.shards import group_pages, page_shard, shard_order
from cjmsite.search.slim import search_document

MARK = re.compile(rb"<[^>]*\sdata-pagefind-body[\s=>/]")  # the attribute, not the text


def indexable(name: str) -> bool:
    """The output files the search stage reads: HTML pages, but not the 404 page."""
    return name.endswith(".html") and name != "404.html"


def search_note(name: str, page: bytes) -> bytes | None:
    """What the feed needs of a rendered page (in the worker that rendered it): its search
    document when it is marked for search, else None."""
    if not indexable(name) or not MARK.search(page):
        return None
    return search_document(page)


class ServicePool:
    """`size` Pagefind services, each started when first asked for; close() stops them."""

    def __init__(self, command: list[str], size: int) -> None:
        self.command, self.size = command, max(1, size)
        self._services: dict[int, PagefindService] = {}
        self._closed = False

    def service(self, number: int) -> PagefindService:
        """Service `number` (0 ≤ number < size); ServiceError once the pool is closed (a
        late thread must not start a process nobody stops)."""
        if self._closed:
            raise ServiceError("the search stage has ended")
        found = self._services.get(number)
        if found is None:
            found = self._services[number] = PagefindService(self.command)
        return found

    def running(self, number: int) -> PagefindService | None:
        """Service `number` when it was started and not stopped since (none is started)."""
        return self._services.get(number)

    def close(self) -> None:
        """Stop every service started; none starts after."""
        self._closed = True
        for service in self._services.values():
            service.close()
        self._services = {}


class SearchFeed:
    """Pages sent to Pagefind as they are rendered; see the module's docstring."""

    def __init__(
        self,
        pages: list[str],
        fresh: set[str],
        count: int,
        reused: Mapping[str, Path],
        pool: ServicePool,
        spool: Path | None = None,
    ) -> None:
        """`spool`: the folder the pages are rendered into, where the shards' bundles are
        written as soon as they are made (see search.collect)."""
        self.count, self.fresh, self.reused, self.pool = count, fresh, reused, pool
        self.marks: dict[str, bool] = {}  # rendered pages: marked for search or not
        self.problem: str | None = None
        self._arrived: dict[str, bytes | None] = {}
        groups = group_pages([name for name in pages if indexable(name)], count)
        fed = [shard for shard, names in groups.items() if fresh.intersection(names)]
        self.shards = {shard: FedShard(groups[shard], n % pool.size) for n, shard in enumerate(fed)}
        self.collector = Collector(self.shards, pool, spool) if spool is not None else None
        for shard in self.shards:  # the reused pages ahead of the first rendered one
            self._advance(shard)

    def take(self, notes: Mapping[str, bytes | None]) -> None:
        """Rendered pages' notes (see search_note): sent on as their turn comes."""
        touched = set()
        for name, note in notes.items():
            shard = page_shard(name, self.count)
            if indexable(name) and shard in self.shards:
                self._arrived[name] = note
                self.marks[name] = note is not None
                touched.add(shard)
        for shard in sorted(touched):
            self._advance(shard)

    def in_shard_order(self, specs: list[PageSpec]) -> list[PageSpec]:
        """The pages to render, a shard after the other (the primary first), so each
        shard is whole, and its files made, while the next one renders."""
        return sorted(specs, key=lambda spec: shard_order(page_shard(spec.output, self.count)))

    def finish(self) -> None:
        """Wait for the collector to take the bundles asked for so far."""
        if self.collector is not None:
            self.collector.finish()

    def close(self) -> None:
        """Stop the services, then the collector (whatever it still waited for fails)."""
        self.pool.close()
        self.finish()

    def sent(self, shard: str) -> list[str]:
        """The pages of a shard sent so far, in order."""
        found = self.shards.get(shard)
        return found.sent if found is not None else []

    def _advance(self, shard: str) -> None:
        """Send the shard's pages whose turn has come, until one not rendered yet."""
        fed = self.shards[shard]
        while self.problem is None and fed.at < len(fed.names):
            name = fed.names[fed.at]
            if name in self._arrived:
                note = self._arrived.pop(name)
            elif name in self.reused and name not in self.fresh:
                try:
                    note = search_note(name, Path(self.reused[name]).read_bytes())
                except OSError:  # left to index_pages, which reports it
                    fed.at = len(fed.names)
                    return
            else:
                return
            fed.at += 1
            if note is not None:
                self._send(fed, name, note)
        whole = fed.at == len(fed.names) and fed.index is not None and fed.ticket is None
        if self.problem is None and whole:
            try:  # the shard is whole: Pagefind makes its files while the rest renders
                fed.ticket = self.pool.service(fed.service).ask_files(fed.index)
            except ServiceError as error:
                self.problem = str(error)
                return
            if self.collector is not None:
                self.collector.add(shard)

    def _send(self, fed: FedShard, name: str, document: bytes) -> None:
        try:
            service = self.pool.service(fed.service)
            if fed.index is None:
                fed.index = service.new_index()
            service.add_page(fed.index, name, document.decode("utf-8", "replace"))
        except ServiceError as error:
            self.problem = str(error)
            return
        fed.sent.append(name)
