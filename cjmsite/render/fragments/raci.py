"""The journey page's RACI table (journey.html, block `raci`) drawn in Python.

A row per touchpoint and a cell per department that holds a letter in the journey: 15 x 8
`letters` calls a page at 200 x 15 made the table the largest Jinja cost left on the page.
Its letters and checks are drawn by the names `letters` and `raci_problems` of the calling
template (macros.html), so a theme's macro of either name still wins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from cjmsite.render.fragments.common import drawer, esc, letters, raci_problems


def _by_value(draw: Callable[..., str]) -> Callable[[Any], str]:
    """`draw` of one argument, called once per distinct value (a handful of letter sets
    fill a table of 120 cells); an unhashable value is drawn each time."""
    kept: dict[Any, str] = {}

    def drawn(value: Any) -> str:
        try:
            return kept[value]
        except KeyError:
            kept[value] = text = draw(value)
            return text
        except TypeError:
            return draw(value)

    return drawn


def _head(ctx: Context, journey: Any, departments: Any) -> str:
    t, url = ctx["t"], ctx["url"]
    heads = "".join(
        f'<th scope="col" class="dept"><a href="{esc(url(d.url))}">{esc(d.name)}</a></th>'
        for d in departments
    )
    return (
        '<table class="raci-table">\n'
        f"    <caption>{esc(t('journey.raci_caption', title=journey.title))}</caption>\n"
        "    <thead>\n      <tr>\n"
        f'        <th scope="col">{esc(t("common.touchpoint"))}</th>\n'
        f'{heads}        <th scope="col">{esc(t("raci.check"))}</th>\n'
        "      </tr>\n    </thead>\n"
    )


@pass_context
def raci_table(ctx: Context, journey: Any, departments: Any) -> Markup:
    """The table: department heads, then a <tbody> per stage with touchpoints, its group
    row and a row per touchpoint with its letters per department and its RACI check."""
    insights, url = ctx["insights"], ctx["url"]
    cell = _by_value(drawer(ctx, "letters", letters))
    check_of = drawer(ctx, "raci_problems", raci_problems)
    ids = [esc(d.id) for d in departments]
    span = esc(len(departments) + 2)
    drawn = [_head(ctx, journey, departments)]
    for stage in journey.stages:
        if not stage.touchpoints:
            continue
        drawn.append(
            "    <tbody>\n"
            f'      <tr class="group"><th scope="colgroup" colspan="{span}">{esc(stage.name)}'
            "</th></tr>\n"
        )
        for tp in stage.touchpoints:
            check = insights.raci_for(tp)
            cells = "".join(
                f'<td class="letters" data-department="{ident}">{cell(tp.letters_for(d.id))}</td>'
                for d, ident in zip(departments, ids, strict=True)
            )
            problem = "" if check.ok else ' class="row-problem"'
            drawn.append(
                f'      <tr id="raci-{esc(tp.id)}"{problem}>\n'
                f'        <th scope="row"><a href="{esc(url(tp.url))}">{esc(tp.title)}</a></th>\n'
                f"{cells}        <td>{check_of(check)}</td>\n      </tr>\n"
            )
        drawn.append("    </tbody>\n")
    drawn.append("  </table>")
    return Markup("".join(drawn))
