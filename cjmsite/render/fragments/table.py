"""The journey page's lane grid (grid.html `table` and `curve`) drawn in Python.

A journey page draws its lane table once for the screen and again as print tiles: a macro
per row and cell made that most of the page's cost. Here the cells a table's columns share
(touchpoint heads, emotion values, lane cells) are drawn once a page, for every column, and
each table slices them; only the curve, whose x positions depend on the tile, is drawn per
table. Each piece is called by its name in grid.html, so a theme's macro still wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from cjmsite.render.fragments.common import drawer, esc
from cjmsite.render.fragments.grid import curve_point, lane_cell, tp_head, value_cell


@pass_context
def lane_label(ctx: Context, lane: Any) -> Markup:
    """A lane's row head: a department's name linked to its page, or a UI word (grid.html
    `lane_label`)."""
    if lane.kind == "raci":
        return Markup(f'<a href="{esc(ctx["url"](lane.department_url))}">{esc(lane.label)}</a>')
    return Markup(esc(ctx["t"](lane.label)))


@dataclass(frozen=True)
class DrawnCells:
    """A grid's cells for every column, drawn once a page: the tables slice them."""

    heads: list[str]  # the touchpoint row's <th> per column
    values: list[str]  # the emotion values' <td> per column
    lanes: list[tuple[str, list[str]]]  # per lane: its row's opening and head, its <td>s


_DRAWN: WeakKeyDictionary[Context, tuple[Any, DrawnCells]] = WeakKeyDictionary()


def drawn_cells(ctx: Context, grid: Any) -> DrawnCells:
    """The cells of `grid` as the template of `ctx` draws them, memoised for its page."""
    kept = _DRAWN.get(ctx)
    if kept is not None and kept[0] is grid:
        return kept[1]
    head, value = drawer(ctx, "tp_head", tp_head), drawer(ctx, "value_cell", value_cell)
    cell, label = drawer(ctx, "lane_cell", lane_cell), drawer(ctx, "lane_label", lane_label)
    heads = [
        f'<th scope="col" class="tp{" tp-hot" if column.hotspot else ""}" '
        f'data-touchpoint="{esc(column.touchpoint.id)}">{head(column)}</th>'
        for column in grid.columns
    ]
    lanes = [
        (
            f'    <tr data-lane="{esc(lane.id)}" class="lane-{esc(lane.kind)}">\n'
            f'      <th scope="row" class="lane">{label(lane)}</th>\n',
            [cell(lane, column) for column in grid.columns],
        )
        for lane in grid.lanes
    ]
    drawn = DrawnCells(heads, [value(grid, column) for column in grid.columns], lanes)
    _DRAWN[ctx] = (grid, drawn)
    return drawn


def _stage_heads(grid: Any, start: int, stop: int) -> str:
    heads, at = [], 0
    for stage in grid.stages:
        s0, s1 = max(at, start), min(at + stage.span, stop)
        if s1 > s0:
            heads.append(
                f'<th scope="colgroup" colspan="{esc(s1 - s0)}"><span class="stage-label">'
                f'<span class="stage-number">{esc(stage.number)}</span> {esc(stage.name)}'
                "</span></th>"
            )
        at += stage.span
    return "".join(heads)


