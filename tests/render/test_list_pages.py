"""Long lists at size (issue 19): a department's touchpoints, handoffs and ideas, a channel ×
stage cell, a backlog status and the journeys list get their own pages when too long for
their summary page, which then shows a preview (or a row per journey, or counts) and a
link. The limits are lowered here so that a small handbook splits; with the real limits a
small handbook has no pager, no preview and no extra page."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
import yaml
from sitekit import fixture_site, write_files
from test_spanish_pages import Visible

from cjmsite.render import pages, summaries
from cjmsite.render.locale import flatten
from cjmsite.site.pipeline import build

LOCALES = Path(__file__).resolve().parents[2] / "themes" / "default" / "locales"
TP = """---
title: {title}
stage: {stage}
channel: {channel}
emotion: {emotion}
importance: {importance}
owners: {owners}
ideas:
  - {{title: "Idea {n}", owner: {idea_owner}{scores}}}
---
Step {n}.
"""
RENEW = "---\ntitle: Renew\npersonas: [ana]\nowner: care\nstages: [awareness, purchase]\n---\n"


SHORT = """---
title: {title}
personas: [ana]
---
"""
STEP = "---\ntitle: Glance\nstage: purchase\nchannel: web\nemotion: 1\nimportance: 1\n" \
    "owners: {care: [R, A]}\n---\n"  # fmt: skip


def _renew(count: int) -> dict[str, str]:
    """A second journey of `count` touchpoints (R alternates between the departments, so
    work changes hands at every step) and two journeys of one step each."""
    files = {"content/journeys/renew/index.md": RENEW}
    for short in ("alpha", "beta"):
        files[f"content/journeys/{short}/index.md"] = SHORT.format(title=short.title())
        files[f"content/journeys/{short}/10-glance.md"] = STEP
    for n in range(count):
        sales_r = n % 2 == 0
        files[f"content/journeys/renew/{(n + 1) * 10}-step-{n}.md"] = TP.format(
            title=f"Renewal step {n}", stage="awareness" if n < count // 2 else "purchase",
            channel="web" if n % 3 else "store", emotion=(n % 5) - 2, importance=1 + n % 5,
            owners="{sales: [R, A]}" if sales_r else "{sales: A, care: R}",
            n=n, idea_owner="sales" if n % 2 else "care",
            scores=f", impact: {1 + n % 5}, effort: {1 + (n * 2) % 5}" if n % 4 else "",
        )  # fmt: skip
    return files


LIMITS = {  # instead of 100 rows whole, 20 in a preview, 200 a page, 12 in a cell, 100 marks
    "INLINE_ROWS": 3,
    "PREVIEW_ROWS": 2,
    "ROWS_PER_PAGE": 3,
    "CELL_TOUCHPOINTS": 2,
    "MATRIX_MARKS": 2,
}


def _build(root: Path, site: str, files: dict[str, str], limits: dict[str, int] | None) -> Path:
    config = fixture_site(site, root, base=None)
    write_files(root, files)
    with config.open("a", encoding="utf-8") as extra:
        extra.write("site_url: https://example.org/handbook/\n")
    patch = pytest.MonkeyPatch()
    try:
        patch.setenv("CJMSITE_JOBS", "1")
        for name, value in (limits or {}).items():
            patch.setattr(
                pages if name in ("ROWS_PER_PAGE", "MATRIX_MARKS") else summaries, name, value
            )
        result = build(config, output_dir=root / "out", use_cache=False)
    finally:
        patch.undo()
    assert result.ok, [d.format() for d in result.diagnostics]
    return root / "out"


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("split"), "minimal", _renew(12), LIMITS)


def _read(out: Path, rel: str) -> str:
    return (out / rel).read_text("utf-8")


def _list_pages(out: Path, url: str) -> list[str]:
    """The pages of a split list, in order, checked for their pager links on the way."""
    found, number = [], 1
    while True:
        rel = f"{url}index.html" if number == 1 else f"{url}page/{number}/index.html"
        if not (out / rel).exists():
            break
        found.append(_read(out, rel))
        number += 1
    for number, page in enumerate(found, 1):
        assert ('rel="prev"' in page) == (number > 1), (url, number)
        assert ('rel="next"' in page) == (number < len(found)), (url, number)
        if len(found) > 1:
            assert f"Page {number} of {len(found)}" in page
            assert re.search(
                rf'<a aria-current="page" href="[^"]*" aria-label="Page {number}">', page
            )
    return found


def _rows(page: str) -> list[str]:
    """The touchpoint links of a page's first table body, in order."""
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return re.findall(r'<th scope="row"><a href="([^"]+)"', body)


