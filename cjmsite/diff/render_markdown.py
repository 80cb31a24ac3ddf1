"""The diff report as GitHub-flavoured Markdown, made for a pull-request comment.

A hidden marker comes first so a workflow can find and update its previous comment;
then the one-line verdict, the handbook-wide changes, and a section per changed
journey with a table and a Mermaid `xychart-beta` before/after emotion chart.

Its words come from the handbook's locale (`diff.*`); every value from content goes
through `MarkdownWords` (see `words`), so no title, name or file name can add HTML, a
comment, a mention, a link, an image or a table cell, or break out of a code block: the
marker is the only HTML comment.
"""

from __future__ import annotations

import re
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
from cjmsite.diff.words import MarkdownWords, Words, english, markdown_fence

if TYPE_CHECKING:
    from cjmsite.diff import DiffReport

MARKER = "<!-- cjmsite-diff -->"
BEFORE_COLOUR, AFTER_COLOUR = "#8c8c8c", "#0072b2"


def cell(text: str) -> str:
    """A table cell of texts already made safe by `MarkdownWords`: no line breaks."""
    return text.replace("\n", " ")


def mermaid_text(text: str, limit: int = 28) -> str:
    """A label Mermaid accepts inside double quotes: one line, no quote, backtick, angle
    bracket, `#` entity or `%%` directive."""
    text = re.sub(r'["`<>#%;\\]|[\x00-\x1f\x7f-\x9f\u2028\u2029]', "'", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 2) if known else None


def mermaid_chart(w: MarkdownWords, j: JourneyDiff, low: float, high: float) -> list[str] | None:
    """Before (grey) and after (blue) mean emotion across personas, over the touchpoints
    both revisions have; None when there are fewer than two such touchpoints."""
    personas = sorted(set(j.chart_before) | set(j.chart_after))
    columns = []
    for i, label in enumerate(j.chart_labels):
        b = mean([j.chart_before.get(p, [None] * (i + 1))[i] for p in personas])
        a = mean([j.chart_after.get(p, [None] * (i + 1))[i] for p in personas])
        if b is not None and a is not None:
            columns.append((label, b, a))
    if len(columns) < 2 or all(b == a for _, b, a in columns):
        return None
    labels = ", ".join(f'"{mermaid_text(label)}"' for label, _, _ in columns)
    plain = Words(w.locale)  # Mermaid text: not Markdown; numbers keep the dot Mermaid reads
    title = mermaid_text(plain.t("chart_title", journey=j.title), 60)
    axis = mermaid_text(plain.t("chart_axis"), 40)
    return [
        "```mermaid",
        "---",
        "config:",
        "  xyChart:",
        "    chartOrientation: horizontal",  # one touchpoint name per row: long names stay legible
        f"    height: {max(300, 40 * len(columns))}",
        "  themeVariables:",
        "    xyChart:",
        f'      plotColorPalette: "{BEFORE_COLOUR}, {AFTER_COLOUR}"',
        "---",
        "xychart-beta",
        f'    title "{title}"',
        f"    x-axis [{labels}]",
        f'    y-axis "{axis}" {_n(low)} --> {_n(high)}',
        f"    line [{', '.join(_n(b) for _, b, _ in columns)}]",
        f"    line [{', '.join(_n(a) for _, _, a in columns)}]",
        "```",
    ]


def _n(value: float) -> str:
    """A number in Mermaid's syntax (a dot, whatever the language)."""
    text = format(round(float(value), 2), "g")
    return "0" if text == "-0" else text


def _table(w: MarkdownWords, c: Comparison, j: JourneyDiff) -> list[str]:
    columns = ("touchpoint", "stage", "emotion", "importance", "raci", "change")
    lines = [
        "| " + " | ".join(w.t(f"columns.{name}") for name in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    for tp in j.touchpoints:
        importance = arrow(w, tp.importance.before, tp.importance.after) if tp.importance else ""
        row = [
            f"{w.text(tp.title)} ({w.code(tp.id)})",
            w.text(tp.stage_name or tp.stage_id),
            "<br>".join(emotion_text(w, c, tp)),
            importance,
            "<br>".join(raci_text(w, c, tp)),
            "<br>".join(change_text(w, c, tp, j)),
        ]
        lines.append("| " + " | ".join(cell(x) for x in row) + " |")
    return [*lines, ""]


def journey_section(
    w: MarkdownWords, c: Comparison, j: JourneyDiff, low: float, high: float
) -> list[str]:
    head = f"### {w.text(j.title)} ({w.code(j.id)})"
    if j.status in ("added", "removed"):
        head += " — " + w.t(f"status.{j.status}")
    lines = [head, ""]
    if j.renamed_from:
        lines.append(w.t("renamed_from", id=w.code(j.renamed_from)))
    for f in j.fields:
        lines.append(f"- {field_text(w, f)}")
    if j.pain_before != j.pain_after:
        lines.append("- " + w.t("journey_pain", change=delta_text(w, j.pain_before, j.pain_after)))
    if lines[-1] != "":
        lines.append("")
    if j.touchpoints:
        lines += _table(w, c, j)
    for key, points in (
        ("new_hotspots", j.new_hotspots),
        ("resolved_hotspots", j.resolved_hotspots),
        ("new_pain_points", [p for p in j.new_pain_points if not p.hotspot]),
        ("resolved_pain_points", [p for p in j.resolved_pain_points if not p.hotspot]),
        ("removed", j.removed_pain_points),
    ):
        if points:
            lines += [f"**{w.t(f'sections.{key}')}:**", ""]
            lines += [f"- {point_text(w, c, p)}" for p in points]
            lines.append("")
    chart = mermaid_chart(w, j, low, high)
    if chart:
        lines += [*chart, "", f"<sub>{w.t('chart_note')}</sub>", ""]
    return lines


def _errors(w: MarkdownWords, report: DiffReport) -> list[str]:
    """Each side's content errors in a code block their text cannot close."""
    lines: list[str] = []
    for side in (report.base, report.head):
        if side.errors:
            lines += [f"**{w.t('content_errors', side=w.text(side.label))}:**", ""]
            lines += [*markdown_fence(side.errors[:20]), ""]
            if len(side.errors) > 20:
                lines += [w.t("more_errors", n=len(side.errors) - 20), ""]
    return lines


def render_markdown(report: DiffReport) -> str:
    """The whole comment."""
    w = MarkdownWords(report.locale or english())
    lines = [MARKER, f"**{w.t('impact')}** {verdict(report, w)}", ""]
    base, head = w.text(report.base.label), w.text(report.head.label)
    lines += [f"<sub>{w.t('compared', base=base, head=head)}</sub>", ""]
    c = report.comparison
    if c is None:
        return "\n".join(lines + _errors(w, report)).rstrip() + "\n"
    summary = entity_lines(w, c)
    if c.pain_before != c.pain_after:
        summary.append(w.t("handbook_pain", change=delta_text(w, c.pain_before, c.pain_after)))
    if summary:
        lines += [f"## {w.t('handbook')}", ""] + [f"- {line}" for line in summary] + [""]
    scale = report.head.site.config.emotion if report.head.site else None
    low, high = (scale.min, scale.max) if scale else (-2, 2)
    changed = [j for j in c.journeys if j.changed]
    if changed:
        lines += [f"## {w.t('journeys')}", ""]
        for j in changed:
            lines += journey_section(w, c, j, low, high)
    return "\n".join(lines).rstrip() + "\n"
