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
    start = page_dir.strip("/") or "."
    relative = posixpath.relpath(path, start)
    return relative + (hash_ + fragment if hash_ else "")
