"""The journey map: the lane grid's values, its HTML, map.svg, print tiles; the review's defects."""

from __future__ import annotations

import itertools
import random
import re
import shutil
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from modelkit import make_config, make_site, tp
from sitekit import SITES

from cjmsite.analysis import analyse
from cjmsite.config.options import load_config
from cjmsite.render import render_site
from cjmsite.render.grid import COLUMNS_PER_SHEET, journey_grid
from cjmsite.render.grid_map import MAX_LINES, map_layout, wrap
from cjmsite.render.pages import top_with_ties

REPO = Path(__file__).resolve().parents[2]
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SVG = "{http://www.w3.org/2000/svg}"


def small_site(tmp_path: Path, **config):
    site = make_site(
        {
            "buy": {
                "personas": ["ana", "ben"],
                "touchpoints": [
                    tp("search", "awareness", 10, -1, 5, channel="web",
                       owners={"care": "R", "sales": "A"}, pains=["Slow"]),
                    tp("call", "awareness", 20, {"ana": 1, "ben": -1}, 2, channel="shop",
                       owners={"care": "R", "sales": "A"}),
                    tp("pay", "purchase", 10, {"ana": 1}, 4, channel="web",
                       owners={"sales": ["R", "A"], "care": "I"}),
                ],
            },
        },
        personas=("ana", "ben"),
        departments=("care", "sales", "legal"),
        config=make_config(root=str(tmp_path), **config),
    )  # fmt: skip
    return site, analyse(site)


def test_lanes_with_nothing_in_them_are_left_out(tmp_path: Path) -> None:
    site, insights = small_site(tmp_path)
    grid = journey_grid(site.journeys["buy"], insights, site.config)
    assert [lane.id for lane in grid.lanes] == ["pains", "departments", "departments"]
    assert [lane.label for lane in grid.lanes if lane.kind == "raci"] == ["Care", "Sales"]
    assert grid.lane_ids == ("touchpoint", "emotion", "pains", "departments")
    assert [s.span for s in grid.stages] == [2, 1]


def test_a_handoff_is_where_the_responsible_departments_change(tmp_path: Path) -> None:
    site, insights = small_site(tmp_path)
    grid = journey_grid(site.journeys["buy"], insights, site.config)
    assert [c.handoff for c in grid.columns] == [False, False, True]
    assert grid.columns[2].handoff_from == ("Care",) and grid.columns[2].handoff_to == ("Sales",)


def test_points_a_gap_and_their_column_centres(tmp_path: Path) -> None:
    site, insights = small_site(tmp_path)
    grid = journey_grid(site.journeys["buy"], insights, site.config)
    assert [(p.style.persona.id, p.column) for p in grid.points] == [
        ("ana", 0), ("ana", 1), ("ana", 2), ("ben", 0), ("ben", 1),
    ]  # fmt: skip
    assert len(grid.segments) == 3  # ben has no value at `pay`: his line stops there
    assert grid.x_percent(0) == "16.6667%" and grid.x_percent(2) == "83.3333%"
    assert grid.x_percent(2, 2, 3) == "50.0000%"  # a print tile's own span
    top, bottom = grid.scale_ticks[0][1], grid.scale_ticks[-1][1]
    assert top < grid.neutral_y < bottom  # emotion max is drawn at the top
    shapes = {s.shape for s in grid.styles}
    assert len(shapes) == 2 and grid.styles[0].size > grid.styles[1].size


def test_print_tiles_follow_the_paper(tmp_path: Path) -> None:
    site, insights = small_site(tmp_path)
    grid = journey_grid(site.journeys["buy"], insights, site.config)
    assert grid.tiles("A3") == [(0, 3)]
    wide = journey_grid(next(iter(_big().journeys.values())), analyse(_big()), _big().config)
    assert len(wide.columns) == 40
    for paper, step in COLUMNS_PER_SHEET.items():
        tiles = wide.tiles(paper)
        assert tiles[0] == (0, step) and tiles[-1][1] == 40
        assert all(b == c for (_, b), (c, _) in itertools.pairwise(tiles))


_BIG: list = []


