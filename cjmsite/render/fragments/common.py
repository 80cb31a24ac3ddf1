"""The pieces of `macros.html` drawn in Python, and how one piece calls another."""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from jinja2.utils import missing
from markupsafe import Markup, escape, soft_str


def piece(ctx: Context, name: str, default: Any, *args: Any) -> Markup:
    """`name` drawn as the calling template has it (a theme's macro of that name wins over
    the default, as a macro calling another did), with `args`."""
    found = ctx.resolve_or_missing(name)
    if found is default or found is missing:
        return default(ctx, *args) if getattr(default, "jinja_pass_arg", None) else default(*args)
    return ctx.call(found, *args)


@pass_context
def emotion(ctx: Context, value: float | None, sentiment: str | None) -> Markup:
    """An emotion: face, hidden sentiment word and signed number (macros.html `emotion`)."""
    t = ctx["t"]
    if value is None:
        return Markup(f'<span class="emotion emotion-none">{escape(t("emotion.none"))}</span>')
    return Markup(
        f'<span class="emotion emotion-{escape(sentiment)}"><span class="face" aria-hidden="true">'
        f"{escape(ctx['face'](sentiment))}</span> "
        f'<span class="visually-hidden">{escape(t(f"sentiment.{sentiment}"))}: </span>'
        f"{escape(ctx['num'](value, sign=True))}</span>"
    )


@pass_context
def letters(ctx: Context, found: Any) -> Markup:
    """RACI letters, each an <abbr> naming its role, space-separated (macros.html `letters`)."""
    t = ctx["t"]
    return Markup(" ").join(
        Markup(
            f'<abbr class="raci raci-{escape(str(letter).lower())}" '
            f'title="{escape(t(f"raci.{letter}"))}">{escape(letter)}</abbr>'
        )
        for letter in found
    )


@pass_context
def hotspot_flag(ctx: Context) -> Markup:
    """The word "Hotspot" with a flag (macros.html `hotspot_flag`)."""
    return Markup(
        '<span class="flag flag-hotspot"><span aria-hidden="true">⚑ </span>'
        f"{escape(ctx['t']('common.hotspot'))}</span>"
    )


@pass_context
def channel_link(ctx: Context, channel: Any) -> Markup:
    """A channel's name linked to its page, and its kind (macros.html `channel_link`)."""
    t = ctx["t"]
    if channel is None:
        return Markup(f'<span class="quiet">{escape(t("common.none"))}</span>')
    return Markup(
        f'<a href="{escape(ctx["url"](channel.url))}">{escape(channel.name)}</a> '
        f'<span class="quiet">({escape(t(f"channel.{channel.kind}"))})</span>'
    )


@pass_context
def dept_link(ctx: Context, department: Any) -> Markup:
    """A department's name linked to its page, or "unassigned" (macros.html `dept_link`)."""
    if department is None:
        return Markup(f'<span class="quiet">{escape(ctx["t"]("common.unassigned"))}</span>')
    return Markup(f'<a href="{escape(ctx["url"](department.url))}">{escape(department.name)}</a>')


TICK = '<span aria-hidden="true">✓ </span>'
WARNING = '<span aria-hidden="true">⚠ </span>'


@pass_context
def raci_problems(ctx: Context, check: Any) -> Markup:
    """A touchpoint's RACI check: a tick, or a flag naming each problem (macros.html
    `raci_problems`)."""
    t = ctx["t"]
    if check.ok:
        return Markup(f'<span class="ok">{TICK}{escape(t("raci.ok"))}</span>')
    named = "; ".join(str(escape(t(f"raci.problem.{problem}"))) for problem in check.problems)
    return Markup(f'<span class="flag flag-problem">{WARNING}{named}</span>')


def text_list(title: Any, items: Any, kind: Any, level: Any = 4) -> Markup:
    """A titled list of texts; blank items are skipped, and so is an empty list (macros.html
    `text_list`)."""
    shown = [text for text in (soft_str(item).strip() for item in items or []) if text]
    if not shown:
        return Markup()
    listed = "".join(f"    <li>{escape(item)}</li>\n" for item in shown)
    h = escape(level)
    return Markup(
        f'<div class="list list-{escape(kind)}">\n  <h{h}>{escape(title)}</h{h}>\n'
        f"  <ul>\n{listed}  </ul>\n</div>\n"
    )
