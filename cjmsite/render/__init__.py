"""Render a resolved site into the bytes of every output file, through the theme's templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateError, TemplateNotFound, TemplateSyntaxError
from markupsafe import Markup

from ..analysis import Insights
from ..diagnostics import Diagnostic, Severity
from ..model import Site
from ..search import index_site, is_indexed, search_filters, search_status
from ..urls import relative_url
from . import context as cx
from .figures import make_figures
from .locale import Locale, load_locale
from .pages import PageSpec, site_pages
from .theme import STATIC_PREFIX, Theme, load_theme

try:  # data/site.json is written when the export module is available
    from ..export import site_json
except ImportError:  # pragma: no cover - only while export.py is missing
    site_json = None


@dataclass
class Rendered:
    """The output: site-relative path -> bytes, and what went wrong on the way."""

    files: dict[str, bytes] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _globals(
    site: Site, insights: Insights, locale: Locale, theme: Theme, search: bool
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
        "figures": make_figures(insights, site.config, locale),
        "persona_mean": lambda journey, persona: cx.persona_mean(insights, journey, persona),
        "channel_journeys": lambda channel_id: cx.journeys_with_channel(site, channel_id),
        "journeys_of": lambda persona: cx.journeys_of(site, persona),
        "inline_css": Markup(theme.static_text("style.css")),
    }


def _page_values(spec: PageSpec, site: Site, absolute: bool = False) -> dict[str, Any]:
    """Per-page names: the page itself, link makers relative to its folder, search marks."""
    base = site.config.site_url
    names = cx.stage_names(site)

    def url(target: str) -> str:
        if absolute and base:
            return base + target
        return relative_url(target, spec.folder)

    return {
        "page": spec,
        "url": url,
        "theme_url": lambda name: url(STATIC_PREFIX + name),
        "canonical": (base + spec.url) if base and not absolute else "",
        "indexed": is_indexed(spec.template),
        "search_filters": search_filters(
            spec.template, spec.values, lambda stage_id: names.get(stage_id, stage_id)
        ),
        "search_box": not absolute,
    }


def _render(env: Environment, spec: PageSpec, values: dict[str, Any], out: Rendered) -> None:
    try:
        html = env.get_template(spec.template).render(values)
    except TemplateNotFound as error:
        out.diagnostics.append(
            Diagnostic("", 0, 0, Severity.ERROR, f"the theme has no template `{error.name}`")
        )
        return
    except TemplateSyntaxError as error:
        out.diagnostics.append(
            Diagnostic(
                error.filename or spec.template,
                error.lineno or 0,
                0,
                Severity.ERROR,
                f"template error: {error.message}",
            )
        )
        return
    except TemplateError as error:
        out.diagnostics.append(
            Diagnostic(
                spec.template,
                0,
                0,
                Severity.ERROR,
                f"template error on page `{spec.output}`: {error}",
            )
        )
        return
    out.files[spec.output] = html.encode("utf-8")


def render_site(site: Site, insights: Insights) -> Rendered:
    """Every page, the theme's static files, the sitemap and data/site.json, as bytes."""
    config = site.config
    root = Path(config.root).resolve()
    out = Rendered()
    theme, problems = load_theme(config.theme, config.theme_overrides, root)
    out.diagnostics.extend(problems)
    locale, problems = load_locale(theme, config.language, root)
    out.diagnostics.extend(problems)
    env = theme.environment()
    search, problems = search_status(config)
    out.diagnostics.extend(problems)
    env.globals.update(_globals(site, insights, locale, theme, search))
    env.filters["lift_headings"] = cx.lift_headings

    specs = site_pages(site, insights)
    for spec in specs:
        if not spec.title:
            spec = PageSpec(
                spec.url, spec.template, locale.t(f"nav.{spec.section}"), spec.section, spec.values
            )
        _render(env, spec, {**_page_values(spec, site), **spec.values}, out)
    missing = PageSpec("404.html", "404.html", locale.t("notfound.title"), "")
    _render(env, missing, _page_values(missing, site, absolute=True), out)
    if config.site_url:
        urls = sorted(config.site_url + spec.url for spec in specs)
        sitemap = PageSpec("sitemap.xml", "sitemap.xml", "", "", {"urls": urls})
        _render(env, sitemap, {"urls": urls}, out)
    out.files[".nojekyll"] = b""
    if config.cname:
        out.files["CNAME"] = (config.cname + "\n").encode("ascii")
    if site_json is not None:
        out.files["data/site.json"] = site_json(site, insights).encode("utf-8")
    out.files.update(theme.static_files())
    out.diagnostics.extend(locale.unknown_key_diagnostics())
    if search and not any(d.severity is Severity.ERROR for d in out.diagnostics):
        bundle, problems = index_site(out.files)
        out.files.update(bundle)
        out.diagnostics.extend(problems)
    out.files = dict(sorted(out.files.items()))
    return out


__all__ = ["Rendered", "render_site"]
