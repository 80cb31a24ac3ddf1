"""Touchpoint order across two revisions: reorders, and the union order the arcs share."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from ..analysis import Insights
from ..model import Journey, Touchpoint

if TYPE_CHECKING:
    from .changes import JourneyDiff


def reorders(old: Journey, new: Journey, pairs: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Head touchpoint id -> (base place, head place) for those whose order among the
    touchpoints that stayed in their stage changed."""
    back = {v: k for k, v in pairs.items()}
    base_place = {tp.id: i + 1 for i, tp in enumerate(old.touchpoints)}
    head_place = {tp.id: i + 1 for i, tp in enumerate(new.touchpoints)}
    moved: dict[str, tuple[int, int]] = {}
    for stage in new.stages:
        after = [tp.id for tp in stage.touchpoints if tp.id in back]
        after = [
            t
            for t in after
            if (o := old.touchpoint(back[t])) is not None and o.stage_id == stage.id
        ]
        before = sorted(after, key=lambda t: base_place[back[t]])
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        kept = {after[b + i] for _, b, size in matcher.get_matching_blocks() for i in range(size)}
        for t in after:
            if t not in kept:
                moved[t] = (base_place[back[t]], head_place[t])
    return moved


def arcs(
    diff: JourneyDiff,
    old: Journey | None,
    new: Journey | None,
    pairs: dict[str, str],
    bi: Insights | None,
    hi: Insights | None,
) -> None:
    """The union of both sides' touchpoints in head order and each persona's two arcs."""
    back = {v: k for k, v in pairs.items()}
    rows: list[tuple[Touchpoint | None, Touchpoint | None]] = []
    if new is not None:
        rows = [
            (old.touchpoint(back[tp.id]) if old and tp.id in back else None, tp)
            for tp in new.touchpoints
        ]
    if old is not None:
        placed = {id(o) for o, _ in rows if o is not None}
        for tp in old.touchpoints:
            if id(tp) in placed:
                continue
            index = 0
            previous = old.touchpoints.index(tp) - 1
            while previous >= 0:
                prev = old.touchpoints[previous]
                hit = next((i for i, (o, _) in enumerate(rows) if o is prev), None)
                if hit is not None:
                    index = hit + 1
                    break
                previous -= 1
            rows.insert(index, (tp, None))
    personas = [p.id for p in (new.personas if new else ())] + [
        p.id
        for p in (old.personas if old else ())
        if new is None or p.id not in {q.id for q in new.personas}
    ]
    for o, n in rows:
        tp = n or o
        diff.chart_labels.append(tp.title)
        names = {s.id: s.name for s in (tp.journey.stages if tp.journey else ())}
        diff.chart_stages.append((tp.stage_id, names.get(tp.stage_id, tp.stage_id)))
    for persona in personas:
        for side, arc, hot, ins in (
            (0, diff.chart_before, diff.hot_before, bi),
            (1, diff.chart_after, diff.hot_after, hi),
        ):
            values = []
            for i, pair in enumerate(rows):
                tp = pair[side]
                values.append(None if tp is None else tp.emotion.get(persona))
                if (
                    tp is not None
                    and ins is not None
                    and any(s.is_hotspot and s.persona.id == persona for s in ins.scores_for(tp))
                ):
                    hot.setdefault(persona, set()).add(i)
            arc[persona] = values
