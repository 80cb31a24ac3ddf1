"""The journey page links its published Mermaid diagram, `journeys/<id>/journey.mmd`."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitekit import fixture_site

from cjmsite.site.pipeline import build


class Anchors(HTMLParser):
    """Every `<a>`: its attributes and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open, self._text = dict(attrs), []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.anchors.append((self._open, "".join(self._text).strip()))
            self._open = None


def mermaid_links(page: Path) -> list[tuple[dict[str, str | None], str]]:
    parser = Anchors()
    parser.feed(page.read_text("utf-8"))
    return [(a, text) for a, text in parser.anchors if (a.get("href") or "").endswith(".mmd")]


@pytest.mark.parametrize(
    ("site", "journey", "label", "title"),
    [
        ("minimal", "signup", "Mermaid diagram (.mmd)", "Sign up"),
        ("spanish", "alta-fibra", "Diagrama Mermaid (.mmd)", "Darse de alta en la fibra"),
    ],
)
def test_journey_page_links_its_mermaid_file(
    tmp_path: Path, site: str, journey: str, label: str, title: str
) -> None:
    config = fixture_site(site, tmp_path / "site", base=None)
    result = build(config, output_dir=tmp_path / "out")
    assert result.written, [d.format() for d in result.diagnostics]
    page = tmp_path / "out" / "journeys" / journey / "index.html"
    ((anchor, text),) = mermaid_links(page)
    assert text == label
    assert anchor["download"] == f"{journey}.mmd"  # the name `cjmsite import` reads the id from
    href = anchor["href"] or ""
    assert not href.startswith(("/", "http")), href  # relative, like every other link
    target = posixpath.normpath(posixpath.join(f"journeys/{journey}", href))
    assert target == f"journeys/{journey}/journey.mmd"
    diagram = (tmp_path / "out" / target).read_text("utf-8")
    assert diagram.startswith("journey\n") and f"title {title}" in diagram
