"""Which pages the site has: one `PageSpec` per output page, with its template and values."""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from cjmsite.analysis import Insights
from cjmsite.model import Site
from cjmsite.render import context as cx
from cjmsite.render.charts.matrix import matrix_layout
from cjmsite.render.grid import journey_grid
from cjmsite.render.grid_map import map_layout
from cjmsite.render.paging import (
    HOME_JOURNEY_CARDS,
    HOTSPOTS_PER_PAGE,
    MATRIX_MARKS,
    PERSONA_ARCS,
    ROWS_PER_PAGE,
    paginate,
)
from cjmsite.render.summaries import (
    channel_cells,
    journey_shares,
    painful_handoff,
    painful_touchpoint,
    preview,
    scored_then_painful,
    top_first,
)
from cjmsite.render.upkeep import tag_journeys

TOP_HOTSPOTS = 10
MOST_TIED = 3 * TOP_HOTSPOTS  # issue 19: the home page's ranking never grows past this


@dataclass(frozen=True)
class PageSpec:
    """One page of the output: where it goes, which template draws it, with what."""

    url: str  # site-relative: "" (home), "journeys/x/" or a file such as "404.html"
    template: str
    title: str
    section: str  # the header navigation entry it belongs to
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def output(self) -> str:
        return self.url + "index.html" if self.url == "" or self.url.endswith("/") else self.url

    @property
    def folder(self) -> str:
        """The page's folder, the base of its relative links."""
        return posixpath.dirname(self.output)


class Lazy:
    """A value computed when first asked for, then kept (shared by the specs holding it)."""

    __slots__ = ("_make", "_value")

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make: Callable[[], Any] | None = make
        self._value: Any = None

    def get(self) -> Any:
        if self._make is not None:
            self._value, self._make = self._make(), None
        return self._value


class LazyValues(Mapping[str, Any]):
    """A page's values where some are `Lazy`: computed when the page is rendered (in a
    worker process, and only for the pages a build renders), not when the specs are listed."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = dict(values)

    def __getitem__(self, key: str) -> Any:
        value = self._values[key]
        return value.get() if isinstance(value, Lazy) else value

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def top_with_ties(ranked: tuple, count: int = TOP_HOTSPOTS, most: int = MOST_TIED) -> tuple:
    """The first `count` of a ranking, and every later one tied with the last of them.

    Ties stop at `most` rows: when more tie (a large handbook with coarse scales has
    hundreds at one pain priority), the first `count` only, so the home page stays small.
    """
    if len(ranked) <= count:
        return tuple(ranked)
    last = ranked[count - 1].pain_priority
    more = count
    while more < len(ranked) and ranked[more].pain_priority == last:
        more += 1
    return tuple(ranked[: more if more <= most else count])


def _by_id(mapping: Mapping[str, Any]) -> list[Any]:
    return [mapping[key] for key in sorted(mapping)]


def _journey_values(journey: Any, insights: Insights, grid: Lazy) -> LazyValues:
    """A journey page's values; the costly ones computed when the page is rendered."""
    pair = cx.current_and_future(journey)
    return LazyValues(
        {
            "journey": journey,
            "hotspots": Lazy(functools.partial(insights.hotspots_of, journey)),
            "pair": pair,
            "changes": Lazy(functools.partial(_changes, pair)),
            "ideas": Lazy(functools.partial(cx.ideas_of, journey)),
            "opportunities": Lazy(functools.partial(cx.opportunities_of, insights, journey)),
            "metrics": Lazy(functools.partial(cx.metrics_of, journey)),
            "has_backstage": Lazy(functools.partial(cx.has_backstage, journey)),
            "grid": grid,
        }
    )


def journey_pages(site: Site, insights: Insights) -> list[PageSpec]:
    pages = []
    for journey in _by_id(site.journeys):
        grid = Lazy(functools.partial(journey_grid, journey, insights, site.config))
        values = _journey_values(journey, insights, grid)
        pages.append(PageSpec(journey.url, "journey.html", journey.title, "journeys", values))
        # the lane grid as one self-contained SVG file (themes/default/templates/map.svg)
        pages.append(
            PageSpec(
                journey.url + "map.svg",
                "map.svg",
                journey.title,
                "journeys",
                LazyValues(
                    {
                        "journey": journey,
                        "grid": grid,
                        "map": Lazy(lambda g=grid: map_layout(g.get())),
                    }
                ),
            )
        )
        for tp in journey.touchpoints:
            previous, following = cx.neighbours(tp)
            pages.append(
                PageSpec(
                    tp.url,
                    "touchpoint.html",
                    tp.title,
                    "journeys",
                    {
                        "journey": journey,
                        "tp": tp,
                        "scores": insights.scores_for(tp),
                        "raci": insights.raci_for(tp),
                        "previous": previous,
                        "next": following,
                    },
                )
            )
    return pages