def _split_rows(out: Path, url: str) -> list[str]:
    """The site-relative targets of the row links of every page of a split list, in order."""
    found = []
    for number, text in enumerate(_list_pages(out, url), 1):
        folder = url if number == 1 else f"{url}page/{number}/"
        found += [posixpath.normpath(posixpath.join(folder, href)) for href in _rows(text)]
    return found


def test_a_departments_touchpoints_get_pages_and_a_row_per_journey(split: Path) -> None:
    page = _read(split, "departments/sales/index.html")
    assert "Journeys where Sales holds a RACI letter, a handoff or an idea" in page
    shares = page[
        page.index('class="journey-shares"') : page.index(
            "</table>", page.index('class="journey-shares"')
        )
    ]
    assert sorted(_rows(shares)) == [
        "../../journeys/renew/index.html",
        "../../journeys/signup/index.html",
    ]
    more = re.search(r'<a href="touchpoints/index.html">All (\d+) touchpoints Sales holds', page)
    assert more
    listed = _split_rows(split, "departments/sales/touchpoints/")
    assert len(listed) == len(set(listed)) == int(more.group(1)) == 14
    assert 'class="raci-legend"' not in page  # no letters on the summary
    assert 'class="legend raci-legend"' in _read(split, "departments/sales/touchpoints/index.html")


def test_split_touchpoints_keep_hotspots_first(split: Path) -> None:
    pages_ = _list_pages(split, "departments/care/touchpoints/")
    flags = [
        "row-hotspot" in row
        for text in pages_
        for row in text[text.index("<tbody>") : text.index("</tbody>")].split("<tr")[1:]
    ]
    assert True in flags and False in flags
    assert flags == sorted(flags, reverse=True)  # every hotspot before every other row


