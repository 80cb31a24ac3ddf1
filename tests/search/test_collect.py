"""The feed's collector: each shard's bundle written into the spool as soon as Pagefind
has made it, kept only where the search stage's bundle holds those very bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import needs_posix_signals

from cjmsite.search import pagefind as search
from cjmsite.search.canon import canonical_bundle
from cjmsite.search.collect import Collector, FedShard, relocate
from cjmsite.search.feed import ServicePool, search_note
from cjmsite.search.service import Ticket
from cjmsite.site.pipeline import build

needs_pagefind = pytest.mark.skipif(not search.pagefind_available(), reason="needs pagefind[bin]")
PAGE = '<html lang="es"><body><main data-pagefind-body><h1>{}</h1><p>{}</p></main></body></html>'


def _written(tmp_path: Path, files: dict[str, bytes]) -> Collector:
    spool = tmp_path / "spool"
    spool.mkdir()
    collector = Collector({}, ServicePool(["true"], 1), spool)
    collector.finish()
    collector._write(files)
    return collector


def _record_writes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The output paths every collector writes early, as it writes them."""
    written: list[str] = []
    write = Collector._write

    def recording(self: Collector, files: dict[str, bytes]) -> None:
        write(self, files)
        written.extend(self.written)

    monkeypatch.setattr(Collector, "_write", recording)
    return written


def test_adopt_keeps_the_files_holding_the_bundles_bytes(tmp_path: Path) -> None:
    files = {
        "pagefind/shard-1/fragment/es_a.pf_fragment": b"a",
        "pagefind/shard-1/fragment/es_b.pf_fragment": b"b",
        "pagefind/shard-1/pagefind-entry.json": b"{}",
    }
    collector = _written(tmp_path, files)
    bundle = {"pagefind/shard-1/fragment/es_a.pf_fragment": b"a"}
    bundle["pagefind/shard-1/pagefind-entry.json"] = b'{"changed": true}'
    kept = collector.adopt(bundle)
    spool = collector.spool
    assert kept == {
        "pagefind/shard-1/fragment/es_a.pf_fragment": spool
        / "pagefind/shard-1/fragment/es_a.pf_fragment"
    }
    left = sorted(p.relative_to(spool).as_posix() for p in spool.rglob("*") if p.is_file())
    assert left == ["pagefind/shard-1/fragment/es_a.pf_fragment"]


def test_a_site_left_without_search_keeps_no_early_file_nor_folder(tmp_path: Path) -> None:
    collector = _written(tmp_path, {"pagefind/shard-2/fragment/x.pf_fragment": b"x"})
    (collector.spool / "index.html").write_bytes(b"home")
    assert collector.adopt({}) == {}
    assert sorted(p.name for p in collector.spool.iterdir()) == ["index.html"]


