"""Derived values of the content model: sentiment, pain priority, hotspots, roll-ups.

Everything here is computed once from a resolved `Site`; templates only read it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from cjmsite.analysis.freshness import Upkeep, assess
from cjmsite.analysis.ideas import Opportunities, opportunities
from cjmsite.analysis.scorecards import Scorecard, scorecards
from cjmsite.model import RACI_LETTERS, Channel, Department, Journey, Persona, Site, Touchpoint


@dataclass(frozen=True, eq=False)
class Score:
    """One touchpoint as one persona lives it."""

    journey: Journey
    touchpoint: Touchpoint
    persona: Persona
    emotion: float | None
    importance: float
    sentiment: str | None  # negative | neutral | positive; None when no emotion given
    pain_priority: float
    moment_of_truth: bool
    position: int = field(default=0, repr=False)  # the touchpoint's journey_position

    @property
    def is_pain_point(self) -> bool:
        return self.pain_priority > 0

    @property
    def is_hotspot(self) -> bool:
        return self.is_pain_point and self.moment_of_truth

    def rank_key(self) -> tuple[float, float, str, int, str]:
        """The spec's total order: pain priority, importance (both descending), journey id,
        the touchpoint's place in its journey (stage, then order), persona id."""
        return (
            -self.pain_priority,
            -self.importance,
            self.journey.id,
            self.position,
            self.persona.id,
        )


def journey_position(tp: Touchpoint) -> int:
    """Where a touchpoint comes in its journey: stages in order, then order within a stage."""
    return tp.journey.touchpoints.index(tp) if tp.journey is not None else 0


# Decimal scores are rounded so equal-looking values compare equal (3 × 0.1 == 1 × 0.3).
PRECISION = 9


@dataclass(frozen=True, eq=False)
class RaciCheck:
    """Whether a touchpoint's RACI row follows the rules: exactly one A, at least one R."""

    accountable: int
    responsible: int

    @property
    def problems(self) -> tuple[str, ...]:
        found = []
        if self.accountable == 0:
            found.append("no-accountable")
        elif self.accountable > 1:
            found.append("many-accountable")
        if self.responsible == 0:
            found.append("no-responsible")
        return tuple(found)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, eq=False)
class DepartmentRollup:
    """A department's part in the handbook."""

    department: Department
    touchpoints: tuple[Touchpoint, ...]  # hotspots first, then by journey and order
    by_letter: Mapping[str, tuple[Touchpoint, ...]]
    pain_load: float  # sum of pain priority over the touchpoints it is R or A for
    hotspot_count: int


@dataclass(frozen=True, eq=False)
class ChannelRollup:
    channel: Channel
    by_stage: Mapping[str, tuple[Touchpoint, ...]]  # stage id -> touchpoints
    mean_emotion: float | None


@dataclass(frozen=True, eq=False)
class Insights:
    """All derived values of a site."""

    scores: Mapping[tuple[str, str], tuple[Score, ...]]  # (journey id, tp id) -> per persona
    pain_points: tuple[Score, ...]  # ranked
    hotspots: tuple[Score, ...]  # ranked
    raci: Mapping[tuple[str, str], RaciCheck]
    departments: Mapping[str, DepartmentRollup]
    channels: Mapping[str, ChannelRollup]
    journey_pain: Mapping[str, float]  # journey id -> total pain priority
    stage_ids: tuple[str, ...] = field(default=())  # every stage id in site order
    opportunities: Opportunities | None = None  # ideas scored and ranked (analysis_ideas)
    upkeep: Upkeep = field(default_factory=lambda: Upkeep({}, ()))  # freshness, needs review
    scorecards: tuple[Scorecard, ...] = ()  # most accountable hotspots first

    def scores_for(self, tp: Touchpoint) -> tuple[Score, ...]:
        return self.scores.get((tp.journey_id, tp.id), ())

    @cached_property
    def _figures(self) -> dict[tuple[str, str], tuple[bool, float]]:
        """Each touchpoint's hotspot flag and highest pain priority, worked out once: pages
        and lists ask for them tens of thousands of times at 3,000 touchpoints."""
        return {
            key: (
                any(s.is_hotspot for s in group),
                max((s.pain_priority for s in group), default=0.0),
            )
            for key, group in self.scores.items()
        }

    def is_hotspot(self, tp: Touchpoint) -> bool:
        return self._figures.get((tp.journey_id, tp.id), (False, 0.0))[0]

    def max_pain(self, tp: Touchpoint) -> float:
        return self._figures.get((tp.journey_id, tp.id), (False, 0.0))[1]

    def raci_for(self, tp: Touchpoint) -> RaciCheck:
        return self.raci[(tp.journey_id, tp.id)]

    def pain_points_of(self, journey: Journey) -> tuple[Score, ...]:
        """Ranked; an archived journey's too, though the site's rankings leave it out."""
        found = (s for tp in journey.touchpoints for s in self.scores_for(tp) if s.is_pain_point)
        return tuple(sorted(found, key=Score.rank_key))

    def hotspots_of(self, journey: Journey) -> tuple[Score, ...]:
        return tuple(s for s in self.pain_points_of(journey) if s.is_hotspot)


