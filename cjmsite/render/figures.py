"""The bridge to the chart makers (`render.charts.arcs`) for templates: inline SVG charts.

A chart is drawn once per set of inputs: `Figures.memo` maps a digest of everything a
chart shows to its SVG. The pipeline hands in the memo it keeps between builds (the build
cache); anything else gets an empty one.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from markupsafe import Markup

from cjmsite.analysis import Insights
from cjmsite.digests import digest
from cjmsite.model import Journey, Persona, SiteConfig
from cjmsite.render.locale import Locale, chart_text


def _arcs() -> Any:
    """The chart makers, imported on first use: pygal loads only when a page draws a chart
    (a Markdown diff or `cjmsite check` never does)."""
    from cjmsite.render.charts import arcs

    return arcs


def journey_data(journey: Journey, insights: Insights) -> tuple:
    """Everything of a journey a chart can draw."""
    return (
        journey.id, journey.title, journey.state,
        tuple((p.id, p.name) for p in journey.personas),
        tuple((s.id, s.name, tuple(tp.id for tp in s.touchpoints)) for s in journey.stages),
        tuple(
            (tp.id, tp.title, tp.stage_id, tuple(sorted(tp.emotion.items())), tp.importance,
             tuple(sorted(s.persona.id for s in insights.scores_for(tp) if s.is_hotspot)),
             tp.confidence)  # assumed points are drawn hollow
            for tp in journey.touchpoints
        ),
    )  # fmt: skip


@dataclass(frozen=True)
class Figures:
    """Chart makers bound to a site's insights, config and UI language."""

    insights: Insights
    config: SiteConfig
    locale: Locale
    memo: MutableMapping[str, str] = field(default_factory=dict)  # input digest -> SVG
    new: dict[str, str] = field(default_factory=dict)  # drawn in this process

    @cached_property
    def text(self) -> Any:
        """The charts' UI words: made when a page first asks for a chart, so a build that
        draws none never imports pygal (a tenth of a second)."""
        return chart_text(_arcs().ChartText, self.locale)

    def _drawn(self, parts: tuple, draw: Callable[[], str]) -> Markup:
        c = self.config
        key = digest(repr((parts, c.emotion, c.importance, self.text)))
        svg = self.memo.get(key)
        if svg is None:
            svg = str(draw())
            self.memo[key] = self.new[key] = svg
        return Markup(svg)

    def journey_arc(self, journey: Journey, compact: bool = False) -> Markup:
        parts = ("arc", compact, journey_data(journey, self.insights))
        return self._drawn(
            parts,
            lambda: _arcs().journey_arc(
                journey, self.insights, self.config, self.text, compact=compact
            ),
        )

    def persona_arc(self, journey: Journey, persona: Persona) -> Markup:
        parts = ("persona", persona.id, persona.name, journey_data(journey, self.insights))
        return self._drawn(
            parts,
            lambda: _arcs().persona_arc(journey, persona, self.insights, self.config, self.text),
        )

    def counterpart_chart(self, current: Journey, future: Journey) -> Markup:
        data = (journey_data(current, self.insights), journey_data(future, self.insights))
        return self._drawn(
            ("compare", data),
            lambda: _arcs().counterpart_chart(
                current, future, self.insights, self.config, self.text
            ),
        )


def make_figures(
    insights: Insights,
    config: SiteConfig,
    locale: Locale,
    memo: MutableMapping[str, str] | None = None,
) -> Figures:
    return Figures(insights, config, locale, {} if memo is None else memo)
