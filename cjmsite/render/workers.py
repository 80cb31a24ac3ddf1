"""Render pages in a pool of forked worker processes, in page order, with hooks that see
each page (in its worker) and each finished part (here) while the rest renders."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing import get_all_start_methods
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateError

from cjmsite.model import Site
from cjmsite.pools import fork_pool
from cjmsite.render.one_page import Rendered, page_values, render_page
from cjmsite.render.pages import PageSpec

MIN_PARALLEL_PAGES = 200  # below this, starting processes costs more than it saves


@dataclass
class Hooks:
    """Who else sees the pages as they are made (the search stage). `inspect` runs where
    a page was rendered (a worker), on its path and bytes; what it returns goes back in
    `Rendered.notes`. `take` runs in this process with each part of the render, in page
    order, as soon as the part is done, while the rest renders."""

    inspect: Callable[[str, bytes], Any] | None = None
    take: Callable[[Rendered], None] | None = None


# inherited by forked workers: the environment, the model, the pages, the spool folder
_shared: tuple[Environment, Site, list[PageSpec], Path | None, Hooks] | None = None


def build_jobs() -> int:
    """Worker processes: CJMSITE_JOBS, else the usable CPUs (1 = no pool)."""
    wanted = os.environ.get("CJMSITE_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _render_range(bounds: tuple[int, int]) -> Rendered:
    """Render specs[start:stop] from the model the parent left in `_shared` before forking."""
    assert _shared is not None
    env, site, specs, spool, hooks = _shared
    part = Rendered()
    for spec in specs[bounds[0] : bounds[1]]:
        data = render_page(env, spec, {**page_values(spec, site), **spec.values}, part, spool)
        if hooks.inspect is not None and data is not None:
            part.notes[spec.output] = hooks.inspect(spec.output, data)
    drawn = env.globals["figures"].new
    if drawn:  # charts drawn here: in a worker, sent back to the parent's memo
        part.charts = dict(drawn)
        drawn.clear()
    return part


def render_in_order(
    env: Environment,
    site: Site,
    specs: list[PageSpec],
    jobs: int | None = None,
    spool: Path | None = None,
    meanwhile: Callable[[], None] | None = None,
    hooks: Hooks | None = None,
) -> list[Rendered]:
    """Pages in spec order, in a pool of forked processes when there are enough of them.

    The workers only read the model; results come back in order (pool.map over contiguous
    ranges), so files and diagnostics are the same as a serial render's. With a `spool`
    folder the pages are written there and only their paths come back, so no process
    holds every page in memory. `meanwhile` runs in this process while the workers render
    (or after the pages, without a pool); `hooks.take` sees each part as it is done.
    """
    global _shared
    jobs = jobs or build_jobs()
    hooks = hooks or Hooks()
    _shared = (env, site, specs, spool, hooks)
    try:
        if jobs < 2 or len(specs) < MIN_PARALLEL_PAGES or "fork" not in get_all_start_methods():
            part = _render_range((0, len(specs)))
            if hooks.take is not None:
                hooks.take(part)
            if meanwhile is not None:
                meanwhile()
            return [part]
        for name in sorted({spec.template for spec in specs}):
            # Compile every template once, before the fork; errors are reported per page.
            with suppress(TemplateError):
                env.get_template(name)
        step = max(1, -(-len(specs) // (jobs * 8)))
        ranges = [(i, min(i + step, len(specs))) for i in range(0, len(specs), step)]
        return _in_pool(jobs, ranges, meanwhile, hooks.take)
    finally:
        _shared = None


def _in_pool(
    jobs: int,
    ranges: list[tuple[int, int]],
    meanwhile: Callable[[], None] | None,
    take: Callable[[Rendered], None] | None,
) -> list[Rendered]:
    """The ranges rendered by `jobs` forked workers; `take` (in a thread) and `meanwhile`
    (here) run while they work."""
    # The model's objects move to a permanent generation before the fork: a collection
    # in a worker would otherwise write to every object's header, copying the parent's
    # memory page by page (at 1,000 x 15, most of the build's system time).
    gc.collect()
    gc.freeze()
    taker = None
    try:
        with fork_pool(jobs) as pool:
            parts = [pool.submit(_render_range, bounds) for bounds in ranges]
            if take is not None:
                taker = threading.Thread(target=_take_each, args=(parts, take), daemon=True)
                taker.start()
            try:
                if meanwhile is not None:
                    meanwhile()
                return [part.result() for part in parts]
            except BaseException:  # an interrupt, a worker that died: start nothing more
                for part in parts:
                    part.cancel()
                raise
    finally:
        if taker is not None:  # every part is done or cancelled by now: no `take` runs late
            taker.join()
        gc.unfreeze()


def _take_each(parts: list[Future[Rendered]], take: Callable[[Rendered], None]) -> None:
    """Hand each part to `take`, in order, as it is done (a thread; a part that failed
    stops it: the caller sees the same error)."""
    for part in parts:
        try:
            done = part.result()
        except BaseException:
            return
        take(done)
