"""A large handbook's search index in shards: which page goes where, byte-identical builds,
and a rebuild that indexes again only the shards whose pages changed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cjmsite.search import pagefind as search
from cjmsite.search.shards import (
    MAX_SHARDS,
    PRIMARY,
    SHARD_SIZE_VARIABLE,
    group_pages,
    page_shard,
    shard_count,
    shard_of,
)
from cjmsite.site.cache.pages import touchpoint_bodies_isolated
from cjmsite.site.pipeline import build, load_site

REPO = Path(__file__).resolve().parents[2]
needs_pagefind = pytest.mark.skipif(not search.pagefind_available(), reason="needs pagefind[bin]")


def _tree(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file() and not p.name.startswith(".cjmsite")
    }


@pytest.fixture
def handbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    out = tmp_path / "handbook"
    generate = [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(out)]
    subprocess.run([*generate, "-n", "6", "-m", "4"], check=True, capture_output=True)
    monkeypatch.setenv(SHARD_SIZE_VARIABLE, "8")
    return out / "cjmsite.yml"


def test_pages_go_to_their_journeys_shard_and_the_rest_to_the_primary_index() -> None:
    names = [
        "index.html", "personas/ana/index.html", "journeys/index.html",
        "journeys/j1/index.html", "journeys/j1/step/index.html", "journeys/j2/index.html",
    ]  # fmt: skip
    assert group_pages(names, 0) == {PRIMARY: sorted(names)}
    groups = group_pages(names, 3)
    assert next(iter(groups)) == PRIMARY
    assert groups[PRIMARY] == ["index.html", "journeys/index.html", "personas/ana/index.html"]
    assert page_shard("journeys/j1/step/index.html", 3) == shard_of("j1", 3)
    assert page_shard("journeys/j1/index.html", 3) == shard_of("j1", 3) != PRIMARY
    assert shard_of("j1", 3) == shard_of("j1", 3) and shard_of("j1", 0) == PRIMARY


def test_a_small_handbook_has_one_index(monkeypatch: pytest.MonkeyPatch) -> None:
    site, _ = load_site(REPO / "cjmsite.yml")
    assert shard_count(site) == 0
    monkeypatch.setenv(SHARD_SIZE_VARIABLE, "10")
    assert shard_count(site) == 5  # 39 touchpoints + 3 journeys, 10 pages a shard
    monkeypatch.setenv(SHARD_SIZE_VARIABLE, "1")
    assert shard_count(site) == MAX_SHARDS  # 42 shards of one page would be too many
    monkeypatch.setenv(SHARD_SIZE_VARIABLE, "0")
    assert shard_count(site) == 0


@pytest.mark.slow
@needs_pagefind
def test_sharded_builds_are_identical_and_a_rebuild_indexes_only_what_changed(
    handbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, _ = load_site(handbook)
    count = shard_count(site)
    shards = sorted({shard_of(j, count) for j in site.journeys}, key=lambda s: int(s[6:]))
    assert len(shards) >= 2
    one, two = tmp_path / "one", tmp_path / "two"
    assert build(handbook, output_dir=one, use_cache=False).written
    assert build(handbook, output_dir=two, use_cache=False).written
    first = _tree(one)
    assert first == _tree(two)
    for shard in shards:
        assert f"pagefind/{shard}/pagefind-entry.json" in first
        assert f"pagefind/{shard}/pagefind-ui.js" not in first  # the primary's scripts run it
    assert json.loads(first["pagefind/shards.json"]) == shards

    runs: list[list[str]] = []
    run_jobs = search.run_jobs

    def counting(jobs, files, pool):  # type: ignore[no-untyped-def]
        runs.extend(sorted(job.names) for job in jobs)
        return run_jobs(jobs, files, pool)

    monkeypatch.setattr(search, "run_jobs", counting)
    assert build(handbook, output_dir=one).written  # fills the cache for `one`
    runs.clear()
    journey = sorted(site.journeys.values(), key=lambda j: j.id)[0]
    path = handbook.parent / journey.touchpoints[0].source.path
    path.write_text(path.read_text() + "\nA sentence added to the narrative.\n")
    assert build(handbook, output_dir=one).written
    shard = shard_of(journey.id, shard_count(site))
    assert runs and all(page_shard(p, shard_count(site)) == shard for p in runs[0])
    assert len(runs) == 1  # only the edited journey's shard: no other page's text changed
    assert build(handbook, output_dir=two, use_cache=False).written
    assert _tree(one) == _tree(two)  # the incremental index is the cold build's


def _page(marked: bool, text: str) -> bytes:
    body = f"<main{' data-pagefind-body' if marked else ''}><h1>{text}</h1><p>{text}</p></main>"
    return f'<!doctype html><html lang="en"><head><title>{text}</title></head><body>{body}'.encode()


@needs_pagefind
def test_a_theme_marking_some_pages_indexes_those_only_sharded_or_not() -> None:
    files = {
        "index.html": _page(False, "home words"),
        "about/index.html": _page(False, "mentions data-pagefind-body in its text"),
        "journeys/j1/a/index.html": _page(True, "alpha"),
        "journeys/j2/b/index.html": _page(True, "beta"),
        "journeys/j3/c/index.html": _page(True, "gamma"),
    }
    for count in (0, 3):
        made = search.index_pages(files, count)
        assert made.problems == []
        listed = json.loads(made.bundle["pagefind/shards.json"])
        assert listed == sorted(s for s in made.shards if s), count  # every listed one is made
        pages = 0
        for name, data in made.bundle.items():
            if name.endswith("pagefind-entry.json"):
                pages += json.loads(data)["languages"]["en"]["page_count"]
        assert pages == 3, count  # the three marked pages; never home or about


def test_a_theme_showing_other_bodies_turns_the_narrative_shortcut_off(tmp_path: Path) -> None:
    default = REPO / "themes" / "default"
    assert touchpoint_bodies_isolated((default,))
    cases = {
        "touchpoint.html": "{{ tp.body_html }} {{ next.body_html }}",
        "teasers.jinja": "{% for tp in journey.touchpoints %}{{ tp.body_html }}{% endfor %}",
        "journey.html": '{% include "touchpoint.html" %}',
        "touchpoint.html ": "{% for tp in journey.touchpoints %}{{ tp.body_html }}{% endfor %}",
        "touchpoint.html  ": "{% set tp = next %}{{ tp.body_html }}",
        "touchpoint.html   ": "{% macro teaser(tp) %}{{ tp.body_html }}{% endmacro %}",
    }
    for case, (name, text) in enumerate(cases.items()):
        layer = tmp_path / f"case-{case}" / "templates"
        layer.mkdir(parents=True)
        (layer / name.strip()).write_text(text, encoding="utf-8")
        assert not touchpoint_bodies_isolated((layer.parent, default)), name


class CountingFiles(dict):
    """Pages in memory that count how often each is read."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.reads: list[str] = []

    def __getitem__(self, key: str) -> bytes:
        self.reads.append(key)
        return super().__getitem__(key)


@needs_pagefind
def test_a_rebuild_with_known_digests_reads_no_unchanged_page() -> None:
    from cjmsite.digests import digest
    from cjmsite.search.pagefind import PageFacts

    pages = {
        "index.html": _page(False, "home"),
        "personas/ana/index.html": _page(True, "ana"),
        "journeys/j1/a/index.html": _page(True, "alpha"),
        "journeys/j2/b/index.html": _page(True, "beta"),
    }
    first = search.index_pages(pages, 2)
    digests = {name: digest(data) for name, data in pages.items()}
    facts = PageFacts(
        digests, {digest(d): search.MARK.search(d) is not None for d in pages.values()}
    )
    files = CountingFiles(pages)
    again = search.index_pages(files, 2, first.shards, facts)
    assert files.reads == [] and again.indexed == []  # nothing read, nothing indexed
    assert again.bundle == first.bundle
    assert set(again.marks) == set(digests.values())
