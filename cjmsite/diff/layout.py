"""Touchpoint order across two revisions: reorders, and the union order the arcs share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cjmsite.analysis import Insights
from cjmsite.model import Journey, Touchpoint

if TYPE_CHECKING:
    from cjmsite.diff.changes import JourneyDiff


def _kept(before: list[str], after: list[str], weight: dict[str, int]) -> set[str]:
    """The heaviest subsequence `after` shares with `before` (both hold the same ids)."""
    rank = {t: i for i, t in enumerate(before)}
    best: list[tuple[int, int]] = []  # per index of `after`: (weight, previous index)
    for i, t in enumerate(after):
        prev = [(best[j][0], j) for j in range(i) if rank[after[j]] < rank[t]]
        top = max(prev, default=(0, -1), key=lambda p: (p[0], -p[1]))
        best.append((top[0] + weight[t], top[1]))
    kept: set[str] = set()
    i = max(range(len(after)), key=lambda k: (best[k][0], -k), default=-1)
    while i >= 0:
        kept.add(after[i])
        i = best[i][1]
    return kept


def reorders(old: Journey, new: Journey, pairs: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Head touchpoint id -> (base place, head place) for those whose order among the
    touchpoints that stayed in their stage changed.

    The reported set is the smallest that explains the new order, preferring the
    touchpoints whose `NN-` prefix or `order` value changed (the ones the author moved):
    touchpoints whose order value is unchanged are reported only when moving the others
    cannot explain the new order."""
    back = {v: k for k, v in pairs.items()}
    base_place = {tp.id: i + 1 for i, tp in enumerate(old.touchpoints)}
    head_place = {tp.id: i + 1 for i, tp in enumerate(new.touchpoints)}
    moved: dict[str, tuple[int, int]] = {}
    for stage in new.stages:
        after = [tp for tp in stage.touchpoints if tp.id in back]
        olds = {tp.id: old.touchpoint(back[tp.id]) for tp in after}
        after = [tp for tp in after if (o := olds[tp.id]) is not None and o.stage_id == stage.id]
        ids = [tp.id for tp in after]
        before = sorted(ids, key=lambda t: base_place[back[t]])
        # an untouched order value weighs more than any number of touched ones
        weight = {
            tp.id: 1 if olds[tp.id].order != tp.order else len(ids) + 1  # type: ignore[union-attr]
            for tp in after
        }
        kept = _kept(before, ids, weight)
        for t in ids:
            if t not in kept:
                moved[t] = (base_place[back[t]], head_place[t])
    return moved


def arcs(
    diff: JourneyDiff,
    old: Journey | None,
    new: Journey | None,
    pairs: dict[str, str],
    base_insights: Insights | None,
    head_insights: Insights | None,
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
            (0, diff.chart_before, diff.hot_before, base_insights),
            (1, diff.chart_after, diff.hot_after, head_insights),
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