def test_handoffs_and_ideas_show_a_preview_and_link_their_pages(split: Path) -> None:
    page = _read(split, "departments/sales/index.html")
    for kind, label in (("handoffs", "handoffs Sales is part of"), ("ideas", "ideas Sales owns")):
        more = re.search(
            rf'2 of (\d+) shown here\. <a href="{kind}/index.html">All (\d+) {label}</a>', page
        )
        assert more and more.group(1) == more.group(2), kind
        assert len(_list_pages(split, f"departments/sales/{kind}/")) == -(-int(more.group(1)) // 3)
    handoffs = _list_pages(split, "departments/sales/handoffs/")
    items = [text[text.index('<ul class="handoffs">') :].split("</ul>")[0] for text in handoffs]
    assert sum(item.count("<li>") for item in items) == 12  # Renew's 11 and Sign up's 1


def test_channel_matrix_counts_and_cells_list_every_touchpoint(split: Path) -> None:
    matrix = _read(split, "channels/index.html")
    assert "Each cell counts the touchpoints" in matrix and 'class="cell-list"' not in matrix
    cells = re.findall(r'<a href="([a-z-]+/[a-z-]+/)index\.html">(\d+) touchpoints?</a>', matrix)
    rows = []
    for href, count in cells:
        found = _split_rows(split, f"channels/{href}")
        assert len(found) == int(count), href
        rows += found
    assert len(rows) == len(set(rows)) == 16  # 12 renewal steps, 2 of Sign up, 2 glances
    cell = _read(split, "channels/web/awareness/index.html")
    assert "Website · Awareness" in cell and '<a href="../../index.html">Channels</a>' in cell


def test_opportunities_split_the_backlog_and_cap_the_matrix(split: Path) -> None:
    page = _read(split, "opportunities/index.html")
    assert page.count('<a class="mark') == 2
    assert re.search(r"The matrix shows the 2 highest-scoring of the 9 scored ideas", page)
    more = re.search(
        r'<a href="proposed/index.html">All (\d+) ideas with status Proposed</a>', page
    )
    assert more and more.group(1) == "12"
    listed = _list_pages(split, "opportunities/proposed/")
    ranks = [r for text in listed for r in re.findall(r'<tr>\s*<td class="num">([^<]*)', text)]
    scored = [int(r) for r in ranks if r.isdigit()]
    assert len(ranks) == 12 and scored == list(range(1, 10))
    assert ranks[:9] == [str(r) for r in scored]  # the unscored after every scored idea


def test_journeys_list_is_split_and_every_list_page_is_in_the_sitemap(split: Path) -> None:
    assert _split_rows(split, "journeys/") == [
        f"journeys/{name}/index.html" for name in ("alpha", "beta", "renew", "signup")
    ]  # three a page
    sitemap = _read(split, "sitemap.xml")
    for url in ("departments/sales/touchpoints/", "departments/sales/touchpoints/page/2/",
                "opportunities/proposed/", "channels/web/awareness/"):  # fmt: skip
        assert f"https://example.org/handbook/{url}" in sitemap, url


def test_a_small_handbook_has_no_pager_preview_or_list_page(tmp_path: Path) -> None:
    out = _build(tmp_path, "minimal", _renew(12), None)
    for rel in ("departments/sales/index.html", "channels/index.html",
                "opportunities/index.html", "journeys/index.html"):  # fmt: skip
        page = _read(out, rel)
        assert 'class="list-pager"' not in page and 'class="list-more"' not in page, rel
        assert "journey-shares" not in page and "Each cell counts" not in page, rel
    assert 'class="cell-list"' in _read(out, "channels/index.html")
    for folder in ("departments/sales/touchpoints", "channels/web", "opportunities/proposed",
                   "journeys/page"):  # fmt: skip
        assert not (out / folder).exists(), folder


def test_spanish_list_pages_speak_spanish(tmp_path: Path) -> None:
    out = _build(
        tmp_path, "spanish", {}, {**LIMITS, "INLINE_ROWS": 1, "PREVIEW_ROWS": 1, "ROWS_PER_PAGE": 1}
    )
    name = "Ventas y márketing"
    first = _read(out, "departments/ventas/touchpoints/index.html")
    assert f"<h1>Puntos de contacto en los que {name} tiene una letra RACI <span" in first
    assert "· Página 1 de 2</span></h1>" in first and "Páginas de la lista" in first
    second = _read(out, "departments/ventas/touchpoints/page/2/index.html")
    assert "· Página 2 de 2 · Manual de experiencia" in second and "Página anterior" in second
    summary = _read(out, "departments/ventas/index.html")
    assert f"Los 2 puntos de contacto en los que {name} tiene una letra, primero los" in summary
    assert (
        f'Aquí se muestra 1 de 2. <a href="ideas/index.html">Las 2 ideas a cargo de {name}'
        in summary
    )
    assert "Recorridos en los que Ventas y márketing tiene una letra RACI, un traspaso" in summary
    english = flatten(yaml.safe_load((LOCALES / "en.yml").read_text(encoding="utf-8")))
    spanish = "\n".join(
        str(v) for v in flatten(yaml.safe_load((LOCALES / "es.yml").read_text("utf-8"))).values()
    )
    fragments = {
        f.strip(" .,:;()–—-«»“”\"'→#")
        for value in english.values()
        for f in re.split(r"\{\w+\}", str(value))
    }
    fragments = {f for f in fragments if len(f) >= 4 and f not in spanish}
    for path in sorted(out.rglob("*.html")):
        rel = path.relative_to(out).as_posix()
        if "pagefind" in rel or not re.search(r"/(page|touchpoints|journeys|handoffs|ideas)/", rel):
            continue
        parser = Visible()
        parser.feed(path.read_text("utf-8"))
        text = "\n".join(parser.parts)
        found = [f for f in fragments if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text)]
        assert found == [], rel


def test_split_lists_are_byte_identical_from_build_to_build(tmp_path: Path, split: Path) -> None:
    again = _build(tmp_path, "minimal", _renew(12), LIMITS)
    names = sorted(
        p.relative_to(split).as_posix() for p in split.rglob("*.html") if "pagefind" not in p.parts
    )
    assert names == sorted(
        p.relative_to(again).as_posix() for p in again.rglob("*.html") if "pagefind" not in p.parts
    )
    assert [n for n in names if (split / n).read_bytes() != (again / n).read_bytes()] == []
