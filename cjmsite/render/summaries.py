"""What stands in for a long list on its summary page (issue 19): a preview with a link to
the list's own pages, a department's part in each journey, the channel matrix's cells.

A list of INLINE_ROWS or fewer is shown whole, as on a small handbook; a longer one shows
its first PREVIEW_ROWS and links its split pages (render/pages.py makes them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cjmsite.analysis import Insights, journey_position
from cjmsite.analysis.scorecards import Handoff
from cjmsite.model import Channel, Journey, Touchpoint
from cjmsite.render.paging import CELL_TOUCHPOINTS, INLINE_ROWS, PREVIEW_ROWS


@dataclass(frozen=True)
class Preview:
    """A list as its summary page shows it: whole, or its first rows and where the rest is."""

    items: tuple[Any, ...]
    total: int  # items in the whole list
    url: str | None = None  # the first of the list's own pages; None when shown whole

    @property
    def cut(self) -> bool:
        return self.url is not None


def preview(items: Sequence[Any], url: str) -> Preview:
    """`items` whole when short, else their first PREVIEW_ROWS and the `url` of them all."""
    if len(items) <= INLINE_ROWS:
        return Preview(tuple(items), len(items))
    return Preview(tuple(items[:PREVIEW_ROWS]), len(items), url)


def top_first(items: Sequence[Any], key: Callable[[Any], Any]) -> tuple[Any, ...]:
    """`items` as they are when short enough to show whole (a small handbook looks as it
    did); sorted by `key` (stable) when only their first rows will show."""
    return tuple(sorted(items, key=key) if len(items) > INLINE_ROWS else items)


def painful_touchpoint(insights: Insights) -> Callable[[Touchpoint], tuple]:
    """Sort key: hotspots first, then by pain priority (the order among equals kept)."""
    return lambda tp: (not insights.is_hotspot(tp), -insights.max_pain(tp))


def painful_handoff(insights: Insights) -> Callable[[Handoff], tuple]:
    """Sort key: handoffs at a hotspot first, then by the higher pain priority of the two
    touchpoints (journey order among equals, the sort being stable)."""

    def key(handoff: Handoff) -> tuple:
        pair = (handoff.source, handoff.target)
        hot = any(insights.is_hotspot(tp) for tp in pair)
        return (not hot, -max(insights.max_pain(tp) for tp in pair))

    return key


def scored_then_painful(opportunity: Any) -> tuple:
    """Sort key: scored ideas by rank, then unscored ones by their touchpoint's pain."""
    if opportunity.rank is not None:
        return (0, opportunity.rank)
    return (1, -opportunity.pain)


@dataclass(frozen=True)
class JourneyShare:
    """A department's part in one journey: how many of its touchpoints, problems, ideas."""

    journey: Journey
    touchpoints: int = 0  # touchpoints the department holds a RACI letter for
    accountable: int = 0  # ... an A
    responsible: int = 0  # ... an R
    hotspots: int = 0  # hotspots among them
    pain_load: float = 0.0  # pain priority of those it is R or A for
    raci_problems: int = 0  # those whose RACI row has a problem
    handoffs: int = 0  # handoffs it is part of
    ideas: int = 0  # ideas it owns


def journey_shares(
    insights: Insights,
    department_id: str,
    handoffs: Sequence[Handoff],
    ideas: Sequence[Any],
) -> tuple[JourneyShare, ...]:
    """Every journey the department holds a letter, a handoff or an idea in: most hotspots
    first, then the most pain load, then by id."""
    journeys: dict[str, Journey] = {}
    counts: dict[str, Counter[str]] = {}

    def row(journey: Journey) -> Counter[str]:
        journeys[journey.id] = journey
        return counts.setdefault(journey.id, Counter())

    for tp in insights.departments[department_id].touchpoints:
        letters, found = set(tp.letters_for(department_id)), row(tp.journey)
        found["touchpoints"] += 1
        found["accountable"] += "A" in letters
        found["responsible"] += "R" in letters
        found["hotspots"] += insights.is_hotspot(tp)
        found["raci_problems"] += not insights.raci_for(tp).ok
        if letters & {"R", "A"}:
            found["pain_load"] += insights.max_pain(tp)
    for handoff in handoffs:
        row(handoff.journey)["handoffs"] += 1
    for opportunity in ideas:
        row(opportunity.touchpoint.journey)["ideas"] += 1
    shares = [JourneyShare(journeys[jid], **found) for jid, found in counts.items()]
    return tuple(sorted(shares, key=lambda s: (-s.hotspots, -s.pain_load, s.journey.id)))


@dataclass(frozen=True)
class Cell:
    """The touchpoints of one channel at one stage, when the matrix shows counts."""

    channel: Channel
    stage_id: str
    touchpoints: tuple[Touchpoint, ...]  # hotspots first, then by pain, journey and place
    hotspots: int
    mean_emotion: float | None

    @property
    def url(self) -> str:
        return f"channels/{self.channel.id}/{self.stage_id}/"


def channel_cells(
    channels: Sequence[Channel], insights: Insights
) -> Mapping[str, Mapping[str, Cell]] | None:
    """The matrix's non-empty cells by channel id and stage id, or None when every cell is
    short enough (CELL_TOUCHPOINTS) to list its touchpoints in the matrix itself."""
    rollups = [insights.channels[channel.id] for channel in channels]
    if all(len(tps) <= CELL_TOUCHPOINTS for r in rollups for tps in r.by_stage.values()):
        return None

    def order(tp: Touchpoint) -> tuple:
        hot = insights.is_hotspot(tp)
        return (not hot, -insights.max_pain(tp), tp.journey_id, journey_position(tp))

    cells: dict[str, dict[str, Cell]] = {}
    for channel, rollup in zip(channels, rollups, strict=True):
        for stage_id, found in rollup.by_stage.items():
            if not found:
                continue
            emotions = [
                s.emotion for tp in found for s in insights.scores_for(tp) if s.emotion is not None
            ]
            cells.setdefault(channel.id, {})[stage_id] = Cell(
                channel,
                stage_id,
                tuple(sorted(found, key=order)),
                sum(1 for tp in found if insights.is_hotspot(tp)),
                sum(emotions) / len(emotions) if emotions else None,
            )
    return cells
