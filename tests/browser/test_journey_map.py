"""The journey map in a real browser: alignment, scrolling, phones, print, map.svg, lanes.

Sites: the demo, the Spanish fixture and tests/sites/big-map (40 touchpoints, 5 personas,
8 departments), each served at /handbook/. Set CJMSITE_SHOTS=<folder> to keep the
screenshots of the big map (they are always taken, into the test's tmp folder otherwise).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import (
    AXE,
    REPO,
    build_site,
    describe_violations,
    needs_axe,
    needs_chromium,
    page_kinds,
    run_axe,
    serve,
)

pytestmark = [pytest.mark.slow, needs_chromium]
sync_api = pytest.importorskip("playwright.sync_api")
SITES = REPO / "tests" / "sites"


class Served:
    def __init__(self, output: Path, base: str):
        self.output, self.base = output, base
        self.kinds = page_kinds(output)
        self.journeys = sorted(p.parent.name for p in output.glob("journeys/*/index.html"))


def _served(tmp: Path, config: Path) -> Iterator[Served]:
    output = build_site(config, tmp / "out")
    with serve(output, tmp / "srv") as base:
        yield Served(output, base)


# `browser`: the session's one Chromium (tests/conftest.py)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from _served(tmp_path_factory.mktemp("demo"), REPO / "cjmsite.yml")


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from _served(tmp_path_factory.mktemp("es"), SITES / "spanish" / "cjmsite.yml")


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from _served(tmp_path_factory.mktemp("big"), SITES / "big-map" / "cjmsite.yml")


OFFSETS = """() => [...document.querySelectorAll('.grid-screen .curve [data-persona]')].map(pt => {
  const p = pt.getBoundingClientRect();
  const col = document.querySelector(
    `.grid-screen th[data-touchpoint="${pt.dataset.touchpoint}"]`).getBoundingClientRect();
  return [pt.dataset.touchpoint, pt.dataset.persona, (p.x + p.width / 2) - (col.x + col.width / 2)];
})"""


def test_every_curve_point_sits_on_its_column(demo: Served, big: Served, browser) -> None:
    page = browser.new_page()
    checked = 0
    for site in (demo, big):
        for journey in site.journeys:
            for width in (1366, 1920):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(site.base + f"journeys/{journey}/")
                offsets = page.evaluate(OFFSETS)
                assert offsets, journey
                far = [o for o in offsets if abs(o[2]) > 2]
                assert not far, (journey, width, far[:5])
                checked += len(offsets)
    assert checked > 400
    page.goto(big.base + "journeys/cambio-de-operador/")  # 5 personas, 40 columns
    assert page.locator(".grid-screen .curve [data-persona]").count() == 200
    assert page.locator(".grid-screen thead th[data-touchpoint]").count() == 40
    outside = page.evaluate(
        "[...document.querySelectorAll('[data-touchpoint]')].filter(e => !e.closest('.curve'))"
        ".map(e => e.tagName).filter(t => t !== 'TH' && t !== 'TD')"
    )
    assert outside == []
    assert page.locator(":not(.curve *)[data-persona]").count() == 0
    page.close()


def _wide(page, site: Served, widths: tuple[int, ...]) -> list[str]:
    found = []
    for url in [*site.kinds.values(), *(f"journeys/{j}/" for j in site.journeys)]:
        page.goto(site.base + url)
        for width in widths:
            page.set_viewport_size({"width": width, "height": 800})
            scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
            if scroll > inner:
                found.append(f"{url} at {width}px: {scroll}px > {inner}px")
    return found


def test_no_page_scrolls_sideways_at_390_and_1366(demo, spanish, big, browser) -> None:
    page = browser.new_page()
    wide = [w for site in (demo, spanish, big) for w in _wide(page, site, (390, 1366))]
    page.close()
    assert not wide, wide


REGIONS = """() => [...document.querySelectorAll('main *')].filter(e => {
  const s = getComputedStyle(e);
  return ['auto', 'scroll'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1
    && e.getClientRects().length;
}).map(e => {
  const area = e.closest('.scroll-area');
  const hint = area && area.querySelector(':scope > .scroll-hint');
  const hinted = !!hint && getComputedStyle(hint).display !== 'none' && hint.offsetHeight > 0;
  const first = e.querySelector('tbody tr > :first-child, th.lane');
  e.scrollLeft = e.scrollWidth;
  const pinned = first ? Math.abs(first.getBoundingClientRect().left
    - e.getBoundingClientRect().left) <= 2 : null;
  e.scrollLeft = 0;
  return {what: e.className || e.tagName, hinted, pinned,
          shadows: getComputedStyle(e).backgroundImage.includes('gradient')};
})"""


def test_every_sideways_scroller_shows_it_and_pins_its_first_column(demo, big, browser) -> None:
    page = browser.new_page()
    problems, seen = [], 0
    for site in (demo, big):
        urls = [*site.kinds.values(), *(f"journeys/{j}/" for j in site.journeys)]
        for width in (390, 1366):
            page.set_viewport_size({"width": width, "height": 900})
            for url in urls:
                page.goto(site.base + url)
                for region in page.evaluate(REGIONS):
                    seen += 1
                    shown = region["hinted"] or region["shadows"]
                    if not shown or region["pinned"] is False:
                        problems.append((url, width, region))
    page.close()
    assert seen >= 3  # the grids at 1366 at least
    # the theme's own scrollers (tables, the grid, charts) have both a hint and shadows
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(demo.base + "hotspots/")
    assert page.locator(".scroll-area:not(.fits) > .scroll-hint").count() == 0  # stacked
    page.goto(demo.base + "personas/george/")
    assert page.locator(".scroll-area:not(.fits) > .scroll-hint").first.is_visible()
    page.close()
    assert not problems, problems[:5]


def test_the_raci_table_fits_at_1366_with_8_departments(big: Served, browser) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(big.base + "journeys/cambio-de-operador/")
    wrap = page.locator("#raci .table-wrap")
    sizes = wrap.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert sizes[0] <= sizes[1], sizes
    assert page.locator("#raci thead th.dept").count() == 8
    page.close()


@needs_axe
def test_axe_at_390_and_1366_light_and_dark(demo, spanish, big, browser) -> None:
    assert AXE.is_file(), "run `npm ci --ignore-scripts` for axe-core"
    failures = []
    for scheme in ("light", "dark"):
        ctx = browser.new_context(color_scheme=scheme)
        page = ctx.new_page()
        for site in (demo, spanish, big):
            urls = [f"journeys/{j}/" for j in site.journeys]
            urls += [site.kinds[k] for k in ("home", "hotspots", "department", "touchpoint")]
            for width in (390, 1366):
                page.set_viewport_size({"width": width, "height": 900})
                for url in urls:
                    page.goto(site.base + url)
                    violations = run_axe(page)
                    if violations:
                        where = f"{url} ({width}px, {scheme})"
                        failures.append(f"{where}:\n{describe_violations(violations)}")
        ctx.close()
    assert not failures, "\n".join(failures[:6])


def _pdf_text(pdf: bytes, tmp: Path) -> str:
    path = tmp / "map.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def _words_in(text: str, title: str) -> bool:
    """Every word of `title` in the PDF's text (a title wraps over lines of its cell)."""
    return all(word in text for word in title.split())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_print_pdf_holds_every_title_and_department(demo, big, browser, tmp_path) -> None:
    from cjmsite.site.pipeline import check

    page = browser.new_page()
    for site, config in ((demo, REPO / "cjmsite.yml"), (big, SITES / "big-map" / "cjmsite.yml")):
        model = check(config).site
        for journey in model.journeys.values():
            page.goto(site.base + f"journeys/{journey.id}/")
            pdf = page.pdf(prefer_css_page_size=True, print_background=True)
            size = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
            assert size and round(float(size[1])) == 1191 and round(float(size[2])) == 842
            text = _pdf_text(pdf, tmp_path)
            missing = [tp.title for tp in journey.touchpoints if not _words_in(text, tp.title)]
            missing += [d.name for d in journey.departments if not _words_in(text, d.name)]
            assert not missing, (journey.id, missing)
            sheets = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
            assert sheets >= -(-len(journey.touchpoints) // 12)  # A3: 12 columns a sheet
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 1527, "height": 1000})  # A3 landscape less 2 × 8 mm, in px
    page.goto(big.base + "journeys/cambio-de-operador/")
    assert page.locator(".grid-print .lane-grid").first.is_visible()
    for selector in (".grid-screen", ".site-nav", ".toc", "#raci", ".timeline"):
        assert not page.locator(selector).first.is_visible(), selector
    clipped = page.evaluate(
        "[...document.querySelectorAll('.grid-print .lane-grid')]"
        ".filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth)"
        ".length"
    )
    assert clipped == 0
    page.close()


