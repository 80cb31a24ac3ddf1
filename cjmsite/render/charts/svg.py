"""The SVG machinery behind cjmsite.render.charts.arcs: pygal setup, a chart plan, post-processing.

Turns a `ChartPlan` (series, labels, stage runs) into a self-contained, deterministic
`<svg>`: stable ids instead of pygal's uuid, no comments, XML declaration or
scripts, a small CSS scoped to the chart id, accessible title and description.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pygal
from pygal.etree import etree as _pygal_etree
from pygal.style import Style

from cjmsite.analysis import sentiment
from cjmsite.facts import format_number
from cjmsite.model import SiteConfig
from cjmsite.render.charts.lean_line import Line
from cjmsite.render.charts.palette import DASHES, IMPORTANCE_COLOUR, PALETTE

_pygal_etree.to_etree()  # post-processing works on xml.etree elements


_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    font_family="inherit",
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    title_font_size=13,
    no_data_font_size=14,
    colors=PALETTE,
)


@dataclass(frozen=True)
class ChartText:
    """UI words of the charts. Templates use `str.format` fields named in comments."""

    emotion_title: str = "Emotion"
    importance_title: str = "Importance (tension)"
    negative: str = "negative"
    neutral: str = "neutral"
    positive: str = "positive"
    hotspot: str = "Hotspot"
    assumed: str = "Assumed (hollow)"
    current: str = "Current"
    future: str = "Future"
    no_data: str = "No touchpoints"
    list_separator: str = ", "
    decimal: str = "."  # the decimal mark: "," in Spanish (filled from the locale's number.decimal)
    minus: str = "\u2212"  # a real minus sign, not a hyphen
    # {journey}
    arc_title: str = "Emotion and importance arc: {journey}"
    # {persona} {journey}
    persona_arc_title: str = "{persona} in {journey}: emotion and importance arc"
    # {current} {future}
    counterpart_title: str = "Emotion compared: {current} and {future}"
    # {personas} {touchpoints} {count} {stages} {min} {mid} {max} {negative} {neutral} {positive}
    # {imp_min} {imp_max}
    touchpoint_one: str = "{n} touchpoint"  # the count in descriptions, by plural form
    touchpoint_other: str = "{n} touchpoints"
    arc_desc: str = (
        "Line chart of the emotion of {personas} across {touchpoints} in stage order"
        " ({stages}), from {min} ({negative}) through {mid} ({neutral}) to {max} ({positive})."
        " A grey band shows importance (tension) from {imp_min} to {imp_max} on the right axis."
    )
    # {current_word} {current} {future_word} {future} {touchpoints} {count}
    # {min} {max} {negative} {positive}
    counterpart_desc: str = (
        "Line chart of the mean emotion across personas per touchpoint: {current_word}"
        " ({current}) against {future_word} ({future}), over {touchpoints},"
        " from {min} ({negative}) to {max} ({positive})."
    )
    # {items}: "touchpoint (persona)" joined by list_separator
    hotspots_desc: str = "Hotspots: {items}."
    gaps_desc: str = "No value, shown as a gap: {items}."
    assumed_desc: str = "Assumed, not observed (hollow points): {items}."
    # {state} {items}
    only_in_desc: str = "Only in {state}: {items}."


_CSS = """
{p}.background,{p}.nofill{fill:none}{p}.graph,{p}text{fill:currentColor;stroke:none}
{p}.axis .line{stroke:currentColor;stroke-opacity:.45}{p}.axis.x .guide.line{display:none}
{p}.axis .guide.line{stroke:currentColor;stroke-opacity:.12;fill:none}
{p}.axis.x text,{p}.title,{p}.stage-name{text-anchor:middle}
{p}.axis.x text[transform],{p}.axis.y2 text{text-anchor:start}
{p}.axis.x text.backwards,{p}.axis.y text{text-anchor:end}
{p}.stage-name{font-size:12px;font-weight:600}
{p}.stage-band{fill:currentColor;fill-opacity:0}{p}.stage-band.alt{fill-opacity:.05}
{p}.stage-sep{stroke:currentColor;stroke-opacity:.35;stroke-dasharray:3 3}
{p}.neutral-line{stroke:currentColor;stroke-opacity:.4}
{p}.line{stroke-width:2.5;stroke-linejoin:round;stroke-linecap:round}
{p}.dot{stroke-width:1}{p}.dot.hotspot{fill-opacity:0;stroke-width:3}
{p}.dot.assumed{fill-opacity:0;stroke-width:2;stroke-dasharray:2 2}
"""
_IMPORTANCE_CSS = """
{p}.color-{k}{stroke:{c};fill:{c}}{p}.serie-{k} .line{stroke-width:9;stroke-opacity:.3}
{p}.serie-{k} .dot{fill-opacity:.6;stroke:none}.cjm-chart-compact{p}.serie-{k} .line{stroke-width:5}
"""


@dataclass
class Series:
    title: str
    style: int  # index into PALETTE / DASHES
    values: list[float | None] = field(default_factory=list)
    tooltips: list[str] = field(default_factory=list)
    hot: set[int] = field(default_factory=set)
    confidence: list[str] = field(default_factory=list)  # per point: observed | assumed


@dataclass
class ChartPlan:
    """Everything one chart shows."""

    chart_id: str
    title: str
    desc: str
    labels: list[str]
    stages: list[tuple[str, str]]  # (stage id, stage name) per x position
    series: list[Series]
    importance: list[float] | None
    compact: bool = False


def chart_number(text: ChartText) -> Callable[[float], str]:
    """A number formatter with the chart language's decimal mark and minus sign."""
    return lambda value: format_number(value, 2, text.decimal, text.minus)


