"""The journey map as a lane grid: plain values for the journey page, its print tiles and map.svg.

One column per touchpoint (in stage order), grouped under stage headers; lanes below.
A lane with nothing in it is left out. The emotion curve's geometry is computed here
once (y in pixels of a fixed-height band, x as a column index) so the HTML grid (x in
percent of the spanned cell, i.e. column centres) and map.svg (x in pixels) draw the
same points. pygal is not used for this curve: it cannot put points on given x
positions, so its plot would not line up with HTML columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from cjmsite.analysis import Insights
from cjmsite.model import Journey, Persona, SiteConfig, Touchpoint
from cjmsite.render.charts.palette import DASHES, PALETTE

CURVE_HEIGHT = 180  # px of the emotion band (screen, print and map.svg)
CURVE_PAD = 18  # px above the top and below the bottom of the emotion scale
SHAPES = ("circle", "square", "diamond", "triangle", "down")  # one per persona, then again
# touchpoint columns per printed sheet (landscape, 30 mm columns after a 32 mm label column)
COLUMNS_PER_SHEET = {"A2": 18, "A3": 12, "A4": 8}
LANE_IDS = (
    "touchpoint", "storyboard", "emotion", "pains", "gains", "ideas",
    "departments", "backstage", "metrics", "evidence",
)  # fmt: skip


@dataclass(frozen=True)
class PersonaStyle:
    """How one persona is drawn: colour, dash pattern, marker shape."""

    persona: Persona
    index: int
    colour: str
    dash: str
    shape: str

    @property
    def size(self) -> float:
        """Half the marker's width: each persona a little smaller than the one before."""
        return round(9 - 1.4 * (self.index % len(SHAPES)), 2)

    @property
    def path(self) -> str:
        """The marker centred on 0,0 (the HTML grid places it with <use x y>)."""
        return shape_path(self.shape, self.size, 0, 0)

    def path_at(self, x: float, y: float) -> str:
        """The marker centred on x, y (map.svg)."""
        return shape_path(self.shape, self.size, x, y)


def shape_path(shape: str, r: float, x: float, y: float) -> str:
    """An SVG path of a marker shape of half-width `r` centred on x, y."""

    def n(value: float) -> str:
        return f"{round(value, 2):g}"

    if shape == "square":
        s = r * 0.85
        return f"M{n(x - s)} {n(y - s)}H{n(x + s)}V{n(y + s)}H{n(x - s)}Z"
    if shape == "diamond":
        return f"M{n(x)} {n(y - r)}L{n(x + r)} {n(y)}L{n(x)} {n(y + r)}L{n(x - r)} {n(y)}Z"
    if shape in ("triangle", "down"):
        tip, base = (-r, r * 0.8) if shape == "triangle" else (r, -r * 0.8)
        return f"M{n(x)} {n(y + tip)}L{n(x + r)} {n(y + base)}H{n(x - r)}Z"
    arc = f"A{n(r)} {n(r)} 0 1 0"
    return f"M{n(x - r)} {n(y)}{arc} {n(x + r)} {n(y)}{arc} {n(x - r)} {n(y)}Z"


@dataclass(frozen=True)
class Point:
    """One persona's emotion at one touchpoint (column)."""

    touchpoint: Touchpoint
    style: PersonaStyle
    column: int
    value: float
    sentiment: str
    y: float
    hotspot: bool


@dataclass(frozen=True)
class Segment:
    """A line piece between two consecutive points of one persona."""

    style: PersonaStyle
    start: Point
    end: Point


@dataclass(frozen=True)
class Column:
    """One touchpoint's column."""

    touchpoint: Touchpoint
    index: int
    hotspot: bool
    moment_of_truth: bool
    importance_top: float  # y of the importance band's top edge
    handoff: bool  # the responsible (R) departments differ from the previous touchpoint's
    handoff_from: tuple[str, ...]  # responsible department names before a handoff here
    handoff_to: tuple[str, ...]


@dataclass(frozen=True)
class StageHead:
    name: str
    number: int
    span: int


@dataclass(frozen=True)
class Lane:
    """One row of the grid: `kind` says how a cell is drawn; `cells[i]` is column i's items."""

    id: str  # the toggle it belongs to (all department lanes share "departments")
    kind: str  # pains | gains | backstage | evidence | ideas | metrics | raci | storyboard
    label: str  # a UI string key, or a department's name for a raci lane
    cells: tuple[tuple, ...]
    department_url: str = ""


@dataclass(frozen=True)
class Grid:
    journey: Journey
    columns: tuple[Column, ...]
    stages: tuple[StageHead, ...]
    styles: tuple[PersonaStyle, ...]
    points: tuple[Point, ...]
    segments: tuple[Segment, ...]
    lanes: tuple[Lane, ...]
    neutral_y: float
    scale_ticks: tuple[tuple[float, float], ...]  # (value, y) of the emotion scale's min, mid, max

    curve_height: int = CURVE_HEIGHT

    @cached_property
    def column_points(self) -> tuple[tuple[Point, ...], ...]:
        """The points of each column, in persona order (worked out once per grid)."""
        found: list[list[Point]] = [[] for _ in self.columns]
        for point in self.points:
            found[point.column].append(point)
        return tuple(tuple(points) for points in found)

    @property
    def lane_ids(self) -> tuple[str, ...]:
        """The toggles this grid offers, in lane order."""
        present = {"touchpoint", "emotion", *(lane.id for lane in self.lanes)}
        return tuple(lane for lane in LANE_IDS if lane in present)

    def tiles(self, paper: str) -> list[tuple[int, int]]:
        """Column ranges [start, stop) that fit one printed sheet of `paper` each."""
        step = COLUMNS_PER_SHEET.get(paper, COLUMNS_PER_SHEET["A3"])
        count = len(self.columns)
        return [(i, min(i + step, count)) for i in range(0, count, step)] or [(0, 0)]

    def x_percent(self, column: int, start: int = 0, stop: int | None = None) -> str:
        """A column's centre as a percentage of the width spanned by columns start..stop."""
        stop = len(self.columns) if stop is None else stop
        return f"{(column - start + 0.5) * 100 / max(stop - start, 1):.4f}%"


