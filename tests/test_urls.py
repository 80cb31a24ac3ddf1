"""Relative URLs (cjmsite/urls.py) are what they were when every path went through
posixpath.normpath: the old function, kept here verbatim, and posixpath.relpath agree."""

from __future__ import annotations

import posixpath
import random

from hypothesis import given
from hypothesis import strategies as st

from cjmsite.urls import linker, relative_url


def old_relpath(path: str, start: str) -> str:
    parts = posixpath.normpath(path).split("/")
    base = posixpath.normpath(start).split("/") if start else []
    common = 0
    for a, b in zip(parts, base, strict=False):
        if a != b:
            break
        common += 1
    rel = [".."] * (len(base) - common) + parts[common:]
    return "/".join(rel) or "."


def old_relative_url(target: str, page_dir: str) -> str:
    path, hash_, fragment = target.partition("#")
    if path == "" or path.endswith("/"):
        path += "index.html"
    relative = old_relpath(path, page_dir.strip("/"))
    return relative + (hash_ + fragment if hash_ else "")


SEGMENTS = ["journeys", "j1", "tp-ñ", "index.html", "map.svg", ".", "..", "", "a.b", "...", "é"]


def test_relative_urls_as_before() -> None:
    rng = random.Random(16)
    for _ in range(20_000):
        target = "/".join(rng.choice(SEGMENTS) for _ in range(rng.randint(0, 5)))
        target += rng.choice(["", "/", "#top", "/#x-y"])
        page_dir = "/".join(rng.choice(SEGMENTS) for _ in range(rng.randint(0, 4)))
        page_dir += rng.choice(["", "/"])
        assert relative_url(target, page_dir) == old_relative_url(target, page_dir)


@given(st.text(alphabet="a/.#é", max_size=20), st.text(alphabet="ab/.", max_size=12))
def test_relative_urls_as_before_on_any_path(target: str, page_dir: str) -> None:
    assert relative_url(target, page_dir) == old_relative_url(target, page_dir)


def test_relative_urls_of_a_site() -> None:
    """The links pages make: to a folder, a file, a fragment, the home page, from any depth."""
    cases = {
        ("journeys/j1/", "journeys/j1/tp/"): "../index.html",
        ("journeys/j1/map.svg", "journeys/j1/"): "map.svg",
        ("departments/d/#ideas", "journeys/j1/tp/"): "../../../departments/d/index.html#ideas",
        ("", ""): "index.html",
        ("", "journeys/"): "../index.html",
        ("assets/_theme/style.css", "personas/p/"): "../../assets/_theme/style.css",
    }
    for (target, page_dir), expected in cases.items():
        assert relative_url(target, page_dir) == expected
        path = target.partition("#")[0]
        path += "index.html" if path == "" or path.endswith("/") else ""
        assert expected.partition("#")[0] == posixpath.relpath(path, page_dir or ".")


def test_a_page_linker_links_as_relative_url() -> None:
    """`linker(page_dir)`, made once for a page's many links, writes relative_url's links."""
    rng = random.Random(19)
    for _ in range(2_000):
        page_dir = "/".join(rng.choice(SEGMENTS) for _ in range(rng.randint(0, 4)))
        link = linker(page_dir + rng.choice(["", "/"]))
        for _ in range(10):
            target = "/".join(rng.choice(SEGMENTS) for _ in range(rng.randint(0, 5)))
            target += rng.choice(["", "/", "#top", "/#x-y"])
            assert link(target) == old_relative_url(target, page_dir)
