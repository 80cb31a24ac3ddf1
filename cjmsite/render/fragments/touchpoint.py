"""The sections of touchpoint.html's `content` block drawn in Python.

A touchpoint page (3,000 at 200 x 15) wrote its facts, feelings, owners, ideas, metrics,
evidence and pager through ~117 template calls and four `{% call m.scroll_box %}` blocks:
most of its render time. Each function here writes one section's bytes as the template
did. `m` is the page's `{% import "macros.html" as m %}`: the pieces a section shows
(`scroll_box`, `emotion`, `hotspot_flag`, `channel_link`, `dept_link`, `letters`,
`text_list`, `idea_rows`, …) are drawn by the names there, so a theme's macro of one of
those names still wins.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from cjmsite.render.fragments.common import (
    boxed,
    channel_link,
    dept_link,
    emotion,
    esc,
    hotspot_flag,
    idea_head,
    idea_rows,
    letters,
    member,
    raci_problems,
    text_list,
    truth_flag,
)

SKIP, UNSKIP = "<!--search:skip-->", "<!--/search:skip-->"
ARROW = '<span aria-hidden="true">›</span>'


@pass_context
def touchpoint_breadcrumbs(ctx: Context, journey: Any, tp: Any) -> Markup:
    """Journeys › the journey › the stage (touchpoint.html, block `breadcrumbs`)."""
    t, url = ctx["t"], ctx["url"]
    return Markup(
        f'<nav class="breadcrumbs" aria-label="{esc(t("nav.breadcrumbs"))}"><a href="'
        f'{esc(url("journeys/"))}">{esc(t("nav.journeys"))}</a> {ARROW} <a href="'
        f'{esc(url(journey.url))}">{esc(journey.title)}</a> {ARROW} '
        f"<span>{esc(tp.stage_name)}</span></nav>"
    )


def _fact(name: str, value: str, css: str = "") -> str:
    return f"    <div><dt>{esc(name)}</dt><dd{css}>{value}</dd></div>\n"


@pass_context
def touchpoint_head(ctx: Context, m: Any, tp: Any, journey: Any, scores: Any) -> Markup:
    """The eyebrow, title, facts and waivers in the page's <header> (touchpoint.html)."""
    t, url, num, insights = ctx["t"], ctx["url"], ctx["num"], ctx["insights"]
    ideas = insights.opportunities
    stage = esc(tp.stage_name)
    flag = f" · {member(ctx, m, 'hotspot_flag', hotspot_flag)()}" if insights.is_hotspot(tp) else ""
    validate = (
        f" {member(ctx, m, 'validate_flag')()}" if ideas and ideas.needs_validation(tp) else ""
    )
    truth = (
        f" {member(ctx, m, 'truth_flag', truth_flag)()}"
        if scores and scores[0].moment_of_truth
        else ""
    )
    confidence = esc(tp.confidence)
    journey_link = f'<a href="{esc(url(journey.url))}">{esc(journey.title)}</a>'
    facts = (
        _fact(t("common.journey"), journey_link)
        + _fact(t("common.stage"), stage)
        + _fact(t("common.channel"), member(ctx, m, "channel_link", channel_link)(tp.channel))
        + _fact(t("common.contact"), esc(t(f"contact.{tp.contact}")))
        + _fact(
            t("touchpoint.confidence"),
            f"{esc(t(f'confidence.{tp.confidence}'))}{validate}",
            f' class="confidence-{confidence}"',
        )
        + _fact(
            t("common.importance"),
            f"{esc(num(tp.importance))}/{esc(num(ctx['config'].importance.max))}{truth}",
        )
    )
    waived = ideas.waivers_of(journey, tp) if ideas else ()
    waivers = (
        '<div class="tp-waivers" data-pagefind-ignore><h2 class="visually-hidden">'
        f"{esc(t('touchpoint.waivers'))}</h2>{member(ctx, m, 'waiver_list')(waived)}</div>"
        if waived
        else ""
    )
    return Markup(
        f'  <p class="eyebrow" data-pagefind-ignore>{esc(t("common.touchpoint"))} · {stage}'
        f"{flag}</p>\n  <h1>{esc(tp.title)}</h1>\n"
        f'  {SKIP}<dl class="facts" data-pagefind-ignore>\n{facts}  </dl>{UNSKIP}\n{waivers}'
    )


