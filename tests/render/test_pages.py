"""GitHub Pages details: .nojekyll, site_url with or without a slash, the 404 page, CNAME."""

from __future__ import annotations

import re
from pathlib import Path

from sitekit import fixture_site

from cjmsite.site.pipeline import build


def built(tmp_path: Path, extra: str = "") -> Path:
    config = fixture_site("minimal", tmp_path / "site")
    config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")
    result = build(config, output_dir=tmp_path / "out")
    assert result.written, [d.format() for d in result.diagnostics]
    return tmp_path / "out"


def test_nojekyll_is_written(tmp_path: Path) -> None:
    assert (built(tmp_path) / ".nojekyll").read_bytes() == b""


def test_site_url_with_or_without_trailing_slash_gives_the_same_site(tmp_path: Path) -> None:
    a = built(tmp_path / "a", "site_url: https://acme.github.io/cx\n")
    b = built(tmp_path / "b", "site_url: https://acme.github.io/cx/\n")
    files = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert "https://acme.github.io/cx/journeys/signup/" in (a / "sitemap.xml").read_text()
    assert "https://acme.github.io/cxjourneys" not in (a / "sitemap.xml").read_text()


def test_404_works_at_any_depth(tmp_path: Path) -> None:
    """With site_url every link and asset of 404.html is absolute; the style is inline."""
    page = (built(tmp_path, "site_url: https://acme.github.io/cx/\n") / "404.html").read_text()
    assert "<style>" in page
    for url in re.findall(r'(?:href|src)="([^"]+)"', page):
        assert url.startswith(("https://acme.github.io/cx/", "#", "data:")), url


def test_relative_links_elsewhere(tmp_path: Path) -> None:
    page = (built(tmp_path, "site_url: https://acme.github.io/cx/\n") / "index.html").read_text()
    links = re.findall(r'(?:href|src)="([^"]+)"', page)
    assert links
    assert not [u for u in links if u.startswith("/")]


def test_cname_key_writes_cname(tmp_path: Path) -> None:
    """Needs the `cname` config key (config.py, model.py) and render/__init__.py to write it."""
    out = built(tmp_path, "cname: handbook.acme.com\n")
    assert (out / "CNAME").read_text(encoding="ascii") == "handbook.acme.com\n"
    assert not (built(tmp_path / "none") / "CNAME").exists()
