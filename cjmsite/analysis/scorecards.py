"""Department scorecards: what each department answers for, where work changes hands.

Archived journeys are left out. A handoff is two consecutive touchpoints of a journey
(stage order, then order) that both have at least one R and whose sets of R departments
differ; a department takes part when it is R on either side.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import pairwise

from cjmsite.model import IDEA_STATUSES, Department, Journey, Site, Touchpoint


@dataclass(frozen=True, eq=False)
class Handoff:
    journey: Journey
    source: Touchpoint
    target: Touchpoint
    giving: tuple[Department, ...]  # R on `source`
    taking: tuple[Department, ...]  # R on `target`


@dataclass(frozen=True, eq=False)
class Scorecard:
    department: Department
    accountable: tuple[Touchpoint, ...]  # touchpoints where it is A
    responsible: tuple[Touchpoint, ...]  # where it is R
    pain_load: float  # as DepartmentRollup.pain_load: R or A touchpoints' pain priority
    hotspots: tuple[Touchpoint, ...]  # hotspot touchpoints it is A for
    ideas: Mapping[str, int]  # idea status -> ideas it owns
    handoffs: tuple[Handoff, ...]
    unaccountable: tuple[Touchpoint, ...]  # where it is R and nobody is A


def _responsible(tp: Touchpoint) -> tuple[Department, ...]:
    return tuple(o.department for o in tp.owners if "R" in o.letters)


def handoffs(journey: Journey) -> list[Handoff]:
    """The journey's handoffs, in its order."""
    found = []
    for before, after in pairwise(journey.touchpoints):
        giving, taking = _responsible(before), _responsible(after)
        if giving and taking and {d.id for d in giving} != {d.id for d in taking}:
            found.append(Handoff(journey, before, after, giving, taking))
    return found


def scorecards(
    site: Site, is_hotspot: Callable[[Touchpoint], bool], pain_load: Mapping[str, float]
) -> tuple[Scorecard, ...]:
    """One scorecard per department: most accountable hotspots first, then pain load, id."""
    live = [j for _, j in sorted(site.journeys.items()) if not j.archived]
    every = [tp for j in live for tp in j.touchpoints]
    passes = [h for j in live for h in handoffs(j)]
    held: dict[str, dict[str, list[Touchpoint]]] = {}  # department -> letter -> touchpoints
    owned: dict[str, dict[str, int]] = {}  # department -> idea status -> ideas it owns
    for tp in every:  # in order, so each list keeps the touchpoints' order
        for ownership in tp.owners:
            letters = held.setdefault(ownership.department.id, {})
            for letter in dict.fromkeys(ownership.letters):
                letters.setdefault(letter, []).append(tp)
        for idea in tp.ideas:
            if idea.owner is not None:
                counts = owned.setdefault(idea.owner.id, {})
                counts[idea.status] = counts.get(idea.status, 0) + 1
    cards = []
    for dept_id, department in sorted(site.departments.items()):
        accountable = tuple(held.get(dept_id, {}).get("A", ()))
        responsible = tuple(held.get(dept_id, {}).get("R", ()))
        ideas = {status: 0 for status in IDEA_STATUSES}
        ideas.update(owned.get(dept_id, {}))
        cards.append(
            Scorecard(
                department=department,
                accountable=accountable,
                responsible=responsible,
                pain_load=pain_load.get(dept_id, 0.0),
                hotspots=tuple(tp for tp in accountable if is_hotspot(tp)),
                ideas=ideas,
                handoffs=tuple(
                    h for h in passes if any(d.id == dept_id for d in (*h.giving, *h.taking))
                ),
                unaccountable=tuple(
                    tp for tp in responsible if not any("A" in o.letters for o in tp.owners)
                ),
            )
        )
    cards.sort(key=lambda c: (-len(c.hotspots), -c.pain_load, c.department.id))
    return tuple(cards)
