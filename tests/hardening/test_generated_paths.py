"""Content cannot supply or replace a file the build generates (issue 18, item 6).

`content/CNAME` and `content/sitemap.xml` were copied to the output root when `cname` /
`site_url` were unset: a pull request could take over the custom domain.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import fixture_site, write_files

from cjmsite import build, check
from cjmsite.render import pages
from cjmsite.render.outputs import FIXED_FILES, JOURNEY_FILES, generated_paths

CLASHES = {
    "CNAME": "the generated file `CNAME`",
    "cname": "the generated file `CNAME`",
    "sitemap.xml": "the generated file `sitemap.xml`",
    "404.html": "the generated file `404.html`",
    "index.html": "the generated file `index.html`",
    "journeys/signup/index.html": "the generated file `journeys/signup/index.html`",
    "journeys/signup/sees-ad/index.html": "the generated file `journeys/signup/sees-ad/index.html`",
    "journeys/signup/map.svg": "the generated file `journeys/signup/map.svg`",
    "journeys/signup/journey.mmd": "the generated file `journeys/signup/journey.mmd`",
    "personas/ana/index.html": "the generated file `personas/ana/index.html`",
    "hotspots/index.html": "the generated file `hotspots/index.html`",
    "data/site.json": "the generated folder `data/`",
    "data/extra.csv": "the generated folder `data/`",
    "pagefind/pagefind.js": "the generated folder `pagefind/`",
    "_theme/style.css": "the generated folder `_theme/`",
    "_Theme/search.js": "the generated folder `_theme/`",
    "hotspots": "the generated folder `hotspots/`",
    "404.html/x.png": "the generated file `404.html`",
}


@pytest.mark.parametrize("name", sorted(CLASHES))
def test_a_content_file_at_a_generated_path_is_an_error(tmp_path: Path, name: str) -> None:
    config = fixture_site("minimal", tmp_path, base=None)
    path = tmp_path / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    svg = '<svg xmlns="http://www.w3.org/2000/svg"/>'
    path.write_text(svg if name.endswith(".svg") else "evil.example\n")
    errors = [d for d in check(config).diagnostics if d.severity == "error"]
    assert len(errors) == 1, errors
    (error,) = errors
    assert error.path == f"content/{name}"
    assert CLASHES[name] in error.message and f"published as `{name}`" in error.message


def test_build_does_not_publish_content_cname_or_sitemap(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path / "site", base=None)
    (tmp_path / "site/content/CNAME").write_text("evil.example\n")
    (tmp_path / "site/content/sitemap.xml").write_text("<urlset/>")
    result = build(config, output_dir=tmp_path / "out")
    assert not result.written and not (tmp_path / "out").exists()
    assert sorted(d.path for d in result.errors) == ["content/CNAME", "content/sitemap.xml"]


def test_the_generated_set_follows_the_pages(tmp_path: Path) -> None:
    result = check(fixture_site("minimal", tmp_path, base=None))
    assert result.site is not None and result.insights is not None
    paths = generated_paths(result.site, result.insights)
    assert set(FIXED_FILES) <= paths
    assert {f"journeys/signup/{name}" for name in JOURNEY_FILES} <= paths
    assert {"index.html", "journeys/signup/sees-ad/index.html", "channels/index.html"} <= paths
    for page in result.site.pages.values():
        assert f"{page.url}index.html" in paths


def test_ordinary_assets_are_still_published(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path / "site", base=None)
    for name in ("assets/report.pdf", "journeys/signup/photo.png", "datos/x.csv", "robots.txt"):
        path = tmp_path / "site/content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    result = build(config, output_dir=tmp_path / "out")
    assert result.ok, result.errors
    assert (tmp_path / "out/journeys/signup/photo.png").is_file()
    assert (tmp_path / "out/robots.txt").is_file()


def test_reported_alongside_other_errors(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path, base=None)
    (tmp_path / "content/CNAME").write_text("evil.example\n")
    (tmp_path / "content/journeys/signup/sees-ad").mkdir()
    (tmp_path / "content/journeys/signup/sees-ad/index.html").write_text("<p>x</p>")
    (tmp_path / "content/personas/ana.md").write_text("---\nname: [broken\n---\n")
    paths = sorted(d.path for d in check(config).diagnostics if d.severity == "error")
    assert "content/CNAME" in paths and "content/personas/ana.md" in paths
    assert "content/journeys/signup/sees-ad/index.html" in paths


def test_a_touchpoint_cannot_take_the_address_of_a_list_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Journey `page`, touchpoint `2`: journeys/page/2/, where the journeys list, split into
    pages (issue 19), puts its second page. An error, not one page silently replacing the
    other."""
    monkeypatch.setattr(pages, "ROWS_PER_PAGE", 1)  # a page per journey: journeys/page/2/
    config = fixture_site("minimal", tmp_path, base=None)
    write_files(
        tmp_path / "content/journeys/page",
        {
            "index.md": "---\ntitle: Paging\npersonas: [ana]\n---\n",
            "10-2.md": "---\ntitle: Two\nstage: awareness\nemotion: 0\nimportance: 1\n---\n",
        },
    )
    errors = [d for d in check(config).diagnostics if d.severity == "error"]
    assert [(e.path, e.message) for e in errors] == [
        (
            "content/journeys/page/10-2.md",
            "this page would be published as `journeys/page/2/index.html`, where the build "
            "also writes a page of a long list",
        )
    ]
