"""The pipeline: config → load → resolve → analyse → render → write."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cjmsite.analysis import Insights, analyse
from cjmsite.config.options import ConfigError, check_site_url, load_config
from cjmsite.diagnostics import Diagnostic, Diagnostics, Location, Severity
from cjmsite.freshness import assess, build_today, upkeep_diagnostics, with_history
from cjmsite.model import Site, SiteConfig
from cjmsite.resolve.resolver import Resolver, resolve
from cjmsite.sources.files import load_content
from cjmsite.sources.git_dates import GitDates, read_git_dates
from cjmsite.write import OutputError, check_output_dir, spool_folder, write_site

if TYPE_CHECKING:
    from cjmsite.site.cache.nochange import Probe
    from cjmsite.site.cache.session import BuildCache


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

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors and not (self.strict and self.warnings)


def with_site_url(config: SiteConfig, site_url: str) -> SiteConfig:
    """The configuration with `site_url` replaced (`build --site-url`), validated the same way."""
    url, problem = check_site_url(site_url)
    if problem:
        diags = Diagnostics()
        diags.error(Location("--site-url"), f"--site-url: expected {problem}, got {site_url!r}")
        raise ConfigError(diags)
    return dataclasses.replace(config, site_url=url)


def locale_diagnostics(config: SiteConfig) -> list[Diagnostic]:
    """What the theme's strings lack for the site's language (no locale file, missing keys),
    so `check --strict` fails where `build --strict` would."""
    from cjmsite.render.locale import load_locale
    from cjmsite.render.theme import load_theme

    root = Path(config.root)
    theme, problems = load_theme(config.theme, config.theme_overrides, root)
    _, missing = load_locale(theme, config.language, root)
    return [*problems, *missing]


def check_theme(config: SiteConfig, config_path: Path) -> None:
    """The configured theme must exist: a wrong name is a configuration error (exit 2)."""
    from cjmsite.render.theme import find_theme, known_themes

    root = Path(config.root)
    if find_theme(config.theme, root) is not None:
        return
    line = next(
        (
            number
            for number, text in enumerate(config_path.read_text("utf-8").splitlines(), 1)
            if text.startswith("theme:")
        ),
        0,
    )
    known = known_themes(root)
    diags = Diagnostics()
    diags.error(
        Location(config_path.name, line, 1 if line else 0),
        f"Config value 'theme': expected a folder under themes/ or a path, got `{config.theme}`",
        "known themes: " + ", ".join(f"`{k}`" for k in known) if known else "",
    )
    raise ConfigError(diags)


def load_site(
    config_path: Path,
    reporter: Reporter | None = None,
    cache: BuildCache | None = None,
    site_url: str | None = None,
    today: str | None = None,
    history: GitDates | None = None,
) -> tuple[Site | None, Diagnostics]:
    """Config, load and resolve. Raises ConfigError for an unusable configuration.

    With a `cache`, only files whose bytes changed are parsed, and only bodies whose text
    or link targets changed are rendered to HTML. `today` (ISO date, default the build's
    date) and `history` (git dates, read here when not given) are attached to the site.
    """
    reporter = reporter or Reporter()
    config, diags = load_config(config_path)
    if site_url is not None:
        config = with_site_url(config, site_url)
    root = Path(config.root)
    check_theme(config, config_path)
    reporter.step("loading content")
    content = root / config.content_dir
    if cache is None:
        sources = load_content(content, root, diags, config.max_file_size)
    else:
        sources = cache.load(content, root, diags, config.max_file_size)
    reporter.step(f"resolving {len(sources)} files")
    if cache is None:
        site = resolve(config, sources, diags)
    else:
        resolver = Resolver(config, sources, diags)
        resolver.links = cache.link_index(config)
        site = resolver.resolve()
    # issue 15 hook: one `git log` per build (unless given), the build's date, and the
    # freshness diagnostics (shallow clone, rule stale-journey)
    return _with_upkeep(site, diags, today, history), diags


def _with_upkeep(
    site: Site | None, diags: Diagnostics, today: str | None, history: GitDates | None
) -> Site | None:
    """Issue 15: the site with git dates and today attached, diagnostics added to `diags`."""
    if site is None:
        return None
    if history is None:
        history = read_git_dates(Path(site.config.root), [site.config.content_dir])
    site = with_history(site, history, build_today(today))
    diags.extend(upkeep_diagnostics(site, assess(site)))
    return site


def early_history(config_path: Path) -> GitDates | None:
    """Issue 15: the git dates of the content folder, read before loading (None when the
    configuration cannot be read: then `load_site` reports it and reads nothing)."""
    try:
        config, _ = load_config(config_path)
    except ConfigError:
        return None
    return read_git_dates(Path(config.root), [config.content_dir])


def output_path(config: SiteConfig, output_dir: Path | str | None) -> Path:
    """Where a build writes: `-o` (relative to the working folder) or the config's
    output_dir (relative to the project)."""
    root = Path(config.root)
    output = Path(output_dir) if output_dir is not None else root / config.output_dir
    if not output.is_absolute():
        output = (Path.cwd() if output_dir is not None else root) / output
    return output


def _probe(
    config_path: Path, output_dir: Path | str | None, site_url: str | None, upkeep_key: str = ""
) -> Probe | None:
    """The inputs of the build about to run (see cache.nochange), when they can be read."""
    from cjmsite.render.theme import load_theme
    from cjmsite.search.shards import shard_size
    from cjmsite.site.cache.nochange import probe

    try:
        config, diags = load_config(config_path)
    except ConfigError:
        return None
    if diags.has_errors():
        return None
    root = Path(config.root)
    theme, problems = load_theme(config.theme, config.theme_overrides, root)
    if problems:
        return None
    output = output_path(config, output_dir)
    extra = f"site_url={site_url!r} shards={shard_size()}" + upkeep_key  # issue 15: + git, today
    content = root / config.content_dir
    return probe(config_path, root, content, theme.layers, output, extra, config.max_file_size)


def open_cache(config_path: Path | str, use_cache: bool = True) -> BuildCache:
    """The project's build cache (see cache.cache_folder); in memory only when not used."""
    from cjmsite.site.cache.session import BuildCache

    return BuildCache(Path(config_path).resolve().parent, persist=use_cache)


