"""The body of `journeys/<id>/map.svg` (the lane grid as one SVG) drawn in Python.

map.svg wrote some 1,500 elements a journey through template loops. These functions write
the same bytes from the page's `map` (render/grid_map.py) and `grid`; a row's cells are
drawn by the template's `cells` (and that by its `line_text`), so a theme's macro of either
name still wins.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from cjmsite.render.fragments.common import drawer, esc
from cjmsite.render.fragments.grid import map_cells


def _frame(L: Any, grid: Any, t: Any) -> list[str]:
    drawn = [
        f'<rect x="0" y="0" width="{esc(L.width)}" height="{esc(L.height)}" fill="#ffffff"/>\n',
        f'<rect x="0" y="0" width="{esc(L.label_width)}" height="{esc(L.height)}" '
        'fill="#f2f2f2"/>\n',
    ]
    for n, (x, width, lines) in enumerate(L.stage_lines, 1):
        fill = "#e4ecf5" if n % 2 else "#edf2e4"
        drawn.append(
            f'<rect x="{esc(x)}" y="0" width="{esc(width)}" height="{esc(L.stage_height)}" '
            f'fill="{fill}"/>\n'
        )
        drawn += [
            f'<text x="{esc(x + L.pad)}" y="{esc(L.pad + i * L.line - 3)}" class="stage">'
            f"{esc(text)}</text>\n"
            for i, text in enumerate(lines, 1)
        ]
    drawn += [
        f'<rect x="{esc(L.label_width + column.index * L.column_width)}" y="{esc(L.head.y)}" '
        f'width="{esc(L.column_width)}" height="{esc(L.head.height)}" fill="#fde8e8"/>\n'
        for column in grid.columns
        if column.hotspot
    ]
    drawn.append(
        f'<text x="{esc(L.pad)}" y="{esc(L.head.y + L.pad + L.line - 3)}" class="lane">'
        f"{esc(t('common.touchpoint'))}</text>\n"
    )
    return drawn


def _curve(L: Any, grid: Any, num: Any) -> list[str]:
    top = L.curve_y
    drawn = [
        f'<rect class="band" x="{esc(L.label_width + column.index * L.column_width)}" '
        f'y="{esc(top + column.importance_top)}" width="{esc(L.column_width)}" '
        f'height="{esc(L.curve_height - column.importance_top)}"/>\n'
        for column in grid.columns
    ]
    neutral = esc(top + grid.neutral_y)
    drawn.append(
        f'<line class="neutral" x1="{esc(L.label_width)}" x2="{esc(L.width)}" y1="{neutral}" '
        f'y2="{neutral}"/>\n'
    )
    for segment in grid.segments:
        style = segment.style
        dash = f' stroke-dasharray="{esc(style.dash)}"' if style.dash else ""
        drawn.append(
            f'<line class="line" x1="{esc(L.centre(segment.start.column))}" '
            f'y1="{esc(top + segment.start.y)}" x2="{esc(L.centre(segment.end.column))}" '
            f'y2="{esc(top + segment.end.y)}" stroke="{esc(style.colour)}"{dash}/>\n'
        )
    drawn += [
        f'<circle class="ring" cx="{esc(L.centre(point.column))}" cy="{esc(top + point.y)}" '
        f'r="{esc(10 + 3 * point.style.index)}"/>\n'
        for point in grid.points
        if point.hotspot
    ]
    for point in grid.points:
        colour = esc(point.style.colour)
        if point.touchpoint.confidence == "assumed":
            look = f' fill="#ffffff" stroke="{colour}" stroke-width="2"'
        else:
            look = f' fill="{colour}" stroke="#ffffff" stroke-width="1"'
        drawn.append(
            f'<path d="{esc(L.marker(point))}"{look}><title>{esc(point.style.persona.name)} — '
            f"{esc(point.touchpoint.title)}: {esc(num(point.value, sign=True))}</title></path>\n"
        )
    return drawn


def _rows(L: Any, t: Any, cells: Any) -> list[str]:
    drawn, pad, line = [], L.pad, L.line
    for row in L.rows:
        y = row.y
        if row.kind == "raci":
            for index in row.handoffs:
                drawn.append(
                    f'<rect class="handoff" x="{esc(L.label_width + index * L.column_width)}" '
                    f'y="{esc(y)}" width="{esc(L.column_width)}" height="{esc(row.height)}"/>\n'
                    f'<text x="{esc(L.label_width + (index + 1) * L.column_width - pad)}" '
                    f'y="{esc(y + pad + line - 3)}" text-anchor="end" class="meta">⇄ '
                    f"{esc(t('grid.handoff'))}</text>\n"
                )
            drawn += [
                f'<text x="{esc(pad)}" y="{esc(y + pad + i * line - 3)}" class="lane">'
                f"{esc(text)}</text>\n"
                for i, text in enumerate(row.label_lines, 1)
            ]
        else:
            drawn.append(
                f'<text x="{esc(pad)}" y="{esc(y + pad + line - 3)}" class="lane">'
                f"{esc(t(row.label))}</text>\n"
            )
        drawn.append(
            f"{cells(row, y)}\n"
            f'<line class="rule" x1="0" x2="{esc(L.width)}" y1="{esc(y)}" y2="{esc(y)}"/>\n'
        )
    return drawn


def _rules_and_legend(L: Any, grid: Any) -> list[str]:
    drawn = [
        f'<line class="rule" x1="0" x2="{esc(L.width)}" y1="{esc(y)}" y2="{esc(y)}"/>\n'
        for y in (L.head.y, L.curve_y)
    ]
    for column in grid.columns:
        x = esc(L.label_width + column.index * L.column_width)
        drawn.append(f'<line class="rule" x1="{x}" x2="{x}" y1="0" y2="{esc(L.height)}"/>\n')
    at = 2
    for style, names in L.legend:
        y = L.curve_y + L.pad + (at + 1) * L.line - 7
        dash = f' stroke-dasharray="{esc(style.dash)}"' if style.dash else ""
        colour = esc(style.colour)
        drawn.append(
            f'<line x1="{esc(L.pad)}" x2="{esc(L.pad + 30)}" y1="{esc(y)}" y2="{esc(y)}" '
            f'stroke="{colour}" stroke-width="2.5"{dash}/>\n'
            f'<path d="{esc(style.path_at(L.pad + 15, y))}" fill="{colour}"/>\n'
        )
        drawn += [
            f'<text x="{esc(L.pad + 36)}" y="{esc(y + 4 + i * L.line)}" class="meta">'
            f"{esc(name)}</text>\n"
            for i, name in enumerate(names)
        ]
        at += len(names)
    return drawn


@pass_context
def map_body(ctx: Context) -> Markup:
    """Everything of map.svg after its style sheet: backgrounds, stage heads, touchpoint
    heads, the emotion curve, one row per lane, rules and the persona legend."""
    L, grid, t = ctx["map"], ctx["grid"], ctx["t"]
    cells = drawer(ctx, "cells", map_cells)
    head = f"{cells(L.head, L.head.y)}\n"
    curve_note = (
        f'<text x="{esc(L.pad)}" y="{esc(L.curve_y + L.pad + L.line - 3)}" class="lane">'
        f"{esc(t('common.emotion'))}</text>\n"
        f'<text x="{esc(L.pad)}" y="{esc(L.curve_y + L.pad + 2 * L.line - 3)}" class="meta">'
        f"{esc(t('grid.band_note'))}</text>\n"
    )
    return Markup(
        "".join(
            [
                *_frame(L, grid, t), head, curve_note, *_curve(L, grid, ctx["num"]),
                *_rows(L, t, cells), *_rules_and_legend(L, grid),
            ]
        )
    )  # fmt: skip