@pass_context
def touchpoint_feelings(ctx: Context, m: Any, tp: Any, scores: Any) -> Markup:
    """Who feels what: the table of personas' emotions and pain, and the pains and gains
    (touchpoint.html, section `feel-title`)."""
    t, url, num = ctx["t"], ctx["url"], ctx["num"]
    feel = member(ctx, m, "emotion", emotion)
    flag = member(ctx, m, "hotspot_flag", hotspot_flag)
    rows = "".join(
        f'      <tr><th scope="row"><a href="{esc(url(s.persona.url))}">{esc(s.persona.name)}'
        f"</a></th><td>{feel(s.emotion, s.sentiment)}</td>"
        f'<td class="num">{esc(num(s.pain_priority))}</td>'
        f"<td>{flag() if s.is_hotspot else ''}</td></tr>\n"
        for s in scores
    )
    title = t("touchpoint.feelings")
    table = (
        f"  <table>\n    <caption>{esc(t('touchpoint.feelings_caption'))}</caption>\n"
        f'    <thead><tr><th scope="col">{esc(t("common.persona"))}</th>'
        f'<th scope="col">{esc(t("common.emotion"))}</th>'
        f'<th scope="col" class="num">{esc(t("common.pain_priority"))}</th>'
        f'<th scope="col">{esc(t("common.hotspot"))}</th></tr></thead>\n'
        f"    <tbody>\n{rows}    </tbody>\n  </table>\n"
    )
    lists = member(ctx, m, "text_list", text_list)
    return Markup(
        '<section class="section" aria-labelledby="feel-title">\n'
        f'  <h2 id="feel-title">{esc(title)}</h2>{SKIP}<div data-pagefind-ignore>'
        f"{boxed(ctx, m, title, table)}</div>{UNSKIP}\n"
        '  <div class="two-lists">\n'
        f"    {lists(t('common.pains'), tp.pains, 'pains', 3)}\n"
        f"    {lists(t('common.gains'), tp.gains, 'gains', 3)}\n"
        "  </div>\n</section>"
    )


@pass_context
def touchpoint_owners(ctx: Context, m: Any, tp: Any, raci: Any) -> Markup:
    """The departments and their RACI letters, and the RACI check (touchpoint.html, section
    `owners-title`)."""
    t = ctx["t"]
    title = t("journey.raci")
    if tp.owners:
        dept = member(ctx, m, "dept_link", dept_link)
        abbr = member(ctx, m, "letters", letters)
        rows = "".join(
            f'      <tr><th scope="row">{dept(o.department)}</th><td class="letters" '
            f'data-department="{esc(o.department.id)}">{abbr(o.letters)}</td></tr>\n'
            for o in tp.owners
        )
        table = (
            '  <table class="raci-table">\n'
            f"    <caption>{esc(t('touchpoint.owners_caption'))}</caption>\n"
            f'    <thead><tr><th scope="col">{esc(t("common.department"))}</th>'
            f'<th scope="col">{esc(t("raci.letters"))}</th></tr></thead>\n'
            f"    <tbody>\n{rows}    </tbody>\n  </table>\n"
        )
        shown = f"  {SKIP}<div data-pagefind-ignore>{boxed(ctx, m, title, table)}</div>{UNSKIP}\n"
    else:
        shown = f'  <p class="quiet">{esc(t("journey.no_owners"))}</p>\n'
    check = member(ctx, m, "raci_problems", raci_problems)(raci)
    return Markup(
        '<section class="section" aria-labelledby="owners-title">\n'
        f'  <h2 id="owners-title">{esc(title)}</h2>\n{shown}  <p>{check}</p>\n</section>'
    )


def _section(ident: str, title: str, body: str) -> str:
    return (
        f'<section class="section" aria-labelledby="{ident}">\n'
        f'  <h2 id="{ident}">{esc(title)}</h2>\n{body}</section>'
    )


@pass_context
def touchpoint_backstage(ctx: Context, tp: Any) -> Markup:
    """What happens out of the customer's sight (touchpoint.html, `backstage-title`)."""
    items = "".join(f"<li>{esc(item)}</li>" for item in tp.backstage)
    return Markup(
        _section("backstage-title", ctx["t"]("journey.backstage"), f"  <ul>{items}</ul>\n")
    )