def _big():
    """The 40-touchpoint fixture, resolved once."""
    if not _BIG:
        from cjmsite.site.pipeline import check

        result = check(SITES / "big-map" / "cjmsite.yml")
        _BIG.append(result.site)
    return _BIG[0]


def test_the_big_fixture_has_40_touchpoints_5_personas_8_departments() -> None:
    site = _big()
    journey = site.journeys["cambio-de-operador"]
    assert (len(journey.touchpoints), len(journey.personas), len(journey.departments)) == (40, 5, 8)


def test_print_paper_option(tmp_path: Path) -> None:
    config = tmp_path / "cjmsite.yml"
    config.write_text("title: T\nprint_paper: a2\n", encoding="utf-8")
    assert load_config(config)[0].print_paper == "A2"
    config.write_text("title: T\n", encoding="utf-8")
    assert load_config(config)[0].print_paper == "A3"
    config.write_text("title: T\nprint_paper: Letter\n", encoding="utf-8")
    from cjmsite.config.options import ConfigError

    with pytest.raises(ConfigError) as caught:
        load_config(config)
    text = "\n".join(d.format() for d in caught.value.diagnostics.sorted())
    assert "cjmsite.yml:2:" in text and "A2, A3, A4" in text


def test_the_journey_page_draws_the_grid_and_prints_on_the_chosen_paper(tmp_path: Path) -> None:
    site, insights = small_site(tmp_path, print_paper="A4")
    page = render_site(site, insights).files["journeys/buy/index.html"].decode("utf-8")
    assert "@page journey-map { size: A4 landscape;" in page
    screen = page[page.index('class="scroll-area grid-screen"') : page.index('class="grid-print"')]
    columns = re.findall(r'<th scope="col" class="tp[^"]*" data-touchpoint="([^"]+)"', screen)
    assert columns == ["search", "call", "pay"]
    points = re.findall(r'<use class="point"[^>]*data-touchpoint="([^"]+)" data-persona="([^"]+)"',
                        screen)  # fmt: skip
    assert sorted(points) == sorted(
        [("search", "ana"), ("call", "ana"), ("pay", "ana"), ("search", "ben"), ("call", "ben")]
    )
    assert page.count("data-persona=") == 2 * len(points)  # the screen grid and its print tile
    assert 'class="handoff"' in screen and "Handoff" in screen
    assert "Download the map (SVG)" in page and 'href="map.svg"' in page
    assert 'data-lane="pains"' in screen and 'data-lane="backstage"' not in screen
    outside = re.sub(r'<svg class="curve".*?</svg>', "", page, flags=re.S)
    tagged = re.findall(r"<(\w+)[^>]*\bdata-touchpoint=", outside)
    assert set(tagged) <= {"th", "td"}  # outside the curve only grid columns and cells


def test_map_svg_is_self_contained_and_drawn_from_the_grid(tmp_path: Path) -> None:
    site, insights = small_site(tmp_path)
    files = render_site(site, insights).files
    data = files["journeys/buy/map.svg"]
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    assert root[0].tag == f"{SVG}title" and root[1].tag == f"{SVG}desc"
    assert root[0].text == "Journey map: Buy"
    assert b"http" not in data.replace(b"http://www.w3.org/2000/svg", b"")
    assert not any("href" in k for node in root.iter() for k in node.attrib)
    assert "system-ui" in root.get("font-family", "")
    texts = [node.text or "" for node in root.iter(f"{SVG}text")]
    for title in ("Search", "Call", "Pay", "Care", "Sales", "⇄ Handoff"):
        assert title in texts, title
    layout = map_layout(journey_grid(site.journeys["buy"], insights, site.config))
    assert root.get("width") == str(layout.width) and layout.centre(1) == 200 + 1.5 * 200
    assert (
        files["journeys/buy/map.svg"] == render_site(site, insights).files["journeys/buy/map.svg"]
    )


def test_map_text_wraps_inside_its_column() -> None:
    site = _big()
    journey = site.journeys["cambio-de-operador"]
    layout = map_layout(journey_grid(journey, analyse(site), site.config))
    longest = max(len(line.text) for row in (layout.head, *layout.rows) for cell in row.cells
                  for line in cell)  # fmt: skip
    assert longest <= 27
    assert all(len(lines) for _, _, lines in layout.stage_lines)


