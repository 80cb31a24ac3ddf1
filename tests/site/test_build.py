"""Whole builds: determinism, atomic output, relative links that resolve, escaping."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sitekit import fixture_site

from cjmsite import build

REPO = Path(__file__).resolve().parents[2]


class RefCollector(HTMLParser):
    """Every href and src of a page, and every id."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.refs.append(value)
            if name == "id" and value:
                self.ids.add(value)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "site"
    result = build(REPO / "cjmsite.yml", output_dir=out)
    assert result.written, [d.format() for d in result.diagnostics]
    assert result.warnings == [], [d.format() for d in result.warnings]
    return out


def test_demo_has_every_page_of_the_spec(demo: Path) -> None:
    for name in [
        "index.html",
        "journeys/index.html",
        "journeys/switch-to-fibre/index.html",
        "journeys/switch-to-fibre/first-bill/index.html",
        "personas/index.html",
        "personas/priya/index.html",
        "departments/index.html",
        "departments/billing/index.html",
        "channels/index.html",
        "hotspots/index.html",
        "method/index.html",
        "404.html",
        "data/site.json",
        ".nojekyll",
        "assets/personas/priya.svg",
    ]:
        assert (demo / name).is_file(), name
    assert not (demo / "sitemap.xml").exists()  # the demo sets no site_url


def test_every_link_is_relative_and_resolves(demo: Path) -> None:
    pages = sorted(p for p in demo.rglob("*.html") if p.name != "404.html")
    ids: dict[Path, set[str]] = {}
    refs: dict[Path, list[str]] = {}
    for page in pages:
        parser = RefCollector()
        parser.feed(page.read_text(encoding="utf-8"))
        ids[page.resolve()] = parser.ids
        refs[page] = parser.refs
    broken = []
    for page, found in refs.items():
        for ref in found:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https", "mailto"):
                continue  # author-written external links in bodies
            assert not parts.scheme and not ref.startswith("/"), f"{page}: {ref}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(demo)} -> {ref}")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and parts.fragment not in ids.get(target, set())
            ):
                broken.append(f"{page.relative_to(demo)} -> {ref} (no such id)")
    assert broken == []


def test_no_request_leaves_the_site(demo: Path) -> None:
    for page in demo.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"(https?:)?//", text), page
        assert "kozea.github.io" not in text, page


def test_builds_are_byte_identical(demo: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert build(REPO / "cjmsite.yml", output_dir=again).written
    assert tree(again) == tree(demo)


def test_raci_cells_of_a_known_touchpoint(demo: Path) -> None:
    html = (demo / "journeys/switch-to-fibre/index.html").read_text(encoding="utf-8")
    assert "Responsibility" in html or "RACI" in html
    assert "first-bill" in html


def test_strict_build_refuses_warnings(tmp_path: Path) -> None:
    config = fixture_site("warn-unknown-key", tmp_path)
    assert not build(config, strict=True).written
    assert not (tmp_path / "output").exists()
    assert build(config).written


def test_hostile_text_is_escaped_everywhere(tmp_path: Path) -> None:
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>{{ 7*7 }}{% if 1 %}x{% endif %}'
    config = fixture_site("minimal", tmp_path)
    path = tmp_path / "content/journeys/signup/20-visits-store.md"
    text = path.read_text(encoding="utf-8").replace("title: Visits the store", f"title: '{evil}'")
    path.write_text(text + "\n<script>alert(3)</script>\n", encoding="utf-8")
    result = build(config)
    assert result.written, [d.format() for d in result.diagnostics]
    for name, data in tree(tmp_path / "output").items():
        body = data.decode("utf-8", "replace")
        assert "<script>alert" not in body, name
        assert "<img src=x onerror" not in body, name
    page = (tmp_path / "output/journeys/signup/visits-store/index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in page


@pytest.mark.slow
def test_parallel_render_gives_the_same_bytes(tmp_path: Path) -> None:
    from sitekit import big_site

    from cjmsite.analysis import analyse
    from cjmsite.render import MIN_PARALLEL_PAGES, render_site

    config = big_site(tmp_path, steps=MIN_PARALLEL_PAGES)
    result = build(config, output_dir=tmp_path / "out")
    assert result.site is not None
    insights = analyse(result.site)
    serial = render_site(result.site, insights, jobs=1)
    parallel = render_site(result.site, insights, jobs=2)
    assert len(serial.files) > MIN_PARALLEL_PAGES
    assert parallel.files == serial.files
    assert parallel.diagnostics == serial.diagnostics
    spool = tmp_path / "spool"  # what `build` does: workers write pages to files
    spool.mkdir()
    spooled = render_site(result.site, insights, jobs=2, spool=spool)
    on_disk = {name: path.read_bytes() for name, path in spooled.spooled.items()}
    assert {**spooled.files, **on_disk} == serial.files
    assert len(on_disk) > MIN_PARALLEL_PAGES and spooled.diagnostics == serial.diagnostics
    written = {
        p.relative_to(tmp_path / "out").as_posix(): p.read_bytes()
        for p in (tmp_path / "out").rglob("*")
        if p.is_file() and p.name != ".cjmsite-output"
    }
    assert {n: d for n, d in written.items() if n in serial.files} == serial.files


def test_a_journeys_own_stage_name_is_used_everywhere(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path)
    index = tmp_path / "content/journeys/signup/index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "stages: [awareness, purchase]",
            "stages: [{id: awareness, name: Sees an advert}, purchase]",
        ),
        encoding="utf-8",
    )
    assert build(config).written
    page = (tmp_path / "output/journeys/signup/sees-ad/index.html").read_text("utf-8")
    assert page.count("Sees an advert") >= 3  # breadcrumb, eyebrow, facts
    assert ">Awareness<" not in page
    journey = (tmp_path / "output/journeys/signup/index.html").read_text("utf-8")
    assert "<td>Sees an advert</td>" in journey


