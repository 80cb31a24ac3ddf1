"""Derived values of ideas and research: opportunity scores, the backlog, coverage, waivers.

`score = pain priority of the idea's touchpoint (highest across personas) × impact ÷ effort`,
ranked handbook-wide. Computed once by `analysis.analyse` into `Insights.opportunities`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cjmsite.model import IDEA_STATUSES, Idea, Journey, Site, Touchpoint

if TYPE_CHECKING:
    from cjmsite.analysis import Score

PRECISION = 9  # as analysis.PRECISION: 3 × 0.1 compares equal to 0.3
HIGH_IMPACT_FROM = 3  # impact ≥ 3 is high
LOW_EFFORT_UP_TO = 3  # effort ≤ 3 is low
QUADRANTS = ("quick-wins", "big-bets", "fill-ins", "money-pits")


@dataclass(frozen=True, eq=False)
class Opportunity:
    """One idea with what the analysis makes of it; `score` and `rank` only when scored."""

    idea: Idea
    touchpoint: Touchpoint
    pain: float  # the touchpoint's pain priority, highest across personas
    score: float | None = None
    rank: int | None = None

    @property
    def journey(self) -> Journey:
        return self.touchpoint.journey

    @property
    def quadrant(self) -> str | None:
        return quadrant(self.idea.impact, self.idea.effort)


@dataclass(frozen=True)
class Waiver:
    """A rule a journey or touchpoint waives, and why."""

    rule: str
    reason: str
    journey: Journey
    touchpoint: Touchpoint | None = None  # None: the journey waives it for all its touchpoints


@dataclass(frozen=True, eq=False)
class Opportunities:
    """The handbook's ideas: ranked, grouped, and the research behind the map."""

    ideas: tuple[Opportunity, ...]  # scored by rank, then unscored in journey order
    unaddressed: tuple[Score, ...]  # hotspots whose touchpoint has no idea, ranked
    coverage: Mapping[str, float | None]  # journey id -> share of observed touchpoints
    validate_first: frozenset[tuple[str, str]]  # hotspots resting on an assumed emotion
    waivers: tuple[Waiver, ...]

    @property
    def ranked(self) -> tuple[Opportunity, ...]:
        return tuple(o for o in self.ideas if o.rank is not None)

    def by_status(self) -> list[tuple[str, tuple[Opportunity, ...]]]:
        """(status, ideas) for every status in workflow order, empty groups included."""
        return [(s, tuple(o for o in self.ideas if o.idea.status == s)) for s in IDEA_STATUSES]

    def of_journey(self, journey: Journey) -> tuple[Opportunity, ...]:
        return self._index("journey").get(journey.id, ())

    def owned_by(self, department_id: str) -> tuple[Opportunity, ...]:
        return self._index("owner").get(department_id, ())

    def of_touchpoint(self, tp: Touchpoint) -> tuple[Opportunity, ...]:
        found = self._index("touchpoint").get((tp.journey_id, tp.id), ())
        return tuple(o for o in found if o.touchpoint is tp)

    def _index(self, by: str) -> dict[Any, tuple[Any, ...]]:
        """The ideas grouped by journey id, owner id or (journey id, touchpoint id), or the
        waivers by (journey id, touchpoint id or None), in order; made once per grouping
        (pages ask for every journey's and touchpoint's)."""
        cache = self.__dict__.setdefault("_indexes", {})
        if by not in cache:
            items: tuple[Any, ...] = self.waivers if by == "waiver" else self.ideas
            groups: dict[Any, list[Any]] = {}
            for item in items:
                groups.setdefault(_INDEX_KEYS[by](item), []).append(item)
            cache[by] = {key: tuple(found) for key, found in groups.items()}
        return cache[by]

    def waivers_of(self, journey: Journey, tp: Touchpoint | None = None) -> tuple[Waiver, ...]:
        """The waivers given in a journey's file (tp None) or in one touchpoint's file."""
        found = self._index("waiver").get((journey.id, tp.id if tp else None), ())
        return tuple(w for w in found if w.journey is journey and w.touchpoint is tp)

    def needs_validation(self, tp: Touchpoint) -> bool:
        return (tp.journey_id, tp.id) in self.validate_first


_INDEX_KEYS: dict[str, Callable[[Any], Any]] = {
    "journey": lambda o: o.touchpoint.journey_id,
    "owner": lambda o: o.idea.owner.id if o.idea.owner is not None else None,
    "touchpoint": lambda o: (o.touchpoint.journey_id, o.touchpoint.id),
    "waiver": lambda w: (w.journey.id, w.touchpoint.id if w.touchpoint else None),
}


def quadrant(impact: int | None, effort: int | None) -> str | None:
    """quick-wins (high impact, low effort), big-bets, fill-ins or money-pits; None unscored."""
    if impact is None or effort is None:
        return None
    high, low = impact >= HIGH_IMPACT_FROM, effort <= LOW_EFFORT_UP_TO
    if high:
        return "quick-wins" if low else "big-bets"
    return "fill-ins" if low else "money-pits"


def opportunity_score(pain: float, impact: int | None, effort: int | None) -> float | None:
    """pain × impact ÷ effort, rounded like every derived number; None when not scored."""
    if impact is None or effort is None or effort == 0:
        return None
    return round(pain * impact / effort, PRECISION)


def coverage(journey: Journey) -> float | None:
    """The share of a journey's touchpoints whose emotion is observed (None: no touchpoints)."""
    tps = journey.touchpoints
    if not tps:
        return None
    return sum(1 for tp in tps if tp.confidence == "observed" and tp.emotion) / len(tps)


def opportunities(
    site: Site,
    max_pain: Callable[[Touchpoint], float],
    hotspots: tuple[Score, ...],
) -> Opportunities:
    """Score and rank every idea; find unaddressed hotspots, coverage and waivers."""
    found: list[tuple[tuple, Opportunity]] = []  # (tie-break key, idea)
    waivers: list[Waiver] = []
    for journey in site.journeys.values():
        if journey.archived:  # an archived map keeps its page but leaves the rankings
            continue
        waivers += [Waiver(r, why, journey) for r, why in sorted(journey.waivers.items())]
        for position, tp in enumerate(journey.touchpoints):
            waivers += [Waiver(r, why, journey, tp) for r, why in sorted(tp.waivers.items())]
            pain = max_pain(tp)
            for idea in tp.ideas:
                score = opportunity_score(pain, idea.impact, idea.effort)
                key = (journey.id, position, idea.title)
                found.append((key, Opportunity(idea, tp, pain, score)))
    scored = sorted(((k, o) for k, o in found if o.score is not None), key=lambda p: p[0])
    scored.sort(key=lambda pair: -(pair[1].score or 0))  # stable: ties keep the key order
    ranked = [
        Opportunity(o.idea, o.touchpoint, o.pain, o.score, rank)
        for rank, (_, o) in enumerate(scored, 1)
    ]
    # unscored: in journey order, as written
    unscored = [o for _, o in sorted(found, key=lambda pair: pair[0][:2]) if o.score is None]
    return Opportunities(
        ideas=(*ranked, *unscored),
        unaddressed=tuple(s for s in hotspots if not s.touchpoint.ideas),
        coverage={j.id: coverage(j) for j in site.journeys.values()},
        validate_first=frozenset(
            (s.journey.id, s.touchpoint.id)
            for s in hotspots
            if s.touchpoint.confidence == "assumed"
        ),
        waivers=tuple(waivers),
    )
