"""Render a resolved site into the bytes of every output file, through the theme's templates."""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment
from markupsafe import Markup

from cjmsite.analysis import Insights
from cjmsite.diagnostics import Diagnostic, Severity
from cjmsite.digests import file_digest
from cjmsite.model import Site
from cjmsite.render import context as cx
from cjmsite.render.figures import Figures, make_figures
from cjmsite.render.locale import Locale, load_locale
from cjmsite.render.mermaid import mermaid_files  # issue 16
from cjmsite.render.one_page import Rendered, page_values, render_page, spool_file
from cjmsite.render.pages import PageSpec, site_pages
from cjmsite.render.site_json import OUTPUT_PATH as SITE_JSON
from cjmsite.render.site_json import site_json_parts
from cjmsite.render.theme import Theme, load_theme
from cjmsite.render.upkeep import upkeep_globals
from cjmsite.render.workers import (  # noqa: F401 - re-exported: the pool's knobs
    MIN_PARALLEL_PAGES,
    Hooks,
    build_jobs,
    render_in_order,
)
from cjmsite.urls import channel_section


def _globals(
    site: Site, insights: Insights, locale: Locale, theme: Theme, search: bool, figures: Figures
) -> dict[str, Any]:
    """Names every template can use (see docs/theming.md)."""
    names = cx.stage_names(site)
    neutral = site.config.emotion.mid
    return {
        "search": search,
        "search_strings": cx.search_strings(locale),
        "site": site,
        "config": site.config,
        "insights": insights,
        "lang": locale.language,
        "t": locale.t,
        "num": locale.number,
        "face": cx.face,
        "sentiment_of": lambda emotion: cx.sentiment_of(emotion, neutral),
        "stage_name": lambda stage_id: names.get(stage_id, stage_id),
        "nav_pages": cx.nav_pages(site),
        "figures": figures,
        "persona_mean": lambda journey, persona: cx.persona_mean(insights, journey, persona),
        "channel_journeys": lambda channel_id: cx.journeys_with_channel(site, channel_id),
        "channel_section": channel_section,
        "journeys_of": lambda persona: cx.journeys_of(site, persona),
        "inline_css": Markup(theme.static_text("style.css")),
        **upkeep_globals(site, insights, locale),  # issue 15: dates, edit links, scorecards
    }


def _site_json(
    site: Site,
    insights: Insights,
    memo: dict[str, str] | None,
    out: Rendered,
    spool: Path | None,
) -> None:
    """data/site.json into `out`: written to the spool folder as it is encoded, when there
    is one (it is the largest file: 24 MB at 200 x 15), else kept as bytes."""
    parts = site_json_parts(site, insights, memo)
    if spool is None:
        out.files[SITE_JSON] = "".join(parts).encode("utf-8")
        return
    path = spool_file(spool, SITE_JSON, None, out)
    if path is None:
        return
    try:
        with path.open("wb") as file:
            for part in parts:
                file.write(part.encode("utf-8"))
        found = file_digest(path)
    except OSError as error:  # a full disk, a folder removed under us
        message = f"cannot write the site: {error}"
        out.diagnostics.append(Diagnostic(str(spool.parent), 0, 0, Severity.ERROR, message))
        return
    out.spooled[SITE_JSON], out.digests[SITE_JSON] = path, found


@dataclass
class Setup:
    """What every page of a site is rendered with: the theme, its strings, the template
    environment and the pages to make (their specs)."""

    theme: Theme
    locale: Locale
    env: Environment
    specs: list[PageSpec]
    figures: Figures
    diagnostics: list[Diagnostic] = field(default_factory=list)