@needs_pagefind
def test_a_shard_is_collected_and_written_as_soon_as_it_is_asked_for(tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    pool = ServicePool(search.pagefind_command(), 1)
    try:
        service = pool.service(0)
        index = service.new_index()
        for n, words in enumerate(("Señal débil en el salón", "¿Dónde está mi pedido?")):
            name = f"journeys/j/p{n}/index.html"
            note = search_note(name, PAGE.format(words, words).encode())
            assert note is not None
            service.add_page(index, name, note.decode())
        fed = FedShard([], 0, ticket=service.ask_files(index))
        collector = Collector({"shard-3": fed}, pool, spool)
        collector.add("shard-3")
        collector.finish()
    finally:
        pool.close()
    assert fed.raw and fed.problem is None and fed.final is not None
    assert fed.final == relocate(canonical_bundle(fed.raw), "shard-3")
    assert all(rel.startswith("pagefind/shard-3/") for rel in fed.final)
    for rel, data in fed.final.items():
        assert (spool / rel).read_bytes() == data
    assert set(collector.written) == set(fed.final)


@needs_pagefind
def test_a_cold_build_writes_the_bundle_while_rendering_and_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = _record_writes(monkeypatch)
    out = tmp_path / "site"
    config = Path(__file__).resolve().parents[2] / "cjmsite.yml"
    assert build(config, output_dir=out, use_cache=False).written
    bundle = {p.relative_to(out).as_posix() for p in (out / "pagefind").rglob("*") if p.is_file()}
    assert written and set(written) <= bundle
    assert any(rel.endswith(".pf_fragment") for rel in written)


def test_a_shard_whose_service_is_stopped_fails_without_starting_another(tmp_path: Path) -> None:
    """The feed stops its services before its collector (Ctrl-C while rendering): what
    the collector still had to take fails, and no Pagefind is started anew for it."""
    pool = ServicePool(["/nonexistent/pagefind"], 1)
    fed = FedShard([], 0, ticket=Ticket([1], 2))
    collector = Collector({"shard-1": fed}, pool, tmp_path)
    collector.add("shard-1")
    collector.finish()
    assert fed.problem == "Pagefind stopped" and fed.raw is None and pool._services == {}
    assert collector.written == {}


@needs_pagefind
def test_a_search_stage_that_fails_after_the_collector_wrote_leaves_no_search_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The collector wrote the shards' files, then the search stage gives up (here: every
    job fails): the site is built without search and without any of those files."""
    from cjmsite.search import indexing

    plan = indexing.plan_jobs

    def failing(*args: object, **kwargs: object) -> list[indexing.Job]:
        jobs = plan(*args, **kwargs)  # type: ignore[arg-type]
        for job in jobs:
            job.problem = "Pagefind stopped (exit status 9)"
        return jobs

    monkeypatch.setattr(search, "plan_jobs", failing)
    written = _record_writes(monkeypatch)
    out = tmp_path / "site"
    result = build(
        Path(__file__).resolve().parents[2] / "cjmsite.yml", output_dir=out, use_cache=False
    )
    assert result.written and written
    assert any("Pagefind could not index the site" in w.message for w in result.warnings)
    assert not (out / "pagefind").exists() and (out / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_file_that_cannot_be_written_early_is_left_to_the_write_stage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk while writing early: the half-written file is removed, nothing after it
    is written, and a name that would leave the spool is never written nor removed."""
    outside = tmp_path / "fuera.txt"
    outside.write_bytes(b"keep")
    write_bytes = Path.write_bytes

    def full(self: Path, data: bytes) -> int:
        if self.name == "b.pf_fragment":
            write_bytes(self, data[:1])
            raise OSError(28, "No space left on device")
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    files = {"pagefind/fragment/a.pf_fragment": b"aa", "pagefind/fragment/b.pf_fragment": b"bb"}
    collector = _written(tmp_path, {**files, "pagefind/fragment/c.pf_fragment": b"cc"})
    assert set(collector.written) == {"pagefind/fragment/a.pf_fragment"}
    left = sorted(p.name for p in (collector.spool / "pagefind/fragment").iterdir())
    assert left == ["a.pf_fragment"]
    other = (
        _written(tmp_path / "x", {"../../fuera.txt": b"nope"})
        if (tmp_path / "x").mkdir() is None
        else None
    )
    assert other is not None and other.written == {} and outside.read_bytes() == b"keep"


class _SlowService:
    """Takes `delay` seconds to hand back a shard's bundle (what the collector waits on)."""

    def __init__(self, delay: float, state: dict[str, bool]) -> None:
        self.delay, self.state = delay, state

    def collect(self, ticket: Ticket) -> dict[str, bytes]:
        import time

        time.sleep(self.delay)
        self.state["collected"] = True
        return {}


class _OnePool:
    def __init__(self, service: _SlowService) -> None:
        self._service = service

    def running(self, number: int) -> _SlowService:
        return self._service


@needs_posix_signals
def test_finish_cut_short_by_ctrl_c_waits_again_when_called_again(tmp_path: Path) -> None:
    """A build interrupted while it waits for the collector calls finish() again before
    the spool is removed: that call must wait for the thread (CPython 3.11's join(), cut
    short by Ctrl-C, let is_alive() say False while the thread still wrote into the
    spool, and half the search files stayed behind)."""
    import signal

    state: dict[str, bool] = {}
    shard = FedShard(["a.html"], 0)
    shard.ticket = Ticket([], 1)
    collector = Collector({"shard-1": shard}, _OnePool(_SlowService(0.6, state)), tmp_path)
    collector.add("shard-1")

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.1)
        with pytest.raises(KeyboardInterrupt):
            collector.finish()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert "collected" not in state  # still at work when the interrupt came
    collector.finish()
    assert state.get("collected") is True
