"""The journey page's lane table, curve, timeline and RACI table, and map.svg's body, drawn
in Python (render/fragments/table.py, timeline.py, raci.py, map_svg.py), are byte for byte
what grid.html's, journey.html's and map.svg's macros and loops wrote
(tests/render/fragment_macros.html), on hostile and Spanish text; a theme's macro of a
piece's name still wins."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any

import pytest
from modelkit import make_config, make_site, tp
from test_fragments import HOSTILE, REPO, both, environment

from cjmsite.analysis import analyse
from cjmsite.render import render_site
from cjmsite.render.grid import Grid, journey_grid
from cjmsite.render.grid_map import map_layout

SPANISH = "Café «Ñandú» — atención <script>alert('x')</script> & \"comillas\""


def _touchpoints() -> list[dict[str, Any]]:
    return [
        tp("ask", "awareness", 10, {"ana": -2, "bo": 1}, 5, owners={"care": ["R", "A"]},
           channel="web", title=HOSTILE, pains=(HOSTILE, SPANISH), gains=("ok",),
           ideas=({"title": SPANISH, "status": "planned"},), confidence="assumed"),
        tp("pay", "awareness", 20, {"ana": 1.5, "bo": -1}, 2, owners={"sales": ["R"]},
           title=SPANISH, metrics=({"name": HOSTILE, "value": 0.5, "target": 2},),
           backstage=(SPANISH,)),
        tp("use", "consideration", 30, {"ana": -1.25}, 4, owners={"sales": "C", "care": "R"},
           channel="shop", title="Use", evidence=()),
        tp("end", "consideration", 40, {"ana": 0, "bo": 2}, 1, title=SPANISH),
    ]  # fmt: skip


def hostile_grid(personas: tuple[str, ...]) -> tuple[Grid, Any]:
    """A journey grid with hostile and Spanish titles, handoffs, gaps and every lane kind."""
    site = make_site(
        {"buy": {"personas": list(personas), "title": SPANISH, "touchpoints": _touchpoints()}},
        personas=("ana", "bo"),
        departments=("care", "sales"),
    )
    return journey_grid(site.journeys["buy"], analyse(site), site.config), site.config


@pytest.mark.parametrize("personas", [("ana",), ("ana", "bo")])
@pytest.mark.parametrize(("start", "stop"), [(0, 4), (0, 3), (3, 4), (1, 2)])
def test_lane_table(personas: tuple[str, ...], start: int, stop: int) -> None:
    grid, config = hostile_grid(personas)
    call = f"table(g, {start}, {stop}, 'grid-<&\">')"
    old, new = both(call, "lane_", g=grid, config=config)
    assert new == old and "&lt;script&gt;" in new and "<script>" not in new


@pytest.mark.parametrize("personas", [("ana",), ("ana", "bo")])
def test_tiles_of_one_page_share_their_cells(personas: tuple[str, ...]) -> None:
    """The second and third tables of a page slice the cells the first drew."""
    grid, config = hostile_grid(personas)
    env = environment()
    calls = ("table(g, 0, 4, 'a')", "table(g, 0, 3, 'b')", "table(g, 3, 4, 'c')")
    old = env.from_string(
        '{% import "old.html" as o with context %}' + "".join(f"{{{{ o.{c} }}}}" for c in calls)
    )
    new = env.from_string("".join(f"{{{{ fragments.lane_{c} }}}}" for c in calls))
    assert new.render(g=grid, config=config) == old.render(g=grid, config=config)


@pytest.mark.parametrize("personas", [("ana",), ("ana", "bo")])
def test_curve_timeline_and_marker(personas: tuple[str, ...]) -> None:
    grid, config = hostile_grid(personas)
    for call in ("curve(g, 0, 4, 'x<y')", "curve(g, 1, 3, 'z')", "timeline(g)"):
        old, new = both(call, g=grid, config=config)
        assert new == old, call
    for style in grid.styles:
        assert both("marker(s)", s=style)[1] == both("marker(s)", s=style)[0]
    for lane in grid.lanes:
        assert both("lane_label(l)", l=lane)[1] == both("lane_label(l)", l=lane)[0]
    assert both("truth_flag()")[1] == both("truth_flag()")[0]


def _override(tmp_path: Path, name: str, old: str, new: str) -> None:
    overrides = tmp_path / "theme_overrides"
    overrides.mkdir(exist_ok=True)
    default = (REPO / f"themes/default/templates/{name}").read_text(encoding="utf-8")
    assert old in default
    (overrides / name).write_text(default.replace(old, new), encoding="utf-8")


def test_a_theme_macro_replacing_a_grid_piece_is_used_by_the_table_and_timeline(
    tmp_path: Path,
) -> None:
    """A theme's grid.html with its own lane_label, curve and marker, and a macros.html with
    its own truth_flag: the Python table and timeline call them by name."""
    _override(
        tmp_path, "grid.html",
        "{% set lane_label = fragments.lane_label %}",
        "{% macro lane_label(lane) %}<u>{{ lane.label }}</u>{% endmacro %}"
        "{% macro curve(grid, start, stop, ident) %}<i>curve {{ start }}-{{ stop }}</i>"
        "{% endmacro %}{% macro marker(style) %}<b>mark</b>{% endmacro %}",
    )  # fmt: skip
    _override(
        tmp_path, "macros.html", "{% set truth_flag = fragments.truth_flag %}",
        "{% macro truth_flag() %}<s>truth</s>{% endmacro %}",
    )  # fmt: skip
    site = make_site(
        {"buy": {"personas": ["ana", "bo"], "touchpoints": [
            tp("ask", "awareness", 10, -2, 5, owners={"care": ["R", "A"]}, pains=("p",))]}},
        personas=("ana", "bo"), departments=("care",), config=make_config(root=str(tmp_path)),
    )  # fmt: skip
    page = render_site(site, analyse(site)).files["journeys/buy/index.html"].decode()
    assert page.count("<u>Care</u>") == 2  # screen table and print tile
    assert page.count("<i>curve 0-1</i>") == 2
    assert "<s>truth</s>" in page.split('class="timeline"')[1]
    assert page.count("<b>mark</b>") == 2 + 2  # the legend's and the timeline card's


@pytest.mark.parametrize("personas", [("ana",), ("ana", "bo")])
def test_map_body(personas: tuple[str, ...]) -> None:
    grid, _config = hostile_grid(personas)
    layout = map_layout(grid)
    old, new = both("map_body()", map=layout, L=layout, grid=grid)
    assert new == old and "&lt;script&gt;" in new and "<script>" not in new
    assert new.count("<text") > 40 and "⇄" in new


def _raci_site() -> tuple[Any, Any]:
    site = make_site(
        {"buy": {"personas": ["ana", "bo"], "title": SPANISH, "touchpoints": _touchpoints()}},
        personas=("ana", "bo"),
        departments=("care", "sales"),
    )
    return site.journeys["buy"], analyse(site)


def test_raci_table_of_a_journey() -> None:
    """journey.html's RACI table: rows with problems, a touchpoint without owners."""
    journey, insights = _raci_site()
    old, new = both("raci_table(j, j.departments)", j=journey, insights=insights)
    assert new == old and "&lt;script&gt;" in new and "<script>" not in new
    assert new.count('class="row-problem"') == 3 and new.count("<tbody>") == 2