@pytest.mark.skipif(not (shutil.which("java") and VNU.is_file()), reason="needs Java and vnu.jar")
@pytest.mark.slow  # starts Java
def test_map_svg_passes_the_nu_checker(tmp_path: Path) -> None:
    site = _big()
    files = render_site(site, analyse(site)).files
    target = tmp_path / "map.svg"
    target.write_bytes(files["journeys/cambio-de-operador/map.svg"])
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--svg", "--errors-only", str(target)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr + run.stdout


# ---- defects of the same review --------------------------------------------------------


def test_top_hotspots_keep_the_ties_at_the_last_place() -> None:
    class S:
        def __init__(self, p: float) -> None:
            self.pain_priority = p

    ranked = tuple(S(p) for p in (9, 8, 8, 7, 6, 6, 5, 5, 4, 3, 3, 2))
    assert len(top_with_ties(ranked)) == 11  # 3 ties with the 10th
    assert len(top_with_ties(ranked[:5])) == 5
    assert len(top_with_ties(tuple(S(1) for _ in range(12)))) == 12
    # hundreds tied at the 10th place: the first 10, not all of them (issue 19)
    assert len(top_with_ties(tuple(S(1) for _ in range(300)))) == 10


def spanish(tmp_path: Path) -> dict[str, str]:
    from cjmsite.site.pipeline import build

    result = build(SITES / "spanish" / "cjmsite.yml", output_dir=tmp_path / "out")
    assert result.written
    return {
        p.relative_to(tmp_path / "out").as_posix(): p.read_text("utf-8")
        for p in (tmp_path / "out").rglob("*.html")
    }


def test_spanish_words_quotes_and_offline(tmp_path: Path) -> None:
    pages = spanish(tmp_path)
    journey = pages["journeys/alta-fibra/index.html"]
    assert "Presencial" not in "".join(pages.values())
    assert "(Fuera de línea)" in journey and "(En línea)" in journey
    assert "Descargar el mapa (SVG)" in journey and "Mapa del recorrido" in journey
    persona = pages["personas/ana-garcia/index.html"]
    assert "««" not in persona and "»»" not in persona


def test_a_quote_already_in_guillemets_is_not_quoted_twice(tmp_path: Path) -> None:
    from cjmsite.model import Persona

    site, insights = small_site(tmp_path, language="es")
    quoted = Persona("ana", "Ana", quote="«Quiero fibra ya»")
    object.__setattr__(site, "personas", {**site.personas, "ana": quoted})
    page = render_site(site, insights).files["personas/ana/index.html"].decode("utf-8")
    assert "«Quiero fibra ya»" in page and "««" not in page


def test_department_page_flags_a_row_with_two_a(tmp_path: Path) -> None:
    site = make_site(
        {"j": {"touchpoints": [tp("x", "awareness", 10, -1, 5,
                                  owners={"care": ["R", "A"], "sales": "A"})]}},
        config=make_config(root=str(tmp_path)),
    )  # fmt: skip
    page = render_site(site, analyse(site)).files["departments/care/index.html"].decode("utf-8")
    row = re.search(r'<tr class="[^"]*row-problem[^"]*">.*?</tr>', page, re.S)
    assert row and "more than one A" in row.group(0)


def test_unassigned_owner_and_the_pager_on_one_row(tmp_path: Path) -> None:
    site, insights = small_site(tmp_path, language="es")
    files = render_site(site, insights).files
    page = files["journeys/buy/call/index.html"].decode("utf-8")
    assert 'class="pager-prev"' in page and 'class="pager-next"' in page
    site = make_site(
        {"j": {"touchpoints": [tp("x", "awareness", 10, -1, 5, owners={"care": "R"},
                                  ideas=[{"title": "Idea"}])]}},
        config=make_config(root=str(tmp_path), language="es"),
    )  # fmt: skip
    page = render_site(site, analyse(site)).files["journeys/j/index.html"].decode("utf-8")
    assert "sin asignar" in page and "ninguno" not in page


