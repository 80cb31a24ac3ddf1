"""A split list (issue 19) under the build cache: when an edit changes how many hotspot
pages there are, a warm build adds or drops pages exactly as a cold build does."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_incremental import TOUCHPOINT, demo, edit, same_as_cold

from cjmsite.render import pages
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
