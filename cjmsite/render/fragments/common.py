"""The pieces of `macros.html` drawn in Python, and how one piece calls another."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from jinja2.utils import missing
from markupsafe import Markup, soft_str


def _escape_text(value: str) -> str:
    """markupsafe's escaping of a str, in Python (where its C function is not found)."""
    return (
        value.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


try:  # the C function markupsafe.escape itself calls (MarkupSafe 3): ~5x the replaces' speed
    from markupsafe._speedups import _escape_inner as _fast_escape
except ImportError:  # pragma: no cover - pure-Python MarkupSafe, or another version
    _fast_escape = _escape_text
if _fast_escape("<&'\">") != _escape_text("<&'\">"):  # pragma: no cover - not the same
    _fast_escape = _escape_text


def esc(value: Any) -> str:
    """What markupsafe.escape writes, as a plain string: no Markup object is made for each
    value (most of a fragment's cost when it was). 1.8 million calls in a cold build of
    200 x 15."""
    if type(value) is not str:
        if hasattr(value, "__html__"):
            return value.__html__()
        value = str(value)
    return _fast_escape(value)


def piece(ctx: Context, name: str, default: Any, *args: Any) -> Markup:
    """`name` drawn as the calling template has it (a theme's macro of that name wins over
    the default, as a macro calling another did), with `args`."""
    found = ctx.resolve_or_missing(name)
    if found is default or found is missing:
        return default(ctx, *args) if getattr(default, "jinja_pass_arg", None) else default(*args)
    return ctx.call(found, *args)


def drawer(ctx: Context, name: str, default: Callable[..., Any]) -> Callable[..., str]:
    """`name` as the calling template has it, looked up once for many calls: the default
    fragment called directly, or a theme's macro (or anything else bound there) through the
    context; what it returns escaped as `{{ }}` would."""
    return _drawn(ctx, ctx.resolve_or_missing(name), default)


def member(ctx: Context, module: Any, name: str, default: Any = None) -> Callable[..., str]:
    """`drawer` for a name of an imported template (`m.emotion` of `{% import "macros.html"
    as m %}`): a macro there, or anything bound there but `default`, is called through
    `ctx`."""
    return _drawn(ctx, getattr(module, name, missing), default)


def _drawn(ctx: Context, found: Any, default: Any) -> Callable[..., str]:
    if default is not None and (found is default or found is missing):
        if getattr(default, "jinja_pass_arg", None):
            return lambda *args: esc(default(ctx, *args))
        return lambda *args: esc(default(*args))
    return lambda *args: esc(ctx.call(found, *args))


@pass_context
def emotion(ctx: Context, value: float | None, sentiment: str | None) -> Markup:
    """An emotion: face, hidden sentiment word and signed number (macros.html `emotion`)."""
    t = ctx["t"]
    if value is None:
        return Markup(f'<span class="emotion emotion-none">{esc(t("emotion.none"))}</span>')
    return Markup(
        f'<span class="emotion emotion-{esc(sentiment)}"><span class="face" aria-hidden="true">'
        f"{esc(ctx['face'](sentiment))}</span> "
        f'<span class="visually-hidden">{esc(t(f"sentiment.{sentiment}"))}: </span>'
        f"{esc(ctx['num'](value, sign=True))}</span>"
    )


@pass_context
def letters(ctx: Context, found: Any) -> Markup:
    """RACI letters, each an <abbr> naming its role, space-separated (macros.html `letters`)."""
    t = ctx["t"]
    return Markup(
        " ".join(
            f'<abbr class="raci raci-{esc(str(letter).lower())}" '
            f'title="{esc(t(f"raci.{letter}"))}">{esc(letter)}</abbr>'
            for letter in found
        )
    )


@pass_context
def hotspot_flag(ctx: Context) -> Markup:
    """The word "Hotspot" with a flag (macros.html `hotspot_flag`)."""
    return Markup(
        '<span class="flag flag-hotspot"><span aria-hidden="true">⚑ </span>'
        f"{esc(ctx['t']('common.hotspot'))}</span>"
    )


@pass_context
def channel_link(ctx: Context, channel: Any) -> Markup:
    """A channel's name linked to its page, and its kind (macros.html `channel_link`)."""
    t = ctx["t"]
    if channel is None:
        return Markup(f'<span class="quiet">{esc(t("common.none"))}</span>')
    return Markup(
        f'<a href="{esc(ctx["url"](channel.url))}">{esc(channel.name)}</a> '
        f'<span class="quiet">({esc(t(f"channel.{channel.kind}"))})</span>'
    )


@pass_context
def dept_link(ctx: Context, department: Any) -> Markup:
    """A department's name linked to its page, or "unassigned" (macros.html `dept_link`)."""
    if department is None:
        return Markup(f'<span class="quiet">{esc(ctx["t"]("common.unassigned"))}</span>')
    return Markup(f'<a href="{esc(ctx["url"](department.url))}">{esc(department.name)}</a>')


@pass_context
def truth_flag(ctx: Context) -> Markup:
    """The words "Moment of truth" as a flag (macros.html `truth_flag`)."""
    return Markup(f'<span class="flag flag-truth">{esc(ctx["t"]("common.moment_of_truth"))}</span>')


@pass_context
def scroll_box(ctx: Context, name: Any, caller: Callable[[], Any]) -> Markup:
    """A table that scrolls sideways inside its own box, named for screen readers: what
    `caller` (the `{% call %}` block) writes, wrapped (macros.html `scroll_box`)."""
    t = ctx["t"]
    return Markup(
        '<div class="scroll-area">\n<p class="scroll-hint" aria-hidden="true" '
        f"data-pagefind-ignore><span>⟷</span> {esc(t('common.scroll_hint'))}</p>\n"
        '<div class="table-wrap" role="region" '
        f'aria-label="{esc(t("common.scroll_box", name=name))}" tabindex="0">\n'
        f"{esc(caller())}\n</div>\n</div>"
    )


def boxed(ctx: Context, module: Any, name: str, inner: str) -> str:
    """`inner` in `module`'s scroll_box (a theme's macro of that name gets `inner` as its
    caller), as `{% call m.scroll_box(name) %}inner{% endcall %}` wrote it."""
    found = getattr(module, "scroll_box", missing)
    if found is scroll_box or found is missing:
        return scroll_box(ctx, name, lambda: Markup(inner))
    return esc(ctx.call(found, name, caller=lambda: Markup(inner)))


TICK = '<span aria-hidden="true">✓ </span>'
WARNING = '<span aria-hidden="true">⚠ </span>'


@pass_context
def raci_problems(ctx: Context, check: Any) -> Markup:
    """A touchpoint's RACI check: a tick, or a flag naming each problem (macros.html
    `raci_problems`)."""
    t = ctx["t"]
    if check.ok:
        return Markup(f'<span class="ok">{TICK}{esc(t("raci.ok"))}</span>')
    named = "; ".join(str(esc(t(f"raci.problem.{problem}"))) for problem in check.problems)
    return Markup(f'<span class="flag flag-problem">{WARNING}{named}</span>')


def text_list(title: Any, items: Any, kind: Any, level: Any = 4) -> Markup:
    """A titled list of texts; blank items are skipped, and so is an empty list (macros.html
    `text_list`)."""
    shown = [text for text in (soft_str(item).strip() for item in items or []) if text]
    if not shown:
        return Markup()
    listed = "".join(f"    <li>{esc(item)}</li>\n" for item in shown)
    h = esc(level)
    return Markup(
        f'<div class="list list-{esc(kind)}">\n  <h{h}>{esc(title)}</h{h}>\n'
        f"  <ul>\n{listed}  </ul>\n</div>\n"
    )


# the columns after the idea and where it is, and their cells' class
IDEA_COLUMNS = (("common.owner", ""), ("common.status", ""), ("idea.impact", ' class="num"'),
                ("idea.effort", ' class="num"'), ("idea.score", ' class="num"'))  # fmt: skip


@pass_context
def idea_head(
    ctx: Context, show_journey: bool = True, show_touchpoint: bool = True, show_rank: bool = False
) -> Markup:
    """The head row of a table of `idea_rows` (macros.html `idea_head`)."""
    t = ctx["t"]
    rank = f'<th scope="col" class="num">{esc(t("hotspots.rank"))}</th>' if show_rank else ""
    where = f'<th scope="col">{esc(t("common.touchpoint"))}</th>' if show_touchpoint else ""
    if show_journey:
        where += f'<th scope="col">{esc(t("common.journey"))}</th>'
    cells = "".join(f'  <th scope="col"{css}>{esc(t(key))}</th>\n' for key, css in IDEA_COLUMNS)
    return Markup(
        f'<tr>\n{rank}  <th scope="col">{esc(t("idea.title"))}</th>\n{where}{cells}'
        f'  <th scope="col">{esc(t("idea.due"))}</th>\n</tr>'
    )


def _idea_row(ctx: Context, o: Any, show_journey: bool, show_touchpoint: bool, rank: bool) -> str:
    t, num, url, idea = ctx["t"], ctx["num"], ctx["url"], o.idea
    cells = ["<tr>\n"]
    if rank:
        shown = esc(o.rank) if o.rank else '<span class="quiet">–</span>'
        cells.append(f'<td class="num">{shown}</td>')
    kpi = f' <span class="quiet">({esc(t("idea.kpi"))}: {esc(idea.kpi)})</span>' if idea.kpi else ""
    cells.append(f'  <th scope="row">{esc(idea.title)}{kpi}</th>\n')
    tp = o.touchpoint
    if show_touchpoint:
        cells.append(f'<td><a href="{esc(url(tp.url))}">{esc(tp.title)}</a></td>')
    if show_journey:
        cells.append(f'<td><a href="{esc(url(tp.journey.url))}">{esc(tp.journey.title)}</a></td>')
    score = (
        esc(num(o.score))
        if o.score is not None
        else f'<span class="quiet">{esc(t("idea.unscored"))}</span>'
    )
    due = idea.due
    when = f'<time datetime="{esc(due)}">{esc(ctx["date_text"](due))}</time>' if due else ""
    cells.append(
        f"  <td>{piece(ctx, 'dept_link', dept_link, idea.owner)}</td>\n"
        f'  <td><span class="status status-{esc(idea.status)}">'
        f"{esc(t(f'status.{idea.status}'))}</span></td>\n"
        f'  <td class="num">{esc(num(idea.impact))}</td>\n'
        f'  <td class="num">{esc(num(idea.effort))}</td>\n'
        f'  <td class="num">{score}</td>\n'
        f"  <td>{when}</td>\n</tr>\n"
    )
    return "".join(cells)


@pass_context
def idea_rows(
    ctx: Context,
    found: Any,
    show_journey: bool = True,
    show_touchpoint: bool = True,
    show_rank: bool = False,
) -> Markup:
    """A table row per scored idea (analysis/ideas.py `Opportunity`): rank, title and KPI,
    touchpoint, journey, owner, status, impact, effort, score, due (macros.html
    `idea_rows`)."""
    return Markup(
        "".join(_idea_row(ctx, o, show_journey, show_touchpoint, show_rank) for o in found)
    )
