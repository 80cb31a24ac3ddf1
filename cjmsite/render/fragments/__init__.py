"""The smallest, most repeated pieces of the default theme's markup, drawn in Python.

An emotion badge, RACI letters or a lane-grid cell is written thousands of times a build
(3 x 15 cells a journey page, a badge on every row of every table), and a Jinja macro call
costs more than the markup it writes; the journey's lane table, curve, timeline and RACI
table and map.svg's body are drawn here whole (`table.py`, `timeline.py`, `raci.py`,
`map_svg.py`). These functions write the bytes the theme's macros and loops wrote, escaping
what they escaped.
`macros.html`, `grid.html`, `lists.html` and `map.svg` bind them to the macro names (`{%
set emotion = fragments.emotion %}`), so a theme replaces one by defining a macro of that
name instead; `base.html` calls the nav's in its `nav` block. They read what the macros
read (`t`, `num`, `url`, …) from the calling template's context, and call each other by
name through it (`common.piece`).
"""

from __future__ import annotations

from types import SimpleNamespace

from cjmsite.render.fragments.common import (
    channel_link,
    dept_link,
    emotion,
    hotspot_flag,
    idea_head,
    idea_rows,
    letters,
    raci_problems,
    scroll_box,
    text_list,
    truth_flag,
)
from cjmsite.render.fragments.grid import (
    channel_icon,
    curve_point,
    lane_cell,
    lane_items,
    map_cells,
    map_line_text,
    point_title,
    tp_head,
    value_cell,
)
from cjmsite.render.fragments.layout import chapter_nav, filter_marks, site_nav
from cjmsite.render.fragments.lists import department_row
from cjmsite.render.fragments.map_svg import map_body
from cjmsite.render.fragments.raci import raci_table
from cjmsite.render.fragments.table import curve, lane_label, lane_table
from cjmsite.render.fragments.timeline import marker, timeline
from cjmsite.render.fragments.touchpoint import (
    touchpoint_backstage,
    touchpoint_breadcrumbs,
    touchpoint_evidence,
    touchpoint_feelings,
    touchpoint_head,
    touchpoint_ideas,
    touchpoint_metrics,
    touchpoint_owners,
    touchpoint_pager,
)

FRAGMENTS = SimpleNamespace(
    **{
        drawn.__name__: drawn
        for drawn in (
            emotion, letters, hotspot_flag, raci_problems, channel_link, dept_link, text_list,
            idea_rows, site_nav, chapter_nav, department_row, channel_icon, tp_head, lane_items,
            point_title, curve_point, lane_cell, value_cell, map_line_text, map_cells,
            truth_flag, lane_label, curve, lane_table, marker, timeline, map_body, raci_table,
            scroll_box, touchpoint_head, touchpoint_feelings, touchpoint_owners,
            touchpoint_backstage, touchpoint_ideas, touchpoint_metrics, touchpoint_evidence,
            touchpoint_pager, touchpoint_breadcrumbs, idea_head, filter_marks,
        )
    }
)  # fmt: skip

__all__ = ["FRAGMENTS"]
