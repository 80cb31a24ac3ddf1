"""The lane grid laid out for `journeys/<id>/map.svg`: pixel rows, columns and wrapped text.

SVG text does not wrap, so content is broken into lines here by an estimate of the width
of system sans-serif glyphs (generous, so nothing spills out of its cell). The template
`map.svg` draws these plain values; UI words (lane names, statuses) are short and take
one line each.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from cjmsite.render.grid import CURVE_HEIGHT, Grid, Point

LABEL_WIDTH = 200
COLUMN_WIDTH = 200
PAD = 8
LINE = 15  # px per line of 12 px text
CHARS_PER_LINE = 27  # of 12 px text in a column (about 6.8 px a glyph, wide letters included)
LABEL_CHARS = 21  # of bold 12 px text in the label column
MAX_LINES = 40  # per cell: a pathological text cannot make a map miles high


@dataclass(frozen=True, slots=True)  # slots: 80,000 lines at 200 x 15, made and read faster
class Line:
    """One line of text in a cell: literal text, or a UI word (`key`), or a number."""

    text: str = ""
    css: str = ""  # a class of the map's style sheet
    key: str = ""  # a locale key the template translates
    value: float | str | None = None  # a metric value (the template formats it)
    target: float | str | None = None
    is_metric: bool = False


@dataclass(frozen=True)
class MapRow:
    """One lane (or header row) of the map: where it is and the lines in each cell."""

    lane: str
    kind: str
    label: str  # a locale key, or a department's name (kind "raci")
    y: int
    height: int
    cells: tuple[tuple[Line, ...], ...]
    label_lines: tuple[str, ...] = ()  # a department's name (or a persona's, legend), wrapped
    handoffs: tuple[int, ...] = ()  # columns where this department takes over as R


@dataclass(frozen=True)
class MapLayout:
    width: int
    height: int
    label_width: int
    column_width: int
    line: int
    pad: int
    stage_y: int
    stage_height: int
    stage_lines: tuple[tuple[int, int, tuple[str, ...]], ...]  # (x, width, lines) per stage
    head: MapRow
    curve_y: int
    curve_height: int
    rows: tuple[MapRow, ...]
    legend: tuple[tuple[object, tuple[str, ...]], ...] = ()  # (persona style, name lines)

    def centre(self, column: int) -> float:
        """The x of a column's centre (a curve point's x)."""
        return self.label_width + (column + 0.5) * self.column_width

    def marker(self, point: Point) -> str:
        """The path of a point's persona marker at its column's centre."""
        return point.style.path_at(self.centre(point.column), self.curve_y + point.y)


def wrap(text: str, width: int = CHARS_PER_LINE, css: str = "") -> list[Line]:
    """Text broken into lines of at most `width` characters (long words split)."""
    joined = " ".join(str(text).split())
    lines = fill_words(joined, width)
    if lines is None:  # a word longer than a line, or a line would begin at a hyphen's word
        lines = textwrap.wrap(joined, width, break_long_words=True) or [""]
    return [Line(part, css) for part in lines[:MAX_LINES]]


def fill_words(joined: str, width: int) -> list[str] | None:
    """Words (`joined` by single spaces) put into lines of at most `width` characters,
    greedily, cut at the last space that fits: what textwrap.wrap makes of them at a
    twentieth of its cost (27,000 cells at 200 x 15). None where textwrap's rules may
    differ: a word longer than `width`, or a line that would begin at a word with a hyphen
    (textwrap may break after the hyphen instead)."""
    start, end = 0, len(joined)
    if end <= width:
        return [joined]
    hyphens = "-" in joined
    lines = []
    while end - start > width:
        cut = joined.rfind(" ", start, start + width + 1)
        if cut < 0:
            return None
        lines.append(joined[start:cut])
        start = cut + 1
        if hyphens:
            space = joined.find(" ", start)
            if "-" in joined[start : space if space >= 0 else end]:
                return None
    lines.append(joined[start:])
    return lines


def _cell_lines(kind: str, items: tuple) -> tuple[Line, ...]:
    lines: list[Line] = []
    for item in items:
        if kind == "raci":
            return (Line(" ".join(items), "raci"),)
        if kind == "storyboard":
            return (Line("", "", "grid.has_storyboard"),)
        if kind == "ideas":
            lines += wrap("• " + item.title)
            lines.append(Line("", "status", f"status.{item.status}"))
        elif kind == "metrics":
            lines += wrap("• " + item.name)
            lines.append(Line(value=item.value, target=item.target, is_metric=True, css="metric"))
        elif kind == "evidence":  # an Evidence: its quote, and where it comes from
            lines += wrap("• " + item.quote + (f" — {item.source}" if item.source else ""))
        else:
            lines += wrap("• " + item)
    return tuple(lines[:MAX_LINES])


def _height(cells: tuple[tuple[Line, ...], ...], label_lines: int = 1) -> int:
    most = max([len(c) for c in cells] + [label_lines, 1])
    return most * LINE + 2 * PAD


def _head(grid: Grid) -> tuple[tuple[Line, ...], ...]:
    cells = []
    for column in grid.columns:
        tp = column.touchpoint
        lines = wrap(tp.title, CHARS_PER_LINE - 3, "title")
        if column.hotspot:
            lines.insert(0, Line("", "hot", "common.hotspot"))
        channel = tp.channel
        no_channel = "" if channel else "grid.no_channel"
        lines.append(Line(channel.name if channel else "", "meta", no_channel))
        lines.append(Line("", "meta", f"channel.{channel.kind}" if channel else ""))
        lines.append(Line("", "meta", f"contact.{tp.contact}"))
        cells.append(tuple(lines))
    return tuple(cells)


def map_layout(grid: Grid) -> MapLayout:
    """Pixel positions and wrapped lines of every row of the map."""
    count = max(len(grid.columns), 1)
    stage_lines, x, most = [], LABEL_WIDTH, 1
    for stage in grid.stages:
        width = stage.span * COLUMN_WIDTH
        lines = tuple(line.text for line in wrap(f"{stage.number}. {stage.name}", width // 8))
        stage_lines.append((x, width, lines))
        most, x = max(most, len(lines)), x + width
    stage_height = most * LINE + 2 * PAD
    head_cells = _head(grid)
    head = MapRow("touchpoint", "head", "common.touchpoint", stage_height, _height(head_cells),
                  head_cells)  # fmt: skip
    y = head.y + head.height
    curve_y = y
    y += CURVE_HEIGHT
    values = tuple(
        tuple(
            Line(p.style.persona.name, "who", value=p.value)
            for p in grid.points
            if p.column == column.index
        )
        for column in grid.columns
    )
    rows = [MapRow("emotion", "values", "grid.values", y, _height(values), values)]
    y += rows[0].height
    for lane in grid.lanes:
        cells = tuple(_cell_lines(lane.kind, items) for items in lane.cells)
        names = tuple(label_lines(lane.label)) if lane.kind == "raci" else ()
        height = _height(cells, max(len(names), 1))
        handoffs = (
            tuple(c.index for c in grid.columns if c.handoff and "R" in lane.cells[c.index])
            if lane.kind == "raci"
            else ()
        )
        row = MapRow(lane.id, lane.kind, lane.label, y, height, cells, names, handoffs)
        rows.append(row)
        y += row.height
    return MapLayout(
        LABEL_WIDTH + count * COLUMN_WIDTH, y + PAD, LABEL_WIDTH, COLUMN_WIDTH, LINE, PAD,
        0, stage_height, tuple(stage_lines), head, curve_y, CURVE_HEIGHT, tuple(rows),
        tuple((s, tuple(label_lines(s.persona.name, LABEL_CHARS - 6))) for s in grid.styles),
    )  # fmt: skip


def label_lines(text: str, width: int = LABEL_CHARS) -> list[str]:
    """A name wrapped for the label column."""
    return [line.text for line in wrap(text, width)]
