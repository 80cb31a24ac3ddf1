"""Relative URLs between pages of the output, so a site works at any path and from disk."""

from __future__ import annotations

import posixpath
from functools import lru_cache


def relative_url(target: str, page_dir: str) -> str:
    """The link from a page in folder `page_dir` to a site-relative `target`.

    Folders are written `x/y/` and get an explicit `index.html` (so the site also
    works opened from disk); a `#fragment` is kept; "" is the home page.
    """
    path, hash_, fragment = target.partition("#")
    if path == "" or path.endswith("/"):
        path += "index.html"
    relative = _relpath(path, page_dir.strip("/"))
    return relative + (hash_ + fragment if hash_ else "")


@lru_cache(maxsize=1 << 16)
def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath` for site-relative paths, without its getcwd() per call."""
    parts = posixpath.normpath(path).split("/")
    base = posixpath.normpath(start).split("/") if start else []
    common = 0
    for a, b in zip(parts, base, strict=False):
        if a != b:
            break
        common += 1
    rel = [".."] * (len(base) - common) + parts[common:]
    return "/".join(rel) or "."
