"""Long lists split into pages, so no page grows with the handbook (issue 19).

A list of `per_page` items or fewer is one page at its own URL, exactly as before; a longer
one is `url`, `url/page/2/`, … each with the slice it shows, where that slice starts in the
whole list and the URLs of its neighbours (for prev/next links).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

HOTSPOTS_PER_PAGE = 200  # rows of the hotspot ranking per page (~120 KB at 200 x 15)
HOME_JOURNEY_CARDS = 12  # journey cards with an arc on the home page
PERSONA_ARCS = 10  # journeys drawn with an arc on a persona page; the rest in a table
ROWS_PER_PAGE = 200  # rows of any other split list per page (journeys, a department's lists,
# a channel x stage cell, a backlog status): ~120 KB at most
INLINE_ROWS = 100  # a list this long or shorter stays whole on its summary page ...
PREVIEW_ROWS = 20  # ... a longer one shows its first rows there and links its split list
CELL_TOUCHPOINTS = 12  # past this in any cell, the channel matrix shows counts, not titles
MATRIX_MARKS = 100  # scored ideas drawn on the opportunity matrix, best first


@dataclass(frozen=True)
class Pager:
    """One page of a split list."""

    number: int  # 1-based
    count: int  # how many pages the list has
    start: int  # index of this page's first item in the whole list
    items: tuple[Any, ...]
    total: int  # items in the whole list
    urls: tuple[str, ...]  # site-relative URL of every page, first = the list's own URL

    @property
    def previous(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]


def page_url(url: str, number: int) -> str:
    """`url` for page 1, `url` + `page/<n>/` after it (url ends in '/')."""
    return url if number == 1 else f"{url}page/{number}/"


def paginate(url: str, items: Sequence[Any], per_page: int) -> list[Pager]:
    """The pages of `items`, `per_page` each; one (possibly empty) page at least."""
    total = len(items)
    count = max(1, -(-total // per_page))
    urls = tuple(page_url(url, n) for n in range(1, count + 1))
    return [
        Pager(n, count, (n - 1) * per_page, tuple(items[(n - 1) * per_page : n * per_page]),
              total, urls)
        for n in range(1, count + 1)
    ]  # fmt: skip
