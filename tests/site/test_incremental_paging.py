"""Split lists (issue 19) under the build cache: when an edit changes how many hotspot
pages there are, or moves rows between the pages of a department's, a channel cell's or
the backlog's list, a warm build adds, drops or renders pages exactly as a cold build does."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_incremental import TOUCHPOINT, demo, edit, same_as_cold

from cjmsite.render import pages, summaries
from cjmsite.site.pipeline import build

pytestmark = pytest.mark.slow  # warm and cold builds of a large handbook


def _hotspot_pages(output: Path) -> int:
    return 1 + len(list((output / "hotspots" / "page").glob("*/index.html")))


def test_warm_builds_follow_the_number_of_hotspot_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "HOTSPOTS_PER_PAGE", 1)  # a page per pain point
    monkeypatch.setenv("CJMSITE_JOBS", "1")
    project, output = demo(tmp_path), tmp_path / "out"
    assert build(project / "cjmsite.yml", output_dir=output).written
    before = _hotspot_pages(output)
    edit(project / TOUCHPOINT, "emotion: -1", "emotion: 2")  # no longer a pain point
    assert build(project / "cjmsite.yml", output_dir=output).written
    fewer = _hotspot_pages(output)
    assert 1 < fewer < before
    same_as_cold(project, output, tmp_path)
    edit(project / TOUCHPOINT, "emotion: 2", "emotion: -2")  # back, and worse
    assert build(project / "cjmsite.yml", output_dir=output).written
    assert _hotspot_pages(output) > fewer
    same_as_cold(project, output, tmp_path)


def _lists(output: Path) -> set[str]:
    """Every page of a split department, channel or opportunities list."""
    return {
        p.relative_to(output).as_posix()
        for folder in ("departments", "channels", "opportunities")
        for p in (output / folder).glob("*/*/**/index.html")
    } | {p.relative_to(output).as_posix() for p in (output / "opportunities").glob("*/index.html")}


def test_warm_builds_follow_the_split_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Departments, channel cells and the backlog split into pages of 3 (issue 19): edits
    that move rows between pages, or change how many pages there are, render as cold."""
    monkeypatch.setattr(summaries, "INLINE_ROWS", 4)
    monkeypatch.setattr(summaries, "PREVIEW_ROWS", 2)
    monkeypatch.setattr(summaries, "CELL_TOUCHPOINTS", 2)
    monkeypatch.setattr(pages, "ROWS_PER_PAGE", 3)
    monkeypatch.setenv("CJMSITE_JOBS", "1")
    project, output = demo(tmp_path), tmp_path / "out"
    assert build(project / "cjmsite.yml", output_dir=output).written
    split = _lists(output)
    assert "departments/marketing/touchpoints/page/2/index.html" in split
    assert any(name.startswith("channels/") for name in split)
    for old, new in (
        ("  marketing: C\n", ""),  # marketing leaves a touchpoint: its list moves up
        ("emotion: -1", "emotion: -2"),  # more pain: rows change places
        ("title: ", "title: Renamed "),
    ):
        edit(project / TOUCHPOINT, old, new)
        assert build(project / "cjmsite.yml", output_dir=output).written
        same_as_cold(project, output, tmp_path)
