"""Emotion and importance arcs as inline SVG, drawn with pygal.

Every chart is a `pygal.Line` post-processed into a self-contained, deterministic
`<svg>` that can be pasted into HTML5 as is:

- the random uuid pygal puts into the chart id and its CSS selectors is replaced
  by a stable id (`chart-<journey-id>-arc`, …); comments, the XML declaration
  and every `<script>` (pygal's tooltip JS on a CDN and its config blob) are
  dropped, so no external reference is left;
- the root carries `role="img"`, `aria-labelledby` (its `<title>`) and
  `aria-describedby` (its `<desc>`), both first children;
- pygal's CSS is replaced by a small one scoped to the chart id; text and axes
  use `currentColor`, so the chart follows the page's text colour;
- each persona gets a colour and a dash pattern (the legend swatch shows both);
  hotspots are hollow rings; each dot has a `<title>` (native tooltip).

The importance ("tension") arc is a secondary series on the same chart with its
own right-hand axis (importance min..max): a wide, pale grey band drawn behind
the emotion lines, so both arcs share one x axis and one glance. Stages are
shown as alternating vertical bands with the stage name above each band.
"""

from __future__ import annotations

from collections.abc import Sequence

from cjmsite.analysis import Insights
from cjmsite.model import Journey, Persona, SiteConfig
from cjmsite.render.charts.svg import (
    ChartPlan,
    ChartText,
    Series,
    chart_number,
    render_plan,
    sentiment_word,
)


def touchpoint_count(count: int, text: ChartText) -> str:
    """ "1 touchpoint", "3 touchpoints" (the plural rule of English and Spanish)."""
    return (text.touchpoint_one if count == 1 else text.touchpoint_other).format(n=count)


def _fields(config: SiteConfig, text: ChartText) -> dict[str, str]:
    """Format fields shared by the description templates."""
    format_number = chart_number(text)
    return {
        "min": format_number(config.emotion.min), "mid": format_number(config.emotion.mid),
        "max": format_number(config.emotion.max), "imp_min": format_number(config.importance.min),
        "imp_max": format_number(config.importance.max), "negative": text.negative,
        "neutral": text.neutral, "positive": text.positive,
        "current_word": text.current, "future_word": text.future,
    }  # fmt: skip


def _arc_plan(
    journey: Journey,
    personas: Sequence[Persona],
    insights: Insights,
    config: SiteConfig,
    text: ChartText,
    chart_id: str,
    title: str,
    compact: bool = False,
) -> ChartPlan:
    tps = journey.touchpoints
    names = {s.id: s.name for s in journey.stages}
    series, hot_items, gap_items, assumed_items = [], [], [], []
    for k, persona in enumerate(personas):
        style = next((i for i, p in enumerate(journey.personas) if p.id == persona.id), k)
        s = Series(persona.name, style)
        for i, tp in enumerate(tps):
            value = tp.emotion.get(persona.id)
            s.values.append(value)
            s.confidence.append(tp.confidence)
            item = f"{tp.title} ({persona.name})"
            if value is None:
                s.tooltips.append("")
                gap_items.append(item)
                continue
            word = sentiment_word(value, config, text)
            tip = f"{persona.name} — {tp.title}: {chart_number(text)(value)} ({word})"
            if any(sc.is_hotspot and sc.persona.id == persona.id for sc in insights.scores_for(tp)):
                s.hot.add(i)
                tip += f" — {text.hotspot}"
                hot_items.append(item)
            if tp.confidence == "assumed":
                tip += f" — {text.assumed}"
                assumed_items.append(item)
            s.tooltips.append(tip)
        series.append(s)
    sep = text.list_separator
    desc = text.arc_desc.format(
        personas=sep.join(p.name for p in personas), count=len(tps),
        touchpoints=touchpoint_count(len(tps), text),
        stages=sep.join(s.name for s in journey.stages if s.touchpoints),
        **_fields(config, text),
    )  # fmt: skip
    if hot_items:
        desc += " " + text.hotspots_desc.format(items=sep.join(hot_items))
    if gap_items:
        desc += " " + text.gaps_desc.format(items=sep.join(gap_items))
    if assumed_items:
        desc += " " + text.assumed_desc.format(items=sep.join(assumed_items))
    return ChartPlan(
        chart_id, title, desc, [tp.title for tp in tps],
        [(tp.stage_id, names.get(tp.stage_id, tp.stage_id)) for tp in tps],
        series, [tp.importance for tp in tps], compact,
    )  # fmt: skip


