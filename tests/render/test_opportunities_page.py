"""The opportunities page (matrix, backlog, unaddressed hotspots, waivers) and the journey page's
KPIs, coverage and confidence marks, built from a small handbook."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitekit import fixture_site, write_files

from cjmsite.site.pipeline import build

TP = """---
title: {title}
stage: {stage}
channel: {channel}
emotion: {emotion}
importance: {importance}
owners: {{sales: A, care: R}}
{extra}---
Text.
"""
FILES = {
    "content/journeys/signup/10-sees-ad.md": TP.format(
        title="Sees an ad", stage="awareness", channel="web", emotion=-1, importance=4,
        extra="""ideas:
  - {title: Clearer banner, owner: sales, impact: 4, effort: 2, due: 2026-03-31}
  - {title: Same cell, owner: care, impact: 4, effort: 2, status: planned}
  - {title: "<script>alert(1)</script>", impact: 1, effort: 5, status: done}
  - Plain idea
confidence: assumed
evidence:
  - {quote: Saw it twice, source: Survey, url: "https://example.org/s?a=1&b=2"}
""",
    ),
    "content/journeys/signup/20-visits-store.md": TP.format(
        title="Visits the store", stage="purchase", channel="store", emotion=-2, importance=5,
        extra='waive: {hotspot-without-idea: "budget decided in Q3"}\n',
    ),
    "content/journeys/signup/index.md": """---
title: Sign up
personas: [ana]
owner: sales
stages: [awareness, purchase]
metrics:
  - {name: NPS, value: 12, target: 30, as_of: 2024-05-31}
---
## Overview
""",
}  # fmt: skip


class Links(HTMLParser):
    """Every mark of the matrix: its href and label."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and "mark" in (found.get("class") or "").split():
            self.marks.append(found)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    config = fixture_site("minimal", root)
    write_files(root, FILES)
    result = build(config, output_dir=root / "out", use_cache=False)
    assert result.ok, [d.format() for d in result.diagnostics]
    return root / "out"


def test_one_mark_per_scored_idea_each_linking_to_its_touchpoint(out: Path) -> None:
    html = (out / "opportunities/index.html").read_text("utf-8")
    parser = Links()
    parser.feed(html)
    assert [m["data-rank"] for m in parser.marks] == ["1", "2", "3"]  # 3 scored, 1 plain
    for mark in parser.marks:
        target = posixpath.normpath(posixpath.join("opportunities", str(mark["href"])))
        assert (out / target).is_file(), mark["href"]
        assert target == "journeys/signup/sees-ad/index.html"
    # pain 4 × (0 − −1) = 4: 4 × 4 ÷ 2 = 8 twice (ties by title), then 4 × 1 ÷ 5 = 0.8
    assert [m["data-score"] for m in parser.marks] == ["8.0", "8.0", "0.8"]
    assert parser.marks[0]["aria-label"] == "#1 Clearer banner (Sees an ad): score 8"
    assert parser.marks[1]["aria-label"].startswith("#2 Same cell")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for name in ("Quick wins", "Big bets", "Fill-ins", "Money pits"):
        assert f">{name}</text>" in html


def test_two_ideas_in_one_cell_do_not_overlap(out: Path) -> None:
    html = (out / "opportunities/index.html").read_text("utf-8")
    centres = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"', html)
    assert len(centres) == 3 and len(set(centres)) == 3


def test_backlog_groups_unaddressed_hotspots_and_waivers(out: Path) -> None:
    html = (out / "opportunities/index.html").read_text("utf-8")
    order = [html.index(f'id="status-{s}"') for s in ("proposed", "planned", "doing", "done")]
    assert order == sorted(order)
    # the store visit is a hotspot without ideas, but it waives the rule: listed, and counted
    assert html.index('id="unaddressed"') < html.index('id="matrix"')
    assert "Visits the store</a>" in html.split('id="matrix"')[0]
    assert "budget decided in Q3" in html
    assert "<dt>Waived rules</dt><dd>1</dd>" in html


def test_journey_page_kpis_coverage_validate_first_and_confidence(out: Path) -> None:
    html = (out / "journeys/signup/index.html").read_text("utf-8")
    assert html.index('id="kpis"') < html.index('id="map"')  # the lane grid (was the arc)
    assert '<time datetime="2024-05-31">' in html
    assert '<dd class="coverage">50 %</dd>' in html
    screen = html[html.index("grid-screen") : html.index("grid-print")]
    points = re.findall(r'<use class="point[^"]*"[^>]*data-confidence="[^"]*"[^>]*>', screen)
    assert len(points) == 2
    assert sum('data-confidence="assumed"' in p for p in points) == 1
    assert any("assumed" in p.split('class="')[1].split('"')[0] for p in points)
    assert "Assumed (hollow)" in html
    # the journey's ideas are scored there too
    assert 'id="ideas"' in html and ">8</td>" in html


def test_touchpoint_and_department_pages(out: Path) -> None:
    tp = (out / "journeys/signup/sees-ad/index.html").read_text("utf-8")
    assert 'href="https://example.org/s?a=1&amp;b=2"' in tp
    assert "Assumed" in tp
    store = (out / "journeys/signup/visits-store/index.html").read_text("utf-8")
    assert "budget decided in Q3" in store
    care = (out / "departments/care/index.html").read_text("utf-8")
    assert "Same cell" in care and "Clearer banner" not in care


def test_spanish_nav_and_quadrants(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path)
    write_files(tmp_path, FILES)
    config.write_text(config.read_text("utf-8") + "language: es\n", "utf-8")
    assert build(config, output_dir=tmp_path / "out", use_cache=False).ok
    html = (tmp_path / "out/opportunities/index.html").read_text("utf-8")
    assert "<h1>Oportunidades</h1>" in html
    assert ">Victorias rápidas</text>" in html and ">Pozos sin fondo</text>" in html
