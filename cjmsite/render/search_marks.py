"""What a page tells the search indexer: whether it is indexed and its filter values.

The templates print these marks (`data-pagefind-body`, `data-pagefind-filter`); the search
stage (cjmsite.search), which runs after render, reads them back from the pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

INDEXED_TEMPLATES = ("journey.html", "touchpoint.html", "persona.html", "department.html")
FILTERS = ("journey", "persona", "department", "stage", "channel", "tag", "status")


def is_indexed(template: str) -> bool:
    """Pages that search finds: journeys, touchpoints, personas, departments, free pages."""
    return template in INDEXED_TEMPLATES or template == "page.html"


def search_filters(template: str, values: Mapping[str, Any]) -> list[tuple]:
    """(filter, value) pairs of one page, in a fixed order; names from `FILTERS`."""
    pairs: list[tuple[str, str]] = []
    journey = values.get("journey")
    if template == "touchpoint.html":
        tp = values["tp"]
        pairs.append(("journey", journey.title))
        pairs += [("persona", p.name) for p in journey.personas]
        departments = {role.department.id: role.department.name for role in tp.owners}
        pairs += [("department", name) for _, name in sorted(departments.items())]
        pairs.append(("stage", tp.stage_name))
        if tp.channel is not None:
            pairs.append(("channel", tp.channel.name))
        pairs += _journey_marks(journey)
    elif template == "journey.html":
        pairs.append(("journey", journey.title))
        pairs += [("persona", p.name) for p in journey.personas]
        if journey.owner is not None:
            pairs.append(("department", journey.owner.name))
        pairs += [("stage", s.name) for s in journey.stages if s.touchpoints]
        channels = {tp.channel.id: tp.channel.name for tp in journey.touchpoints if tp.channel}
        pairs += [("channel", name) for _, name in sorted(channels.items())]
        pairs += _journey_marks(journey)
    elif template == "persona.html":
        pairs.append(("persona", values["persona"].name))
        pairs += [("journey", j.title) for j in values.get("journeys", ())]
    elif template == "department.html":
        pairs.append(("department", values["department"].name))
    seen: set[tuple[str, str]] = set()
    return [p for p in pairs if not (p in seen or seen.add(p))]


def _journey_marks(journey: Any) -> list[tuple[str, str]]:
    """A journey's tags (display names) and status (a word the theme translates)."""
    marks = [("tag", tag.name) for tag in journey.tags]
    return marks + ([("status", journey.status)] if journey.status else [])


__all__ = ["FILTERS", "INDEXED_TEMPLATES", "is_indexed", "search_filters"]