def _changes(pair: Any) -> list:
    return cx.counterpart_changes(*pair) if pair else []


def opportunity_pages(insights: Insights) -> list[PageSpec]:
    """The matrix, the backlog by status and the hotspots nobody has an idea for; a list too
    long to show whole there gets its own pages (opportunities/<status>/, …/unaddressed/)."""
    found = insights.opportunities
    ranked = found.ranked if found else ()
    lists: list[tuple[str, tuple]] = [("unaddressed", found.unaddressed if found else ())]
    if found:  # each status, scored ideas by rank; a long one's unscored by pain
        lists += [(s, top_first(ideas, scored_then_painful)) for s, ideas in found.by_status()]
    shown = {kind: preview(items, f"opportunities/{kind}/") for kind, items in lists}
    values = {
        "found": found,
        "ranked": ranked,
        "drawn": ranked[:MATRIX_MARKS],  # the best-scored on the matrix; all in the backlog
        "matrix": matrix_layout(ranked[:MATRIX_MARKS]),
        "groups": [(status, shown[status]) for status, _ in lists[1:]],
        "unaddressed": shown["unaddressed"],
        "waivers": found.waivers if found else (),
    }
    pages = [PageSpec("opportunities/", "opportunities.html", "", "opportunities", values)]
    for kind, items in lists:
        if shown[kind].cut:
            more = {"kind": kind, "found": found}
            first = PageSpec(shown[kind].url, "opportunity_list.html", "", "opportunities", more)
            pages += split_pages(first, items)
    return pages


def _home_page(site: Site, insights: Insights) -> PageSpec:
    journeys, personas = _by_id(site.journeys), _by_id(site.personas)
    counts = {
        "journeys": len(journeys),
        "touchpoints": sum(len(j.touchpoints) for j in journeys),
        "personas": len(personas),
        "departments": len(site.departments),
        "channels": len(site.channels),
        "hotspots": len(insights.hotspots),
        "pain_points": len(insights.pain_points),
    }
    current = [j for j in journeys if not j.archived]
    context = {
        "journeys": current[:HOME_JOURNEY_CARDS],  # issue 19: a card per journey would not scale
        "journey_total": len(current),
        "needs_review": insights.upkeep.needs_review,
        "top_hotspots": top_with_ties(insights.hotspots),
        "top_limit": TOP_HOTSPOTS,
        "counts": counts,
    }
    return PageSpec("", "index.html", site.config.title, "home", context)


def _persona_pages(site: Site) -> list[PageSpec]:
    personas = _by_id(site.personas)
    return [
        PageSpec("personas/", "personas.html", "", "personas", {"personas": personas}),
        *(
            PageSpec(
                persona.url,
                "persona.html",
                persona.name,
                "personas",
                _persona_values(site, persona),
            )
            for persona in personas
        ),
    ]


def _persona_values(site: Site, persona: Any) -> dict[str, Any]:
    """The first journeys with an arc each, the rest as table rows (issue 19)."""
    journeys = cx.journeys_of(site, persona)
    return {
        "persona": persona,
        "journeys": journeys,
        "drawn": journeys[:PERSONA_ARCS],
        "listed": journeys[PERSONA_ARCS:],
    }


def hotspot_pages(insights: Insights) -> list[PageSpec]:
    """The pain point ranking, HOTSPOTS_PER_PAGE rows a page: hotspots/, hotspots/page/2/…"""
    pagers = paginate("hotspots/", insights.pain_points, HOTSPOTS_PER_PAGE)
    return [
        PageSpec(
            pager.url,
            "hotspots.html",
            "",
            "hotspots",
            {"pain_points": pager.items, "pager": pager},
        )
        for pager in pagers
    ]


def _department_pages(site: Site, insights: Insights) -> list[PageSpec]:
    departments, journeys = _by_id(site.departments), _by_id(site.journeys)
    ranked = [card.department for card in insights.scorecards]  # most hotspots (A) first
    index = PageSpec("departments/", "departments.html", "", "departments", {"departments": ranked})
    pages = [index]
    for department in departments:
        owned = [j for j in journeys if j.owner and j.owner.id == department.id]
        pages += department_pages(insights, department, owned)
    return pages


