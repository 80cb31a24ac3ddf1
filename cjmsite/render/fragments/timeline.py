"""The journey's phone timeline (grid.html `timeline`) and persona marker drawn in Python."""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from cjmsite.render.fragments.common import drawer, emotion, esc, hotspot_flag, truth_flag
from cjmsite.render.fragments.grid import channel_icon, lane_items


def marker(style: Any) -> Markup:
    """A persona's line and marker, as the legend and the timeline show it (grid.html
    `marker`)."""
    dash = f' stroke-dasharray="{esc(style.dash)}"' if style.dash else ""
    colour = esc(style.colour)
    return Markup(
        '<svg class="marker" width="34" height="16" viewBox="0 0 34 16" aria-hidden="true" '
        f'focusable="false"><line x1="1" y1="8" x2="33" y2="8" stroke="{colour}" '
        f'stroke-width="2.5"{dash}/><use href="#mark-{esc(style.index)}" x="17" y="8" '
        f'fill="{colour}"/></svg>'
    )


class _Pieces:
    """The pieces a timeline card calls, each looked up once by its name in grid.html."""

    def __init__(self, ctx: Context) -> None:
        self.t, self.num, self.url = ctx["t"], ctx["num"], ctx["url"]
        self.importance_max = self.num(ctx["config"].importance.max)
        self.hotspot_flag = drawer(ctx, "hotspot_flag", hotspot_flag)
        self.truth_flag = drawer(ctx, "truth_flag", truth_flag)
        self.channel_icon = drawer(ctx, "channel_icon", channel_icon)
        self.marker = drawer(ctx, "marker", marker)
        self.emotion = drawer(ctx, "emotion", emotion)
        self.lane_items = drawer(ctx, "lane_items", lane_items)


def _facts(p: _Pieces, grid: Any, column: Any) -> str:
    t, tp = p.t, column.touchpoint
    channel = tp.channel
    if channel:
        kind = channel.kind
        shown = f"{p.channel_icon(kind)} {esc(channel.name)} ({esc(t('channel.' + kind))})"
    else:
        shown = esc(t("grid.no_channel"))
    named = len(grid.styles) > 1
    values = "".join(
        "<li>"
        + (
            f'{p.marker(point.style)} <span class="who">{esc(point.style.persona.name)}</span> '
            if named
            else ""
        )
        + f"{p.emotion(point.value, point.sentiment)}</li>"
        for point in grid.column_points[column.index]
    )
    return (
        f"          <div><dt>{esc(t('common.channel'))}</dt><dd>{shown} · "
        f"{esc(t('contact.' + tp.contact))}</dd></div>\n"
        f"          <div><dt>{esc(t('common.emotion'))}</dt><dd>"
        f'<ul class="lane-list values">{values}</ul></dd></div>\n'
        f"          <div><dt>{esc(t('common.importance'))}</dt><dd>{esc(p.num(tp.importance))}/"
        f"{esc(p.importance_max)}</dd></div>\n"
    )


def _lanes(p: _Pieces, grid: Any, column: Any) -> str:
    t, drawn = p.t, []
    for lane in grid.lanes:
        items = lane.cells[column.index]
        if items:
            name = esc(lane.label) if lane.kind == "raci" else esc(t(lane.label))
            shown = p.lane_items(lane, items, column.touchpoint)
            drawn.append(f"          <div><dt>{name}</dt><dd>{shown}</dd></div>\n")
    if column.handoff:
        none = t("common.unassigned")
        before = ", ".join(column.handoff_from) or none
        after = ", ".join(column.handoff_to) or none
        drawn.append(
            f"<div><dt>{esc(t('grid.handoff'))}</dt><dd>{esc(before)} → {esc(after)}</dd></div>"
        )
    return "".join(drawn)


def _card(p: _Pieces, grid: Any, column: Any) -> str:
    tp = column.touchpoint
    flags = ""
    if column.hotspot or column.moment_of_truth:
        hot = f"{p.hotspot_flag()} " if column.hotspot else ""
        truth = p.truth_flag() if column.moment_of_truth else ""
        flags = f'<p class="card-flag">{hot}{truth}</p>'
    return (
        f'      <li class="card{" card-hotspot" if column.hotspot else ""}">\n'
        f'        <h4 class="card-title"><a href="{esc(p.url(tp.url))}">{esc(tp.title)}</a>'
        f"</h4>\n{flags}"
        '        <dl class="timeline-lanes">\n'
        f"{_facts(p, grid, column)}{_lanes(p, grid, column)}"
        "        </dl>\n      </li>\n"
    )


@pass_context
def timeline(ctx: Context, grid: Any) -> Markup:
    """The map as cards for phones: a list per stage, a card per touchpoint with its lanes
    (grid.html `timeline`)."""
    p, drawn, at = _Pieces(ctx), ['<ol class="timeline" data-pagefind-ignore>\n'], 0
    for stage in grid.stages:
        cards = "".join(_card(p, grid, column) for column in grid.columns[at : at + stage.span])
        drawn.append(
            '  <li class="timeline-stage">\n'
            f'    <h3><span class="stage-number">{esc(stage.number)}</span> {esc(stage.name)}'
            f'</h3>\n    <ol class="timeline-tps">\n{cards}    </ol>\n  </li>\n'
        )
        at += stage.span
    drawn.append("</ol>")
    return Markup("".join(drawn))