@pass_context
def lane_table(ctx: Context, grid: Any, start: int, stop: int, ident: str) -> Markup:
    """The lane grid's table over columns start..stop: stage and touchpoint heads, the
    emotion curve and values, a row per lane (grid.html `table`)."""
    t, drawn, span = ctx["t"], drawn_cells(ctx, grid), stop - start
    curve_drawn = drawer(ctx, "curve", curve)(grid, start, stop, ident)
    rows = "".join(
        f"{opening}{''.join(cells[start:stop])}    </tr>\n" for opening, cells in drawn.lanes
    )
    return Markup(
        f'<table class="lane-grid" style="--cols: {esc(span)}">\n'
        '  <caption class="visually-hidden">'
        f"{esc(t('grid.caption', title=grid.journey.title))}</caption>\n"
        f'  <colgroup><col class="lane-col"><col class="tp-col" span="{esc(max(span, 1))}">'
        "</colgroup>\n  <thead>\n"
        '    <tr class="stage-row">\n      <td class="corner"></td>\n'
        f"{_stage_heads(grid, start, stop)}    </tr>\n"
        '    <tr data-lane="touchpoint">\n'
        f'      <th scope="row" class="lane">{esc(t("common.touchpoint"))}</th>\n'
        f"{''.join(drawn.heads[start:stop])}    </tr>\n  </thead>\n  <tbody>\n"
        '    <tr data-lane="emotion" class="curve-row">\n'
        f'      <th scope="row" class="lane">{esc(t("common.emotion"))}'
        f'<span class="lane-note">{esc(t("grid.band_note"))}</span></th>\n'
        f'      <td colspan="{esc(span)}" class="curve-cell">{curve_drawn}</td>\n'
        "    </tr>\n"
        '    <tr data-lane="emotion" class="values-row">\n'
        f'      <th scope="row" class="lane">{esc(t("grid.values"))}</th>\n'
        f"{''.join(drawn.values[start:stop])}    </tr>\n"
        f"{rows}  </tbody>\n</table>"
    )


def _curve_body(ctx: Context, grid: Any, start: int, stop: int) -> list[str]:
    n = stop - start
    drawn = [
        f'<rect class="band" x="{(column.index - start) * 100 / n:.4f}%" '
        f'y="{esc(column.importance_top)}" width="{100 / n:.4f}%" '
        f'height="{esc(grid.curve_height - column.importance_top)}"/>\n'
        for column in grid.columns[start:stop]
    ]
    drawn.append(
        f'<line class="neutral" x1="0" x2="100%" y1="{esc(grid.neutral_y)}" '
        f'y2="{esc(grid.neutral_y)}"/>\n'
    )
    x = grid.x_percent
    for segment in grid.segments:
        begin, end, style = segment.start, segment.end, segment.style
        if begin.column >= start and end.column < stop:
            dash = f' stroke-dasharray="{esc(style.dash)}"' if style.dash else ""
            drawn.append(
                f'<line class="line" x1="{esc(x(begin.column, start, stop))}" y1="{esc(begin.y)}"'
                f' x2="{esc(x(end.column, start, stop))}" y2="{esc(end.y)}"'
                f' stroke="{esc(style.colour)}"{dash}/>\n'
            )
    shown = [point for point in grid.points if start <= point.column < stop]
    drawn += [
        f'<circle class="ring" cx="{esc(x(point.column, start, stop))}" cy="{esc(point.y)}" '
        f'r="{esc(10 + 3 * point.style.index)}"/>\n'
        for point in shown
        if point.hotspot
    ]
    marker = drawer(ctx, "curve_point", curve_point)
    drawn += [f"{marker(grid, point, x(point.column, start, stop))}\n" for point in shown]
    return drawn


@pass_context
def curve(ctx: Context, grid: Any, start: int, stop: int, ident: str) -> Markup:
    """The emotion curve over columns start..stop, x in percent of the cell (grid.html
    `curve`)."""
    t, num, emotion = ctx["t"], ctx["num"], ctx["config"].emotion
    names = ", ".join(str(style.persona.name) for style in grid.styles)
    desc = t("grid.curve_desc", personas=names, min=num(emotion.min), max=num(emotion.max))
    i = esc(ident)
    return Markup(
        f'<svg class="curve" width="100%" height="{esc(grid.curve_height)}" role="img" '
        f'aria-labelledby="{i}-t {i}-d">\n'
        f'<title id="{i}-t">{esc(t("grid.curve_title", journey=grid.journey.title))}</title>\n'
        f'<desc id="{i}-d">{esc(desc)}</desc>\n'
        f"{''.join(_curve_body(ctx, grid, start, stop))}</svg>"
    )
