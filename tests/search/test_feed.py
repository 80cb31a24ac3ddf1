"""The feed sends pages to Pagefind as they render, in the order index_pages would send
them; index_pages takes what was fed only when it is exactly that, so a fed build and an
unfed one make the same bundle."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjmsite.search import pagefind as search
from cjmsite.search.feed import SearchFeed, search_note
from cjmsite.search.service import ServiceError, Ticket
from cjmsite.site.pipeline import build
from cjmsite.site.searching import LazyFiles

needs_pagefind = pytest.mark.skipif(not search.pagefind_available(), reason="needs pagefind[bin]")
MARKED = b'<html lang="en"><body><main data-pagefind-body><h1>%s</h1></main></body></html>'
PLAIN = b'<html lang="en"><body><main><h1>%s</h1></main></body></html>'


class FakeService:
    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple[int, str]] = []
        self.asked: list[int] = []
        self.fail = fail

    def new_index(self) -> int:
        if self.fail:
            raise ServiceError("Pagefind stopped (exit status 1)")
        return 7

    def add_page(self, index: int, path: str, html: str) -> None:
        assert "data-pagefind-body" in html
        self.sent.append((index, path))

    def ask_files(self, index: int) -> Ticket:
        self.asked.append(index)
        return Ticket([], 1)


class FakePool:
    size = 1

    def __init__(self, fail: bool = False) -> None:
        self.one = FakeService(fail)

    def service(self, number: int) -> FakeService:
        assert number == 0
        return self.one


def _notes(**pages: bytes) -> dict[str, bytes | None]:
    return {
        f"{name}/index.html": search_note(f"{name}/index.html", page)
        for name, page in pages.items()
    }


def test_a_page_rendered_early_waits_for_those_sorting_before_it() -> None:
    pool = FakePool()
    names = ["a/index.html", "b/index.html", "c/index.html", "c/map.svg"]
    feed = SearchFeed(names, set(names), 0, {}, pool)  # type: ignore[arg-type]
    feed.take(_notes(c=MARKED % b"c"))
    assert pool.one.sent == []
    feed.take(_notes(a=MARKED % b"a"))
    assert pool.one.sent == [(7, "a/index.html")] and pool.one.asked == []
    feed.take(_notes(b=PLAIN % b"b"))  # not marked: skipped, and c's turn comes
    assert pool.one.sent == [(7, "a/index.html"), (7, "c/index.html")]
    assert pool.one.asked == [7]  # the shard is whole: its files are asked for at once
    assert feed.sent("") == ["a/index.html", "c/index.html"]
    assert feed.marks == {"a/index.html": True, "b/index.html": False, "c/index.html": True}


def test_reused_pages_are_read_from_disk_when_their_turn_comes(tmp_path: Path) -> None:
    pool = FakePool()
    old = tmp_path / "a.html"
    old.write_bytes(MARKED % b"old a")
    names = ["a/index.html", "b/index.html"]
    feed = SearchFeed(names, {"b/index.html"}, 0, {"a/index.html": old}, pool)  # type: ignore[arg-type]
    assert pool.one.sent == [(7, "a/index.html")]  # before anything renders
    feed.take(_notes(b=MARKED % b"b"))
    assert feed.sent("") == names


def test_a_shard_with_nothing_rendered_is_not_fed(tmp_path: Path) -> None:
    pool = FakePool()
    old = tmp_path / "a.html"
    old.write_bytes(MARKED % b"a")
    feed = SearchFeed(["a/index.html"], set(), 0, {"a/index.html": old}, pool)  # type: ignore[arg-type]
    assert pool.one.sent == [] and feed.shards == {}


def test_a_failing_service_stops_the_feed_without_raising() -> None:
    pool = FakePool(fail=True)
    feed = SearchFeed(["a/index.html"], {"a/index.html"}, 0, {}, pool)  # type: ignore[arg-type]
    feed.take(_notes(a=MARKED % b"a"))
    assert feed.problem is not None and "exit status 1" in feed.problem
    assert feed.sent("") == []


@needs_pagefind
def test_a_fed_build_makes_the_bundle_an_unfed_index_makes(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = build(
        Path(__file__).resolve().parents[2] / "cjmsite.yml", output_dir=out, use_cache=False
    )
    assert result.written and not result.errors
    pages = {
        p.relative_to(out).as_posix(): p
        for p in out.rglob("*")
        if p.is_file() and not p.relative_to(out).as_posix().startswith(("pagefind/", "."))
    }
    again = search.index_pages(LazyFiles({}, pages))
    assert not again.problems
    built = {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in (out / "pagefind").rglob("*")
        if p.is_file()
    }
    assert again.bundle == built


@pytest.mark.parametrize("body", ["exit 1", "head -c 10 >/dev/null; printf 'garbage'; exit 0"])
def test_a_broken_pagefind_leaves_a_site_without_search_and_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str
) -> None:
    fake = tmp_path / "fake-pagefind"
    fake.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    fake.chmod(0o755)
    from cjmsite.site import searching

    monkeypatch.setattr(searching, "pagefind_command", lambda: [str(fake)])
    monkeypatch.setattr(search, "pagefind_command", lambda: [str(fake)])
    out = tmp_path / "site"
    config = Path(__file__).resolve().parents[2] / "cjmsite.yml"
    result = build(config, output_dir=out, use_cache=False)
    assert result.written and not result.errors
    assert any("Pagefind could not index the site" in w.message for w in result.warnings)
    assert (out / "index.html").is_file() and not (out / "pagefind").exists()
