"""The pieces of `lists.html` drawn in Python: a row of a department's touchpoint list
(its own pages hold 100 of them, its summary page 20)."""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from cjmsite.render.fragments.common import esc, hotspot_flag, letters, piece, raci_problems


@pass_context
def department_row(ctx: Context, department: Any, tp: Any) -> Markup:
    """One touchpoint a department holds a letter at: title, journey, stage, its letters,
    importance, pain priority, hotspot flag and RACI check (lists.html
    `department_touchpoints`, one <tr>)."""
    insights, num, url = ctx["insights"], ctx["num"], ctx["url"]
    hot, check = insights.is_hotspot(tp), insights.raci_for(tp)
    css = ("row-hotspot" if hot else "") + ("" if check.ok else " row-problem")
    flag = piece(ctx, "hotspot_flag", hotspot_flag) if hot else ""
    journey = tp.journey
    return Markup(
        f'<tr class="{css}">\n'
        f'        <th scope="row"><a href="{esc(url(tp.url))}">{esc(tp.title)}</a></th>\n'
        f'        <td><a href="{esc(url(journey.url))}">{esc(journey.title)}</a></td>\n'
        f"        <td>{esc(tp.stage_name)}</td>\n"
        f'        <td class="letters" data-department="{esc(department.id)}">'
        f"{piece(ctx, 'letters', letters, tp.letters_for(department.id))}</td>\n"
        f'        <td class="num">{esc(num(tp.importance))}</td>\n'
        f'        <td class="num">{esc(num(insights.max_pain(tp)))}</td>\n'
        f"        <td>{flag}</td>\n"
        f"        <td>{piece(ctx, 'raci_problems', raci_problems, check)}</td>\n"
        "      </tr>"
    )
