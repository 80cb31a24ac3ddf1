"""A sequence of edits, each rebuilt by `build` (the cache on disk) and by serve's builder
(with and without the watcher's list of saved files), gives after every step what a cold
build gives: the same files, byte for byte, and the same diagnostics."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cjmsite.site.incremental import IncrementalBuilder
from cjmsite.site.pipeline import build

REPO = Path(__file__).resolve().parents[2]
OUTAGE = "content/journeys/report-an-outage"
FIBRE = "content/journeys/switch-to-fibre"
STEP = f"{OUTAGE}/10-checks-status-page.md"
STREET = f"{FIBRE}/10-sees-street-works.md"
NEW = f"{OUTAGE}/15-asks-a-neighbour.md"
RENAMED = f"{OUTAGE}/16-asks-the-neighbours.md"
MOVING = "content/journeys/moving-house"
BILLING = "content/departments/billing.md"
LEO = "content/personas/leo.md"


def _replace(project: Path, rel: str, old: str, new: str) -> list[str]:
    path = project / rel
    text = path.read_text("utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [rel]


def _append(project: Path, rel: str, text: str) -> list[str]:
    path = project / rel
    path.write_text(path.read_text("utf-8") + text, encoding="utf-8")
    return [rel]


def _add(project: Path, rel: str) -> list[str]:
    (project / rel).write_text(
        "---\ntitle: Asks a neighbour\nstage: retention\nemotion: -1\nimportance: 2\n"
        "owners:\n  customer-care: A\n  field-operations: R\n---\nNext door is down too.\n",
        encoding="utf-8",
    )
    return [rel]


def _rename(project: Path, old: str, new: str) -> list[str]:
    (project / old).rename(project / new)
    return [old, new]


def _remove(project: Path, rel: str) -> list[str]:
    (project / rel).unlink()
    return [rel]


def _add_journey(project: Path) -> list[str]:
    (project / MOVING).mkdir()
    (project / MOVING / "index.md").write_text(
        "---\ntitle: Moving house\npersonas: [leo]\nowner: sales\nstages: [retention]\n---\n"
        "Leo moves.\n",
        encoding="utf-8",
    )
    return [f"{MOVING}/index.md", *_add(project, f"{MOVING}/10-asks-a-neighbour.md")]


def _remove_folder(project: Path, rel: str) -> list[str]:
    files = sorted(p.relative_to(project).as_posix() for p in (project / rel).rglob("*"))
    shutil.rmtree(project / rel)
    return files


# (what, edit, whether the build succeeds): applied in turn; an edit returns the files it
# touched (project-relative), which serve's watcher would report.
Edit = Callable[[Path], list[str]]
EDITS: list[tuple[str, Edit, bool]] = [
    ("narrative", lambda p: _append(p, STEP, "\nA sentence added.\n"), True),
    ("emotion", lambda p: _replace(p, STEP, "emotion: -1", "emotion: -2"), True),
    ("journey narrative", lambda p: _append(p, f"{OUTAGE}/index.md", "\nMore.\n"), True),
    (
        "link to a heading not there yet (another journey)",
        lambda p: _append(
            p, STREET, "\nSee [why](../report-an-outage/10-checks-status-page.md#why-it-lags).\n"
        ),
        True,
    ),
    ("the heading added", lambda p: _append(p, STEP, "\n## Why it lags\n\nAlarms.\n"), True),
    ("the heading renamed", lambda p: _replace(p, STEP, "## Why it lags", "## Lag"), True),
    ("touchpoint added", lambda p: _add(p, NEW), True),
    ("touchpoint renamed", lambda p: _rename(p, NEW, RENAMED), True),
    ("touchpoint removed", lambda p: _remove(p, RENAMED), True),
    ("frontmatter broken", lambda p: _replace(p, STEP, "title: ", "title: [unclosed "), False),
    ("frontmatter fixed", lambda p: _replace(p, STEP, "title: [unclosed ", "title: "), True),
    ("emotion off the scale", lambda p: _replace(p, STEP, "emotion: -2", "emotion: -9"), False),
    ("emotion fixed", lambda p: _replace(p, STEP, "emotion: -9", "emotion: 1"), True),
    (
        "counterpart dropped",
        lambda p: _replace(p, f"{FIBRE}/index.md", "counterpart: switch-to-fibre-future\n", ""),
        True,
    ),
    ("a persona's narrative", lambda p: _append(p, "content/personas/leo.md", "\nHi.\n"), True),
    ("config", lambda p: _replace(p, "cjmsite.yml", "title: Northwind", "title: Southwind"), True),
    ("narrative again", lambda p: _append(p, STEP, "\nAnd another.\n"), True),
    # what site.json's journey entries show of the rest of the site (they are kept by what
    # they are made from: see render.site_json.journey_key)
    ("a department renamed", lambda p: _replace(p, BILLING, "name: Billing", "name: Bills"), True),
    ("a persona renamed", lambda p: _replace(p, LEO, "name: Leo Martins", "name: Leo M."), True),
    (
        "a stage renamed",
        lambda p: _replace(p, "cjmsite.yml", "name: Retention", "name: Keep"),
        True,
    ),
    (
        "edit links",
        lambda p: _replace(p, "cjmsite.yml", "edit_branch: main", "edit_branch: b"),
        True,
    ),
    ("the language", lambda p: _replace(p, "cjmsite.yml", "language: en", "language: es"), True),
    ("the scale", lambda p: _replace(p, "cjmsite.yml", "    max: 5", "    max: 6"), True),
    ("a journey added", _add_journey, True),
    ("a journey deleted", lambda p: _remove_folder(p, MOVING), True),
    ("narrative once more", lambda p: _append(p, STEP, "\nAnd more.\n"), True),
]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _same(got: Path, want: Path) -> list[str]:
    a, b = _tree(got), _tree(want)
    return sorted(set(a) ^ set(b)) + [
        name for name in sorted(a.keys() & b.keys()) if a[name] != b[name]
    ]


@pytest.mark.slow
def test_every_edit_gives_what_a_cold_build_gives(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    config = project / "cjmsite.yml"
    config.write_text((REPO / "cjmsite.yml").read_text("utf-8") + "search: false\n", "utf-8")
    shutil.copytree(REPO / "content", project / "content")
    assert build(config).written
    plain = IncrementalBuilder(config, tmp_path / "plain")  # hashes every file
    hinted = IncrementalBuilder(config, tmp_path / "hinted")  # told what was saved
    assert plain.build().result.written and hinted.build().result.written
    ways = []
    for what, edit, ok in EDITS:
        touched = edit(project)
        hinted.cache.saved([project / rel for rel in touched])
        cold = build(config, output_dir=tmp_path / "cold", use_cache=False)
        want = [d.format() for d in cold.diagnostics]
        results = {"build": build(config), "plain": plain.build().result}
        ways.append(plain.cache.model.way)
        results["hinted"] = hinted.build().result
        for name, result in results.items():
            assert result.written is ok and cold.written is ok, (what, name)
            assert [d.format() for d in result.diagnostics] == want, (what, name)
        if ok:
            for name, folder in (("build", project / "output"), ("plain", tmp_path / "plain")):
                assert _same(folder, tmp_path / "cold") == [], (what, name)
            assert _same(tmp_path / "hinted", tmp_path / "cold") == [], (what, "hinted")
    # the edits took each way through the cache (see cache/model.py)
    assert {"narrative", "again", "whole"} <= set(ways), ways
    assert ways[0] == "narrative" and ways[1] == "again"


@pytest.mark.slow
def test_a_linked_file_follows_its_target_in_serve(tmp_path: Path) -> None:
    """The watcher names the file saved, not the links to it: with a symbolic link in
    content/, serve's builder hashes every file rather than trusting the watcher's list."""
    project = tmp_path / "project"
    project.mkdir()
    config = project / "cjmsite.yml"
    config.write_text((REPO / "cjmsite.yml").read_text("utf-8") + "search: false\n", "utf-8")
    shutil.copytree(REPO / "content", project / "content")
    (project / f"{OUTAGE}/15-checks-again.md").symlink_to(project / STEP)
    builder = IncrementalBuilder(config, tmp_path / "site")
    assert builder.build().result.written
    builder.cache.saved([project / rel for rel in _append(project, STEP, "\nLinked too.\n")])
    assert builder.build().result.written
    page = tmp_path / "site/journeys/report-an-outage/checks-again/index.html"
    assert "Linked too." in page.read_text("utf-8")
    cold = build(config, output_dir=tmp_path / "cold", use_cache=False)
    assert cold.written and _same(tmp_path / "site", tmp_path / "cold") == []
