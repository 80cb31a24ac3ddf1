"""The opportunity matrix's geometry: where each scored idea's mark goes and how big it is.

Effort runs along x (1 at the left … 5), impact up y (1 at the bottom … 5). Quadrant lines
sit between effort 3 and 4 (effort ≤ 3 is low) and between impact 2 and 3 (impact ≥ 3 is
high). Ideas that share a cell are spread on a small ring around its centre, in rank order,
so every mark stays visible. The template draws the SVG from this layout (text and links
need the page's language and URLs); nothing here is random, so the bytes are stable.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cjmsite.analysis.ideas import HIGH_IMPACT_FROM, LOW_EFFORT_UP_TO, Opportunity

WIDTH, HEIGHT = 640, 480
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 56  # margins for the axis titles and ticks
STEPS = (1, 2, 3, 4, 5)
MIN_RADIUS, MAX_RADIUS = 9.0, 20.0


@dataclass(frozen=True)
class Mark:
    opportunity: Opportunity
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class Quadrant:
    name: str  # quick-wins | big-bets | fill-ins | money-pits
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class MatrixLayout:
    width: int
    height: int
    plot: tuple[float, float, float, float]  # left, top, width, height
    quadrants: tuple[Quadrant, ...]
    marks: tuple[Mark, ...]
    x_ticks: tuple[tuple[int, float], ...]  # (effort, x)
    y_ticks: tuple[tuple[int, float], ...]  # (impact, y)


def _x(effort: float) -> float:
    span = (WIDTH - LEFT - RIGHT) / len(STEPS)
    return LEFT + (effort - 0.5) * span


def _y(impact: float) -> float:
    span = (HEIGHT - TOP - BOTTOM) / len(STEPS)
    return HEIGHT - BOTTOM - (impact - 0.5) * span


def _radius(score: float, top: float) -> float:
    """Area grows with the score: radius with its square root."""
    if top <= 0:
        return MIN_RADIUS
    return round(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(score / top), 2)


def _spread(count: int, index: int, r: float) -> tuple[float, float]:
    """Offset of the index-th of `count` marks in one cell: the centre, or a ring."""
    if count == 1:
        return 0.0, 0.0
    angle = 2 * math.pi * index / count - math.pi / 2
    ring = min(22.0, 6.0 + r / 2 + 2 * count)
    return round(ring * math.cos(angle), 2), round(ring * math.sin(angle), 2)


def matrix_layout(ranked: tuple[Opportunity, ...]) -> MatrixLayout:
    """The matrix of the scored ideas (in rank order)."""
    top = max((o.score or 0 for o in ranked), default=0)
    cells: dict[tuple[int, int], list[Opportunity]] = {}
    for o in ranked:
        assert o.idea.impact is not None and o.idea.effort is not None
        cells.setdefault((o.idea.effort, o.idea.impact), []).append(o)
    marks = []
    for (effort, impact), group in sorted(cells.items()):
        for index, o in enumerate(group):
            r = _radius(o.score or 0, top)
            if len(group) > 1:  # smaller, so a ring of them stays inside the cell
                r = round(max(MIN_RADIUS * 0.8, r * 0.6), 2)
            dx, dy = _spread(len(group), index, r)
            marks.append(Mark(o, round(_x(effort) + dx, 2), round(_y(impact) + dy, 2), r))
    marks.sort(key=lambda m: m.opportunity.rank or 0)
    split_x = _x(LOW_EFFORT_UP_TO + 0.5)
    split_y = _y(HIGH_IMPACT_FROM - 0.5)
    left, top_edge = float(LEFT), float(TOP)
    right, bottom = float(WIDTH - RIGHT), float(HEIGHT - BOTTOM)
    quadrants = (
        Quadrant("quick-wins", left, top_edge, split_x - left, split_y - top_edge),
        Quadrant("big-bets", split_x, top_edge, right - split_x, split_y - top_edge),
        Quadrant("fill-ins", left, split_y, split_x - left, bottom - split_y),
        Quadrant("money-pits", split_x, split_y, right - split_x, bottom - split_y),
    )
    return MatrixLayout(
        WIDTH, HEIGHT, (left, top_edge, right - left, bottom - top_edge), quadrants,
        tuple(marks), tuple((s, _x(s)) for s in STEPS), tuple((s, _y(s)) for s in STEPS),
    )  # fmt: skip