def emotion_y(value: float, config: SiteConfig) -> float:
    """The y (px, down) of an emotion value in the curve's band."""
    low, high = config.emotion.min, config.emotion.max
    span = (high - low) or 1
    return round(CURVE_PAD + (high - value) / span * (CURVE_HEIGHT - 2 * CURVE_PAD), 2)


def _importance_top(importance: float, config: SiteConfig) -> float:
    low, high = config.importance.min, config.importance.max
    share = (importance - low) / ((high - low) or 1)
    return round(CURVE_HEIGHT * (1 - 0.9 * max(0.0, min(1.0, share))), 2)


def persona_styles(journey: Journey) -> tuple[PersonaStyle, ...]:
    """Colour, dash and marker per persona of the journey, in the journey's order."""
    return tuple(
        PersonaStyle(
            p, i, PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)], SHAPES[i % len(SHAPES)]
        )
        for i, p in enumerate(journey.personas)
    )


def responsible(tp: Touchpoint) -> tuple[str, ...]:
    """Names of the departments holding R at a touchpoint, by name."""
    return tuple(sorted(o.department.name for o in tp.owners if "R" in o.letters))


def _columns(journey: Journey, insights: Insights, config: SiteConfig) -> tuple[Column, ...]:
    columns, previous = [], None
    for i, tp in enumerate(journey.touchpoints):
        scores = insights.scores_for(tp)
        now = responsible(tp)
        handoff = previous is not None and previous != now
        columns.append(
            Column(
                tp, i, insights.is_hotspot(tp), bool(scores and scores[0].moment_of_truth),
                _importance_top(tp.importance, config), handoff,
                previous if handoff and previous else (), now if handoff else (),
            )
        )  # fmt: skip
        previous = now
    return tuple(columns)


def _curve(
    journey: Journey, styles: tuple[PersonaStyle, ...], insights: Insights, config: SiteConfig
) -> tuple[tuple[Point, ...], tuple[Segment, ...]]:
    points: list[Point] = []
    segments: list[Segment] = []
    for style in styles:
        last: Point | None = None
        for i, tp in enumerate(journey.touchpoints):
            score = next(
                (s for s in insights.scores_for(tp) if s.persona.id == style.persona.id), None
            )
            if score is None or score.emotion is None:
                last = None  # a gap: the line breaks here
                continue
            point = Point(
                tp, style, i, score.emotion, score.sentiment or "neutral",
                emotion_y(score.emotion, config), score.is_hotspot,
            )  # fmt: skip
            points.append(point)
            if last is not None:
                segments.append(Segment(style, last, point))
            last = point
    return tuple(points), tuple(segments)


def _text_lane(journey: Journey, kind: str) -> Lane | None:
    cells = tuple(tuple(getattr(tp, kind)) for tp in journey.touchpoints)
    return Lane(kind, kind, f"journey.lane.{kind}", cells) if any(cells) else None


def _lanes(journey: Journey) -> list[Lane]:
    tps = journey.touchpoints
    lanes: list[Lane | None] = []
    if any(tp.storyboard for tp in tps):
        cells = tuple((tp.storyboard,) if tp.storyboard else () for tp in tps)
        lanes.append(Lane("storyboard", "storyboard", "journey.lane.storyboard", cells))
    lanes += [_text_lane(journey, "pains"), _text_lane(journey, "gains")]
    if any(tp.ideas for tp in tps):
        lanes.append(Lane("ideas", "ideas", "journey.lane.ideas", tuple(tp.ideas for tp in tps)))
    for department in journey.departments:
        cells = tuple(tp.letters_for(department.id) for tp in tps)
        lanes.append(Lane("departments", "raci", department.name, cells, department.url))
    lanes.append(_text_lane(journey, "backstage"))
    if any(tp.metrics for tp in tps):
        cells = tuple(tp.metrics for tp in tps)
        lanes.append(Lane("metrics", "metrics", "journey.lane.metrics", cells))
    lanes.append(_text_lane(journey, "evidence"))
    return [lane for lane in lanes if lane is not None]


def journey_grid(journey: Journey, insights: Insights, config: SiteConfig) -> Grid:
    """The lane grid of one journey."""
    styles = persona_styles(journey)
    points, segments = _curve(journey, styles, insights, config)
    emotion = config.emotion
    ticks = tuple((v, emotion_y(v, config)) for v in (emotion.max, emotion.mid, emotion.min))
    return Grid(
        journey,
        _columns(journey, insights, config),
        tuple(
            StageHead(s.name, n, len(s.touchpoints))
            for n, s in enumerate(journey.stages, 1)
            if s.touchpoints
        ),
        styles,
        points,
        segments,
        tuple(_lanes(journey)),
        emotion_y(emotion.mid, config),
        ticks,
    )


def handoff_count(grid: Grid) -> int:
    return sum(1 for c in grid.columns if c.handoff)


__all__ = ["CURVE_HEIGHT", "Grid", "journey_grid"]
