"""The markup drawn in Python (render/fragments/) is byte for byte what the macros it
replaced wrote (tests/render/fragment_macros.html), escaping included."""

from __future__ import annotations

import itertools
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any

import pytest
from jinja2 import DictLoader, Environment, StrictUndefined, select_autoescape
from markupsafe import Markup
from modelkit import make_config, make_site, tp

from cjmsite.analysis import analyse
from cjmsite.render import render_site
from cjmsite.render.context import face
from cjmsite.render.fragments import FRAGMENTS
from cjmsite.render.grid_map import Line
from cjmsite.render.locale import Locale

REPO = Path(__file__).resolve().parents[2]
MACROS = (Path(__file__).parent / "fragment_macros.html").read_text(encoding="utf-8")
HOSTILE = '<b>"Tom & Jerry\'s"</b> {{ x }}'


def fake_t(key: str, /, **values: Any) -> str:
    """A UI string with characters to escape, and its values shown."""
    return f'<{key}> & "{values}"' if values else f"<{key}> 'Ça'"


def environment() -> Environment:
    env = Environment(
        loader=DictLoader({"old.html": MACROS}),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    number = Locale("es", {"number.decimal": ","}, {}).number
    url = lambda target: "../" + target  # noqa: E731
    env.globals.update(t=fake_t, num=number, face=face, url=url, fragments=FRAGMENTS)
    env.globals["date_text"] = lambda value: f"<{value}>"
    return env


def both(call: str, prefix: str = "", **values: Any) -> tuple[str, str]:
    """`call` (e.g. `emotion(v, s)`) through the old macro and through the fragment (its
    name with `prefix`)."""
    env = environment()
    old = env.from_string('{% import "old.html" as o with context %}{{ o.' + call + " }}")
    new = env.from_string("{{ fragments." + prefix + call + " }}")
    return old.render(**values), new.render(**values)


def persona_point(assumed: bool, hotspot: bool) -> NS:
    persona = NS(id="p<1>", name=HOSTILE)
    style = NS(index=2, colour="#0072b2", persona=persona)
    tp = NS(id="t&1", title=HOSTILE, confidence="assumed" if assumed else "measured")
    return NS(style=style, touchpoint=tp, value=-1.5, sentiment="negative", y=42.25,
              hotspot=hotspot, column=3)  # fmt: skip


@pytest.mark.parametrize(
    ("value", "sentiment"),
    [(None, None), (-1.5, "negative"), (0, "neutral"), (2, "positive"), (1, HOSTILE)],
)
def test_emotion(value: float | None, sentiment: str | None) -> None:
    old, new = both("emotion(v, s)", v=value, s=sentiment)
    assert new == old


@pytest.mark.parametrize("found", [("R", "A"), (), ["C"], "RA", ("<",)])
def test_letters_and_flag(found: Any) -> None:
    old, new = both("letters(f)", f=found)
    assert new == old
    assert both("hotspot_flag()")[1] == both("hotspot_flag()")[0]


@pytest.mark.parametrize("ok", [True, False])
def test_raci_problems(ok: bool) -> None:
    check = NS(ok=ok, problems=("no_accountable", "<two>") if not ok else ())
    old, new = both("raci_problems(c)", c=check)
    assert new == old


@pytest.mark.parametrize("thing", [None, NS(url="channels/<w>/", name=HOSTILE, kind="online")])
def test_channel_and_department_links(thing: NS | None) -> None:
    old, new = both("channel_link(c)", c=thing)
    assert new == old
    old, new = both("dept_link(d)", d=thing)
    assert new == old


@pytest.mark.parametrize(
    "items", [None, (), ("", "  "), (HOSTILE, " padded ", "", None, 3), [Markup("<i>x</i> ")]]
)
@pytest.mark.parametrize("level", [3, 4])
def test_text_list(items: Any, level: int) -> None:
    old, new = both("text_list(title, i, k, l)", title=HOSTILE, i=items, k="pa<i>ns", l=level)
    assert new == old
    old, new = both("text_list(title, i, 'gains')", title="T", i=items)  # level 4
    assert new == old


def opportunity(rank: int | None, score: float | None, kpi: str, due: str | None) -> NS:
    journey = NS(url="journeys/<j>/", title=HOSTILE)
    owner = NS(url="departments/d/", name=HOSTILE) if rank else None
    idea = NS(title=HOSTILE, kpi=kpi, owner=owner, status="in<progress", impact=4, effort=1.5,
              due=due)  # fmt: skip
    tp = NS(url="journeys/<j>/t/", title=HOSTILE, journey=journey)
    return NS(rank=rank, score=score, idea=idea, touchpoint=tp)


@pytest.mark.parametrize("flags", list(itertools.product([True, False], repeat=3)))
def test_idea_rows(flags: tuple[bool, bool, bool]) -> None:
    found = [opportunity(2, 3.25, HOSTILE, "2026-12-04"), opportunity(None, None, "", None)]
    journey, touchpoint, rank = flags
    call = f"idea_rows(f, show_journey={journey}, show_touchpoint={touchpoint}, show_rank={rank})"
    old, new = both(call, f=found)
    assert new == old and new.count("<tr>") == 2
    assert both("idea_rows(f)", f=found)[1] == both("idea_rows(f)", f=found)[0]


@pytest.mark.parametrize("kind", ["online", "offline", HOSTILE])
def test_channel_icon(kind: str) -> None:
    old, new = both("channel_icon(k)", k=kind)
    assert new == old


@pytest.mark.parametrize("hot", [True, False])
@pytest.mark.parametrize("channel", [None, NS(kind="online", name=HOSTILE)])
def test_tp_head(hot: bool, channel: NS | None) -> None:
    tp = NS(url="journeys/a/<b>/", title=HOSTILE, channel=channel, contact="human",
            importance=7.25)  # fmt: skip
    old, new = both("tp_head(c)", c=NS(touchpoint=tp, hotspot=hot))
    assert new == old


LANES = [
    ("raci", ("R", "A")),
    ("raci", ()),
    ("storyboard", ("assets/a b.png", "assets/<c>.png")),
    ("ideas", (NS(title=HOSTILE, status="planned"), NS(title="Two", status="<x>"))),
    ("metrics", (NS(name=HOSTILE, value=0.5, target=None), NS(name="B", value=3, target="1 h"))),
    ("evidence", (NS(quote=HOSTILE, source=""), NS(quote="Q", source=HOSTILE))),
    ("pains", (HOSTILE, "plain")),
    ("gains", ()),
]


@pytest.mark.parametrize(("kind", "items"), LANES)
def test_lane_items(kind: str, items: tuple) -> None:
    old, new = both("lane_items(l, i, tp)", l=NS(kind=kind), i=items, tp=NS(title=HOSTILE))
    assert new == old


@pytest.mark.parametrize("assumed", [True, False])
@pytest.mark.parametrize("hotspot", [True, False])
def test_curve_point(assumed: bool, hotspot: bool) -> None:
    point = persona_point(assumed, hotspot)
    old, new = both("curve_point(none, p, '12.5000%')", p=point)
    assert new == old
    old, new = both("point_title(p)", p=point)
    assert new == old


@pytest.mark.parametrize("handoff", [True, False])
@pytest.mark.parametrize(("kind", "items"), [("raci", ("R", "A")), ("raci", ("C",)), LANES[6]])
def test_lane_cell(handoff: bool, kind: str, items: tuple) -> None:
    tp = NS(id="t<1>", title=HOSTILE)
    lane = NS(kind=kind, cells=((), items))
    old, new = both("lane_cell(l, c)", l=lane, c=NS(index=1, handoff=handoff, touchpoint=tp))
    assert new == old


@pytest.mark.parametrize("personas", [1, 2])
def test_value_cell(personas: int) -> None:
    points = [persona_point(False, False), persona_point(True, True)]
    points[1].column = 2
    grid = NS(
        points=points, styles=(None,) * personas, column_points=((), (), points[1:], points[:1])
    )
    column = NS(index=3, touchpoint=NS(id="t<1>"))
    old, new = both("value_cell(g, c)", g=grid, c=column)
    assert new == old and "<li>" in new


def test_a_theme_macro_replacing_a_fragment_is_used_by_the_others(tmp_path: Path) -> None:
    """An overriding macros.html that draws RACI letters its own way: the grid's cells use
    it too, as they did when they were macros calling `m.letters`."""
    overrides = tmp_path / "theme_overrides"
    overrides.mkdir()
    default = (REPO / "themes/default/templates/macros.html").read_text(encoding="utf-8")
    mine = "{% macro letters(found) %}<i>{{ found | join('+') }}</i>{% endmacro %}"
    (overrides / "macros.html").write_text(
        default.replace("{% set letters = fragments.letters %}", mine), encoding="utf-8"
    )
    site = make_site(
        {"buy": {"personas": ["ana"], "touchpoints": [
            tp("ask", "awareness", 10, -1, 5, owners={"care": ["R", "A"]})]}},
        personas=("ana",), departments=("care",), config=make_config(root=str(tmp_path)),
    )  # fmt: skip
    result = render_site(site, analyse(site))
    page = result.files["journeys/buy/index.html"].decode()
    assert page.count("<i>R+A</i>") == 4  # screen grid, print tile, timeline, RACI table
    assert 'class="raci raci-r"' not in page.split('id="raci"')[0]


@pytest.mark.parametrize("personas", [1, 2])
def test_map_cells(personas: int) -> None:
    lines = (
        Line(HOSTILE, "title"),
        Line("", "hot", "common.hotspot"),
        Line(HOSTILE, "meta", "grid.no_channel"),
        Line("Ana <b>", "who", value=-1.5),
        Line(value=0.5, target=None, is_metric=True, css="metric"),
        Line(value=3, target="1 h", is_metric=True, css="metric"),
        Line("", "", "grid.has_storyboard"),
    )
    layout = NS(label_width=200, column_width=200, pad=8, line=15)
    row = NS(cells=(lines, (), lines[3:]))
    grid = NS(styles=(None,) * personas)
    old, new = both("cells(r, 31)", "map_", r=row, L=layout, map=layout, grid=grid)
    assert new == old and new.count("<text") == 11


@pytest.mark.parametrize("url", ["", "journeys/", "journeys/a/", "x/", "404.html"])
@pytest.mark.parametrize("chapters", [0, 2])
def test_header_nav(url: str, chapters: int) -> None:
    """base.html's nav block writes what it wrote as a loop in the template."""
    base = (REPO / "themes/default/templates/base.html").read_text(encoding="utf-8")
    block = base[
        base.index("{% block nav %}") : base.index("{% endblock %}", base.index("{% block nav %}"))
    ]
    env = environment()
    new = env.from_string(
        block.replace("{% block nav %}", "{% macro nav_block() %}")
        + "{% endmacro %}{{ nav_block() }}"
    )
    old = env.from_string('{% import "old.html" as o with context %}{{ o.nav_block() }}')
    nav = [NS(url="x/", title=HOSTILE), NS(url="y/", title="Y")][:chapters]
    page = NS(url=url, section="journeys" if url.startswith("journeys") else "")
    values = {"page": page, "nav_pages": nav}
    assert new.render(**values) == old.render(**values)


@pytest.mark.parametrize("count", [1, 3, 7])
def test_search_filter_marks(count: int) -> None:
    """base.html's hidden filter spans: hostile and Spanish values, a status in words."""
    pairs = [("journey", HOSTILE), ("persona", "Ñandú «x»"), ("status", "draft<"),
             ("department", HOSTILE), ("stage", "Compra"), ("channel", "Tienda & web"),
             ("tag", "<i>")][:count]  # fmt: skip
    env = environment()
    old = env.from_string('{% import "old.html" as o with context %}{{ o.filter_block(f) }}')
    new = env.from_string(
        "<div hidden data-pagefind-ignore>\n{{ fragments.filter_marks(f) }}</div>\n"
    )
    assert new.render(f=pairs) == old.render(f=pairs)


@pytest.mark.parametrize(("hot", "ok"), [(True, True), (True, False), (False, True)])
def test_department_row(hot: bool, ok: bool) -> None:
    check = NS(ok=ok, problems=() if ok else ("no_accountable",))
    insights = NS(is_hotspot=lambda tp: hot, raci_for=lambda tp: check, max_pain=lambda tp: 2.5)
    journey = NS(url="journeys/<j>/", title=HOSTILE)
    tp = NS(url="journeys/<j>/t/", title=HOSTILE, journey=journey, stage_name=HOSTILE,
            importance=3, letters_for=lambda dept_id: ("R", "A"))  # fmt: skip
    department = NS(id="d<1>")
    old, new = both("department_row(d, tp)", d=department, tp=tp, insights=insights)
    assert "      " + new == old  # lists.html indents the row


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain",
        "<script>alert('x')</script>",
        "a & b \"quoted\" 'single'",
        "¿Dónde está el señor Ñúñez? «bien» — 100 %",
        "&amp; already escaped &lt;",
        "\x00\x1f\u2028 \U0001f600 \ud800",
        "<" * 1000 + "&" * 1000,
    ],
)
def test_esc_writes_what_markupsafe_escape_writes(text: str) -> None:
    """esc's C fast path and its Python fallback both write markupsafe.escape's text."""
    from markupsafe import Markup, escape

    from cjmsite.render.fragments import common

    assert common.esc(text) == str(escape(text)) == common._escape_text(text)
    assert common.esc(Markup("<b>ok</b>")) == "<b>ok</b>" and common.esc(7) == "7"
