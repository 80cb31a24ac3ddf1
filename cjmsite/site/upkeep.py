"""The handbook's upkeep as the pipeline attaches it: git dates, read once per run, and the
build's date ("today", for staleness), with the diagnostics they give (a shallow clone,
the `stale-journey` rule)."""

from __future__ import annotations

from pathlib import Path

from cjmsite.analysis.freshness import assess, build_today, upkeep_diagnostics, with_history
from cjmsite.config.options import ConfigError, load_config
from cjmsite.diagnostics import Diagnostics
from cjmsite.model import Site
from cjmsite.sources.git_dates import GitDates, read_git_dates


def with_upkeep(
    site: Site, diags: Diagnostics, today: str | None, history: GitDates | None
) -> Site:
    """The site with git dates and today attached; their diagnostics go to `diags`."""
    if history is None:
        history = read_git_dates(Path(site.config.root), [site.config.content_dir])
    site = with_history(site, history, build_today(today))
    diags.extend(upkeep_diagnostics(site, assess(site)))
    return site


def early_history(config_path: Path) -> GitDates | None:
    """The git dates of the content folder, read before a build's no-change probe (whose key
    must include them); None when the configuration cannot be read."""
    try:
        config, _ = load_config(config_path)
    except ConfigError:
        return None
    return read_git_dates(Path(config.root), [config.content_dir])
