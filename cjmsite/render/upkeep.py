"""What templates show about keeping the handbook alive: last change, edit link, dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cjmsite.analysis import Insights
from cjmsite.analysis.freshness import edit_url, updated_of
from cjmsite.model import Journey, Site, TagDef
from cjmsite.render.locale import Locale


@dataclass(frozen=True)
class PageUpkeep:
    """A page's last change (git) and where to edit its file."""

    updated: datetime | None = None
    updated_by: str = ""  # shown on journey pages only
    edit_url: str = ""


NOTHING = PageUpkeep()


def page_sources(template: str, values: Any) -> tuple[tuple[str, ...], str]:
    """The content files a page is made from, and the one its edit link opens."""
    entity = {
        "journey.html": "journey",
        "touchpoint.html": "tp",
        "persona.html": "persona",
        "department.html": "department",
        "page.html": "chapter",
    }.get(template)
    if entity is None or entity not in values:
        return (), ""
    item = values[entity]
    if template == "journey.html":
        return item.source_paths, item.source.path
    return (item.source.path,), item.source.path


def page_upkeep(site: Site, page: Any) -> PageUpkeep:
    paths, edited = page_sources(page.template, page.values)
    if not paths:
        return NOTHING
    change = updated_of(site, paths)
    return PageUpkeep(
        change.when if change else None,
        change.author if change and page.template == "journey.html" else "",
        edit_url(site, edited),
    )


def date_text(locale: Locale, value: datetime | date | str | None) -> str:
    """A date as the site's language writes it: "December 4, 2026", "4 de diciembre de 2026"."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    month = locale.t(f"date.month.{value.month}")
    return locale.t("date.format", day=value.day, month=month, year=value.year)


def iso_time(value: datetime | date | str) -> str:
    """The machine-readable form for `<time datetime>`: UTC with a Z, or a plain date."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat() if isinstance(value, date) else value


def tag_journeys(site: Site) -> list[tuple[TagDef, list[Journey]]]:
    """Every catalogue tag (in catalogue order) with its journeys, by title."""
    return [
        (
            tag,
            sorted(
                (j for j in site.journeys.values() if any(t.id == tag.id for t in j.tags)),
                key=lambda j: (j.title.lower(), j.id),
            ),
        )
        for tag in site.config.tags
    ]


def upkeep_globals(site: Site, insights: Insights, locale: Locale) -> dict[str, Any]:
    """Template names for issue 15 (see docs/theming.md)."""
    return {
        "page_upkeep": lambda page: page_upkeep(site, page),
        "freshness": insights.upkeep.of,
        "date_text": lambda value: date_text(locale, value),
        "iso_time": iso_time,
        "scorecard_of": {c.department.id: c for c in insights.scorecards}.get,
    }
