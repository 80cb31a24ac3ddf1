"""The split and summarised pages of a larger handbook (issue 19) in a real browser.

A generated handbook of 20 journeys is built with small limits (30 ranking rows a page, two
arcs a persona), so the hotspot pager, the home page's "more journeys" line and a
persona's table of further journeys all appear; axe checks them in light and dark, at a
phone's width and wide, and the pager's links lead from page to page.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from browserkit import AXE, REPO, describe_violations, needs_axe, needs_chromium, run_axe, serve

from cjmsite.render import pages
from cjmsite.site.pipeline import build

pytestmark = [pytest.mark.slow, needs_chromium, needs_axe]
sync_api = pytest.importorskip("playwright.sync_api")
PAGES = ("index.html", "hotspots/index.html", "hotspots/page/2/index.html",
         "personas/persona-01/index.html")  # fmt: skip


@pytest.fixture(scope="module")
def larger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("weight")
    handbook = tmp / "handbook"
    generate = [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(handbook)]
    subprocess.run([*generate, "-n", "20", "-m", "4"], check=True, capture_output=True)
    with (handbook / "cjmsite.yml").open("a", encoding="utf-8") as extra:
        extra.write("search: false\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages, "HOTSPOTS_PER_PAGE", 30)
        patch.setattr(pages, "PERSONA_ARCS", 2)
        patch.setenv("CJMSITE_JOBS", "1")
        result = build(handbook / "cjmsite.yml", output_dir=tmp / "out", use_cache=False)
    assert result.ok
    for rel in PAGES:
        assert (tmp / "out" / rel).is_file(), rel
    with serve(tmp / "out", tmp / "srv") as base:
        yield base


def test_split_and_summarised_pages_pass_axe_light_dark_and_narrow(larger: str, browser) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.add_init_script(path=str(AXE))
    page = ctx.new_page()
    failures = []
    for rel in PAGES:
        page.goto(larger + rel)
        for width, scheme in ((1366, "light"), (1366, "dark"), (390, "light")):
            page.set_viewport_size({"width": width, "height": 900})
            page.emulate_media(color_scheme=scheme)
            found = run_axe(page, colours_only=scheme == "dark")
            if found:
                failures.append(f"{rel} ({width}px, {scheme}):\n{describe_violations(found)}")
            scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
            if scroll > inner:
                failures.append(f"{rel} scrolls sideways at {width}px")
    ctx.close()
    assert not failures, "\n".join(failures)


def test_the_pager_leads_through_every_page_of_the_ranking(larger: str, browser) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(larger + "hotspots/index.html")
    seen = [page.locator("tbody tr").first.locator("td").first.inner_text()]
    while page.locator("a.pager-next").count():
        page.locator("a.pager-next").click()
        seen.append(page.locator("tbody tr").first.locator("td").first.inner_text())
    assert seen == [str(1 + 30 * n) for n in range(len(seen))] and len(seen) > 1
    page.locator("a.pager-prev").click()
    current = page.locator('.pager-pages a[aria-current="page"]').inner_text()
    assert current == str(len(seen) - 1)
    ctx.close()
