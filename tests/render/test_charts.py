"""Charts: data points, gaps, hotspots, determinism, self-containment, a11y, escaping."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from modelkit import make_config, make_site, tp

from cjmsite.analysis import analyse
from cjmsite.model import Scale
from cjmsite.render.charts.arcs import ChartText, counterpart_chart, journey_arc, persona_arc

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> "><img onerror=x> </svg>'
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _site(**kw):
    touchpoints = [
        tp("sees-ad", "awareness", 10, {"ana": 1, "ben": 0}, 2),
        # listed out of order on purpose: stage order wins over file order
        tp("pays", "purchase", 10, {"ana": -2, "ben": -1}, 5, title="Pays online"),
        tp("compares", "consideration", 10, {"ana": -1}, 4, title="Compares plans"),
        tp("asks", "consideration", 20, {"ana": 2, "ben": 1}, 3),
    ]
    journeys = {
        "switch": {"personas": ["ana", "ben"], "touchpoints": touchpoints, "title": "Switch"},
        "switch-next": {
            "personas": ["ana"],
            "state": "future",
            "touchpoints": [
                tp("sees-ad", "awareness", 10, 2, 2),
                tp("chats", "consideration", 15, 1, 3, title="Chats with bot"),
                tp("pays", "purchase", 10, 0, 5),
            ],
        },
    }
    site = make_site(journeys, personas=("ana", "ben"), **kw)
    return site, analyse(site)


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _cls(node: ET.Element) -> list[str]:
    return node.get("class", "").split()


def _series(root: ET.Element, layer: str, index: int) -> ET.Element:
    for g in root.iter(f"{NS}g"):
        if _cls(g) == [layer] or (layer == "overlay" and _cls(g) == ["plot", "overlay"]):
            for s in g:
                if f"serie-{index}" in _cls(s):
                    return s
    raise AssertionError(f"no serie-{index} in {layer}")


def _y_of_label(root: ET.Element) -> dict[str, float]:
    """Emotion axis: label text -> y of its guide line."""
    found = {}
    for axis in root.iter(f"{NS}g"):
        if _cls(axis)[:2] == ["axis", "y"]:
            for guides in axis:
                path, text = guides.find(f"{NS}path"), guides.find(f"{NS}text")
                if path is not None and text is not None:
                    found[text.text] = float(path.get("d").split()[1])
    return found


def _dots(root: ET.Element, index: int) -> list[tuple[float, float, str, list[str]]]:
    """(cx, cy, tooltip, classes) of a series' dots."""
    dots = []
    for g in _series(root, "overlay", index).iter(f"{NS}g"):
        circle, title = g.find(f"{NS}circle"), g.find(f"{NS}title")
        if circle is not None:
            cx, cy = float(circle.get("cx")), float(circle.get("cy"))
            dots.append((cx, cy, title.text if title is not None else "", _cls(circle)))
    return dots


def test_arc_data_points_follow_stage_order_and_scale():
    site, insights = _site()
    svg = journey_arc(site.journeys["switch"], insights, site.config)
    root = _tree(svg)
    y = _y_of_label(root)
    assert list(y) == ["negative", "−1", "neutral", "1", "positive"]
    ana = _dots(root, 0)
    assert [d[2].split(":")[0] for d in ana] == [
        "Ana — Sees ad",
        "Ana — Compares plans",
        "Ana — Asks",
        "Ana — Pays online",
    ]
    expected = ["1", "−1", "positive", "negative"]
    assert [d[1] for d in ana] == pytest.approx([y[k] for k in expected])
    assert [d[0] for d in ana] == sorted(d[0] for d in ana)
    labels = [t.text for a in root.iter(f"{NS}g") if _cls(a)[:2] == ["axis", "x"]
              for t in a.iter(f"{NS}text")]  # fmt: skip
    assert labels == ["Sees ad", "Compares plans", "Asks", "Pays online"]


def test_missing_persona_is_a_gap():
    site, insights = _site()
    root = _tree(journey_arc(site.journeys["switch"], insights, site.config))
    ben = _dots(root, 1)
    assert len(ben) == 3 and not any("Compares" in d[2] for d in ben)
    # the line does not bridge the gap: its only segment joins "asks" and "pays"
    (path,) = _series(root, "plot", 1).findall(f"{NS}path")
    points = re.findall(r"[\d.]+ [\d.]+", path.get("d"))
    assert [float(p.split()[0]) for p in points] == pytest.approx([d[0] for d in ben[1:]])
    assert len(_series(root, "plot", 0).findall(f"{NS}path")) == 1
    assert "Compares plans (Ben)" in root.find(f"{NS}desc").text