def _short(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


# pygal options of every chart, then the compact (home page) ones.
_OPTIONS = {
    "style": _STYLE, "js": [], "spacing": 8, "margin": 16, "margin_top": 34, "dots_size": 3.5,
    "legend_at_bottom": True, "legend_box_size": 20, "truncate_label": -1, "truncate_legend": 40,
    "allow_interruptions": True,
}  # fmt: skip
_COMPACT = {
    "height": 100, "margin": 4, "margin_top": 6, "margin_bottom": 4, "dots_size": 2,
    "show_x_labels": False, "show_y_labels": False, "show_legend": False, "show_y_guides": False,
}  # fmt: skip


def sentiment_word(value: float, config: SiteConfig, text: ChartText) -> str:
    """The analysis' sentiment of `value`, in the chart's words."""
    return getattr(text, sentiment(value, config.emotion.mid))


def _emotion_labels(config: SiteConfig, text: ChartText) -> list[dict]:
    """Evenly spaced y labels: the scale's words at min / mid / max, numbers between.

    Even spacing matters: pygal places the secondary (importance) labels on them.
    """
    lo, hi = config.emotion.min, config.emotion.max
    span = hi - lo
    steps = int(span) if span == int(span) and int(span) % 2 == 0 and 0 < span <= 10 else 4
    words = {0: text.negative, steps // 2: text.neutral, steps: text.positive}
    return [
        {
            "value": lo + span * i / steps,
            "label": words.get(i) or chart_number(text)(lo + span * i / steps),
        }
        for i in range(steps + 1)
    ]


def _runs(keys: Sequence[tuple[str, str]]) -> list[tuple[str, int, int]]:
    """Group consecutive x positions by stage: (stage name, first index, last index)."""
    runs: list[tuple[str, int, int]] = []
    for i, (stage_id, name) in enumerate(keys):
        if runs and keys[runs[-1][1]][0] == stage_id:
            runs[-1] = (runs[-1][0], runs[-1][1], i)
        else:
            runs.append((name, i, i))
    return runs


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    """A child element; `class_` → class, `a_b` → a-b, floats with two decimals."""
    node = ET.SubElement(parent, tag)
    for key, value in attrs.items():
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        node.set("class" if key == "class_" else key.replace("_", "-"), shown)
    if text is not None:
        node.text = text
    return node


def _cls(node: ET.Element) -> list[str]:
    return node.get("class", "").split()


def _css(prefix: str, plan: ChartPlan, importance_index: int) -> str:
    rules = [_CSS.replace("{p}", prefix)]
    for i, s in enumerate(plan.series):
        colour, dash = PALETTE[s.style % len(PALETTE)], DASHES[s.style % len(DASHES)]
        rules.append(f"{prefix}.color-{i}{{stroke:{colour};fill:{colour}}}")
        if dash:
            rules.append(f"{prefix}.serie-{i} .line{{stroke-dasharray:{dash}}}")
    if plan.importance is not None:
        css = _IMPORTANCE_CSS.replace("{p}", prefix).replace("{k}", str(importance_index))
        rules.append(css.replace("{c}", IMPORTANCE_COLOUR))
    return "".join(rules).replace("\n", "")


def render_plan(plan: ChartPlan, config: SiteConfig, text: ChartText) -> str:
    """Draw the plan with pygal, post-process the tree, serialise it without declaration."""
    chart_id = re.sub(r"[^A-Za-z0-9_-]", "-", plan.chart_id)
    n, compact = len(plan.labels), plan.compact
    short = [_short(label) for label in plan.labels]
    hotspot_entry = not compact and any(s.hot for s in plan.series)
    assumed_entry = not compact and any("assumed" in s.confidence for s in plan.series)
    importance_index = len(plan.series) + int(hotspot_entry) + int(assumed_entry)
    width = 320 if compact else min(1200, max(760, 48 * n + 260))
    rotate = not compact and max(map(len, short), default=0) * 7.2 > (width - 240) / max(n, 1)
    # pygal counts legend rows as entries // columns: add the row it misses.
    entries = importance_index + int(plan.importance is not None)
    columns = min(4, entries)
    options = _COMPACT if compact else {
        "height": 460 if rotate else 400, "margin_bottom": 16 + (30 if entries % columns else 0),
        "x_label_rotation": 30 if rotate else 0, "y_title": text.emotion_title,
    }  # fmt: skip
    chart = Line(
        css=["inline:" + _css(f"#chart-{chart_id} ", plan, importance_index)],
        classes=["cjm-chart", "cjm-chart-compact"] if compact else ["cjm-chart"],
        width=width,
        range=(config.emotion.min, config.emotion.max),
        secondary_range=(config.importance.min, config.importance.max),
        y_labels=_emotion_labels(config, text),
        legend_at_bottom_columns=columns,
        no_data_text=text.no_data,
        value_formatter=chart_number(text),
        **{**_OPTIONS, **options},
    )
    chart.uuid = chart_id  # pygal's random uuid4 → a stable id: chart-<chart_id>
    chart.x_labels = short
    for s in plan.series:
        values: list[dict | None] = []
        for i, v in enumerate(s.values):
            meta = None if v is None else {"value": v, "tooltip": s.tooltips[i]}
            if meta:
                meta["node"] = _dot_node(s, i, compact)
            values.append(meta)
        chart.add(s.title, values)
    if hotspot_entry:
        chart.add(text.hotspot, [None] * n)  # a legend entry only
    if assumed_entry:
        chart.add(text.assumed, [None] * n)  # a legend entry only
    if plan.importance is not None:
        tips = [f"{text.importance_title} — {label}: " for label in plan.labels]
        values = [
            {"value": v, "tooltip": tips[i] + chart_number(text)(v)}
            for i, v in enumerate(plan.importance)
        ]
        chart.add(text.importance_title, values, secondary=True, dots_size=1.5 if compact else 3)

    def finish(root: ET.Element) -> ET.Element:
        _post_process(root, chart, f"chart-{chart_id}", plan, text)
        return root

    chart.add_xml_filter(finish)
    return ET.tostring(chart.render_tree(), encoding="unicode")


def _dot_node(s: Series, i: int, compact: bool) -> dict[str, object]:
    """A point: hotspots are rings, assumed points hollow and dashed, `data-confidence` says."""
    confidence = s.confidence[i] if i < len(s.confidence) else "observed"
    hot, assumed = i in s.hot, confidence == "assumed"
    classes = "dot reactive" + " hotspot" * hot + " assumed" * assumed
    node: dict[str, object] = {"class": classes, "data-confidence": confidence}
    if hot or assumed:  # rings big enough to see, dashes too
        node["r"] = (4 if compact else 7) if hot else (3 if compact else 5)
    return node


def _post_process(
    root: ET.Element, chart: pygal.Line, svg_id: str, plan: ChartPlan, text: ChartText
) -> None:
    """Strip what is random, external or unused; add a11y, stage bands, legend swatches."""
    for child in list(root):
        if child.tag is ET.Comment or child.tag == "title":
            root.remove(child)
        elif child.tag == "defs":
            for node in child.findall("script"):
                child.remove(node)
    for i, (tag, content) in enumerate((("title", plan.title), ("desc", plan.desc))):
        node = ET.Element(tag, id=f"{svg_id}-{tag}")
        node.text = content
        root.insert(i, node)
    root.set("role", "img")
    root.set("aria-labelledby", f"{svg_id}-title")
    root.set("aria-describedby", f"{svg_id}-desc")
    nodes = chart.nodes
    nodes["graph"].remove(nodes["tooltip_overlay"])
    for dots in nodes["overlay"].iter("g"):
        for node in dots.findall("desc"):  # data for pygal's tooltip script
            dots.remove(node)
    if not chart._values:
        return
    view, plot = chart.view, nodes["plot"]
    xs = [view.x(p) for p in chart._x_pos]
    bands = ET.Element("g", {"class": "stages"})  # behind everything
    runs = _runs(plan.stages)
    for k, (name, first, last) in enumerate(runs):
        left = 0.0 if k == 0 else (xs[first - 1] + xs[first]) / 2
        right = view.width if k == len(runs) - 1 else (xs[last] + xs[last + 1]) / 2
        band_class = "stage-band alt" if k % 2 else "stage-band"
        _el(bands, "rect", class_=band_class, x=left, y=0, width=right - left, height=view.height)
        if k:
            _el(bands, "path", class_="stage-sep", d=f"M{left:.2f} 0v{view.height:.2f}")
        if not plan.compact:
            shown = _short(name, max(1, int((right - left) / 7.5)))
            label = _el(bands, "text", shown, class_="stage-name", x=(left + right) / 2, y=-10)
            if shown != name:
                _el(label, "title", name)
    mid = view.y(sum(chart.range) / 2)
    _el(bands, "path", class_="neutral-line", d=f"M0 {mid:.2f}h{view.width:.2f}")
    plot.insert(1, bands)
    if plan.importance is not None:  # the importance band below persona lines and dots
        tag = f"serie-{len(chart.series)}"
        for layer in (plot, nodes["overlay"]):
            groups = [g for g in layer if "series" in _cls(g)]
            band = next(g for g in groups if tag in _cls(g))
            first = list(layer).index(groups[0])
            layer.remove(band)
            layer.insert(first, band)
    if plan.compact:
        return
    _legend_swatches(nodes["graph"], chart, plan)
    if plan.importance is not None:  # a title for the right-hand axis
        widest = max((len(label) for label, _ in chart._y_2nd_labels or ()), default=1)
        x = chart.margin_box.left + view.width + widest * 7.2 + 22
        y = chart.margin_box.top + view.height / 2
        turn = f"rotate(90 {x:.2f} {y:.2f})"
        _el(nodes["title"], "text", text.importance_title, class_="title", x=x, y=y, transform=turn)


def _legend_swatches(graph: ET.Element, chart: pygal.Line, plan: ChartPlan) -> None:
    """Replace pygal's colour boxes by samples: line colour and dash, grey band, ring."""
    box = chart.legend_box_size
    for legends in (g for g in graph.findall("g") if "legends" in _cls(g)):
        for legend in legends.findall("g"):
            legend.attrib.pop("id", None)  # "activate-serie-N" would repeat across charts
            rect = legend.find("rect")
            if rect is None:
                continue
            index = int(next(c for c in _cls(rect) if c.startswith("color-"))[6:])
            x, y = float(rect.get("x", 0)), float(rect.get("y", 0)) + box / 2
            legend.remove(rect)
            swatch = ET.Element("g", {"class": "swatch"})
            legend.insert(0, swatch)
            line = f"M{x:.2f} {y:.2f}h{box}"
            if index < len(plan.series):
                style = plan.series[index].style
                colour, dash = PALETTE[style % len(PALETTE)], DASHES[style % len(DASHES)]
                path = _el(swatch, "path", d=line, stroke=colour, stroke_width=2.5)
                if dash:
                    path.set("stroke-dasharray", dash)
                _el(swatch, "circle", cx=x + box / 2, cy=y, r=3.5, fill=colour)
            elif index == len(chart.series):  # importance
                _el(swatch, "path", d=line, stroke=IMPORTANCE_COLOUR, stroke_width=9,
                    stroke_opacity=0.3)  # fmt: skip
            elif index == len(plan.series) and any(s.hot for s in plan.series):  # hotspot
                _el(
                    swatch,
                    "circle",
                    cx=x + box / 2,
                    cy=y,
                    r=6,
                    fill="none",
                    stroke="currentColor",
                    stroke_width=3,
                )
            else:  # assumed: hollow and dashed
                _el(swatch, "circle", cx=x + box / 2, cy=y, r=5, fill="none", stroke="currentColor",
                    stroke_width=2, stroke_dasharray="2 2")  # fmt: skip