def sentiment(emotion: float, neutral: float) -> str:
    """negative below the neutral point, positive above it, else neutral.

    Compared after rounding, like pain priority: the midpoint of a decimal scale (0.1..0.7)
    is 0.39999999999999997, and an emotion of 0.4 is neutral there.
    """
    difference = round(emotion - neutral, PRECISION)
    if difference < 0:
        return "negative"
    if difference > 0:
        return "positive"
    return "neutral"


def pain_priority(emotion: float | None, importance: float, neutral: float) -> float:
    """importance × max(0, neutral − emotion); 0 where no emotion was given."""
    if emotion is None:
        return 0.0
    return round(importance * max(0.0, neutral - emotion), PRECISION)


def is_moment_of_truth(importance: float, max_importance: float) -> bool:
    return importance >= round(max_importance - 1, PRECISION)


def check_raci(tp: Touchpoint) -> RaciCheck:
    letters = [letter for o in tp.owners for letter in o.letters]
    return RaciCheck(accountable=letters.count("A"), responsible=letters.count("R"))


def score_touchpoint(
    site: Site, journey: Journey, tp: Touchpoint, position: int | None = None
) -> tuple[Score, ...]:
    """`position`: the touchpoint's journey_position, when the caller knows it."""
    position = journey_position(tp) if position is None else position
    neutral = site.config.emotion.mid
    top = site.config.importance.max
    scores = []
    for persona in journey.personas:
        emotion = tp.emotion.get(persona.id)
        scores.append(
            Score(
                journey=journey,
                touchpoint=tp,
                persona=persona,
                emotion=emotion,
                importance=tp.importance,
                sentiment=None if emotion is None else sentiment(emotion, neutral),
                pain_priority=pain_priority(emotion, tp.importance, neutral),
                moment_of_truth=is_moment_of_truth(tp.importance, top),
                position=position,
            )
        )
    return tuple(scores)


def _department_rollup(
    department: Department, held: list[Touchpoint], figures: Mapping[tuple[str, str], Figures]
) -> DepartmentRollup:
    def order(tp: Touchpoint) -> tuple[bool, float, str, int]:
        hot, pain, position = figures[(tp.journey_id, tp.id)]
        return (not hot, -(pain or 0), tp.journey_id, position)

    ordered = sorted(held, key=order)
    letters = {id(tp): tp.letters_for(department.id) for tp in ordered}
    by_letter = {
        letter: tuple(tp for tp in ordered if letter in letters[id(tp)]) for letter in RACI_LETTERS
    }
    load = sum(
        figures[(tp.journey_id, tp.id)][1] or 0
        for tp in ordered
        if {"R", "A"} & set(letters[id(tp)])
    )
    return DepartmentRollup(
        department=department,
        touchpoints=tuple(ordered),
        by_letter=by_letter,
        pain_load=load,
        hotspot_count=sum(1 for tp in ordered if figures[(tp.journey_id, tp.id)][0]),
    )


