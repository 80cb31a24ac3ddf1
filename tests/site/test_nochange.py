"""A rebuild with nothing changed is answered from the last build's record; any change to
an input or to the output folder takes the normal path, and the result is a cold build's."""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cjmsite.site.cache import Store
from cjmsite.site.cache.nochange import Probe, read_the_same
from cjmsite.site.pipeline import build

REPO = Path(__file__).resolve().parents[2]
build_module = importlib.import_module("cjmsite.site.pipeline")  # the module, not the function


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    config = (REPO / "cjmsite.yml").read_text("utf-8")
    (project / "cjmsite.yml").write_text(config + "search: false\n", encoding="utf-8")
    shutil.copytree(REPO / "content", project / "content")
    return project


def _loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    load_site = build_module.load_site

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return load_site(*args, **kwargs)

    monkeypatch.setattr(build_module, "load_site", counting)
    return calls


@pytest.mark.slow
def test_nothing_changed_reads_no_content(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config, output = project / "cjmsite.yml", project / "output"
    first = build(config)
    assert first.written
    calls = _loads(monkeypatch)
    read: list[str] = []
    load = Store.load
    monkeypatch.setattr(Store, "load", lambda store, name: read.append(name) or load(store, name))
    again = build(config)
    assert calls == [] and again.written and again.output_dir == output
    assert [name for name in read if not name.startswith("nochange-")] == []  # no cache store
    assert (again.pages_written, again.files_written) == (first.pages_written, first.files_written)
    assert [d.format() for d in again.diagnostics] == [d.format() for d in first.diagnostics]
    monkeypatch.setenv("CJMSITE_CACHE", "0")
    assert build(config).written and calls == [1]  # no cache: no record either


def _edit(path: Path) -> None:
    path.write_text(path.read_text("utf-8") + "\nEdited.\n", encoding="utf-8")


CHANGES: list[tuple[str, Callable[[Path], None]]] = [
    (
        "narrative",
        lambda p: _edit(p / "content/journeys/report-an-outage/10-checks-status-page.md"),
    ),
    ("asset", lambda p: os.utime(p / "content/assets/personas/leo.svg", ns=(1, 1))),
    (
        "config",
        lambda p: (p / "cjmsite.yml").write_text(
            (p / "cjmsite.yml").read_text("utf-8") + "# a comment\n", encoding="utf-8"
        ),
    ),
    ("page added", lambda p: (p / "content/pages/faq.md").write_text("# FAQ\n", encoding="utf-8")),
    ("output edited", lambda p: (p / "output/index.html").write_text("x", encoding="utf-8")),
    ("output file added", lambda p: (p / "output/stray.html").write_text("x", encoding="utf-8")),
    ("output file removed", lambda p: (p / "output/404.html").unlink()),
    (
        "theme override",
        lambda p: (
            (p / "cjmsite.yml").write_text(
                (p / "cjmsite.yml").read_text("utf-8") + "theme_overrides: over\n", "utf-8"
            ),
            (p / "over/static").mkdir(parents=True),
            (p / "over/static/extra.css").write_text("p{}\n", encoding="utf-8"),
        ),
    ),
    ("theme override edited", lambda p: _edit(p / "over/static/extra.css")),
]


@pytest.mark.slow
def test_every_change_takes_the_normal_path(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, output = project / "cjmsite.yml", project / "output"
    assert build(config).written
    calls = _loads(monkeypatch)
    for what, change in CHANGES:
        change(project)
        before = len(calls)
        assert build(config).written, what
        assert len(calls) == before + 1, f"`{what}` was not rebuilt"
        cold = tmp_path / "cold"
        shutil.rmtree(cold, ignore_errors=True)
        assert build(config, output_dir=cold, use_cache=False).written
        assert _tree(output) == _tree(cold), what
        assert build(config).written and len(calls) == before + 2, f"after `{what}`: no record"


@pytest.mark.slow
def test_options_are_inputs_too(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = project / "cjmsite.yml"
    assert build(config).written
    calls = _loads(monkeypatch)
    assert build(config, site_url="https://example.org/h/").written and calls == [1]
    assert build(config, output_dir=project / "elsewhere").written and calls == [1, 1]
    monkeypatch.setenv("CJMSITE_SEARCH_SHARD_PAGES", "5")
    assert build(config).written and len(calls) == 3


def test_strict_with_recorded_warnings_fails_like_a_full_build(project: Path) -> None:
    config = project / "cjmsite.yml"
    _edit_yaml = (project / "content/personas/leo.md").read_text("utf-8")
    (project / "content/personas/leo.md").write_text(
        _edit_yaml.replace("---\n", "---\nunknwn_key: 1\n", 1), encoding="utf-8"
    )
    first = build(config)
    assert first.written and first.warnings
    strict = build(config, strict=True)
    assert not strict.written and strict.warnings == first.warnings


def test_a_file_changed_during_the_build_leaves_no_record() -> None:
    seen = Probe("key", Path("out"), {"content/a.md": "1", "content/b.md": "2"})
    assert read_the_same(seen, {"content/a.md": "1", "content/b.md": "2", "content/x.png": ""})
    assert not read_the_same(seen, {"content/a.md": "1", "content/b.md": "3"})
    assert not read_the_same(seen, {"content/a.md": "1", "content/c.md": "4"})
