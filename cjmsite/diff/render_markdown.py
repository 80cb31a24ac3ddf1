"""The diff report as GitHub-flavoured Markdown, made for a pull-request comment.

A hidden marker comes first so a workflow can find and update its previous comment;
then the one-line verdict, the handbook-wide changes, and a section per changed
journey with a table and a Mermaid `xychart-beta` before/after emotion chart.
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
    num,
    point_text,
    raci_text,
)

if TYPE_CHECKING:
    from cjmsite.diff import DiffReport

MARKER = "<!-- cjmsite-diff -->"
BEFORE_COLOUR, AFTER_COLOUR = "#8c8c8c", "#0072b2"


def cell(text: str) -> str:
    """Table-cell safe: pipes escaped, no line breaks."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def mermaid_text(text: str, limit: int = 28) -> str:
    """A label Mermaid accepts inside double quotes."""
    text = re.sub(r'["\n\r`]', "'", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 2) if known else None


def mermaid_chart(j: JourneyDiff, low: float, high: float) -> list[str] | None:
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
        f'    title "{mermaid_text(j.title, 60)}: emotion before and after"',
        f"    x-axis [{labels}]",
        f'    y-axis "Emotion" {num(low)} --> {num(high)}',
        f"    line [{', '.join(num(b) for _, b, _ in columns)}]",
        f"    line [{', '.join(num(a) for _, _, a in columns)}]",
        "```",
    ]


def journey_section(c: Comparison, j: JourneyDiff, low: float, high: float) -> list[str]:
    head = f"### {j.title} (`{j.id}`)"
    if j.status in ("added", "removed"):
        head += f" — {j.status}"
    lines = [head, ""]
    if j.renamed_from:
        lines.append(f"Renamed from `{j.renamed_from}`.")
    for f in j.fields:
        if f.field == "narrative":
            lines.append("- The journey's narrative changed.")
        else:
            lines.append(f"- {field_text(f)}")
    if j.pain_before != j.pain_after:
        lines.append(f"- Total pain priority: {delta_text(j.pain_before, j.pain_after)}")
    if lines[-1] != "":
        lines.append("")
    if j.touchpoints:
        lines += [
            "| Touchpoint | Stage | Emotion | Importance | RACI | Change |",
            "|---|---|---|---|---|---|",
        ]
        for tp in j.touchpoints:
            stage = tp.stage_name or tp.stage_id
            importance = arrow(tp.importance.before, tp.importance.after) if tp.importance else ""
            row = [
                f"{tp.title} (`{tp.id}`)",
                stage,
                "<br>".join(emotion_text(c, tp)),
                importance,
                "<br>".join(raci_text(c, tp)),
                "<br>".join(change_text(c, tp, j)),
            ]
            lines.append("| " + " | ".join(cell(x) for x in row) + " |")
        lines.append("")
    for title, points in (
        ("New hotspots", j.new_hotspots),
        ("Resolved hotspots", j.resolved_hotspots),
        ("New pain points", [p for p in j.new_pain_points if not p.hotspot]),
        ("Resolved pain points", [p for p in j.resolved_pain_points if not p.hotspot]),
        ("Removed with their touchpoint or persona (not resolved)", j.removed_pain_points),
    ):
        if points:
            lines.append(f"**{title}:**")
            lines.append("")
            lines += [f"- {point_text(c, p)}" for p in points]
            lines.append("")
    chart = mermaid_chart(j, low, high)
    if chart:
        lines += chart
        lines += ["", "<sub>Mean emotion across personas: grey before, blue after.</sub>", ""]
    return lines


def render_markdown(report: DiffReport) -> str:
    """The whole comment."""
    lines = [MARKER, f"**Journey impact:** {report.verdict}", ""]
    lines.append(
        f"<sub>Compared {report.base.label} → {report.head.label} with cjmsite diff.</sub>"
    )
    lines.append("")
    c = report.comparison
    if c is None:
        for side in (report.base, report.head):
            if side.errors:
                lines += [
                    f"**{side.label} has content errors:**",
                    "",
                    "```text",
                    *side.errors[:20],
                    "```",
                    "",
                ]
                if len(side.errors) > 20:
                    lines += [f"…and {len(side.errors) - 20} more.", ""]
        return "\n".join(lines).rstrip() + "\n"
    summary = entity_lines(c)
    if c.pain_before != c.pain_after:
        summary.append(f"Handbook total pain priority: {delta_text(c.pain_before, c.pain_after)}")
    if summary:
        lines += ["## Handbook", ""] + [f"- {line}" for line in summary] + [""]
    head = report.head
    scale = head.site.config.emotion if head.site else None
    low, high = (scale.min, scale.max) if scale else (-2, 2)
    changed = [j for j in c.journeys if j.changed]
    if changed:
        lines += ["## Journeys", ""]
        for j in changed:
            lines += journey_section(c, j, low, high)
    return "\n".join(lines).rstrip() + "\n"
