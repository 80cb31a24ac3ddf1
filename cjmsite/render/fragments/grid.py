"""The pieces of `grid.html` (the journey's lane grid) and `map.svg` drawn in Python."""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from cjmsite.render.fragments.common import drawer, emotion, esc, hotspot_flag, letters, piece

ONLINE_ICON = (
    '<circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.5"/>'
    '<path d="M1.5 8h13M8 1.5c-3 3.5-3 9.5 0 13M8 1.5c3 3.5 3 9.5 0 13" fill="none" '
    'stroke="currentColor" stroke-width="1.2"/>'
)
OFFLINE_ICON = '<path d="M7.25 1h1.5v14h-1.5zM2 3h10l2.5 2-2.5 2H2z" fill="currentColor"/>'


def channel_icon(kind: str) -> Markup:
    """A channel kind's icon: online a globe, offline a signpost (grid.html `channel_icon`)."""
    return Markup(
        f'<svg class="icon icon-{esc(kind)}" width="14" height="14" viewBox="0 0 16 16" '
        'aria-hidden="true" focusable="false">'
        f"{ONLINE_ICON if kind == 'online' else OFFLINE_ICON}</svg>"
    )


@pass_context
def tp_head(ctx: Context, column: Any) -> Markup:
    """A touchpoint's column head in the lane grid (grid.html `tp_head`)."""
    t, tp = ctx["t"], column.touchpoint
    flag = piece(ctx, "hotspot_flag", hotspot_flag) if column.hotspot else ""
    channel = tp.channel
    if channel:
        kind = channel.kind
        meta = Markup(
            f"{piece(ctx, 'channel_icon', channel_icon, kind)} {esc(channel.name)} "
            f'<span class="quiet">({esc(t(f"channel.{kind}"))})</span>'
        )
    else:
        meta = Markup(f'<span class="quiet">{esc(t("grid.no_channel"))}</span>')
    return Markup(
        f'{flag}<a class="tp-title" href="{esc(ctx["url"](tp.url))}">{esc(tp.title)}</a>\n'
        f'<span class="tp-meta">{meta}</span>\n'
        f'<span class="tp-meta quiet">{esc(t(f"contact.{tp.contact}"))} · '
        f"{esc(str(t('common.importance')).lower())} {esc(ctx['num'](tp.importance))}</span>"
    )


def _lane_item(ctx: Context, kind: str, item: Any) -> str:
    t, num = ctx["t"], ctx["num"]
    if kind == "ideas":
        status = item.status
        return (
            f'{esc(item.title)} <span class="status status-{esc(status)}">'
            f"{esc(t(f'status.{status}'))}</span>"
        )
    if kind == "metrics":
        text = f"{esc(item.name)}: <strong>{esc(num(item.value))}</strong>"
        if item.target is not None:
            target = esc(str(t("metric.target")).lower())
            text += f' <span class="quiet">/ {target} {esc(num(item.target))}</span>'
        return text
    if kind == "evidence":
        source = f' <span class="quiet">— {esc(item.source)}</span>' if item.source else ""
        return f"{esc(item.quote)}{source}"
    return esc(item)


@pass_context
def lane_items(ctx: Context, lane: Any, items: Any, tp: Any) -> Markup:
    """One cell of a lane: RACI letters, storyboard thumbnails or a list (grid.html
    `lane_items`)."""
    kind = lane.kind
    if kind == "raci":
        return Markup(f"{piece(ctx, 'letters', letters, items)}\n")
    if kind == "storyboard":
        url = ctx["url"]
        alt = esc(ctx["t"]("touchpoint.storyboard_alt", title=tp.title))
        return Markup(
            "".join(
                f'<img class="thumb" src="{esc(url(path))}" alt="{alt}" loading="lazy">'
                for path in items
            )
        )
    if not items:
        return Markup()
    listed = "".join(f"<li>{_lane_item(ctx, kind, item)}</li>" for item in items)
    return Markup(f'<ul class="lane-list">{listed}</ul>')


@pass_context
def point_title(ctx: Context, point: Any) -> Markup:
    """A curve point's tooltip: persona, touchpoint, value, sentiment (grid.html
    `point_title`)."""
    t = ctx["t"]
    hot = f" — {esc(t('common.hotspot'))}" if point.hotspot else ""
    return Markup(
        f"{esc(point.style.persona.name)} — {esc(point.touchpoint.title)}: "
        f"{esc(ctx['num'](point.value, sign=True))} "
        f"({esc(t(f'sentiment.{point.sentiment}'))}){hot}"
    )


