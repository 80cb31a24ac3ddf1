"""The demo handbook (and the Spanish fixture) in a real browser, served at /handbook/.

Playwright drives Debian's Chromium (/usr/bin/chromium); the tests skip only where it (or
axe-core, from node_modules) is absent, naming `bash scripts/install-browser-tools.sh`. One
browser and one build of each handbook for the whole session (see tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import (
    AXE,
    all_pages,
    describe_violations,
    needs_axe,
    needs_chromium,
    page_kinds,
    run_axe,
    serve,
)

pytestmark = [pytest.mark.slow, needs_chromium, needs_axe]
sync_api = pytest.importorskip("playwright.sync_api")


class Site:
    """A built handbook served at a subpath."""

    def __init__(self, output: Path, base: str):
        self.output = output
        self.base = base
        self.kinds = page_kinds(output)


def _served(tmp: Path, output: Path) -> Iterator[Site]:
    with serve(output, tmp / "srv") as base:
        yield Site(output, base)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_output: Path) -> Iterator[Site]:
    yield from _served(tmp_path_factory.mktemp("demo"), demo_output)


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory, spanish_output: Path) -> Iterator[Site]:
    yield from _served(tmp_path_factory.mktemp("spanish"), spanish_output)


class Watch:
    """A page with its console errors and failed requests recorded."""

    def __init__(self, page: object):
        self.page = page
        self.problems: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        page.on(
            "response",
            lambda r: r.status >= 400 and self.problems.append(f"{r.status}: {r.url}"),
        )


def _at(page: object) -> str:
    """The page's URL without `index.html` (the site links to files, to work from disk too)."""
    return re.sub(r"index\.html$", "", page.url)


@pytest.fixture
def context(browser: object) -> Iterator[object]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


def test_every_page_loads_without_console_errors_or_failed_requests(demo: Site, context) -> None:
    watch = Watch(context.new_page())
    pages = all_pages(demo.output)
    assert len(pages) >= 50
    for url in pages:
        watch.page.goto(demo.base + url, wait_until="load")
        assert watch.page.locator("h1").count() == 1, url
        assert watch.problems == [], (url, watch.problems)


def test_navigation_home_journey_touchpoint_department_and_back(demo: Site, context) -> None:
    page = Watch(context.new_page()).page
    page.goto(demo.base)
    page.locator(".site-nav").get_by_role("link", name="Journeys").click()
    assert _at(page) == demo.base + "journeys/"
    page.locator("main table a").first.click()
    journey_url = _at(page)
    assert re.search(r"/handbook/journeys/[^/]+/$", journey_url)
    page.locator(".grid-screen .tp-title").first.click()
    touchpoint_url = _at(page)
    assert touchpoint_url.startswith(journey_url) and touchpoint_url != journey_url
    department = page.locator("main a[href*='departments/']").first
    name = department.inner_text()
    department.click()
    assert "/handbook/departments/" in page.url
    assert page.locator("h1").inner_text() == name
    page.go_back()
    assert _at(page) == touchpoint_url
    page.go_back()
    assert _at(page) == journey_url
    page.keyboard.press("Tab")  # the first Tab stop is the skip link, and it is visible
    skip = page.locator(".skip-link")
    assert skip.evaluate("e => e === document.activeElement")
    assert skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_search_finds_a_touchpoint_by_a_word_of_its_body(demo: Site, context) -> None:
    watch = Watch(context.new_page())
    page = watch.page
    page.goto(demo.base + "journeys/")
    box = page.get_by_role("textbox", name="Search the handbook")
    box.fill("difficult")  # only in the narrative of "Technician repairs the fault at home"
    first = page.locator(".pagefind-ui__result-link").first
    first.wait_for(timeout=10_000)
    href = first.get_attribute("href")
    assert href == "/handbook/journeys/report-an-outage/engineer-visit/"
    wanted = ["Channel", "Department", "Journey", "Persona", "Stage"]
    # the filters arrive after the first result, one by one (slowly on a busy machine)
    with contextlib.suppress(sync_api.TimeoutError):  # the assert below says what is missing
        page.wait_for_function(
            """(wanted) => {
              const got = [...document.querySelectorAll('.pagefind-ui__filter-name')]
                .map((e) => e.textContent.trim());
              return wanted.every((w) => got.includes(w));
            }""",
            arg=wanted,
            timeout=15_000,
        )
    filters = page.locator(".pagefind-ui__filter-name").all_inner_texts()
    assert set(wanted) <= {f.strip() for f in filters}
    first.click()
    assert _at(page) == demo.base + "journeys/report-an-outage/engineer-visit/"
    assert watch.problems == []