def prepare(
    site: Site,
    insights: Insights,
    search: bool,
    charts: MutableMapping[str, str] | None = None,
    templates: BytecodeCache | None = None,
    specs: list[PageSpec] | None = None,
) -> Setup:
    """Load the theme and its strings and list the pages. `search`: whether pages carry the
    search box and marks (the search stage indexes them after render). `charts`: chart SVGs
    by a digest of their inputs (see Figures); charts drawn are added to it. `templates`:
    compiled templates kept between builds (Jinja checks each one's source). `specs`: the
    pages as a previous `prepare` listed them, when the caller knows nothing they read
    changed since."""
    config = site.config
    root = Path(config.root).resolve()
    theme, problems = load_theme(config.theme, config.theme_overrides, root)
    locale, more = load_locale(theme, config.language, root)
    env = theme.environment()
    env.bytecode_cache = templates
    figures = make_figures(insights, config, locale, {} if charts is None else charts)
    env.globals.update(_globals(site, insights, locale, theme, search, figures))
    env.filters["lift_headings"] = cx.lift_headings
    env.filters["scope_ids"] = cx.scope_ids
    specs = specs if specs is not None else [
        spec
        if spec.title
        else PageSpec(
            spec.url, spec.template, locale.t(f"nav.{spec.section}"), spec.section, spec.values
        )
        for spec in site_pages(site, insights)
    ]  # fmt: skip
    return Setup(theme, locale, env, specs, figures, [*problems, *more])


def render_pages(
    setup: Setup,
    site: Site,
    insights: Insights,
    todo: list[PageSpec],
    *,
    json_memo: dict[str, str] | None = None,
    jobs: int | None = None,
    spool: Path | None = None,
    json_keep: bool = True,
    hooks: Hooks | None = None,
) -> Rendered:
    """The pages of `todo` (a subset of `setup.specs`), the 404 page, the sitemap, the
    theme's static files and, with a `json_memo` (see json_text), data/site.json.

    `jobs` worker processes render the pages (default: CJMSITE_JOBS, else the CPUs); the
    result is the same bytes whatever the number. With a `spool` folder (empty, on the
    output's file system) pages are written there (`spooled`) instead of kept in memory.
    `json_keep` False: site.json's items are not kept in `json_memo` (a build without
    the cache: 120 MB of text at 1,000 x 15 nobody would read). `hooks`: see Hooks.
    """
    config, env, locale = site.config, setup.env, setup.locale
    out = Rendered(diagnostics=list(setup.diagnostics))

    def make_site_json() -> None:  # while the workers render the pages
        if json_memo is not None:
            _site_json(site, insights, json_memo if json_keep else None, out, spool)

    for part in render_in_order(env, site, todo, jobs, spool, make_site_json, hooks):
        out.files.update(part.files)
        out.spooled.update(part.spooled)
        out.digests.update(part.digests)
        out.diagnostics.extend(part.diagnostics)
        setup.figures.memo.update(part.charts)
    missing = PageSpec("404.html", "404.html", locale.t("notfound.title"), "")
    render_page(env, missing, page_values(missing, site, absolute=True), out)
    if config.site_url:
        urls = sorted(config.site_url + spec.url for spec in setup.specs)
        sitemap = PageSpec("sitemap.xml", "sitemap.xml", "", "", {"urls": urls})
        render_page(env, sitemap, {"urls": urls}, out)
    out.files[".nojekyll"] = b""
    out.files.update(mermaid_files(site))  # issue 16: journeys/<id>/journey.mmd
    if config.cname:
        out.files["CNAME"] = (config.cname + "\n").encode("ascii")
    out.files.update(setup.theme.static_files())
    out.unknown = set(locale.unknown)
    out.files = dict(sorted(out.files.items()))
    return out


def render_only(setup: Setup, site: Site, specs: list[PageSpec]) -> Rendered:
    """These pages alone, in this process, as bytes (serve renders the pages showing a
    saved file ahead of the rest; render_pages makes the rest)."""
    (out,) = render_in_order(setup.env, site, specs, jobs=1)
    return out


def render_site(
    site: Site,
    insights: Insights,
    jobs: int | None = None,
    spool: Path | None = None,
    search: bool | None = None,
) -> Rendered:
    """Every page, the theme's static files, the sitemap and data/site.json, as bytes
    (no search index: that is the search stage's, after render). `search` defaults to
    the configuration's."""
    setup = prepare(site, insights, site.config.search if search is None else search)
    out = render_pages(setup, site, insights, setup.specs, json_memo={}, jobs=jobs, spool=spool)
    out.diagnostics.extend(setup.locale.unknown_key_diagnostics())
    return out


__all__ = ["Rendered", "Setup", "prepare", "render_only", "render_pages", "render_site"]
