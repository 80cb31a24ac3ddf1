"""Page weight at size (issue 19): summaries and split lists keep pages from growing with
the handbook, and every pain point stays reachable through the hotspot pages, every
touchpoint through its department's and its channel cell's pages."""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import big_site

from cjmsite.render import pages, summaries
from cjmsite.render.paging import HOME_JOURNEY_CARDS, PERSONA_ARCS, paginate
from cjmsite.site.pipeline import build

pytestmark = pytest.mark.slow  # builds handbooks of 20 and 60 journeys, and of 400 steps

REPO = Path(__file__).resolve().parents[2]


def _handbook(folder: Path, journeys: int) -> Path:
    generate = [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(folder)]
    subprocess.run([*generate, "-n", str(journeys), "-m", "4"], check=True, capture_output=True)
    config = folder / "cjmsite.yml"
    with config.open("a", encoding="utf-8") as extra:
        extra.write("search: false\nsite_url: https://example.org/handbook/\n")
    return config


@pytest.fixture(scope="module")
def sized(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    patch = pytest.MonkeyPatch()
    patch.setattr(pages, "HOTSPOTS_PER_PAGE", 50)  # split even a medium ranking
    patch.setattr(pages, "ROWS_PER_PAGE", 50)  # and the other lists, shown whole up to 20
    patch.setattr(summaries, "INLINE_ROWS", 20)
    patch.setattr(summaries, "PREVIEW_ROWS", 5)
    patch.setattr(summaries, "CELL_TOUCHPOINTS", 3)
    patch.setenv("CJMSITE_JOBS", "1")
    outputs = {}
    try:
        for journeys in (20, 60):
            folder = tmp_path_factory.mktemp(f"h{journeys}")
            result = build(_handbook(folder, journeys), output_dir=folder / "out", use_cache=False)
            assert result.ok, result.diagnostics
            outputs[journeys] = folder / "out"
    finally:
        patch.undo()
    return outputs


def test_paginate_splits_and_links_neighbours() -> None:
    split = paginate("hotspots/", list(range(5)), 2)
    assert [p.url for p in split] == ["hotspots/", "hotspots/page/2/", "hotspots/page/3/"]
    assert [p.items for p in split] == [(0, 1), (2, 3), (4,)]
    assert [(p.previous, p.next) for p in split] == [
        (None, "hotspots/page/2/"),
        ("hotspots/", "hotspots/page/3/"),
        ("hotspots/page/2/", None),
    ]
    assert [p.start for p in split] == [0, 2, 4]
    only = paginate("hotspots/", [], 2)
    assert len(only) == 1 and only[0].items == () and only[0].next is None


def test_home_page_does_not_grow_with_the_journeys(sized: dict[int, Path]) -> None:
    small, large = ((sized[n] / "index.html").read_text("utf-8") for n in (20, 60))
    for page in (small, large):
        assert page.count('class="journey-card"') == HOME_JOURNEY_CARDS
    more = re.search(r"12 of 60 journeys shown here\. <a href=\"([^\"]+)\">", large)
    assert more and more.group(1) == "journeys/index.html"
    assert len(large) < 1.2 * len(small)  # 3 x the journeys, about the same page


def test_persona_pages_draw_a_few_arcs_and_list_the_rest(sized: dict[int, Path]) -> None:
    for folder in sorted((sized[60] / "personas").glob("*/")):
        page = (folder / "index.html").read_text("utf-8")
        walks = page.count('<div class="walk">')
        assert walks <= PERSONA_ARCS
        listed = re.search(r"The other (\d+) journeys", page)
        linked = walks + (int(listed.group(1)) if listed else 0)
        assert linked == len(
            set(re.findall(r'href="\.\./\.\./journeys/([^/"]+)/index\.html"', page))
        )


def test_every_pain_point_is_on_one_hotspot_page_in_rank_order(sized: dict[int, Path]) -> None:
    out = sized[60]
    first = (out / "hotspots" / "index.html").read_text("utf-8")
    total = int(re.search(r"<caption>(\d+) pain points", first).group(1))
    count = -(-total // 50)
    assert count > 1
    ranks: list[int] = []
    for number in range(1, count + 1):
        folder = out / "hotspots" if number == 1 else out / "hotspots" / "page" / str(number)
        page = (folder / "index.html").read_text("utf-8")
        body = page[page.index("<tbody>") : page.index("</tbody>")]
        ranks += [
            int(r) for r in re.findall(r'<td class="num">(\d+)</td>\s*<th scope="row">', body)
        ]
        assert ('rel="prev"' in page) == (number > 1)
        assert ('rel="next"' in page) == (number < count)
        assert re.search(rf'<a aria-current="page" href="[^"]*" aria-label="Page {number}">', page)
    assert ranks == list(range(1, total + 1))
    assert not (out / "hotspots" / "page" / str(count + 1)).exists()
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert f"https://example.org/handbook/hotspots/page/{count}/" in sitemap


def test_no_page_over_500_kb_where_summaries_apply(sized: dict[int, Path]) -> None:
    out = sized[60]
    for rel in ("index.html", "hotspots/index.html", *(
        p.relative_to(out).as_posix() for p in (out / "personas").rglob("index.html")
    )):  # fmt: skip
        assert (out / rel).stat().st_size <= 500_000, rel


def test_summary_pages_do_not_grow_with_the_journeys(sized: dict[int, Path]) -> None:
    for rel in ("channels/index.html", "opportunities/index.html"):
        small, large = ((sized[n] / rel).stat().st_size for n in (20, 60))
        assert large < 1.2 * small, rel  # 3 x the journeys, about the same page
    for department in sorted((sized[60] / "departments").glob("*/index.html")):
        large = department.stat().st_size
        small = (sized[20] / department.relative_to(sized[60])).stat().st_size
        assert large < 1.35 * small, department  # its owned journeys and A hotspots grow
        page = department.read_text("utf-8")
        assert 'class="journey-shares"' in page and "touchpoints/index.html" in page


def test_every_split_list_page_is_light(sized: dict[int, Path]) -> None:
    out = sized[60]
    for folder in ("departments", "channels", "opportunities", "journeys/page"):
        for page in (out / folder).rglob("index.html"):
            assert page.stat().st_size <= 100_000, page  # 50 rows a page here


def _rows(page: Path) -> list[str]:
    text = page.read_text("utf-8")
    body = text[text.index("<tbody>") : text.index("</tbody>")]
    return [
        posixpath.normpath(posixpath.join(page.parent.as_posix(), href))
        for href in re.findall(r'<th scope="row"><a href="([^"]+)"', body)
    ]


def test_a_department_and_a_channel_cell_of_400_touchpoints_stay_light(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real limits: one journey of 400 steps, all in one channel cell, sales A and
    care R on each: 200 rows a page, and every step on its department's and cell's pages."""
    monkeypatch.setenv("CJMSITE_JOBS", "1")
    config = big_site(tmp_path, steps=400)
    result = build(config, output_dir=tmp_path / "out", use_cache=False)
    assert result.ok, result.diagnostics
    out = tmp_path / "out"
    for folder in ("departments", "channels"):
        for page in (out / folder).rglob("index.html"):
            assert page.stat().st_size <= 300_000, page
    for department in ("sales", "care"):
        assert (out / f"departments/{department}/index.html").stat().st_size <= 60_000
        folder = out / f"departments/{department}/touchpoints"
        split = [folder / "index.html", *sorted((folder / "page").glob("*/index.html"))]
        assert len(split) == 3  # 200 a page
        listed = [row for page in split for row in _rows(page)]
        assert len(listed) == len(set(listed)) >= 400
    folder = out / "channels/store/purchase"
    split = [folder / "index.html", *sorted((folder / "page").glob("*/index.html"))]
    cell = [row for page in split for row in _rows(page)]
    assert len(split) == 3 and len(cell) == len(set(cell)) == 401  # 400 steps, Visits the store
