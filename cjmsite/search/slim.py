"""What Pagefind reads of a page: the part it indexes, not the whole page.

Pagefind parses every byte of a page, also the parts it then ignores (the header, the
footer, and inside the `data-pagefind-body` element the regions marked
`data-pagefind-ignore`). A journey page is ~220 KB, of which the lane grid (drawn twice:
for the screen and for print) and the timeline are ~175 KB that search never shows. So
the search stage hands Pagefind a search document per page: the `<html lang>` and the
`data-pagefind-body` element, without the regions the theme wraps in
`<!--search:skip-->` … `<!--/search:skip-->` (which must hold nothing but ignored
elements: no `data-pagefind-filter` or `-meta`). Pagefind's results (URL from the file
path, title from the first heading, excerpts, filters) are those of the whole page.
"""

from __future__ import annotations

import re

SKIP_START = b"<!--search:skip-->"
SKIP_END = b"<!--/search:skip-->"
_LANG = re.compile(rb"<html\b[^>]*>")
_BODY = re.compile(rb"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\sdata-pagefind-body[\s=>/]")


def search_document(page: bytes) -> bytes:
    """The page as Pagefind needs to read it; the page itself when it has no body mark
    or its body element does not close."""
    body = _BODY.search(page)
    if body is None:
        return page
    close = page.rfind(b"</" + body.group(1) + b">")
    if close < body.start():
        return page
    html = _LANG.search(page, 0, body.start())
    head = html.group(0) if html else b"<html>"
    inner = _without_skips(page, body.start(), close + len(body.group(1)) + 3)
    return (
        b"<!doctype html>"
        + head
        + b'<head><meta charset="utf-8"></head><body>'
        + inner
        + (b"</body></html>")
    )


def _without_skips(page: bytes, start: int, stop: int) -> bytes:
    """page[start:stop] without the regions between the skip marks (a mark left open
    keeps the rest)."""
    parts, at = [], start
    while True:
        begin = page.find(SKIP_START, at, stop)
        if begin < 0:
            break
        end = page.find(SKIP_END, begin, stop)
        if end < 0:
            break
        parts.append(page[at:begin])
        at = end + len(SKIP_END)
    parts.append(page[at:stop])
    return b"".join(parts)