def test_compare_says_mean_and_fills_importance_and_added_emotion(tmp_path: Path) -> None:
    site = make_site(
        {
            "now": {"counterpart": "next", "touchpoints": [
                tp("a", "awareness", 10, -1, 4), tp("b", "awareness", 20, 0, 3)]},
            "next": {"state": "future", "counterpart": "now", "touchpoints": [
                tp("a", "awareness", 10, 1, 4), tp("c", "awareness", 30, 2, 5)]},
        },
        config=make_config(root=str(tmp_path)),
    )  # fmt: skip
    page = render_site(site, analyse(site)).files["journeys/now/index.html"].decode("utf-8")
    compare = page[page.index('id="compare"') :]
    assert "mean emotion" in compare
    rows = re.findall(r'<tr class="change-(\w+)">(.*?)</tr>', compare, re.S)
    cells = {kind: re.findall(r"<td>(.*?)</td>", row, re.S) for kind, row in rows}
    assert "+2" in cells["added"][1]  # the added touchpoint's emotion
    assert [re.sub(r"<[^>]+>", "", cells[k][2]).strip() for k in ("added", "removed")] == ["5", "3"]
    assert "4" in cells["changed"][2] and "unchanged" in cells["changed"][2]


def test_a_storyboard_lane_when_any_touchpoint_has_a_sketch(tmp_path: Path) -> None:
    site = make_site(
        {"j": {"touchpoints": [
            tp("a", "awareness", 10, -1, 5, owners={"care": "R"}, storyboard="assets/a.svg"),
            tp("b", "awareness", 20, 1, 2, owners={"care": "R"}),
        ]}},
        config=make_config(root=str(tmp_path)),
    )  # fmt: skip
    insights = analyse(site)
    grid = journey_grid(site.journeys["j"], insights, site.config)
    assert grid.lanes[0].id == "storyboard" and grid.lanes[0].cells == (("assets/a.svg",), ())
    page = render_site(site, insights).files["journeys/j/index.html"].decode("utf-8")
    assert '<img class="thumb" src="../../assets/a.svg" alt="' in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_map_svg_ui_words_fit_their_cell_unwrapped(language: str) -> None:
    """map.svg draws these UI strings on one line, unwrapped (the layout does not know the
    language): each must fit a touchpoint column, and a lane's name the label column."""
    import yaml

    from cjmsite.render.grid_map import CHARS_PER_LINE, LABEL_CHARS
    from cjmsite.render.locale import flatten

    locales = Path(__file__).resolve().parents[2] / "themes" / "default" / "locales"
    strings = flatten(yaml.safe_load((locales / f"{language}.yml").read_text(encoding="utf-8")))
    in_cells = [k for k in strings if k.split(".")[0] in ("status", "channel", "contact")]
    in_cells += ["grid.has_storyboard", "grid.no_channel", "common.hotspot", "grid.band_note"]
    lanes = [k for k in strings if k.startswith("journey.lane.")]
    lanes.remove("journey.lane.departments")  # each department names its own lane
    lanes += ["grid.values", "common.touchpoint", "common.emotion"]
    too_long = [(k, strings[k]) for k in in_cells if len(str(strings[k])) > CHARS_PER_LINE]
    too_long += [(k, strings[k]) for k in lanes if len(str(strings[k])) > LABEL_CHARS]
    assert too_long == []


def test_map_text_wraps_as_textwrap_does() -> None:
    """grid_map.wrap's own greedy fill writes the lines textwrap would (it falls back to
    textwrap for words longer than a line and lines that would begin at a hyphen's word)."""
    rng = random.Random(19)
    words = ["a", "of", "the", "journey", "Ça", "—", "--", "x-y", "z" * 30, "Señal", ""]
    for _ in range(3000):
        text = rng.choice(["", " ", "\t", "\xa0", "\n"]).join(
            rng.choice(words) for _ in range(rng.randint(0, 25))
        )
        width = rng.choice([3, 8, 21, 27])
        expected = textwrap.wrap(" ".join(text.split()), width, break_long_words=True) or [""]
        assert [line.text for line in wrap(text, width)] == expected[:MAX_LINES]
