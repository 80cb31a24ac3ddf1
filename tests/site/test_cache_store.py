"""The cache's stamped pickles: round trips, anything unreadable reads as empty, and the
garbage collector is paused only while a store is read or written."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from cjmsite.site.cache import Store, gc_paused


def test_a_store_round_trips_and_garbage_reads_as_empty(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save("model", {"entries": {"a": [1, 2]}})
    assert store.load("model") == {"entries": {"a": [1, 2]}}
    (tmp_path / "model.pickle").write_bytes(b"not a pickle")
    assert store.load("model") == {}
    assert store.load("missing") == {}


@pytest.mark.parametrize("enabled", [True, False])
def test_collection_is_paused_while_reading_and_restored(tmp_path: Path, enabled: bool) -> None:
    SEEN.clear()
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        store = Store(tmp_path)
        store.save("probe", {"probe": Probe()})
        store.load("probe")
        assert SEEN == [False]  # unpickled with collection paused
        assert gc.isenabled() is enabled
        with pytest.raises(ZeroDivisionError), gc_paused():
            1 / 0  # noqa: B018
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


SEEN: list[bool] = []  # whether collection was on when each Probe was unpickled


def _note() -> None:
    SEEN.append(gc.isenabled())


class Probe:
    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (_note, ())


@pytest.mark.slow
def test_templates_are_compiled_once_and_again_when_edited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from cjmsite.site.cache.templates import TemplateCode
    from cjmsite.site.pipeline import build

    repo = Path(__file__).resolve().parents[2]
    project = tmp_path / "project"
    project.mkdir()
    config = project / "cjmsite.yml"
    config.write_text((repo / "cjmsite.yml").read_text("utf-8") + "search: false\n", "utf-8")
    shutil.copytree(repo / "content", project / "content")
    assert build(config).written
    compiled: list[str] = []
    dump = TemplateCode.dump_bytecode
    monkeypatch.setattr(
        TemplateCode,
        "dump_bytecode",
        lambda self, bucket: compiled.append(bucket.key) or dump(self, bucket),
    )
    step = project / "content/journeys/report-an-outage/10-checks-status-page.md"
    step.write_text(step.read_text("utf-8") + "\nA new sentence.\n", "utf-8")
    assert build(config).written and compiled == []  # every template's bytecode reused
    over = project / "theme_overrides/templates"
    over.mkdir(parents=True)
    (over / "touchpoint.html").write_text('{% extends "theme/touchpoint.html" %}\n', "utf-8")
    step.write_text(step.read_text("utf-8") + "\nAnother.\n", "utf-8")
    assert build(config).written and compiled  # the override is compiled