def _raci_touchpoint(ident: str, title: str, letters: dict[str, Any]) -> NS:
    url = f"journeys/ñ/{ident}/"
    return NS(id=ident, url=url, title=title, letters_for=lambda d: letters.get(d, ()))


@pytest.mark.parametrize("count", [0, 1, 2])
def test_raci_table_with_hostile_names(count: int) -> None:
    """Hostile and Spanish department, stage and touchpoint names, an empty stage, a list of
    letters (unhashable), the same letters in many cells."""
    departments = (
        NS(id="d<1>", url="departments/<d>/", name=HOSTILE),
        NS(id="ñandú", url="departments/ñandú/", name=SPANISH),
    )[:count]
    touchpoints = (
        _raci_touchpoint("t&1", HOSTILE, {"d<1>": ("R", "A"), "ñandú": ["C"]}),
        _raci_touchpoint("t2", SPANISH, {"ñandú": ("R", "A")}),
        _raci_touchpoint("t'3", "Año", {"d<1>": ("R", "A"), "ñandú": ("I",)}),
    )
    stages = (NS(name=HOSTILE, touchpoints=touchpoints[:2]), NS(name="Vacía", touchpoints=()),
              NS(name=SPANISH, touchpoints=touchpoints[2:]))  # fmt: skip
    checks = {
        "t&1": NS(ok=False, problems=("no-accountable", "<two>")),
        "t2": NS(ok=True, problems=()),
        "t'3": NS(ok=False, problems=("no-responsible",)),
    }
    insights = NS(raci_for=lambda tp: checks[tp.id])
    journey = NS(title=SPANISH, stages=stages)
    old, new = both("raci_table(j, ds)", j=journey, ds=departments, insights=insights)
    assert new == old and "Vacía" not in new and new.count("<tbody>") == 2


def _raci_page(tmp_path: Path) -> str:
    site = make_site(
        {"buy": {"personas": ["ana"], "touchpoints": [
            tp("ask", "awareness", 10, -2, 5, owners={"care": ["R", "A"]}),
            tp("pay", "awareness", 20, 1, 5, owners={"care": ["C"]})]}},
        personas=("ana",), departments=("care",), config=make_config(root=str(tmp_path)),
    )  # fmt: skip
    page = render_site(site, analyse(site)).files["journeys/buy/index.html"].decode()
    return page.split('id="raci"')[1].split("</section>")[0]


def test_a_theme_macro_replacing_raci_problems_or_the_table_is_used(tmp_path: Path) -> None:
    """A theme's raci_problems draws the table's checks; a theme's raci_table (or block raci)
    draws the table instead of the fragment."""
    _override(
        tmp_path, "macros.html", "{% set raci_problems = fragments.raci_problems %}",
        "{% macro raci_problems(check) %}<s>{{ check.ok }}</s>{% endmacro %}",
    )  # fmt: skip
    table = _raci_page(tmp_path)
    assert "<s>True</s>" in table and "<s>False</s>" in table and "flag-problem" not in table
    _override(
        tmp_path, "macros.html", "{{ fragments.raci_table(journey, departments) }}",
        "<u>{{ journey.title }}: {{ departments | length }}</u>",
    )  # fmt: skip
    table = _raci_page(tmp_path)
    assert "<u>Buy: 1</u>" in table and "raci-table" not in table
    (tmp_path / "theme_overrides/journey.html").write_text(
        '{% extends "theme/journey.html" %}{% block raci %}<i id="raci">mine</i>{% endblock %}',
        encoding="utf-8",
    )
    assert _raci_page(tmp_path).startswith(">mine</i>")
