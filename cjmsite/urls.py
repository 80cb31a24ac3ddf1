"""Relative URLs between pages of the output, so a site works at any path and from disk."""

from __future__ import annotations

import posixpath
from collections.abc import Callable


def channel_section(channel_id: str) -> str:
    """The id of a channel's section on the channels page, which shows every channel's
    body: the body's heading ids are prefixed with it and a hyphen (see scope_ids)."""
    return f"about-{channel_id}"


def relative_url(target: str, page_dir: str) -> str:
    """The link from a page in folder `page_dir` to a site-relative `target`.

    Folders are written `x/y/` and get an explicit `index.html` (so the site also
    works opened from disk); a `#fragment` is kept; "" is the home page.
    """
    return linker(page_dir)(target)


def linker(page_dir: str) -> Callable[[str], str]:
    """`relative_url` from the folder `page_dir`, its segments split once for the many
    links of one page (27 on a touchpoint page)."""
    start = page_dir.strip("/")
    base = _segments(start) if start else []
    depth, up = len(base), "../" * len(base)
    first = base[0] if base else ""
    folder = first + "/"

    def link(target: str) -> str:
        path, hash_, fragment = target.partition("#")
        if path == "" or path.endswith("/"):
            path += "index.html"
        if first and path != first and not path.startswith(folder) and _plain(path):
            # its first segment is not the page's: nothing in common
            return up + path + (hash_ + fragment if hash_ else "")
        parts = _segments(path)
        common = 0
        for a, b in zip(parts, base, strict=False):
            if a != b:
                break
            common += 1
        relative = "/".join([".."] * (depth - common) + parts[common:]) or "."
        return relative + (hash_ + fragment if hash_ else "")

    return link


def _plain(path: str) -> bool:
    """Whether `path` has no empty, `.` or `..` segment, checked without splitting it (a
    segment starting with a dot is left to `_segments`)."""
    return not (path.startswith(("/", ".")) or "//" in path or "/." in path)


def _segments(path: str) -> list[str]:
    """The folders and file of `path` as posixpath.normpath has them, normalised only when
    it holds an empty, `.` or `..` segment (almost no link a page makes does)."""
    parts = path.split("/")
    if "" in parts or "." in parts or ".." in parts:
        return posixpath.normpath(path).split("/")
    return parts
