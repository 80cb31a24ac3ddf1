"""Files read and bodies rendered by a pool before resolve (site.cache.bodies) change no
byte and no diagnostic: resolve reuses a worker's body only when its links come out the
same."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import fixture_site

from cjmsite.site import pipeline
from cjmsite.site.cache import bodies, model

REPO = Path(__file__).resolve().parents[2]
SITES = REPO / "tests" / "sites"
# every fixture: what reading a file reports (bad YAML, a duplicate key, no frontmatter, a
# wrong type, an SVG with a script…) must come out of a worker as it does from this process
# (err-config stops at the configuration, before any file is read)
CASES = sorted(p.name for p in SITES.iterdir() if p.name != "err-config")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _build(config: Path, out: Path, jobs: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CJMSITE_JOBS", jobs)
    monkeypatch.setenv("CJMSITE_CACHE", "0")
    result = pipeline.build(config, output_dir=out, today="2026-12-04")
    return [str(d) for d in result.diagnostics], _files(out) if result.written else {}


@pytest.mark.parametrize("case", CASES)
def test_the_pool_changes_nothing(case: str, tmp_path: Path, monkeypatch) -> None:
    """Files read (frontmatter and body) and bodies rendered by the pool: the same bytes
    and the same diagnostics as one process reading and rendering them all."""
    config = fixture_site(case, tmp_path / "site")
    monkeypatch.setattr(bodies, "MIN_POOL_BODIES", 1)
    pooled_reads: list[int | None] = []
    real = bodies.read_in_pool

    def counting(links, todo, max_bytes, jobs):
        found = real(links, todo, max_bytes, jobs)
        pooled_reads.append(None if found is None else len(found))
        return found

    monkeypatch.setattr(model, "read_in_pool", counting)  # called by a whole resolve
    serial = _build(config, tmp_path / "one", "1", monkeypatch)
    assert pooled_reads in ([], [None])  # one job: no pool
    pooled = _build(config, tmp_path / "two", "2", monkeypatch)
    assert pooled_reads and pooled_reads[-1]  # the pool read the files
    assert pooled == serial


def test_a_pool_that_fails_leaves_the_reading_to_this_process(tmp_path: Path, monkeypatch):
    """A worker whose share cannot come back (data that will not pickle, a worker that
    dies): the files are read here and the bodies warmed as before, nothing else changes."""
    config = fixture_site("spanish", tmp_path / "site")
    monkeypatch.setattr(bodies, "MIN_POOL_BODIES", 1)
    serial = _build(config, tmp_path / "one", "1", monkeypatch)

    def failing(bounds):
        raise RecursionError("maximum recursion depth exceeded while pickling an object")

    monkeypatch.setattr(bodies, "_read_range", failing)  # the forked workers inherit it
    warmed: list[int] = []
    real = bodies.warm_bodies
    monkeypatch.setattr(
        model, "warm_bodies", lambda *args: warmed.append(real(*args)) or warmed[-1]
    )
    assert _build(config, tmp_path / "two", "2", monkeypatch) == serial
    assert warmed and warmed[-1] > 0  # read here, then the bodies in the pool of before


def test_a_body_whose_links_differ_in_resolve_is_rendered_again(tmp_path: Path, monkeypatch):
    """A worker renders a link to another file's heading without knowing that file's
    headings; resolve, which knows them all, keeps the link and its own diagnostics."""
    config = fixture_site("warn-missing-anchor", tmp_path / "site")
    monkeypatch.setattr(bodies, "MIN_POOL_BODIES", 1)
    diags, files = _build(config, tmp_path / "out", "2", monkeypatch)
    serial = _build(config, tmp_path / "ref", "1", monkeypatch)
    assert any("anchor" in d or "heading" in d for d in diags)
    assert (diags, files) == serial