def department_pages(insights: Insights, department: Any, owned: list[Any]) -> list[PageSpec]:
    """A department's page and, for each list too long to show whole there, the list's own
    pages: departments/<id>/touchpoints/, …/hotspots/, …/unaccountable/, …/handoffs/,
    …/ideas/ and, standing in for the touchpoints on the department's page, a row per
    journey: …/journeys/ (issue 19)."""
    card = next((c for c in insights.scorecards if c.department.id == department.id), None)
    ideas = cx.ideas_owned(insights, department.id)
    painful = painful_touchpoint(insights)
    lists: dict[str, tuple] = {
        "touchpoints": insights.departments[department.id].touchpoints,
        "hotspots": top_first(card.hotspots if card else (), painful),
        "unaccountable": top_first(card.unaccountable if card else (), painful),
        "handoffs": top_first(card.handoffs if card else (), painful_handoff(insights)),
        "ideas": top_first(ideas, scored_then_painful),
    }
    shown = {kind: preview(items, f"{department.url}{kind}/") for kind, items in lists.items()}
    if shown["touchpoints"].cut:
        lists["journeys"] = journey_shares(insights, department.id, lists["handoffs"], ideas)
        shown["journeys"] = preview(lists["journeys"], f"{department.url}journeys/")
    context = {
        "department": department,
        "rollup": insights.departments[department.id],
        "journeys": owned,
        "ideas": ideas,
        "shown": shown,
    }
    pages = [PageSpec(department.url, "department.html", department.name, "departments", context)]
    for kind, items in lists.items():
        if shown[kind].cut:
            more = {"department": department, "kind": kind}
            first = PageSpec(
                shown[kind].url, "department_list.html", department.name, "departments", more
            )
            pages += split_pages(first, items)
    return pages


def channel_pages(site: Site, insights: Insights) -> list[PageSpec]:
    """The channel × stage matrix; when it shows counts, a list per cell:
    channels/<channel>/<stage>/ (issue 19)."""
    channels = _by_id(site.channels)
    cells = channel_cells(channels, insights)
    values = {"channels": channels, "stage_ids": insights.stage_ids, "cells": cells}
    pages = [PageSpec("channels/", "channels.html", "", "channels", values)]
    names = cx.stage_names(site)
    for by_stage in (cells or {}).values():
        for cell in by_stage.values():
            title = f"{cell.channel.name} · {names.get(cell.stage_id, cell.stage_id)}"
            first = PageSpec(cell.url, "channel_cell.html", title, "channels", {"cell": cell})
            pages += split_pages(first, cell.touchpoints)
    return pages


def journey_list_pages(site: Site) -> list[PageSpec]:
    """Every journey in a table, ROWS_PER_PAGE rows a page: journeys/, journeys/page/2/…"""
    return [
        PageSpec(
            pager.url, "journeys.html", "", "journeys", {"journeys": pager.items, "pager": pager}
        )
        for pager in paginate("journeys/", _by_id(site.journeys), ROWS_PER_PAGE)
    ]


def split_pages(first: PageSpec, items: Any) -> list[PageSpec]:
    """A long list's own pages, ROWS_PER_PAGE rows each: `first` (its URL, template, title
    and values) and `first.url`page/2/, … each with a `pager` (render/paging.py)."""
    return [
        PageSpec(
            pager.url, first.template, first.title, first.section, {**first.values, "pager": pager}
        )
        for pager in paginate(first.url, items, ROWS_PER_PAGE)
    ]


def site_pages(site: Site, insights: Insights) -> list[PageSpec]:
    """Every HTML page of the site except 404.html, in a fixed order."""
    return [
        _home_page(site, insights),
        *journey_list_pages(site),
        *journey_pages(site, insights),
        *_persona_pages(site),
        *_department_pages(site, insights),
        *channel_pages(site, insights),
        *hotspot_pages(insights),
        *opportunity_pages(insights),
        *(
            [PageSpec("tags/", "tags.html", "", "tags", {"tags": tag_journeys(site)})]
            if site.config.tags
            else []
        ),
        *(
            PageSpec(page.url, "page.html", page.title, page.url, {"chapter": page})
            for page in cx.nav_pages(site)
        ),
    ]
