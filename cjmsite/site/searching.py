"""The search stage as the pipeline runs it: after render, on render's output, with the
shards of the last build (kept in the page manifest) reused when their pages did not change."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from cjmsite.model import Site
from cjmsite.render import Hooks, Rendered
from cjmsite.render.pages import PageSpec
from cjmsite.search.feed import SearchFeed, ServicePool, search_note
from cjmsite.search.pagefind import (
    PageFacts,
    SearchIndex,
    index_pages,
    pagefind_command,
    service_count,
)
from cjmsite.search.shards import shard_count


class LazyFiles(Mapping[str, bytes]):
    """Rendered bytes and files on disk (reused from the previous output, or spooled),
    read when asked for: the search stage never holds every page in memory."""

    def __init__(self, files: Mapping[str, bytes], on_disk: Mapping[str, Path]) -> None:
        self.files, self.on_disk = files, on_disk

    def __getitem__(self, key: str) -> bytes:
        if key in self.files:
            return self.files[key]
        return Path(self.on_disk[key]).read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted({*self.files, *self.on_disk}))

    def __len__(self) -> int:
        return len({*self.files, *self.on_disk})


def pages_of(rendered: Rendered) -> LazyFiles:
    """What the search stage reads: every output file of a render."""
    return LazyFiles(rendered.files, rendered.on_disk())


def index_site(
    pages: Mapping[str, bytes],
    site: Site,
    previous: Mapping[str, tuple[str, dict[str, bytes]]] | None = None,
    known: PageFacts | None = None,
    feed: SearchFeed | None = None,
) -> SearchIndex:
    """Pagefind's bundle of the site's pages, in the site's shards (see search.shards);
    shards whose pages are those of `previous` are reused; `feed`: what was sent to
    Pagefind while the pages rendered."""
    return index_pages(pages, shard_count(site), previous, known, feed)


def start_feed(
    site: Site,
    specs: list[PageSpec],
    todo: list[PageSpec],
    reused: Mapping[str, Path],
    spool: Path | None = None,
) -> tuple[SearchFeed, Hooks]:
    """A feed of the pages about to render to Pagefind (see search.feed), and the render
    hooks that feed it; its caller stops it (`feed.close()`). `spool`: where the pages are
    rendered, and the bundles written as they are made (search.collect)."""
    pool = ServicePool(pagefind_command(), service_count())
    feed = SearchFeed(
        [spec.output for spec in specs],
        {spec.output for spec in todo},
        shard_count(site),
        reused,
        pool,
        spool,
    )
    return feed, Hooks(inspect=search_note, take=lambda part: feed.take(part.notes))
