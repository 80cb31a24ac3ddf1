"""How current each page is: its last change in git, its review, whether it is stale.

Computed once per build from the `Site` (its `history`, read by `sources.git_dates`, and
`config.today`, the build's date); templates and data/site.json only read the result.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import quote

from cjmsite.diagnostics import Diagnostic, Severity
from cjmsite.model import Journey, Site
from cjmsite.sources.git_dates import NO_GIT, SHALLOW_HINT, FileChange, GitDates

RULE = "stale-journey"


@dataclass(frozen=True)
class Freshness:
    """A journey's last change and review, and whether it needs a review."""

    updated: datetime | None  # newest committer date of its files (UTC)
    updated_by: str  # that commit's author; "" when unknown
    reviewed: str | None  # ISO date from `reviewed:`
    since: str | None  # ISO date the age counts from: the review, else the last change
    age_days: int | None
    stale: bool


UNKNOWN = Freshness(None, "", None, None, None, False)


def build_today(given: str | None = None) -> str:
    """The build's date: `given` (--today), else SOURCE_DATE_EPOCH's day, else today in UTC."""
    if given:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date().isoformat()
    return datetime.now(UTC).date().isoformat()


def with_history(site: Site, history: GitDates | None, today: str) -> Site:
    """The site with its files' git dates and the build's date attached."""
    config = dataclasses.replace(site.config, today=today)
    return dataclasses.replace(site, config=config, history=history or NO_GIT)


def history_of(site: Site) -> GitDates:
    return site.history if isinstance(site.history, GitDates) else NO_GIT


def updated_of(site: Site, paths: Sequence[str]) -> FileChange | None:
    """The newest change among the files a page is made from; None when git does not know."""
    return history_of(site).change_of(paths)


def journey_freshness(site: Site, journey: Journey) -> Freshness:
    """Stale: its review (else its last change) is over `stale_after_days` before today.

    Archived journeys are never stale: nobody is expected to review them."""
    change = updated_of(site, journey.source_paths)
    since = journey.reviewed or (change.when.date().isoformat() if change else None)
    today = site.config.today
    if since is None or not today:
        return Freshness(
            change.when if change else None, change.author if change else "",
            journey.reviewed, since, None, False,
        )  # fmt: skip
    age = (date.fromisoformat(today) - date.fromisoformat(since)).days
    stale = age > site.config.stale_after_days and not journey.archived
    return Freshness(
        change.when if change else None, change.author if change else "",
        journey.reviewed, since, age, stale,
    )  # fmt: skip


@dataclass(frozen=True, eq=False)
class Upkeep:
    """Every journey's freshness and the journeys that need a review, oldest first."""

    journeys: Mapping[str, Freshness]
    needs_review: tuple[Journey, ...]

    def of(self, journey: Journey) -> Freshness:
        return self.journeys.get(journey.id, UNKNOWN)


def assess(site: Site) -> Upkeep:
    found = {jid: journey_freshness(site, j) for jid, j in sorted(site.journeys.items())}
    stale = sorted(
        (site.journeys[jid] for jid, f in found.items() if f.stale),
        key=lambda j: (found[j.id].since or "", j.id),
    )
    return Upkeep(found, tuple(stale))


def edit_url(site: Site, source_path: str) -> str:
    """`<repo_url>/edit/<branch>/<path from the repository's top>`; "" without repo_url."""
    config = site.config
    if not config.repo_url or not source_path:
        return ""
    path = history_of(site).prefix + source_path
    return f"{config.repo_url}/edit/{quote(config.edit_branch)}/{quote(path)}"


def upkeep_diagnostics(site: Site, upkeep: Upkeep) -> list[Diagnostic]:
    """The shallow-clone warning and, when the rule is on, one per stale journey."""
    found: list[Diagnostic] = []
    if history_of(site).shallow:
        found.append(
            Diagnostic(
                "", 0, 0, Severity.WARNING,
                "this is a shallow git clone: 'last updated' dates may be wrong",
                SHALLOW_HINT,
            )
        )  # fmt: skip
    level = site.config.rules.get(RULE, "off")
    if level == "off":
        return found
    severity = Severity.ERROR if level == "error" else Severity.WARNING
    for journey in upkeep.needs_review:
        fresh = upkeep.of(journey)
        what = "reviewed" if fresh.reviewed else "changed"
        found.append(
            Diagnostic(
                journey.source.path, journey.source.line, 1, severity,
                f"journey `{journey.id}` was last {what} on {fresh.since}, {fresh.age_days} "
                f"days ago (stale_after_days: {site.config.stale_after_days}) [{RULE}]",
                f"review it and set `reviewed: {site.config.today}`",
            )
        )  # fmt: skip
    return found
