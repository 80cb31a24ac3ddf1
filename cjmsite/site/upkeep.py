"""The handbook's upkeep as the pipeline attaches it: git dates, read once per run, and the
build's date ("today", for staleness), with the diagnostics they give (a shallow clone,
the `stale-journey` rule)."""

from __future__ import annotations

from pathlib import Path

from cjmsite.analysis.freshness import assess, build_today, upkeep_diagnostics, with_history
from cjmsite.config.options import ConfigError, load_config
from cjmsite.diagnostics import Diagnostics
from cjmsite.model import Site
from cjmsite.site.cache import Store
from cjmsite.sources.git_dates import GitDates, head_commit, read_git_dates


def with_upkeep(
    site: Site, diags: Diagnostics, today: str | None, history: GitDates | None
) -> Site:
    """The site with git dates and today attached; their diagnostics go to `diags`."""
    if history is None:
        history = read_git_dates(Path(site.config.root), [site.config.content_dir])
    site = with_history(site, history, build_today(today))
    diags.extend(upkeep_diagnostics(site, assess(site)))
    return site


class History:
    """The git dates of one project, read again only when HEAD names another commit (a
    `git log` over 3,000 files and 200 commits takes a good part of a second, `git
    rev-parse HEAD` a few milliseconds); kept in memory (serve) and, given a store, in the
    build cache (build)."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store
        self.key: tuple[str, str, str] | None = None
        self.dates: GitDates | None = None

    def read(self, config_path: Path) -> GitDates | None:
        """As `early_history`, reused while the project's HEAD is the same commit."""
        try:
            config, _ = load_config(config_path)
        except ConfigError:
            return None
        root = Path(config.root)
        head = head_commit(root)
        if head is None:  # not in git (or no commit yet): nothing to keep
            return read_git_dates(root, [config.content_dir])
        key = (str(root), config.content_dir, head)
        if self.store is not None and self.dates is None:  # the last build's, read when needed
            kept = self.store.load("history")
            if isinstance(kept.get("dates"), GitDates) and isinstance(kept.get("key"), tuple):
                self.key, self.dates = kept["key"], kept["dates"]
        if key != self.key or self.dates is None:
            self.key, self.dates = key, read_git_dates(root, [config.content_dir])
            if self.store is not None:
                self.store.save("history", {"key": self.key, "dates": self.dates})
        return self.dates


def early_history(config_path: Path, store: Store | None = None) -> GitDates | None:
    """The git dates of the content folder, read before a build's no-change probe (whose key
    must include them); None when the configuration cannot be read. With the build cache's
    `store`, the dates of the last build are reused while HEAD is the same commit (one
    quick git process then, else the one that reads the dates)."""
    if store is not None:
        return History(store).read(config_path)
    try:
        config, _ = load_config(config_path)
    except ConfigError:
        return None
    return read_git_dates(Path(config.root), [config.content_dir])