def test_hotspots_marked():
    site, insights = _site()
    root = _tree(journey_arc(site.journeys["switch"], insights, site.config))
    hot = [d for d in _dots(root, 0) if "hotspot" in d[3]]
    # Ana: compares (-1 × 4) and pays (-2 × 5) are hotspots
    assert [d[2] for d in hot] == [
        "Ana — Compares plans: −1 (negative) — Hotspot",
        "Ana — Pays online: −2 (negative) — Hotspot",
    ]
    legend = [t.text for g in root.iter(f"{NS}g") if "legend" in _cls(g)
              for t in g.iter(f"{NS}text")]  # fmt: skip
    assert legend == ["Ana", "Ben", "Hotspot", "Importance (tension)"]
    assert "Hotspots: Compares plans (Ana), Pays online (Ana), Pays online (Ben)." in (
        root.find(f"{NS}desc").text
    )


def test_importance_arc_on_secondary_axis():
    site, insights = _site()
    root = _tree(journey_arc(site.journeys["switch"], insights, site.config))
    y2 = [t.text for a in root.iter(f"{NS}g") if _cls(a) == ["axis", "y2"]
          for t in a.iter(f"{NS}text")]  # fmt: skip
    assert y2 == ["1", "2", "3", "4", "5"]
    importance = _dots(root, 3)  # after 2 personas and the hotspot legend entry
    assert [d[2].rsplit(": ", 1)[1] for d in importance] == ["2", "4", "3", "5"]
    y = _y_of_label(root)  # importance 1..5 maps onto emotion -2..2
    assert importance[1][1] == pytest.approx(y["1"])
    assert importance[3][1] == pytest.approx(y["positive"])


def test_deterministic_and_stable_id():
    site, insights = _site()
    journey = site.journeys["switch"]
    first = journey_arc(journey, insights, site.config)
    assert first == journey_arc(journey, insights, site.config)
    assert not UUID.search(first)
    root = _tree(first)
    assert root.get("id") == "chart-switch-arc"
    assert "#chart-switch-arc " in root.find(f"{NS}defs/{NS}style").text
    compact = journey_arc(journey, insights, site.config, compact=True)
    assert _tree(compact).get("id") == "chart-switch-arc-compact"


@pytest.mark.parametrize("kind", ["arc", "compact", "persona", "counterpart"])
def test_self_contained_and_accessible(kind):
    site, insights = _site()
    journey = site.journeys["switch"]
    svg = {
        "arc": lambda: journey_arc(journey, insights, site.config),
        "compact": lambda: journey_arc(journey, insights, site.config, compact=True),
        "persona": lambda: persona_arc(journey, site.personas["ben"], insights, site.config),
        "counterpart": lambda: counterpart_chart(
            journey, site.journeys["switch-next"], insights, site.config
        ),
    }[kind]()
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "<?xml" not in svg and "<!--" not in svg and "<!DOCTYPE" not in svg.upper()
    assert "<script" not in svg.lower()
    urls = set(re.findall(r"(?:https?:)?//[\w.-]+[^\s\"'<>)]*", svg))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    root = _tree(svg)
    assert root.get("role") == "img"
    title, desc = root[0], root[1]
    assert title.tag == f"{NS}title" and root.get("aria-labelledby") == title.get("id")
    assert desc.tag == f"{NS}desc" and root.get("aria-describedby") == desc.get("id")
    assert title.text and desc.text
    ids = [n.get("id") for n in root.iter() if n.get("id")]
    assert len(ids) == len(set(ids)) == 3  # root, title, desc: nothing to clash on a page


def test_hostile_text_is_escaped():
    site, insights = _site()
    journey = site.journeys["switch"]
    object.__setattr__(journey, "title", HOSTILE)
    object.__setattr__(journey.personas[0], "name", HOSTILE)
    object.__setattr__(journey.stages[0], "name", HOSTILE)
    object.__setattr__(journey.touchpoints[0], "title", HOSTILE)
    for svg in (
        journey_arc(journey, insights, site.config),
        persona_arc(journey, journey.personas[0], insights, site.config),
        counterpart_chart(journey, site.journeys["switch-next"], insights, site.config),
    ):
        assert "<script" not in svg and "<img" not in svg
        assert svg.count("</svg>") == 1
        root = _tree(svg)  # still well-formed
        texts = [n.text or "" for n in root.iter()]
        assert any(HOSTILE in t for t in texts)  # shown verbatim, as text


def test_axis_words_from_chart_text():
    site, insights = _site()
    spanish = ChartText(negative="negativa", neutral="neutra", positive="positiva",
                        emotion_title="Emoción", importance_title="Importancia")  # fmt: skip
    root = _tree(journey_arc(site.journeys["switch"], insights, site.config, spanish))
    assert list(_y_of_label(root)) == ["negativa", "−1", "neutra", "1", "positiva"]
    texts = {n.text for n in root.iter(f"{NS}text")}
    assert {"Emoción", "Importancia"} <= texts
    default = _tree(journey_arc(site.journeys["switch"], insights, site.config))
    assert {"negative", "neutral", "positive", "Emotion"} <= {
        n.text for n in default.iter(f"{NS}text")
    }


