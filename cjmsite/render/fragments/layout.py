"""The pieces of `base.html` drawn in Python: the header's section and chapter links, on
every page of the site (3,391 at 200 x 15), and the search filters of an indexed page."""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from cjmsite.render.fragments.common import esc

SECTIONS = (
    ("home", ""), ("journeys", "journeys/"), ("personas", "personas/"),
    ("departments", "departments/"), ("channels", "channels/"), ("hotspots", "hotspots/"),
    ("opportunities", "opportunities/"),
)  # fmt: skip


CURRENT = ' aria-current="page"'
SECTION = ' class="current"'


@pass_context
def site_nav(ctx: Context, page: Any) -> Markup:
    """The header's links to each section; the page's own is `aria-current`, the section
    it belongs to `current` (base.html, block `nav`)."""
    t, url = ctx["t"], ctx["url"]
    items = []
    for key, target in SECTIONS:
        mark = CURRENT if page.url == target else SECTION if page.section == key else ""
        items.append(
            f'        <li><a href="{esc(url(target))}"{mark}>{esc(t(f"nav.{key}"))}</a></li>\n'
        )
    return Markup(
        f'<nav class="site-nav" aria-label="{esc(t("nav.label"))}">\n      <ul>\n'
        f"{''.join(items)}      </ul>\n    </nav>"
    )


@pass_context
def chapter_nav(ctx: Context, page: Any, chapters: Any) -> Markup:
    """The header's links to the free pages (`nav_pages`), the page's own `aria-current`
    (base.html, block `nav`)."""
    t, url = ctx["t"], ctx["url"]
    items = "".join(
        f'        <li><a href="{esc(url(chapter.url))}"'
        f"{CURRENT if page.url == chapter.url else ''}>{esc(chapter.title)}</a></li>\n"
        for chapter in chapters
    )
    return Markup(
        f'<nav class="chapter-nav" aria-label="{esc(t("nav.chapters"))}">\n      <ul>\n'
        f"{items}      </ul>\n    </nav>"
    )


@pass_context
def filter_marks(ctx: Context, pairs: Any) -> Markup:
    """A hidden `data-pagefind-filter` span per (filter, value) of `search_filters`, a
    journey status in words (base.html)."""
    t = ctx["t"]
    return Markup(
        "".join(
            f'<span data-pagefind-filter="{esc(t(f"search.filter.{name}"))}">'
            f"{esc(t(f'journey_status.{value}') if name == 'status' else value)}</span>\n"
            for name, value in pairs
        )
    )