@pass_context
def touchpoint_ideas(ctx: Context, m: Any, tp: Any) -> Markup:
    """The touchpoint's ideas, scored (touchpoint.html, section `ideas-title`)."""
    found = ctx["insights"].opportunities.of_touchpoint(tp)
    title = ctx["t"]("journey.ideas")
    head = member(ctx, m, "idea_head", idea_head)(False, False)
    rows = member(ctx, m, "idea_rows", idea_rows)
    table = (
        f"  <table>\n    <caption>{esc(title)}</caption>\n    <thead>{head}</thead>\n"
        f"    <tbody>{rows(found, False, False)}</tbody>\n  </table>\n"
    )
    return Markup(_section("ideas-title", title, boxed(ctx, m, title, table)))


@pass_context
def touchpoint_metrics(ctx: Context, m: Any, tp: Any) -> Markup:
    """What is measured here, with its target (touchpoint.html, section `metrics-title`)."""
    t, num = ctx["t"], ctx["num"]
    rows = "".join(
        f'      <tr><th scope="row">{esc(metric.name)}</th><td class="num">{esc(num(metric.value))}'
        f'</td><td class="num">{esc(num(metric.target))}</td></tr>\n'
        for metric in tp.metrics
    )
    table = (
        f"  <table>\n    <caption>{esc(t('touchpoint.metrics_caption'))}</caption>\n"
        f'    <thead><tr><th scope="col">{esc(t("metric.name"))}</th>'
        f'<th scope="col" class="num">{esc(t("metric.value"))}</th>'
        f'<th scope="col" class="num">{esc(t("metric.target"))}</th></tr></thead>\n'
        f"    <tbody>\n{rows}    </tbody>\n  </table>\n"
    )
    title = t("journey.metrics")
    return Markup(_section("metrics-title", title, boxed(ctx, m, title, table)))


def _evidence_item(item: Any, date_text: Any) -> str:
    cite = f' cite="{esc(item.url)}"' if item.url else ""
    named = item.source or item.url
    caption = ""
    if named or item.date:
        if item.url:
            who = f'<a href="{esc(item.url)}" rel="nofollow noopener">{esc(named)}</a>'
        else:
            who = esc(item.source)
        when = ""
        if item.date:
            comma = ", " if named else ""
            when = f'{comma}<time datetime="{esc(item.date)}">{esc(date_text(item.date))}</time>'
        caption = f'<figcaption class="quiet">— {who}{when}</figcaption>'
    return (
        '  <figure class="evidence-item">\n'
        f'  <blockquote class="evidence"{cite}><p>{esc(item)}</p></blockquote>\n'
        f"{caption}  </figure>\n"
    )


@pass_context
def touchpoint_evidence(ctx: Context, tp: Any) -> Markup:
    """The research behind the touchpoint: quotes and their sources (touchpoint.html,
    section `evidence-title`)."""
    date_text = ctx["date_text"]
    items = "".join(_evidence_item(item, date_text) for item in tp.evidence)
    return Markup(_section("evidence-title", ctx["t"]("touchpoint.evidence"), items))


@pass_context
def touchpoint_pager(ctx: Context, journey: Any, previous: Any, following: Any) -> Markup:
    """Links to the journey's previous and next touchpoints and back to its map; search
    skips them (touchpoint.html)."""
    t, url = ctx["t"], ctx["url"]
    before = (
        f'<a class="pager-prev" rel="prev" href="{esc(url(previous.url))}"><span '
        f'aria-hidden="true">← </span>{esc(t("touchpoint.previous"))}: {esc(previous.title)}</a>'
        if previous
        else ""
    )
    after = (
        f'<a class="pager-next" rel="next" href="{esc(url(following.url))}">'
        f"{esc(t('touchpoint.next'))}: {esc(following.title)}"
        '<span aria-hidden="true"> →</span></a>'
        if following
        else ""
    )
    return Markup(
        f'{SKIP}<nav class="pager" aria-label="{esc(t("touchpoint.pager"))}" '
        "data-pagefind-ignore>\n"
        f'{before}  <a class="pager-back" href="{esc(url(journey.url))}#map">'
        f"{esc(t('touchpoint.back'))}</a>\n{after}</nav>{UNSKIP}"
    )