@pass_context
def curve_point(ctx: Context, grid: Any, point: Any, x: str) -> Markup:
    """One persona's marker at one touchpoint on the HTML grid's curve (grid.html
    `curve_point`; map.svg draws its own)."""
    tp, style = point.touchpoint, point.style
    colour = esc(style.colour)
    assumed = tp.confidence == "assumed"
    if assumed:
        look = f' fill="none" stroke="{colour}" stroke-width="2"'
        note = f" ({esc(str(ctx['t']('confidence.assumed')).lower())})"
    else:
        look, note = f' fill="{colour}"', ""
    css = "point point-assumed" if assumed else "point"
    return Markup(
        f'<use class="{css}" href="#mark-{esc(style.index)}"'
        f' x="{esc(x)}" y="{esc(point.y)}"{look} data-touchpoint="{esc(tp.id)}"'
        f' data-persona="{esc(style.persona.id)}" data-confidence="{esc(tp.confidence)}">'
        f"<title>{piece(ctx, 'point_title', point_title, point)}{note}</title></use>"
    )


@pass_context
def lane_cell(ctx: Context, lane: Any, column: Any) -> Markup:
    """A lane's cell in one column of the grid; where the responsible department changes,
    the R department's cell says "handoff"."""
    items = lane.cells[column.index]
    handoff = lane.kind == "raci" and column.handoff and "R" in items
    shown = piece(ctx, "lane_items", lane_items, lane, items, column.touchpoint)
    if not handoff:
        return Markup(f'<td data-touchpoint="{esc(column.touchpoint.id)}">{shown}</td>')
    return Markup(
        f'<td data-touchpoint="{esc(column.touchpoint.id)}" class="handoff">{shown}'
        ' <span class="handoff-mark"><span aria-hidden="true">⇄ </span>'
        f"{esc(ctx['t']('grid.handoff'))}</span></td>"
    )


@pass_context
def value_cell(ctx: Context, grid: Any, column: Any) -> Markup:
    """The emotion values of one column: each persona's (named when there are several)."""
    named = len(grid.styles) > 1
    listed = "".join(
        "<li>"
        + (f'<span class="who">{esc(point.style.persona.name)}</span> ' if named else "")
        + f"{piece(ctx, 'emotion', emotion, point.value, point.sentiment)}</li>"
        for point in grid.column_points[column.index]
    )
    return Markup(
        f'<td data-touchpoint="{esc(column.touchpoint.id)}">'
        f'<ul class="lane-list values">{listed}</ul></td>'
    )


@pass_context
def map_line_text(ctx: Context, line: Any) -> Markup:
    """One line of a map.svg cell (render/grid_map.py `Line`): a metric, a persona's value,
    a UI word or plain text (map.svg `line_text`)."""
    num = ctx["num"]
    if line.is_metric:
        text = esc(num(line.value))
        if line.target is not None:
            target = esc(str(ctx["t"]("metric.target")).lower())
            text += f" / {target} {esc(num(line.target))}"
        return Markup(text)
    if line.css == "who":
        who = f"{esc(line.text)}: " if len(ctx["grid"].styles) > 1 else ""
        return Markup(f"{who}{esc(num(line.value, sign=True))}")
    if line.key:
        word = esc(ctx["t"](line.key))
        return Markup(f"{word} {esc(line.text)}" if line.text else word)
    return Markup(esc(line.text))


@pass_context
def map_cells(ctx: Context, row: Any, top: int) -> Markup:
    """The <text> lines of a map.svg row's cells, each cell in its column (map.svg
    `cells`; the layout is the page's `map`)."""
    layout = ctx["map"]
    step, pad, line_height = layout.column_width, layout.pad, layout.line
    text, drawn = drawer(ctx, "line_text", map_line_text), []
    for i, cell in enumerate(row.cells):
        x = layout.label_width + i * step + pad
        for n, line in enumerate(cell, 1):
            drawn.append(
                f'<text x="{esc(x)}" y="{esc(top + pad + n * line_height - 3)}" '
                f'class="{esc(line.css or "item")}">'
                f"{text(line)}</text>\n"
            )
    return Markup("".join(drawn))
