"""The pipeline: config → sources → resolve → analysis → render → search → write.

`run` is the one pipeline: `check` (writes nothing), `build` (an atomic swap), serve's
rebuilds (site.incremental: an in-place sync, the search stage deferred) and the
benchmarks all call it. The build cache is a layer around the stages, applied here and
in site.stages: the stages are plain functions of their inputs.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from cjmsite.analysis import Insights
from cjmsite.analysis.freshness import build_today
from cjmsite.analysis.rules import rule_diagnostics
from cjmsite.config.options import load_config
from cjmsite.diagnostics import Diagnostic, Diagnostics, Location, Severity
from cjmsite.model import Site
from cjmsite.render import Rendered
from cjmsite.render.outputs import generated_conflicts
from cjmsite.search.feed import SearchFeed
from cjmsite.search.pagefind import search_status
from cjmsite.site.cache.nochange import Record, read_the_same, remember, unchanged
from cjmsite.site.cache.session import BuildCache, Memo, NoCache
from cjmsite.site.inputs import check_theme, locale_diagnostics, probe_inputs, with_site_url
from cjmsite.site.outputs import Output, Swap, output_path
from cjmsite.site.stages import index_changed, prepare_cached, render_changed
from cjmsite.site.upkeep import early_history, with_upkeep
from cjmsite.sources.git_dates import GitDates
from cjmsite.write import OutputDamaged, OutputError, after_write

__all__ = ["BuildResult", "Reporter", "Run", "build", "check", "load_site", "output_path", "run"]


class Reporter:
    """Progress messages of a build; the default one stays quiet (tests, API use)."""

    def step(self, message: str) -> None:  # pragma: no cover - trivial
        pass


@dataclass
class BuildResult:
    """What a check or build found and did."""

    diagnostics: list[Diagnostic]
    site: Site | None = None
    insights: Insights | None = None
    output_dir: Path | None = None
    files_written: int = 0
    pages_written: int = 0
    seconds: float = 0.0
    written: bool = False
    strict: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    previous_output_kept: bool = True  # False only when a failed write could not undo itself

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors and not (self.strict and self.warnings)


@dataclass
class Run:
    """One run of the pipeline: its result and what render made (serve reads both)."""

    result: BuildResult
    rendered: Rendered | None = None
    search_later: bool = False  # the search stage is the caller's to run (serve)


def load_site(
    config_path: Path,
    reporter: Reporter | None = None,
    site_url: str | None = None,
    memo: Memo | None = None,
    today: str | None = None,
    history: GitDates | None = None,
    jobs: int | None = 1,
) -> tuple[Site, Diagnostics]:
    """Config, sources and resolve. Raises ConfigError for an unusable configuration.

    `memo` (the build cache, or none) loads and resolves, reusing what it can.
    `today` (ISO date, default the build's date) and `history` (git dates, read here when
    not given: one `git log` per run) are attached to the site. `jobs` processes render
    the Markdown bodies the cache lacks (None: CJMSITE_JOBS, else the CPUs; see
    cache.bodies).
    """
    memo = memo or NoCache()
    reporter = reporter or Reporter()
    config, diags = load_config(config_path)
    if site_url is not None:
        config = with_site_url(config, site_url)
    check_theme(config, config_path)
    reporter.step("loading content")
    site = memo.resolve(config, diags, jobs)
    return with_upkeep(site, diags, today, history), diags


def _stop(diags: Diagnostics, strict: bool) -> bool:
    return diags.has_errors() or (strict and bool(diags.warnings))


def run(
    config_path: Path | str,
    output: Output | None,
    memo: Memo,
    *,
    strict: bool = False,
    reporter: Reporter | None = None,
    site_url: str | None = None,
    jobs: int | None = None,
    search_later: bool = False,
    today: str | None = None,
    history: GitDates | None = None,
) -> Run:
    """Run the stages. `output` None: check only (config to analysis, nothing rendered);
    else render, search (or leave it to the caller: `search_later`) and write with
    `output` (outputs.Swap or outputs.Sync); `memo` is the build cache (a BuildCache)
    or NoCache. Raises ConfigError for an unusable configuration."""
    reporter = reporter or Reporter()
    start = time.perf_counter()
    site, diags = load_site(
        Path(config_path), reporter, site_url, memo, today, history, jobs if output else 1
    )
    result = BuildResult([], site, strict=strict, timings={})
    result.timings["load+resolve"] = time.perf_counter() - start
    done = Run(result)
    if output is not None:
        result.output_dir = output.folder(site.config)
    if output is None:
        diags.extend(locale_diagnostics(site.config))  # what render would say of the strings
        result.insights = memo.analyse(site) if not diags.has_errors() else None
        diags.extend(generated_conflicts(site, result.insights))  # content at a built path
        if result.insights is not None:  # the rules: gates only analysis can check
            diags.extend(rule_diagnostics(site, result.insights))
    elif not _stop(diags, strict):
        assert isinstance(memo, BuildCache)
        _render_and_write(done, site, diags, output, memo, reporter, jobs, search_later)
    result.diagnostics = diags.sorted()
    result.seconds = time.perf_counter() - start
    return done


def _render_and_write(
    done: Run,
    site: Site,
    diags: Diagnostics,
    output: Output,
    cache: BuildCache,
    reporter: Reporter,
    jobs: int | None,
    search_later: bool,
) -> None:
    """Analysis, render, search and write, into `done`; problems go to `diags`."""
    result, mark = done.result, time.perf_counter()
    folder = output.folder(site.config)
    result.insights = insights = cache.analyse(site)
    diags.extend(rule_diagnostics(site, insights))  # the rules: gates on the analysis
    reporter.step("rendering pages")
    cache.set_output(folder)
    search, problems = search_status(site.config)
    diags.extend(problems)
    setup = prepare_cached(site, insights, cache, search)
    diags.extend(generated_conflicts(site, insights, setup.specs))  # content at a built path
    with output.spool(folder) as spool:
        feeding = search and not search_later and not diags.has_errors()
        done.rendered, feed = render_changed(
            setup, site, insights, cache, spool, jobs, output.ahead(), feeding
        )
        rendered = done.rendered
        try:
            diags.extend(rendered.diagnostics)
            if search and not diags.has_errors():
                done.search_later = search_later
                if not search_later:
                    bundle, problems = _index_while_saving(rendered, site, cache, feed)
                    _add_bundle(rendered, bundle, feed)
                    diags.extend(problems)
        finally:
            if feed is not None:
                feed.close()
        result.timings["analyse+render"] = time.perf_counter() - mark
        if _stop(diags, result.strict):
            return
        mark = time.perf_counter()
        try:
            reporter.step(f"writing {folder}")
            result.files_written = output.write(folder, rendered, site, done.search_later, spool)
        except (OutputError, OSError) as error:
            cache.forget_output()
            cache.save()
            result.previous_output_kept = not isinstance(error, OutputDamaged)
            diags.error(Location(str(folder)), f"cannot write the site: {error}")
            return
    result.timings["write"] = time.perf_counter() - mark
    mark = time.perf_counter()
    with after_write(folder):
        cache.save()
    result.pages_written = sum(1 for name in rendered.names() if name.endswith(".html"))
    result.written = True
    result.timings["cache"] = time.perf_counter() - mark


def _index_while_saving(
    rendered: Rendered, site: Site, cache: BuildCache, feed: SearchFeed | None
) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """The search stage, with the cache's stores of this build's inputs saved meanwhile
    (a thread: this one mostly waits for Pagefind's services)."""
    saver = threading.Thread(target=cache.save_inputs, daemon=True)
    saver.start()
    try:
        return index_changed(rendered, site, cache, feed)
    finally:
        saver.join()


def _add_bundle(rendered: Rendered, bundle: dict[str, bytes], feed: SearchFeed | None) -> None:
    """The search bundle into the output: files the feed wrote into the spool while the
    pages rendered as spooled files (the others it wrote are removed), the rest as bytes."""
    early = feed.collector.adopt(bundle) if feed is not None and feed.collector else {}
    rendered.spooled.update(early)
    rest = {rel: data for rel, data in bundle.items() if rel not in early}
    rendered.files = dict(sorted({**rendered.files, **rest}.items()))


def open_cache(config_path: Path | str, use_cache: bool = True) -> BuildCache:
    """The project's build cache (see cache.cache_folder); in memory only when not used."""
    return BuildCache(Path(config_path).resolve().parent, persist=use_cache)


def check(
    config_path: Path | str,
    *,
    strict: bool = False,
    reporter: Reporter | None = None,
    today: str | None = None,
) -> BuildResult:
    """Validate the handbook without writing anything (`today`: see `load_site`)."""
    return run(config_path, None, NoCache(), strict=strict, reporter=reporter, today=today).result


def build(
    config_path: Path | str,
    *,
    output_dir: Path | str | None = None,
    strict: bool = False,
    reporter: Reporter | None = None,
    use_cache: bool = True,
    site_url: str | None = None,
    today: str | None = None,
) -> BuildResult:
    """Build the site. The previous output is replaced only when the build succeeds.

    The build cache (see docs/performance.md) makes a rebuild render only what changed;
    `use_cache=False` (or CJMSITE_CACHE=0) builds from scratch and leaves the cache alone.
    When no input changed and the output folder is as the last build left it, the last
    build's result is returned as recorded (diagnostics, counts; `site` is None).
    `site_url` overrides cjmsite.yml's (the Pages workflow passes the published address).
    `today` (YYYY-MM-DD) fixes the date staleness is measured against.
    """
    start = time.perf_counter()
    cache = open_cache(config_path, use_cache)
    store = cache.store if cache.store.enabled else None  # git dates kept while HEAD stays
    history, today = early_history(Path(config_path), store), build_today(today)
    upkeep_key = f" today={today} git={history.key if history else ''}"
    probed = (
        probe_inputs(Path(config_path), output_dir, site_url, upkeep_key)
        if cache.store.enabled
        else None
    )
    if probed is not None and (record := unchanged(cache.store, probed.output, probed.key)):
        result = BuildResult(
            list(record.diagnostics), output_dir=probed.output, strict=strict,
            files_written=record.files, pages_written=record.pages, timings={"unchanged": 0.0},
        )  # fmt: skip
        result.written = result.ok  # --strict with warnings: failed, as a full build would
        result.seconds = time.perf_counter() - start
        return result
    if probed is not None:
        # read and hashed once: the probe's bytes are the build's
        cache.model.preread, cache.model.predigested = probed.raw, probed.keys
    swap = Swap(output_dir)
    result = run(
        config_path, swap, cache, strict=strict, reporter=reporter,
        site_url=site_url, today=today, history=history,
    ).result  # fmt: skip
    if result.written:
        mark = time.perf_counter()
        same = probed is not None and probed.output == result.output_dir
        with after_write(result.output_dir):
            if same and read_the_same(probed, cache.model.inputs(cache.scan)[0]):
                record = Record(probed.key, result.diagnostics, result.pages_written)
                record.files = result.files_written
                remember(cache.store, result.output_dir, record, swap.state or None)
            else:
                remember(cache.store, result.output_dir, None)
        result.timings["cache"] += time.perf_counter() - mark
    result.seconds = time.perf_counter() - start
    return result