def journey_arc(
    journey: Journey,
    insights: Insights,
    config: SiteConfig,
    text: ChartText | None = None,
    compact: bool = False,
    chart_id: str | None = None,
) -> str:
    """The journey's emotion arc, one line per persona, with the importance arc.

    x: the touchpoints in stage order (titles, shortened); stages are alternating
    bands named above the plot. Left y axis: emotion, scale min..max labelled with
    the scale's words; a persona left out of an emotion map is a gap in its line;
    hotspots are hollow rings. The importance ("tension") arc is a secondary series
    on the same chart (right axis, importance min..max), a pale grey band behind the
    lines. `compact` (home page): 320×100, no labels, legend or stage names.
    The root id is `chart-<chart_id>`, by default `chart-<journey-id>-arc`
    (`chart-<journey-id>-arc-compact` when compact).
    """
    text = text or ChartText()
    chart_id = chart_id or f"{journey.id}-arc{'-compact' if compact else ''}"
    title = text.arc_title.format(journey=journey.title)
    plan = _arc_plan(journey, journey.personas, insights, config, text, chart_id, title, compact)
    return render_plan(plan, config, text)


def persona_arc(
    journey: Journey,
    persona: Persona,
    insights: Insights,
    config: SiteConfig,
    text: ChartText | None = None,
    chart_id: str | None = None,
) -> str:
    """One persona's emotion line in a journey, with the importance arc (as `journey_arc`).

    The persona keeps the colour and dash it has in the journey chart. Root id:
    `chart-<journey-id>-<persona-id>-arc` unless `chart_id` is given.
    """
    text = text or ChartText()
    chart_id = chart_id or f"{journey.id}-{persona.id}-arc"
    title = text.persona_arc_title.format(persona=persona.name, journey=journey.title)
    plan = _arc_plan(journey, [persona], insights, config, text, chart_id, title)
    return render_plan(plan, config, text)


def _union_ids(current: Journey, future: Journey) -> list[str]:
    """Both journeys' touchpoint ids: current's order, each future-only id after the id
    that precedes it in the future journey."""
    ids = [tp.id for tp in current.touchpoints]
    previous: str | None = None
    for tp in future.touchpoints:
        if tp.id not in ids:
            ids.insert(ids.index(previous) + 1 if previous else 0, tp.id)
        previous = tp.id
    return ids


def counterpart_chart(
    current: Journey,
    future: Journey,
    insights: Insights,
    config: SiteConfig,
    text: ChartText | None = None,
    chart_id: str | None = None,
) -> str:
    """Current and future emotion arcs on one chart.

    x: the union of both journeys' touchpoint ids in order; y: the mean emotion
    across the journey's personas at that touchpoint; a touchpoint that exists in
    only one journey is a gap in the other's line. Stage bands follow the stage of
    each touchpoint (current first). Root id: `chart-<current-id>-<future-id>-compare`.
    """
    text = text or ChartText()
    ids = _union_ids(current, future)
    series, only = [], []
    for k, (journey, word) in enumerate(((current, text.current), (future, text.future))):
        s = Series(word, k)
        missing = []
        for tp_id in ids:
            tp = journey.touchpoint(tp_id)
            values = list(tp.emotion.values()) if tp is not None else []
            value = sum(values) / len(values) if values else None
            s.values.append(value)
            tip = f"{word} — {tp.title}: " if tp is not None else ""
            s.tooltips.append("" if value is None else tip + chart_number(text)(value))
            if tp is None:
                other = (future if k == 0 else current).touchpoint(tp_id)
                missing.append(other.title if other else tp_id)
        series.append(s)
        only.append(missing)
    labels, stages = [], []
    for tp_id in ids:
        tp = current.touchpoint(tp_id) or future.touchpoint(tp_id)
        names = {s.id: s.name for s in tp.journey.stages} if tp.journey else {}
        labels.append(tp.title)
        stages.append((tp.stage_id, names.get(tp.stage_id, tp.stage_id)))
    fields = _fields(config, text)
    desc = text.counterpart_desc.format(
        current=current.title,
        future=future.title,
        count=len(ids),
        touchpoints=touchpoint_count(len(ids), text),
        **fields,
    )
    # only[0] lists what the current journey lacks, i.e. touchpoints only in the future one
    for word, items in ((text.future, only[0]), (text.current, only[1])):
        if items:
            desc += " " + text.only_in_desc.format(
                state=word, items=text.list_separator.join(items)
            )
    title = text.counterpart_title.format(current=current.title, future=future.title)
    plan = ChartPlan(chart_id or f"{current.id}-{future.id}-compare", title, desc, labels, stages,
                 series, None)  # fmt: skip
    return render_plan(plan, config, text)