def test_404_page_has_its_styles_at_a_deep_missing_url(demo: Site, context) -> None:
    page = context.new_page()
    response = page.goto(demo.base + "no/such/deep/page/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    background = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).borderBottomStyle"
    )
    assert background == "solid"  # the inline style sheet applied
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"
    assert run_axe(page) == []


def test_axe_finds_no_violation_on_any_page_kind_light_and_dark(
    demo: Site, spanish: Site, browser
) -> None:
    """Every rule in light mode; then, on the same page, the colour rules in dark mode."""
    assert AXE.is_file(), "run `npm ci --ignore-scripts` for axe-core"
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    ctx.add_init_script(path=str(AXE))
    page = ctx.new_page()
    failures = []
    for site in (demo, spanish):
        for kind, url in site.kinds.items():
            page.emulate_media(color_scheme="light")
            page.goto(site.base + url)
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                violations = run_axe(page, colours_only=scheme == "dark")
                if violations:
                    where = f"{site.base}{url} ({kind}, {scheme})"
                    failures.append(f"{where}:\n{describe_violations(violations)}")
    ctx.close()
    assert not failures, "\n".join(failures)


def test_no_page_scrolls_sideways_from_360px_to_wide(demo: Site, spanish: Site, browser) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    ctx.add_init_script(path=str(AXE))
    page = ctx.new_page()
    wide = []
    for site in (demo, spanish):
        for url in site.kinds.values():
            page.goto(site.base + url)
            for width in (360, 768, 1920):
                page.set_viewport_size({"width": width, "height": 800})
                scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
                if scroll > inner:
                    wide.append(f"{url} at {width}px: {scroll}px > {inner}px")
            page.set_viewport_size({"width": 1280, "height": 800})
    page.set_viewport_size({"width": 360, "height": 800})
    for kind in ("home", "journey", "touchpoint"):  # axe on a phone too
        page.goto(demo.base + demo.kinds[kind])
        assert run_axe(page) == [], kind
    ctx.close()
    assert not wide, wide


def test_dark_mode_follows_the_system(demo: Site, browser) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        ctx = browser.new_context(color_scheme=scheme)
        page = ctx.new_page()
        page.goto(demo.base)
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        ctx.close()
    assert colours["light"] == "rgb(255, 255, 255)"
    assert colours["dark"] != colours["light"]


def test_a_journey_prints_as_its_map_on_landscape_a3(demo: Site, context, tmp_path: Path) -> None:
    """A3 landscape by default (print_paper), the map tiled over sheets; every touchpoint
    title on paper is checked in test_journey_map.py."""
    page = context.new_page()
    journeys = sorted(p.parent.name for p in demo.output.glob("journeys/*/index.html"))
    for journey in journeys:
        page.goto(demo.base + f"journeys/{journey}/")
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        size = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
        assert size and (round(float(size[1])), round(float(size[2]))) == (1191, 842), journey
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 1 <= pages <= 6, f"{journey}: {pages} pages"
        (tmp_path / f"{journey}.pdf").write_bytes(pdf)
    page.emulate_media(media="print")
    page.goto(demo.base + f"journeys/{journeys[0]}/")
    for selector in (".grid-print .curve", ".grid-print tr[data-lane=departments]"):
        assert page.locator(selector).first.is_visible(), selector
    for selector in (".site-nav", ".site-search", ".toc", ".grid-screen"):
        assert not page.locator(selector).first.is_visible(), selector


def test_spanish_site_in_the_browser(spanish: Site, context) -> None:
    watch = Watch(context.new_page())
    page = watch.page
    page.goto(spanish.base + spanish.kinds["journey"])
    assert page.evaluate("document.documentElement.lang") == "es"
    text = page.locator("main").inner_text()
    assert re.search(r"\d,\d", text), "decimal comma expected"
    assert not re.search(r"(?<![\d.])\d+\.\d+(?![\d.])", text), "no decimal point in Spanish"
    chart_text = page.evaluate(
        "[...document.querySelectorAll('.grid-screen .curve title')]"
        ".map(e => e.textContent).join(' ')"
    )
    assert re.search(r"\d,\d", chart_text) or "−" in chart_text
    assert "-" not in re.sub(r"[A-Za-zÀ-ÿ]-[A-Za-zÀ-ÿ]", "", chart_text)
    box = page.get_by_role("textbox", name="Buscar en el manual")
    box.fill("tienda")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    filters = {f.strip() for f in page.locator(".pagefind-ui__filter-name").all_inner_texts()}
    assert {"Recorrido", "Etapa"} <= filters
    assert watch.problems == []
