"""Bodies rendered by a pool before resolve (site.cache.bodies) change no byte and no
diagnostic: resolve reuses a worker's body only when its links come out the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import fixture_site

from cjmsite.site import pipeline
from cjmsite.site.cache import bodies, model

REPO = Path(__file__).resolve().parents[2]
CASES = ["hostile", "spanish", "warn-missing-anchor", "err-broken-link", "minimal"]


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
    config = fixture_site(case, tmp_path / "site")
    monkeypatch.setattr(bodies, "MIN_POOL_BODIES", 1)
    warmed: list[int] = []
    real = bodies.warm_bodies

    def counting(links, sources, jobs):
        warmed.append(real(links, sources, jobs))
        return warmed[-1]

    monkeypatch.setattr(model, "warm_bodies", counting)  # called by a whole resolve
    serial = _build(config, tmp_path / "one", "1", monkeypatch)
    assert warmed in ([], [0])  # one job: no pool
    pooled = _build(config, tmp_path / "two", "2", monkeypatch)
    assert warmed[-1] > 0  # the pool rendered the bodies
    assert pooled == serial


def test_a_body_whose_links_differ_in_resolve_is_rendered_again(tmp_path: Path, monkeypatch):
    """A worker renders a link to another file's heading without knowing that file's
    headings; resolve, which knows them all, keeps the link and its own diagnostics."""
    config = fixture_site("warn-missing-anchor", tmp_path / "site")
    monkeypatch.setattr(bodies, "MIN_POOL_BODIES", 1)
    diags, files = _build(config, tmp_path / "out", "2", monkeypatch)
    serial = _build(config, tmp_path / "ref", "1", monkeypatch)
    assert any("anchor" in d or "heading" in d for d in diags)
    assert (diags, files) == serial
