"""Serve writes the pages showing a saved file before the rest of the site, reloads the
browsers then, and holds requests for other pages until the build ends."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from cjmsite.serve.session import ServeSession
from cjmsite.site.incremental import IncrementalBuilder
from cjmsite.site.pipeline import build

REPO = Path(__file__).resolve().parents[2]
OUTAGE = "content/journeys/report-an-outage"
TOUCHPOINT = f"{OUTAGE}/10-checks-status-page.md"
PAGE = "journeys/report-an-outage/checks-status-page/index.html"
JOURNEY = "journeys/report-an-outage/index.html"
MAP = "journeys/report-an-outage/map.svg"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    config = (REPO / "cjmsite.yml").read_text("utf-8")
    (project / "cjmsite.yml").write_text(config + "search: false\n", encoding="utf-8")
    shutil.copytree(REPO / "content", project / "content")
    return project


def _edit(project: Path, old: str, new: str) -> None:
    path = project / TOUCHPOINT
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.slow
def test_the_pages_of_a_saved_file_are_written_first(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    builder = IncrementalBuilder(project / "cjmsite.yml", site)
    calls: list[tuple[list[str], bytes, bytes]] = []

    def early(written: list[str]) -> None:  # what is on disk when the browsers reload
        persona = (site / "personas/leo/index.html").read_bytes()
        calls.append((written, (site / PAGE).read_bytes(), persona))

    first = builder.build(early)
    assert first.result.written and calls == [] and first.ahead == []  # nothing to go first
    persona_before = (site / "personas/leo/index.html").read_bytes()
    _edit(project, "emotion: -1", "emotion: -2")  # frontmatter: its journey's pages too
    edited = builder.build(early)
    assert edited.result.written and edited.ahead == sorted([PAGE, JOURNEY, MAP])
    written, page, persona = calls[-1]
    assert written == edited.ahead and page == (site / PAGE).read_bytes()
    assert persona == persona_before  # the rest came after
    assert (site / "personas/leo/index.html").read_bytes() != persona_before
    assert PAGE in edited.changed and "personas/leo/index.html" in edited.changed
    (project / TOUCHPOINT).write_text(
        (project / TOUCHPOINT).read_text("utf-8") + "\nA new sentence.\n", "utf-8"
    )
    narrative = builder.build(early)
    assert narrative.ahead == [PAGE] and calls[-1][0] == [PAGE]  # a narrative: its page only
    cold = build(project / "cjmsite.yml", output_dir=tmp_path / "cold", use_cache=False)
    assert cold.written and _tree(site) == _tree(tmp_path / "cold")


@pytest.mark.slow
def test_nothing_goes_first_when_the_theme_or_a_shared_file_changed(
    project: Path, tmp_path: Path
) -> None:
    builder = IncrementalBuilder(project / "cjmsite.yml", tmp_path / "site")
    builder.build()
    calls: list[list[str]] = []
    _edit(project, "emotion: -1", "emotion: -2")
    over = project / "theme_overrides/static"
    over.mkdir(parents=True)
    (over / "extra.css").write_text("p{}\n", encoding="utf-8")
    assert builder.build(calls.append).result.written and calls == []
    persona = project / "content/personas/leo.md"
    persona.write_text(persona.read_text("utf-8") + "\nMore.\n", "utf-8")
    _edit(project, "emotion: -2", "emotion: -1")
    assert builder.build(calls.append).result.written and calls == []


def test_requests_for_other_pages_wait_until_the_build_ends(project: Path, tmp_path: Path) -> None:
    session = ServeSession(project / "cjmsite.yml", tmp_path / "site")
    session._early([PAGE])  # a build wrote the saved file's page and goes on
    assert not session.settled.is_set()
    session.wait_settled(PAGE)  # returns at once: written ahead
    session.wait_settled("_theme/style.css")  # the theme is not being changed
    done = threading.Event()
    waiting = threading.Thread(
        target=lambda: (session.wait_settled("personas/leo/index.html"), done.set())
    )
    waiting.start()
    assert not done.wait(0.3)  # held while the build runs
    session.settled.set()  # the build ended
    waiting.join(5)
    assert done.is_set()


def test_between_rebuilds_survivors_are_frozen_and_garbage_collected_now_and_then(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from cjmsite.site import incremental

    calls: list[str] = []
    monkeypatch.setattr(incremental.gc, "unfreeze", lambda: calls.append("unfreeze"))
    monkeypatch.setattr(incremental.gc, "collect", lambda: calls.append("collect") or 0)
    monkeypatch.setattr(incremental.gc, "freeze", lambda: calls.append("freeze"))
    builder = IncrementalBuilder(project / "cjmsite.yml", tmp_path / "site")
    for _ in range(incremental.COLLECT_EVERY + 1):
        builder.settle()
    assert calls.count("freeze") == incremental.COLLECT_EVERY + 1
    assert calls.count("collect") == 2 and calls[:3] == ["unfreeze", "collect", "freeze"]
    assert gc.isenabled()


@pytest.mark.slow
def test_the_page_list_is_kept_while_only_narratives_change(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cjmsite.render as render

    listed: list[int] = []
    real = render.site_pages
    monkeypatch.setattr(render, "site_pages", lambda *a: listed.append(1) or real(*a))
    site = tmp_path / "site"
    builder = IncrementalBuilder(project / "cjmsite.yml", site)
    assert builder.build().result.written and len(listed) == 1
    (project / TOUCHPOINT).write_text(
        (project / TOUCHPOINT).read_text("utf-8") + "\nA new sentence.\n", "utf-8"
    )
    assert builder.build().result.written and len(listed) == 1  # the same pages as before
    _edit(project, "emotion: -1", "emotion: -2")
    assert builder.build().result.written and len(listed) == 2  # the analysis changed
    cold = build(project / "cjmsite.yml", output_dir=tmp_path / "cold", use_cache=False)
    assert cold.written and _tree(site) == _tree(tmp_path / "cold")
