"""The bridge to the chart makers (`render.charts.arcs`) for templates: inline SVG charts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from cjmsite.analysis import Insights
from cjmsite.model import Journey, Persona, SiteConfig
from cjmsite.render.locale import Locale, chart_text

try:  # the charts module is optional for rendering: pages still work without charts
    from cjmsite.render.charts import arcs as _charts
except ImportError:  # pragma: no cover - only while charts.py is missing
    _charts = None


@dataclass(frozen=True)
class Figures:
    """Chart makers bound to a site's insights, config and UI language."""

    insights: Insights
    config: SiteConfig
    text: Any

    def journey_arc(self, journey: Journey, compact: bool = False) -> Markup:
        if _charts is None:
            return Markup("")
        svg = _charts.journey_arc(journey, self.insights, self.config, self.text, compact=compact)
        return Markup(svg)

    def persona_arc(self, journey: Journey, persona: Persona) -> Markup:
        if _charts is None:
            return Markup("")
        return Markup(_charts.persona_arc(journey, persona, self.insights, self.config, self.text))

    def counterpart_chart(self, current: Journey, future: Journey) -> Markup:
        if _charts is None:
            return Markup("")
        return Markup(
            _charts.counterpart_chart(current, future, self.insights, self.config, self.text)
        )


def make_figures(insights: Insights, config: SiteConfig, locale: Locale) -> Figures:
    text = chart_text(_charts.ChartText, locale) if _charts is not None else None
    return Figures(insights, config, text)