def test_faces_follow_the_analysis_at_a_decimal_midpoint() -> None:
    from cjmsite.render.context import sentiment_of

    neutral = (0.1 + 0.7) / 2
    assert sentiment_of(0.4, neutral) == "neutral"
    assert sentiment_of(None, neutral) is None
    # a mean is shown with two decimals: its face is that of the number shown
    assert sentiment_of(-0.004, 0) == "neutral"  # shown as "0"
    assert sentiment_of(-0.006, 0) == "negative"  # shown as "−0.01"
    assert sentiment_of(2 / 3, 0) == "positive"


def test_channel_bodies_with_the_same_heading_give_the_page_distinct_ids(tmp_path: Path) -> None:
    """The channels page shows every channel's body: a heading both have ("Evidencia") is
    one id per channel, and a body's own link to its heading still lands on it."""
    config = fixture_site("minimal", tmp_path)
    for name in ("store", "web"):
        path = tmp_path / f"content/channels/{name}.md"
        body = "\n## Evidencia\n\nVer [la evidencia](#evidencia).\n\n## Title\n\nY un título.\n"
        path.write_text(path.read_text(encoding="utf-8") + body, encoding="utf-8")
    result = build(config)
    assert result.written, [d.format() for d in result.diagnostics]
    page = (tmp_path / "output/channels/index.html").read_text("utf-8")
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert sorted(i for i in ids if i.endswith("evidencia")) == [
        "about-store-evidencia",
        "about-web-evidencia",
    ]
    assert len(ids) == len(set(ids))  # a body heading "Title" too, beside the section's own
    assert 'id="about-web-title"' in page and 'aria-labelledby="about-web--name"' in page
    assert page.count('href="#about-web-evidencia"') == 1
    assert page.count('href="#about-store-evidencia"') == 1
    # a link from another file to a channel's heading lands on the scoped heading
    about = tmp_path / "content/pages/about.md"
    link = "\nVéase [la evidencia web](../channels/web.md#evidencia).\n"
    about.write_text(about.read_text(encoding="utf-8") + link, encoding="utf-8")
    result = build(config)
    assert result.written and not result.diagnostics, [d.format() for d in result.diagnostics]
    linked = (tmp_path / "output/about/index.html").read_text("utf-8")
    assert 'href="../channels/index.html#about-web-evidencia"' in linked


def test_scoped_ids_leave_other_links_and_raw_text_alone() -> None:
    from cjmsite.render.context import scope_ids

    body = '<h3 id="plazos">Plazos</h3><p><a href="#plazos">a</a> <a href="#otro">b</a> id="x"</p>'
    assert scope_ids(body, "about-web") == (
        '<h3 id="about-web-plazos">Plazos</h3><p><a href="#about-web-plazos">a</a> '
        '<a href="#otro">b</a> id="x"</p>'
    )
    assert scope_ids("<p>sin títulos</p>", "about-web") == "<p>sin títulos</p>"
    assert 'id="a&#34;b-t"' in scope_ids('<h2 id="t">T</h2>', 'a"b')