def check(
    config_path: Path | str,
    *,
    strict: bool = False,
    reporter: Reporter | None = None,
    today: str | None = None,
) -> BuildResult:
    """Validate the handbook without writing anything (`today`: see `load_site`)."""
    start = time.perf_counter()
    site, diags = load_site(Path(config_path), reporter, today=today)
    if site is not None:
        # what render would report about the theme's strings (build gets it from render)
        diags.extend(locale_diagnostics(site.config))
    insights = analyse(site) if site is not None and not diags.has_errors() else None
    return BuildResult(
        diags.sorted(), site, insights, seconds=time.perf_counter() - start, strict=strict
    )


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
    from cjmsite.render import render_site  # imported late: checking needs no templates
    from cjmsite.site.cache.nochange import Record, read_the_same, remember, unchanged

    reporter = reporter or Reporter()
    start = time.perf_counter()
    timings: dict[str, float] = {}
    cache = open_cache(config_path, use_cache)
    # issue 15 hook: git is read once, before the probe, whose key must include it and today
    history, today = early_history(Path(config_path)), build_today(today)
    upkeep_key = f" today={today} git={history.key if history else ''}"
    probed = (
        _probe(Path(config_path), output_dir, site_url, upkeep_key) if cache.store.enabled else None
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
        cache.sources.preread = probed.raw  # read once: the probe's bytes are the build's
    site, diags = load_site(Path(config_path), reporter, cache, site_url, today, history)
    cache.sources.preread = {}
    timings["load+resolve"] = time.perf_counter() - start
    result = BuildResult([], site, strict=strict, timings=timings)
    config = site.config
    root = Path(config.root)
    output = output_path(config, output_dir)
    result.output_dir = output
    if diags.has_errors() or (strict and diags.warnings):
        result.diagnostics = diags.sorted()
        result.seconds = time.perf_counter() - start
        return result
    mark = time.perf_counter()
    insights = analyse(site)
    result.insights = insights
    reporter.step("rendering pages")
    cache.set_output(output)
    with spool_folder(output) as spool:
        rendered = render_site(site, insights, cache=cache, spool=spool)
        diags.extend(rendered.diagnostics)
        timings["analyse+render"] = time.perf_counter() - mark
        result.diagnostics = diags.sorted()
        if diags.has_errors() or (strict and diags.warnings):
            result.seconds = time.perf_counter() - start
            return result
        mark = time.perf_counter()
        try:
            check_output_dir(output, root, root / config.content_dir)
            reporter.step(f"writing {output}")
            files, on_disk = rendered.files, rendered.on_disk()
            result.files_written = write_site(output, files, site.assets, on_disk)
        except (OutputError, OSError) as error:
            cache.forget_output()
            cache.save()
            diags.error(Location(str(output)), f"cannot write the site: {error}")
            result.diagnostics = diags.sorted()
            result.seconds = time.perf_counter() - start
            return result
    timings["write"] = time.perf_counter() - mark
    mark = time.perf_counter()
    cache.save()
    result.pages_written = sum(1 for name in rendered.names() if name.endswith(".html"))
    result.written = True
    same = probed is not None and probed.output == output
    if same and read_the_same(probed, cache.sources.hashes):
        record = Record(probed.key, diags.sorted(), result.pages_written, result.files_written)
        remember(cache.store, output, record)
    else:
        remember(cache.store, output, None)
    timings["cache"] = time.perf_counter() - mark
    result.seconds = time.perf_counter() - start
    return result