def test_map_svg_loads_nothing_else_and_is_valid(demo: Served, browser) -> None:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    for journey in demo.journeys:
        requests.clear()
        response = page.goto(demo.base + f"journeys/{journey}/map.svg")
        assert response is not None and response.ok
        assert requests == [demo.base + f"journeys/{journey}/map.svg"]
        assert page.locator("svg > title").count() == 1
    page.goto(demo.base + f"journeys/{demo.journeys[0]}/")
    link = page.get_by_role("link", name="Download the map (SVG)")
    assert link.get_attribute("href") == "map.svg"
    page.close()
    vnu = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if shutil.which("java") and vnu.is_file():
        files = [str(p) for p in sorted(demo.output.glob("journeys/*/map.svg"))]
        run = subprocess.run(
            ["java", "-jar", str(vnu), "--svg", "--errors-only", *files],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr


def test_lanes_hide_and_show_and_the_url_keeps_the_choice(demo: Served, browser) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    url = demo.base + f"journeys/{demo.journeys[0]}/"
    page.goto(url)
    pains = page.locator(".grid-screen tr[data-lane=pains]")
    assert pains.is_visible()
    page.locator(".lane-toggles input[value=pains]").uncheck()
    assert not pains.is_visible()
    assert "lanes=" in page.url and "pains" not in page.url.split("lanes=")[1]
    shared = page.url
    page.goto(shared)
    assert not page.locator(".grid-screen tr[data-lane=pains]").is_visible()
    assert page.locator(".grid-screen tr[data-lane=gains]").is_visible()
    assert not page.locator(".lane-toggles input[value=pains]").is_checked()
    page.locator(".lane-toggles input[value=pains]").check()
    assert "lanes=" not in page.url
    page.close()
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 900})
    page = ctx.new_page()
    page.goto(shared)  # without JavaScript every lane shows, whatever the URL says
    assert page.locator(".grid-screen tr[data-lane=pains]").is_visible()
    assert not page.locator(".lane-toggles").is_visible()
    ctx.close()


