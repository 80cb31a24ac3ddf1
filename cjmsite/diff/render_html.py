"""The diff report as one standalone HTML page: before/after emotion arcs as pygal SVG.

Nothing is loaded from elsewhere: the style is inline and the charts are inline SVG
made by `cjmsite.render.charts.svg` (each persona's arc before, dashed, and after, solid).
"""

from __future__ import annotations

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
    verdict,
)
from cjmsite.diff.words import HtmlWords, Words, english
from cjmsite.render.charts.svg import ChartPlan, ChartText, Series, render_plan
from cjmsite.render.locale import chart_text

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


def arcs_chart(w: HtmlWords, c: Comparison, j: JourneyDiff, config: SiteConfig) -> str:
    """Each persona's arc before (dashed) and after (solid), over both sides' touchpoints."""
    plain = Words(w.locale)  # the chart code escapes its own texts
    series = []
    personas = list(j.chart_after) + [p for p in j.chart_before if p not in j.chart_after]
    for k, persona in enumerate(personas):
        name = plain.text(c.persona_names.get(persona, persona))
        for word, arcs, hot, style in (
            ("series_before", j.chart_before, j.hot_before, 2 * k + 1),
            ("series_after", j.chart_after, j.hot_after, 2 * k),
        ):
            values = arcs.get(persona, [None] * len(j.chart_labels))
            label = plain.t(word, persona=name)
            s = Series(label, style, list(values))
            s.tooltips = [
                "" if v is None
                else plain.t("tooltip", series=label, touchpoint=plain.text(t), value=plain.num(v))
                for v, t in zip(values, j.chart_labels, strict=True)
            ]  # fmt: skip
            s.hot = set(hot.get(persona, set()))
            series.append(s)
    count = len(j.chart_labels)
    touchpoints = w.locale.t("count.touchpoints", n=count)
    desc = plain.t("chart_desc", touchpoints=touchpoints, journey=plain.text(j.title))
    title = plain.t("chart_title", journey=plain.text(j.title))
    plan = ChartPlan(f"diff-{j.id}", title, desc, j.chart_labels, j.chart_stages, series, None)
    return render_plan(plan, config, chart_text(ChartText, w.locale))


def _table(w: HtmlWords, c: Comparison, j: JourneyDiff) -> list[str]:
    columns = ("touchpoint", "stage", "emotion", "importance", "raci", "change")
    head = "".join(f"<th>{w.t(f'columns.{name}')}</th>" for name in columns)
    out = [f"<table><thead><tr>{head}</tr></thead><tbody>"]
    for tp in j.touchpoints:
        cells = [
            f"{w.text(tp.title)} {w.code(tp.id)}",
            w.text(tp.stage_name or tp.stage_id),
            "<br>".join(emotion_text(w, c, tp)),
            arrow(w, tp.importance.before, tp.importance.after) if tp.importance else "",
            "<br>".join(raci_text(w, c, tp)),
            "<br>".join(change_text(w, c, tp, j)),
        ]
        out.append("<tr>" + "".join(f"<td>{x}</td>" for x in cells) + "</tr>")
    return [*out, "</tbody></table>"]


def _journey(w: HtmlWords, c: Comparison, j: JourneyDiff, config: SiteConfig) -> list[str]:
    status = " — " + w.t(f"status.{j.status}") if j.status in ("added", "removed") else ""
    out = [
        f'<section id="journey-{escape(j.id)}"><h2>{w.text(j.title)} {w.code(j.id)}{status}</h2>'
    ]
    items = []
    if j.renamed_from:
        items.append(w.t("renamed_from", id=w.code(j.renamed_from)))
    items += [field_text(w, f) for f in j.fields]
    if j.pain_before != j.pain_after:
        items.append(w.t("journey_pain", change=delta_text(w, j.pain_before, j.pain_after)))
    if items:
        out.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
    if j.chart_labels and (j.chart_before or j.chart_after):
        out.append(f"<figure>{arcs_chart(w, c, j, config)}</figure>")
    if j.touchpoints:
        out += _table(w, c, j)
    for key, points in (
        ("new_hotspots", j.new_hotspots),
        ("resolved_hotspots", j.resolved_hotspots),
        ("removed", j.removed_hotspots),
    ):
        if points:
            out.append(
                f"<h3>{w.t(f'sections.{key}')}</h3><ul>"
                + "".join(f"<li>{point_text(w, c, p)}</li>" for p in points)
                + "</ul>"
            )
    out.append("</section>")
    return out


def render_html(report: DiffReport) -> str:
    """A complete HTML5 document in the handbook's language; deterministic for the same
    two revisions."""
    w = HtmlWords(report.locale or english())
    title = w.t("page_title", base=w.text(report.base.label), head=w.text(report.head.label))
    body = [f"<h1>{title}</h1>", f'<p class="verdict">{verdict(report, w)}</p>']
    c = report.comparison
    if c is None:
        for side in (report.base, report.head):
            if side.errors:
                body.append(
                    f"<h2>{w.t('content_errors', side=w.text(side.label))}</h2>"
                    f"<pre>{escape(chr(10).join(side.errors))}</pre>"
                )
    else:
        lines = entity_lines(w, c)
        if c.pain_before != c.pain_after:
            lines.append(w.t("handbook_pain", change=delta_text(w, c.pain_before, c.pain_after)))
        if lines:
            items = "".join(f"<li>{line}</li>" for line in lines)
            body.append(f"<h2>{w.t('handbook')}</h2><ul>{items}</ul>")
        config = (report.head.site or report.base.site).config
        for j in c.journeys:
            if j.changed:
                body += _journey(w, c, j, config)
    return (
        f'<!doctype html>\n<html lang="{escape(w.language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{STYLE.strip()}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )
