"""`cjmsite build` tunes garbage collection for its one process and puts it back after."""

from __future__ import annotations

import gc

import pytest

from cjmsite.commands.build import GC_YOUNG_THRESHOLD, one_shot_collections


def test_collections_are_rarer_during_a_build_and_restored_after() -> None:
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    with one_shot_collections():
        assert gc.get_threshold()[0] == GC_YOUNG_THRESHOLD
        assert gc.get_freeze_count() > frozen
    assert gc.get_threshold() == before


def test_restored_when_the_build_is_interrupted() -> None:
    before = gc.get_threshold()
    with pytest.raises(KeyboardInterrupt), one_shot_collections():
        raise KeyboardInterrupt
    assert gc.get_threshold() == before