# A touchpoint's figures: whether it is a hotspot, its highest pain priority (None
# when it has no score) and its journey_position.
Figures = tuple[bool, float | None, int]


def _max_pain(group: tuple[Score, ...]) -> float | None:
    return max((s.pain_priority for s in group), default=None)


def _channel_rollup(
    channel: Channel,
    stages: dict[str, list[Touchpoint]],
    scores: dict[tuple[str, str], tuple[Score, ...]],
    stage_ids: list[str],
) -> ChannelRollup:
    """A channel's touchpoints by stage (in stage order) and its mean emotion."""
    emotions = [
        s.emotion
        for tps in stages.values()
        for tp in tps
        for s in scores[(tp.journey_id, tp.id)]
        if s.emotion is not None
    ]
    ordered = {
        stage_id: tuple(sorted(tps, key=lambda tp: (tp.journey_id, tp.order, tp.id)))
        for stage_id, tps in sorted(
            stages.items(), key=lambda kv: stage_ids.index(kv[0]) if kv[0] in stage_ids else 0
        )
    }
    return ChannelRollup(
        channel=channel,
        by_stage=ordered,
        mean_emotion=sum(emotions) / len(emotions) if emotions else None,
    )


def _scorecards(
    site: Site, figures: Mapping[tuple[str, str], Figures], rollups: Mapping
) -> tuple[Scorecard, ...]:
    hot = {key for key, (is_hot, _, _) in figures.items() if is_hot}
    loads = {dept_id: rollup.pain_load for dept_id, rollup in rollups.items()}
    return scorecards(site, lambda tp: (tp.journey_id, tp.id) in hot, loads)


def analyse(site: Site) -> Insights:
    """Compute every derived value of the spec for a resolved site."""
    scores: dict[tuple[str, str], tuple[Score, ...]] = {}
    raci: dict[tuple[str, str], RaciCheck] = {}
    journey_pain: dict[str, float] = {}
    figures: dict[tuple[str, str], Figures] = {}  # worked out once per touchpoint
    held: dict[str, list[Touchpoint]] = {d: [] for d in site.departments}
    by_channel: dict[str, dict[str, list[Touchpoint]]] = {c: {} for c in site.channels}
    stage_ids: list[str] = [s.id for s in site.config.stages]

    for journey in site.journeys.values():
        total = 0.0
        for stage in journey.stages:
            if stage.id not in stage_ids:
                stage_ids.append(stage.id)
        for position, tp in enumerate(journey.touchpoints):
            key = (journey.id, tp.id)
            scores[key] = group = score_touchpoint(site, journey, tp, position)
            figures[key] = (any(s.is_hotspot for s in group), _max_pain(group), position)
            total += sum(s.pain_priority for s in group)
            raci[key] = check_raci(tp)
            for ownership in tp.owners if not journey.archived else ():
                held[ownership.department.id].append(tp)
            if tp.channel is not None:
                by_channel[tp.channel.id].setdefault(tp.stage_id, []).append(tp)
        journey_pain[journey.id] = total

    # archived journeys keep their pages but leave the rankings and the departments' figures
    every = [s for group in scores.values() for s in group if not s.journey.archived]
    pain_points = tuple(sorted((s for s in every if s.is_pain_point), key=Score.rank_key))
    hotspots = tuple(s for s in pain_points if s.is_hotspot)

    channels = {
        channel_id: _channel_rollup(site.channels[channel_id], stages, scores, stage_ids)
        for channel_id, stages in by_channel.items()
    }
    departments = {
        dept_id: _department_rollup(site.departments[dept_id], tps, figures)
        for dept_id, tps in held.items()
    }

    def max_pain(tp: Touchpoint) -> float:
        pain = figures[(tp.journey_id, tp.id)][1]
        return 0.0 if pain is None else pain

    return Insights(
        upkeep=assess(site),
        scorecards=_scorecards(site, figures, departments),
        scores=scores,
        pain_points=pain_points,
        hotspots=hotspots,
        raci=raci,
        departments=departments,
        channels=channels,
        journey_pain=journey_pain,
        stage_ids=tuple(stage_ids),
        opportunities=opportunities(site, max_pain, hotspots),
    )
