"""A sharded search index in a real browser: results and filters come from every shard.

A generated handbook of 8 journeys is built with 10 pages per shard, so its journeys are
spread over several `pagefind/shard-N/` indexes that the search box merges.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import REPO, build_site, needs_chromium, serve

from cjmsite.search.pagefind import pagefind_available
from cjmsite.search.shards import SHARD_SIZE_VARIABLE, page_shard, shard_count, shard_of
from cjmsite.site.pipeline import load_site

pytestmark = [
    pytest.mark.slow,
    needs_chromium,
    pytest.mark.skipif(not pagefind_available(), reason="needs pagefind[bin]"),
]
sync_api = pytest.importorskip("playwright.sync_api")
WORD = "zanzibarite"  # in two touchpoints of journeys in different shards


class Sharded:
    def __init__(self, output: Path, base: str, targets: list[str], shards: list[str]):
        self.output, self.base, self.targets, self.shards = output, base, targets, shards


@pytest.fixture(scope="module")
def sharded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sharded]:
    tmp = tmp_path_factory.mktemp("sharded")
    handbook = tmp / "handbook"
    generate = [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(handbook)]
    subprocess.run([*generate, "-n", "8", "-m", "4"], check=True, capture_output=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(SHARD_SIZE_VARIABLE, "10")
        site, _ = load_site(handbook / "cjmsite.yml")
        count = shard_count(site)
        journeys = sorted(site.journeys.values(), key=lambda j: j.id)
        # the word goes into one touchpoint of two journeys indexed by different shards
        pair = [journeys[-1]]
        pair.append(
            next(j for j in journeys if shard_of(j.id, count) != shard_of(pair[0].id, count))
        )
        targets = []
        for journey in pair:
            tp = journey.touchpoints[1]
            path = handbook / tp.source.path
            path.write_text(path.read_text() + f"\nThe {WORD} cable was loose.\n")
            targets.append(tp.url)
        output = build_site(handbook / "cjmsite.yml", tmp / "out")
    shards = sorted(p.name for p in (output / "pagefind").glob("shard-*"))
    with serve(output, tmp / "srv") as base:
        yield Sharded(output, base, sorted(targets), shards)


@pytest.fixture(scope="module")
def page(sharded: Sharded, browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_the_handbook_is_split_into_shards(sharded: Sharded) -> None:
    assert len(sharded.shards) >= 2
    listed = json.loads((sharded.output / "pagefind" / "shards.json").read_text())
    assert listed == sorted(sharded.shards, key=lambda s: int(s[6:]))
    journeys = {
        page_shard(f"journeys/{p.name}/index.html", len(sharded.shards) or 1)
        for p in (sharded.output / "journeys").iterdir()
        if p.is_dir()
    }
    assert journeys == set(sharded.shards)  # no journey page left in the primary index


def test_search_finds_a_page_of_a_shard_and_merges_the_filters(sharded: Sharded, page) -> None:
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status}: {r.url}"))
    page.goto(sharded.base)
    page.get_by_role("textbox", name="Search the handbook").fill(WORD)
    first = page.locator(".pagefind-ui__result-link").first
    first.wait_for(timeout=10_000)
    hrefs = page.locator(".pagefind-ui__result-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert sorted({h.split("#")[0] for h in hrefs}) == ["/handbook/" + t for t in sharded.targets]
    name = page.locator(".pagefind-ui__filter-name", has_text="Journey")
    block = page.locator(".pagefind-ui__filter-block", has=name)
    name.click()
    labels = block.locator(".pagefind-ui__filter-label").all_inner_texts()
    assert len(labels) == 8, labels  # every journey, whichever shard indexed it
    assert problems == []
