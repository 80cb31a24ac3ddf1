"""What the pipeline checks of its inputs before the stages run: `--site-url`, the
theme, the theme's strings, and the probe of the no-change shortcut (cache.nochange)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from cjmsite.config.options import ConfigError, load_config
from cjmsite.config.values import check_site_url
from cjmsite.diagnostics import Diagnostic, Diagnostics, Location
from cjmsite.model import SiteConfig
from cjmsite.render.locale import load_locale
from cjmsite.render.theme import find_theme, known_themes, load_theme
from cjmsite.search.shards import shard_size
from cjmsite.site.cache.nochange import Probe, probe
from cjmsite.site.outputs import output_path


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
    root = Path(config.root)
    theme, problems = load_theme(config.theme, config.theme_overrides, root)
    _, missing = load_locale(theme, config.language, root)
    return [*problems, *missing]


def check_theme(config: SiteConfig, config_path: Path) -> None:
    """The configured theme must exist: a wrong name is a configuration error (exit 2)."""
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


def probe_inputs(
    config_path: Path, output_dir: Path | str | None, site_url: str | None, extra_key: str = ""
) -> Probe | None:
    """The inputs of the build about to run (see cache.nochange), when they can be read."""
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
    extra = f"site_url={site_url!r} shards={shard_size()}{extra_key}"  # + git dates, today
    content = root / config.content_dir
    return probe(config_path, root, content, theme.layers, output, extra, config.max_file_size)