def test_a_phone_gets_a_timeline_and_stacked_tables(demo, spanish, browser) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(demo.base + "journeys/switch-to-fibre/")
    assert not page.locator(".grid-screen").is_visible()
    timeline = page.locator(".timeline")
    assert timeline.is_visible()
    first = timeline.locator(".timeline-tps > li").first
    assert first.locator(".values li").count() == 3  # one emotion per persona
    assert timeline.locator(".timeline-stage").count() >= 4
    page.goto(demo.base + "hotspots/")
    assert (
        page.locator(".table-wrap table.stack tr")
        .nth(1)
        .evaluate("e => getComputedStyle(e).display")
        == "block"
    )
    page.goto(spanish.base + spanish.kinds["journey"])  # one persona: value beside its label
    row = page.locator(".timeline-lanes > div").nth(1)
    label, value = row.locator("dt"), row.locator("dd")
    assert label.inner_text() == "Emoción"
    assert abs(label.bounding_box()["y"] - value.bounding_box()["y"]) < 4
    page.close()


ASSUMED_POINTS = """() => [...document.querySelectorAll('.grid-screen .curve .point-assumed')]
  .map(p => { const s = getComputedStyle(p); return [s.stroke, s.strokeWidth, s.fill]; })"""
STAGE_NUMBERS = """() => [...document.querySelectorAll('.grid-screen .stage-number')].map(n => {
  const box = n.getBoundingClientRect(), range = document.createRange();
  range.selectNodeContents(n);
  const text = range.getBoundingClientRect();
  return [(text.top + text.bottom) / 2 - (box.top + box.bottom) / 2,
          (text.left + text.right) / 2 - (box.left + box.right) / 2];
})"""