def test_odd_scale_keeps_words_at_ends_and_middle():
    config = make_config(emotion=Scale(1, 4), importance=Scale(0, 10))
    site, insights = _site(config=config)
    y = _y_of_label(_tree(journey_arc(site.journeys["switch"], insights, site.config)))
    assert list(y) == ["negative", "1.75", "neutral", "3.25", "positive"]
    steps = [b - a for a, b in zip(list(y.values()), list(y.values())[1:], strict=False)]
    assert steps == pytest.approx([steps[0]] * 4)  # evenly spaced


def test_personas_differ_by_more_than_colour():
    site, insights = _site()
    svg = journey_arc(site.journeys["switch"], insights, site.config)
    style = _tree(svg).find(f"{NS}defs/{NS}style").text
    assert ".serie-1 .line{stroke-dasharray:" in style
    assert ".serie-0 .line{stroke-dasharray" not in style
    swatches = [p for g in _tree(svg).iter(f"{NS}g") if "swatch" in _cls(g)
                for p in g.findall(f"{NS}path")]  # fmt: skip
    assert swatches[0].get("stroke") != swatches[1].get("stroke")
    assert swatches[1].get("stroke-dasharray")


def test_compact_has_no_labels():
    site, insights = _site()
    root = _tree(journey_arc(site.journeys["switch"], insights, site.config, compact=True))
    assert root.get("viewBox") == "0 0 320 100"
    assert "cjm-chart-compact" in _cls(root)
    assert [n.text for n in root.iter(f"{NS}text")] == []
    assert len(_dots(root, 0)) == 4


def test_persona_arc_keeps_persona_style():
    site, insights = _site()
    journey = site.journeys["switch"]
    root = _tree(persona_arc(journey, site.personas["ben"], insights, site.config))
    assert root.get("id") == "chart-switch-ben-arc"
    assert [d[2].split(":")[0] for d in _dots(root, 0)] == [
        "Ben — Sees ad",
        "Ben — Asks",
        "Ben — Pays online",
    ]
    style = root.find(f"{NS}defs/{NS}style").text
    assert ".serie-0 .line{stroke-dasharray:" in style  # Ben is dashed in the journey chart


def test_counterpart_union_order_means_and_gaps():
    site, insights = _site()
    current, future = site.journeys["switch"], site.journeys["switch-next"]
    root = _tree(counterpart_chart(current, future, insights, site.config))
    assert root.get("id") == "chart-switch-switch-next-compare"
    labels = [t.text for a in root.iter(f"{NS}g") if _cls(a)[:2] == ["axis", "x"]
              for t in a.iter(f"{NS}text")]  # fmt: skip
    # a future-only touchpoint comes right after its predecessor in the future journey
    assert labels == ["Sees ad", "Chats with bot", "Compares plans", "Asks", "Pays online"]
    now = [d[2] for d in _dots(root, 0)]
    assert now == [
        "Current — Sees ad: 0.5",
        "Current — Compares plans: −1",
        "Current — Asks: 1.5",
        "Current — Pays online: −1.5",
    ]
    later = [d[2] for d in _dots(root, 1)]
    assert later == ["Future — Sees ad: 2", "Future — Chats with bot: 1", "Future — Pays: 0"]
    desc = root.find(f"{NS}desc").text
    assert "Only in Future: Chats with bot." in desc
    assert "Only in Current: Compares plans, Asks." in desc


def test_empty_and_single_touchpoint_journeys_render():
    site = make_site({"one": {"touchpoints": [tp("only", "awareness", 1, 0, 3)]}})
    insights = analyse(site)
    root = _tree(journey_arc(site.journeys["one"], insights, site.config))
    assert len(_dots(root, 0)) == 1
    empty = make_site({"none": {"touchpoints": []}})
    svg = journey_arc(empty.journeys["none"], analyse(empty), empty.config)
    assert _tree(svg).get("role") == "img"


def test_decimal_comma_and_real_minus_in_axis_labels_and_tooltips():
    """Spanish: `0,5` and `−1` in the y labels, the tooltips and the description."""
    site, insights = _site()
    spanish = ChartText(negative="negativa", neutral="neutra", positive="positiva", decimal=",")
    svg = journey_arc(site.journeys["switch"], insights, site.config, spanish)
    root = _tree(svg)
    assert list(_y_of_label(root)) == ["negativa", "−1", "neutra", "1", "positiva"]
    compare = counterpart_chart(
        site.journeys["switch"], site.journeys["switch-next"], insights, site.config, spanish
    )
    tips = [t.text or "" for t in _tree(compare).iter(f"{NS}title")]
    assert any(tip.endswith(": −1,5") for tip in tips), tips
    assert not any(re.search(r"\d\.\d", tip) for tip in tips), tips
    words = [t.text or "" for t in root.iter() if t.tag in (f"{NS}text", f"{NS}title")]
    assert not any(re.search(r"-\d", word) for word in words), words
