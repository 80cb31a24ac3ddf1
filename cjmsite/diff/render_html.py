"""The diff report as one standalone HTML page: before/after emotion arcs as pygal SVG.

Nothing is loaded from elsewhere: the style is inline and the charts are inline SVG
made by `cjmsite.render.charts.svg` (each persona's arc before, dashed, and after, solid).
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from cjmsite.diff.changes import Comparison, JourneyDiff
from cjmsite.diff.verdict import (
    arrow,
    change_text,
    delta_text,
    emotion_text,
    entity_lines,
    field_text,
    point_text,
    raci_text,
)
from cjmsite.render.charts.svg import ChartPlan, ChartText, Series, render_plan

if TYPE_CHECKING:
    from cjmsite.diff import DiffReport
    from cjmsite.model import SiteConfig

STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;
color:#1d1d1f}table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}
.verdict{font-size:1.2rem;font-weight:600}
code{font-size:.9em}.muted{color:#555}figure{margin:1rem 0}svg{max-width:100%;height:auto}
pre{background:#f6f6f6;padding:.75rem;overflow:auto}
"""


def _code(text: str) -> str:
    """Escape, then show `ids` as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))


def arcs_chart(c: Comparison, j: JourneyDiff, config: SiteConfig) -> str:
    """Each persona's arc before (dashed) and after (solid), over both sides' touchpoints."""
    series = []
    personas = list(j.chart_after) + [p for p in j.chart_before if p not in j.chart_after]
    for k, persona in enumerate(personas):
        name = c.persona_names.get(persona, persona)
        for word, arcs, hot, style in (
            ("before", j.chart_before, j.hot_before, 2 * k + 1),
            ("after", j.chart_after, j.hot_after, 2 * k),
        ):
            values = arcs.get(persona, [None] * len(j.chart_labels))
            s = Series(f"{name} {word}", style, list(values))
            s.tooltips = [
                "" if v is None else f"{name} {word} — {label}: {v:g}"
                for v, label in zip(values, j.chart_labels, strict=True)
            ]
            s.hot = set(hot.get(persona, set()))
            series.append(s)
    desc = (
        f"Line chart of each persona's emotion across {len(j.chart_labels)} touchpoints of"
        f" {j.title}, before the change (dashed) and after it (solid); a touchpoint that exists"
        " on one side only is a gap in the other side's line; hollow rings are hotspots."
    )
    plan = ChartPlan(
        f"diff-{j.id}",
        f"{j.title}: emotion before and after",
        desc,
        j.chart_labels,
        j.chart_stages,
        series,
        None,
    )
    return render_plan(plan, config, ChartText())


def _journey(c: Comparison, j: JourneyDiff, config: SiteConfig) -> list[str]:
    status = f" — {j.status}" if j.status in ("added", "removed") else ""
    out = [
        f'<section id="journey-{escape(j.id)}">'
        f"<h2>{escape(j.title)} <code>{escape(j.id)}</code>{status}</h2>"
    ]
    items = []
    if j.renamed_from:
        items.append(f"Renamed from <code>{escape(j.renamed_from)}</code>")
    for f in j.fields:
        items.append(_code(field_text(f)))
    if j.pain_before != j.pain_after:
        items.append(f"Total pain priority: {delta_text(j.pain_before, j.pain_after)}")
    if items:
        out.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
    if j.chart_labels and (j.chart_before or j.chart_after):
        out.append(f"<figure>{arcs_chart(c, j, config)}</figure>")
    if j.touchpoints:
        out.append(
            "<table><thead><tr><th>Touchpoint</th><th>Stage</th><th>Emotion</th><th>Importance</th><th>RACI</th><th>Change</th></tr></thead><tbody>"
        )
        for tp in j.touchpoints:
            cells = [
                f"{escape(tp.title)} <code>{escape(tp.id)}</code>",
                escape(tp.stage_name or tp.stage_id),
                "<br>".join(escape(t) for t in emotion_text(c, tp)),
                escape(arrow(tp.importance.before, tp.importance.after)) if tp.importance else "",
                "<br>".join(escape(t) for t in raci_text(c, tp)),
                "<br>".join(_code(t) for t in change_text(c, tp, j)),
            ]
            out.append("<tr>" + "".join(f"<td>{x}</td>" for x in cells) + "</tr>")
        out.append("</tbody></table>")
    for title, points in (
        ("New hotspots", j.new_hotspots),
        ("Resolved hotspots", j.resolved_hotspots),
        ("Removed with their touchpoint or persona (not resolved)", j.removed_hotspots),
    ):
        if points:
            out.append(
                f"<h3>{title}</h3><ul>"
                + "".join(f"<li>{escape(point_text(c, p))}</li>" for p in points)
                + "</ul>"
            )
    out.append("</section>")
    return out


def render_html(report: DiffReport) -> str:
    """A complete HTML5 document; deterministic for the same two revisions."""
    title = f"Journey changes: {report.base.label} → {report.head.label}"
    body = [f"<h1>{escape(title)}</h1>", f'<p class="verdict">{escape(report.verdict)}</p>']
    c = report.comparison
    if c is None:
        for side in (report.base, report.head):
            if side.errors:
                body.append(
                    f"<h2>{escape(side.label)} has content errors</h2>"
                    f"<pre>{escape(chr(10).join(side.errors))}</pre>"
                )
    else:
        lines = entity_lines(c)
        if c.pain_before != c.pain_after:
            lines.append(f"Handbook total pain priority: {delta_text(c.pain_before, c.pain_after)}")
        if lines:
            body.append(
                "<h2>Handbook</h2><ul>"
                + "".join(f"<li>{_code(line)}</li>" for line in lines)
                + "</ul>"
            )
        config = (report.head.site or report.base.site).config
        for j in c.journeys:
            if j.changed:
                body += _journey(c, j, config)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE.strip()}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )
