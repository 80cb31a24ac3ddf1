"""Relative URLs between pages of the output, so a site works at any path and from disk."""

from __future__ import annotations

import posixpath


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


def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath` for site-relative paths, without its getcwd() per call."""
    parts = _segments(path)
    base = _segments(start) if start else []
    common = 0
    for a, b in zip(parts, base, strict=False):
        if a != b:
            break
        common += 1
    rel = [".."] * (len(base) - common) + parts[common:]
    return "/".join(rel) or "."


def _segments(path: str) -> list[str]:
    """The folders and file of `path` as posixpath.normpath has them, normalised only when
    it holds an empty, `.` or `..` segment (almost no link a page makes does)."""
    parts = path.split("/")
    if "" in parts or "." in parts or ".." in parts:
        return posixpath.normpath(path).split("/")
    return parts
