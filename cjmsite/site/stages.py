"""The render and search stages as the pipeline runs them, wrapped by the build cache.

The stages themselves (render.prepare/render_pages, search.pagefind.index_pages) know
nothing of the cache: here the cache picks the pages whose inputs changed (fingerprints,
see cache.pages), hands render its chart and site.json memos, records what was rendered
in the page manifest, and gives the search stage the shards of the last build.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cjmsite.analysis import Insights
from cjmsite.diagnostics import Diagnostic
from cjmsite.model import Site
from cjmsite.render import Rendered, Setup, prepare, render_only, render_pages
from cjmsite.search.feed import SearchFeed
from cjmsite.site.cache.session import BuildCache
from cjmsite.site.searching import index_site, pages_of, start_feed


def prepare_cached(site: Site, insights: Insights, cache: BuildCache, search: bool) -> Setup:
    """The theme, strings and page list of a render, with the cache's chart memo and
    compiled templates; the page list of the last build when nothing it reads changed."""
    known = cache.known_specs(site, insights, search)
    setup = prepare(site, insights, search, cache.charts, cache.templates, known)
    cache.keep_specs(site, insights, search, setup.specs)
    return setup


def render_changed(
    setup: Setup,
    site: Site,
    insights: Insights,
    cache: BuildCache,
    spool: Path | None = None,
    jobs: int | None = None,
    ahead: Callable[[Rendered], None] | None = None,
    feeding: bool = False,
) -> tuple[Rendered, SearchFeed | None]:
    """Render the pages of `setup` whose fingerprint changed; the others are the previous
    output's files (`Rendered.reused`). The same bytes as rendering every page.

    `ahead` (serve): given the pages that show the files saved since the last build,
    rendered before anything else is worked out, to write them at once. `feeding`: the
    pages go to Pagefind as they render (the feed returned; index_changed finishes it).
    """
    first = _first(setup, site, cache, ahead)
    todo = cache.select(site, setup.specs, setup.theme.layers)
    if first is not None:
        todo = [spec for spec in todo if spec.output not in first.files]
    json_memo = cache.json_memo if cache.reuse_file("data/site.json") is None else None
    feed, hooks = (
        start_feed(site, setup.specs, todo, cache.reused, spool) if feeding else (None, None)
    )
    if feed is not None:
        todo = feed.in_shard_order(todo)
    try:
        rendered = render_pages(
            setup, site, insights, todo, json_memo=json_memo, jobs=jobs, spool=spool,
            json_keep=cache.store.enabled, hooks=hooks,
        )  # fmt: skip
    except BaseException:
        if feed is not None:
            feed.close()
        raise
    if first is not None:
        rendered.files = dict(sorted({**rendered.files, **first.files}.items()))
    rendered.reused = dict(cache.reused)
    cache.rendered(rendered.files, rendered.digests)
    setup.locale.unknown = cache.unknown_keys(rendered.unknown)  # with those of reused pages
    rendered.diagnostics.extend(setup.locale.unknown_key_diagnostics())
    return rendered, feed


def _first(
    setup: Setup, site: Site, cache: BuildCache, ahead: Callable[[Rendered], None] | None
) -> Rendered | None:
    """The pages showing the saved files, rendered and handed to `ahead`; None when there
    are none, or they did not render cleanly (then they are rendered with the rest)."""
    specs = cache.first_specs(site, setup.specs, setup.theme.layers) if ahead else []
    if not specs or ahead is None:
        return None
    first = render_only(setup, site, specs)
    if first.diagnostics:
        return None
    ahead(first)
    return first


def index_changed(
    rendered: Rendered, site: Site, cache: BuildCache, feed: SearchFeed | None = None
) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Pagefind's bundle of a render: only the shards whose pages changed are indexed
    again (most of them fed while rendering: `feed`); the manifest keeps the shards for
    the next build."""
    pages = cache.pages
    assert pages is not None  # set by render_changed
    facts = cache.page_facts()
    made = index_site(pages_of(rendered), site, pages.search_shards, facts, feed)
    ok = not made.problems
    pages.search_shards, pages.search_marks = (made.shards, made.marks) if ok else ({}, {})
    return made.bundle, made.problems
