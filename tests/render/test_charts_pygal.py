"""The lean pygal `Line` of cjmsite.render.charts.lean_line against the installed pygal.

Each test fails when pygal changes in a way the shortcuts rely on: the post-processed
charts must be the bytes a plain `pygal.Line` gives, attribute lookup must agree with
`BaseGraph.__getattribute__`, and the `SerieConfig` swap must take effect and be undone.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import partial

import pygal
import pygal.graph.base
import pytest
from modelkit import make_config, make_site, tp
from pygal.config import SerieConfig
from pygal.graph.base import BaseGraph

from cjmsite.analysis import analyse
from cjmsite.model import Scale
from cjmsite.render.charts import lean_line as chart_pygal
from cjmsite.render.charts import svg as chart_svg
from cjmsite.render.charts.arcs import counterpart_chart, journey_arc, persona_arc
from cjmsite.render.charts.svg import ChartPlan, ChartText, Series, render_plan

HOSTILE = '<script>alert(1)</script> "><img onerror=x> </svg> & {p}'
SPANISH = ChartText(negative="negativa", neutral="neutra", positive="positiva", decimal=",")


def _makers() -> list[Callable[[], str]]:
    """Charts of every kind: arcs (full, compact, per persona), comparisons, edge cases."""
    long = "A touchpoint title long enough to turn the labels"
    touchpoints = [
        tp("sees-ad", "awareness", 10, {"ana": 1, "ben": 0}, 2),
        tp("pays", "purchase", 10, {"ana": -2, "ben": -1}, 5, title=HOSTILE),
        tp("compares", "consideration", 10, {"ana": -1}, 4.5, title=long),
        tp("asks", "consideration", 20, {"ana": 2, "ben": 1.25}, 3),
    ]
    journeys = {
        "switch": {"personas": ["ana", "ben"], "touchpoints": touchpoints, "title": "Switch"},
        "next": {
            "personas": ["ana"],
            "state": "future",
            "touchpoints": [tp("sees-ad", "awareness", 10, 2, 2), tp("chats", "purchase", 5, 1, 3)],
        },
        "one": {"touchpoints": [tp("only", "awareness", 1, 0, 3)]},
        "none": {"touchpoints": []},
    }
    config = make_config(emotion=Scale(1, 4), importance=Scale(0, 10))
    odd = make_site(journeys, personas=("ana", "ben"), config=config)
    site = make_site(journeys, personas=("ana", "ben"))
    makers: list[Callable[[], str]] = []
    for s, text in ((site, ChartText()), (site, SPANISH), (odd, ChartText())):
        insights, (switch, later) = analyse(s), (s.journeys["switch"], s.journeys["next"])
        for journey in s.journeys.values():
            for compact in (False, True):
                makers.append(partial(journey_arc, journey, insights, s.config, text, compact))
        makers.append(partial(persona_arc, switch, s.personas["ben"], insights, s.config, text))
        makers.append(partial(counterpart_chart, switch, later, insights, s.config, text))
    hot = Series("Before", 1, [1.0, None, -2.0], ["a", "", "c"], {2})
    plan = ChartPlan("diff-x", "T", "D", ["x", "y", "z"], [("a", "A")] * 3, [hot], None)
    makers.append(lambda: render_plan(plan, site.config, ChartText()))
    return makers


def test_same_svg_as_a_plain_pygal_line(monkeypatch: pytest.MonkeyPatch) -> None:
    lean = [make() for make in _makers()]
    monkeypatch.setattr(chart_svg, "Line", pygal.Line)
    plain = [make() for make in _makers()]
    assert len(lean) > 20
    for mine, theirs in zip(lean, plain, strict=True):
        assert mine == theirs


def _with_state(check: Callable[[chart_pygal.Line], None], **options: object) -> None:
    """Render a small lean chart and run `check` while its render state is live."""
    chart = chart_pygal.Line(js=[], **options)
    chart.x_labels = ["a", "b", "c"]
    chart.add("s", [{"value": 1, "tooltip": "t"}, None, 3])
    chart.add("r", [2, 1, 0], secondary=True)

    def spy(root: ET.Element) -> ET.Element:
        check(chart)
        return root

    chart.add_xml_filter(spy)
    chart.render_tree()


def test_attribute_lookup_agrees_with_pygal() -> None:
    names: list[str] = []

    def check(chart: chart_pygal.Line) -> None:
        state = object.__getattribute__(chart, "__dict__")["state"]
        names.extend(state.__dict__)
        extra = ["state", "svg", "view", "series", "all_series", "_values", "__class__", "nope"]
        for name in [*state.__dict__, *extra, *dir(type(chart))]:
            try:
                mine = chart_pygal.Line.__getattribute__(chart, name)
            except AttributeError:
                with pytest.raises(AttributeError):
                    BaseGraph.__getattribute__(chart, name)
                continue
            theirs = BaseGraph.__getattribute__(chart, name)
            assert mine is theirs or mine == theirs, name

    _with_state(check)
    assert "state" in names and "width" in names  # the state holds both kinds of name


def test_serie_config_swap_takes_effect_and_is_undone() -> None:
    assert dir(chart_pygal._SerieConfig()) == dir(SerieConfig())
    assert pygal.graph.base.SerieConfig is SerieConfig
    kinds: list[type] = []
    _with_state(lambda chart: kinds.extend(type(s.config) for s in chart.all_series))
    assert kinds == [chart_pygal._SerieConfig] * 2  # pygal still looks the name up there
    assert pygal.graph.base.SerieConfig is SerieConfig


def test_dropped_parts_are_what_post_processing_removes() -> None:
    svg = journey_arc(*_switch())
    assert "<script" not in svg and "<desc" in svg  # only the chart's own description
    assert svg.count("<desc") == 1 and "tooltip-overlay" not in svg


def test_printed_values_are_still_drawn() -> None:
    """With `print_values` the lean chart formats and prints values as pygal does."""
    texts: dict[type, list[str | None]] = {}
    for cls in (chart_pygal.Line, pygal.Line):
        chart = cls(print_values=True, value_formatter=lambda v: f"<{v}>")
        chart.add("s", [1, 2])
        root = chart.render_tree()
        texts[cls] = [t.text for t in root.iter("text") if "value" in t.get("class", "")]
    assert texts[chart_pygal.Line] == texts[pygal.Line] == ["<1>", "<2>"]


def _switch() -> tuple:
    site = make_site({"j": {"touchpoints": [tp("a", "awareness", 1, 1, 2)]}})
    return site.journeys["j"], analyse(site), site.config
