"""The opportunities page in a real browser: axe in light and dark at a phone's and a laptop's
width, no sideways scroll, and matrix marks that are links a keyboard reaches."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browserkit import (
    AXE,
    REPO,
    build_site,
    describe_violations,
    needs_axe,
    needs_chromium,
    run_axe,
    serve,
)

pytestmark = [pytest.mark.slow, needs_chromium]
sync_api = pytest.importorskip("playwright.sync_api")
WIDTHS = (390, 1366)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("demo")
    output = build_site(REPO / "cjmsite.yml", tmp / "out")
    with serve(output, tmp / "srv") as url:
        yield url


# `browser`: the session's one Chromium (tests/conftest.py)


@needs_axe
@pytest.mark.parametrize("width", WIDTHS)
def test_axe_light_and_dark_and_no_sideways_scroll(base: str, browser, width: int) -> None:
    assert AXE.is_file(), "run `npm ci --ignore-scripts` for axe-core"
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    failures = []
    for url in ("opportunities/", "journeys/switch-to-fibre/"):
        page.emulate_media(color_scheme="light")
        page.goto(base + url)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            violations = run_axe(page, colours_only=False)
            if violations:
                failures.append(f"{url} {width}px {scheme}:\n{describe_violations(violations)}")
        scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
        assert scroll <= inner, f"{url} scrolls sideways at {width}px"
    ctx.close()
    assert not failures, "\n".join(failures)


def test_matrix_marks_are_focusable_links_to_their_touchpoints(base: str, browser) -> None:
    ctx = browser.new_context(viewport={"width": 1366, "height": 900})
    page = ctx.new_page()
    page.goto(base + "opportunities/")
    marks = page.locator("svg.opportunity-matrix a.mark")
    rows = page.locator("table.matrix-data tbody tr")
    assert marks.count() == rows.count() > 0
    first = marks.first
    label = first.get_attribute("aria-label")
    assert label.startswith("#1 ")
    box = first.bounding_box()
    assert box and box["width"] > 10  # drawn, not collapsed
    first.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == label
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/handbook/journeys/[^/]+/[^/]+/(index\.html)?$"))
    assert page.locator("h1").count() == 1
    ctx.close()


def test_nav_has_opportunities_and_marks_it_current(base: str, browser) -> None:
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(base)
    page.locator(".site-nav").get_by_role("link", name="Opportunities").click()
    assert page.url.rstrip("index.html").endswith("/handbook/opportunities/")
    current = page.locator(".site-nav a[aria-current='page']")
    assert current.inner_text() == "Opportunities"
    ctx.close()


def test_the_arc_draws_assumed_points_hollow(base: str, browser) -> None:
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(base + "journeys/report-an-outage/")
    # the lane grid's curve replaced the pygal arc (#arc) on the journey page
    assumed = page.locator(".grid-screen .curve [data-confidence='assumed']")
    assert assumed.count() == 3  # one touchpoint, three personas
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    for i in range(3):  # a ring in the persona's colour, hollow (filled with the page)
        stroke, fill = assumed.nth(i).evaluate(
            "e => [getComputedStyle(e).stroke, getComputedStyle(e).fill]"
        )
        assert stroke not in (background, "none") and fill == background
    ctx.close()