def test_assumed_points_show_as_rings_and_stage_numbers_sit_in_their_discs(
    spanish: Served, browser
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(spanish.base + "journeys/alta-fibra/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    rings = page.evaluate(ASSUMED_POINTS)
    assert rings, "the Spanish fixture has an assumed touchpoint"
    for stroke, width, fill in rings:  # the persona's colour, not the page's halo
        assert stroke == "rgb(0, 114, 178)" != background and float(width[:-2]) >= 2
        assert fill == background
    offsets = page.evaluate(STAGE_NUMBERS)
    assert len(offsets) == 3
    assert all(abs(dy) < 1.5 and abs(dx) < 1.5 for dy, dx in offsets), offsets
    page.close()


def test_a_departments_letters_stay_on_one_row(spanish: Served, browser) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(spanish.base + "departments/ventas/")
    tops = page.locator("td.letters:has(abbr + abbr)").first.evaluate(
        "c => [...c.querySelectorAll('abbr')].map(a => a.getBoundingClientRect().top)"
    )
    assert len(tops) == 2 and abs(tops[0] - tops[1]) < 1, tops  # R A, side by side
    page.close()


def test_an_ideas_status_starts_its_own_line_in_the_lane(spanish: Served, browser) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(spanish.base + "journeys/alta-fibra/")
    offsets = page.evaluate("""() => [...document.querySelectorAll(
        '.grid-screen .lane-ideas .lane-list li')].map(li => {
      const status = li.querySelector('.status').getBoundingClientRect();
      return status.left - li.getBoundingClientRect().left;
    })""")
    assert len(offsets) == 3 and all(abs(x) < 1 for x in offsets), offsets
    page.close()


def test_the_printed_hotspot_flag_stays_in_its_column(spanish: Served, browser) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.emulate_media(media="print")
    page.goto(spanish.base + "journeys/alta-fibra/")
    overrun = page.evaluate("""() => [...document.querySelectorAll(
        '.grid-print th.tp-hot .flag')].map(flag => flag.getBoundingClientRect().right
        - flag.closest('th').getBoundingClientRect().right)""")
    assert overrun and all(x <= 0 for x in overrun), overrun
    assert not page.locator(".page-head .downloads").is_visible()  # the .mmd link
    page.close()


def test_the_pager_keeps_previous_and_next_on_one_row(demo: Served, browser) -> None:
    page = browser.new_page()
    tp = sorted((demo.output / "journeys" / "switch-to-fibre").glob("*/index.html"))[3].parent
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(demo.base + f"journeys/switch-to-fibre/{tp.name}/")
        prev, nxt = page.locator(".pager-prev"), page.locator(".pager-next")
        assert abs(prev.bounding_box()["y"] - nxt.bounding_box()["y"]) < 2, width
        assert nxt.bounding_box()["x"] > prev.bounding_box()["x"]
    page.close()


def test_the_big_map_stays_readable(big: Served, browser, tmp_path: Path) -> None:
    """Screenshots to look at; and the measurable part of readable: no title or stage
    name cut off, every marker of a shared spot visible."""
    folder = Path(os.environ.get("CJMSITE_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1366, "height": 1000})
    page.goto(big.base + "journeys/cambio-de-operador/")
    grid = page.locator(".grid-screen")
    grid.scroll_into_view_if_needed()
    page.screenshot(path=str(folder / "big-map-1366.png"))
    cut = page.evaluate(
        "[...document.querySelectorAll('.grid-screen .tp-title, .grid-screen .stage-row th')]"
        ".filter(e => e.scrollWidth > e.clientWidth + 1 || getComputedStyle(e).textOverflow"
        " === 'ellipsis').length"
    )
    assert cut == 0
    sizes = page.evaluate(
        "[...document.querySelectorAll('.grid-screen .curve [data-touchpoint=paso-1]')]"
        ".map(e => Math.round(e.getBoundingClientRect().width))"
    )
    assert len(sizes) == 5 and len(set(sizes)) == 5  # five shapes nested, each its own size
    page.set_viewport_size({"width": 390, "height": 1400})
    page.goto(big.base + "journeys/cambio-de-operador/")
    page.locator(".timeline").scroll_into_view_if_needed()
    page.screenshot(path=str(folder / "big-map-390.png"))
    page.goto(big.base + "journeys/cambio-de-operador/map.svg")
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.screenshot(path=str(folder / "big-map-svg.png"))
    page.close()
    for name in ("big-map-1366.png", "big-map-390.png"):
        assert (folder / name).stat().st_size > 10_000
