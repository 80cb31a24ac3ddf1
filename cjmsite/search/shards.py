"""Split a large handbook's search index into shards that Pagefind builds one by one.

Pagefind cannot update an index: any changed page means indexing every page again (≈ 6 s
of CPU and ≈ 550 MiB for 3,000 pages; ≈ 0.37 s for a shard of 200). So past
`shard_size()` pages, each journey's pages (the journey and its touchpoints) go to one of
`count` shards, chosen by a hash of the journey id, and everything else (personas,
departments, free pages) to the primary index at `pagefind/`. Shard `k` lives at
`pagefind/shard-k/`, `pagefind/shards.json` lists them, and the search box merges them in
the browser (Pagefind's `mergeIndex`), so results and filter counts are those of one index.

What this buys: an edit re-indexes its journey's shard only, and the primary index when a
persona or department page changed (shards of 200 pages rather than 300 took a one-edit
build at 200 x 15 from 1.47 to 1.31 s); shards are indexed in parallel and made into
files one after the other; an index holds a fraction of the pages in memory.
The shard of a journey depends only on its id and the shard count, which depends only on
the number of pages: the same content always gives the same shards.
"""

from __future__ import annotations

import math
import os
import zlib
from collections.abc import Iterable

from cjmsite.model import Site

SHARD_SIZE_VARIABLE = "CJMSITE_SEARCH_SHARD_PAGES"
DEFAULT_SHARD_SIZE = 200
# A search fetches every shard's index: past 16 the shards grow instead of multiplying
# (1,000 journeys x 15 touchpoints: 16 shards of ~1,000 pages, not 80 of 200).
MAX_SHARDS = 16
PRIMARY = ""  # the name of the primary index (the bundle at pagefind/)


def shard_size() -> int:
    """Pages per shard: CJMSITE_SEARCH_SHARD_PAGES, else 200 (0 or less: never shard)."""
    raw = os.environ.get(SHARD_SIZE_VARIABLE, "").strip()
    try:
        return int(raw) if raw else DEFAULT_SHARD_SIZE
    except ValueError:
        return DEFAULT_SHARD_SIZE


def shard_count(site: Site) -> int:
    """How many journey shards the site's index gets: 0 while the site is small, at most
    MAX_SHARDS."""
    size = shard_size()
    journey_pages = sum(1 + len(journey.touchpoints) for journey in site.journeys.values())
    others = len(site.personas) + len(site.departments) + len(site.pages)
    if size <= 0 or journey_pages + others <= size:
        return 0
    return min(MAX_SHARDS, math.ceil(journey_pages / size))


def shard_of(journey_id: str, count: int) -> str:
    """The shard of a journey's pages: `shard-<k>`, or PRIMARY when there are no shards."""
    if count <= 0:
        return PRIMARY
    return f"shard-{zlib.crc32(journey_id.encode('utf-8')) % count}"


def page_shard(name: str, count: int) -> str:
    """The shard of an output page: journeys/<id>/… go with their journey, the rest PRIMARY."""
    parts = name.split("/")
    if count > 0 and len(parts) >= 3 and parts[0] == "journeys":
        return shard_of(parts[1], count)
    return PRIMARY


def group_pages(names: Iterable[str], count: int) -> dict[str, list[str]]:
    """Output pages by shard (PRIMARY first, then shard-0, shard-1, …), names sorted."""
    groups: dict[str, list[str]] = {}
    for name in sorted(names):
        groups.setdefault(page_shard(name, count), []).append(name)
    order = sorted(groups, key=shard_order)
    return {shard: groups[shard] for shard in order}


def shard_order(shard: str) -> int:
    """Sort key of a shard name: the primary index first, then shard-0, shard-1, …"""
    return -1 if shard == PRIMARY else int(shard.rsplit("-", 1)[1])
