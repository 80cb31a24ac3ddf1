"""The rule gates seen on the analysed handbook: every violation, and the diagnostics of the
rules only analysis can check (`hotspot-without-idea`, `assumed-hotspot`).

`violations` lists every rule's violations (waivers respected, levels ignored): what
`cjmsite diff --fail-on <rule>` compares between two revisions.
"""

from __future__ import annotations

from cjmsite.analysis import Insights, check_raci
from cjmsite.config import rules
from cjmsite.diagnostics import Diagnostic, Diagnostics, Location
from cjmsite.model import Site, Touchpoint

Violation = tuple[str, str, str, str]  # (rule, journey id, touchpoint id, detail)


def waived(tp: Touchpoint, rule: str) -> bool:
    """The touchpoint, or its journey, waives `rule`."""
    journey_waivers = tp.journey.waivers if tp.journey is not None else {}
    return rule in tp.waivers or rule in journey_waivers


def violations(site: Site, insights: Insights) -> set[Violation]:
    """Every violation of every rule, whatever its level."""
    found: set[Violation] = set()
    hot = {(s.journey.id, s.touchpoint.id) for s in insights.hotspots}
    for journey in site.journeys.values():
        for tp in journey.touchpoints:
            key = (journey.id, tp.id)

            def add(rule: str, detail: str = "", tp: Touchpoint = tp) -> None:
                if not waived(tp, rule):
                    found.add((rule, tp.journey_id, tp.id, detail))

            if not tp.owners:
                add("touchpoint-without-owner")
            else:
                for problem in check_raci(tp).problems:
                    add("raci", problem)
            for idea in tp.ideas:
                if idea.owner is None:
                    add("idea-without-owner", idea.title)
            if key in hot and not tp.ideas:
                add("hotspot-without-idea")
            if key in hot and tp.confidence == "assumed":
                add("assumed-hotspot")
    return found


ANALYSIS_RULES = {
    "hotspot-without-idea": (
        "hotspot has no improvement idea",
        "add an idea under `ideas:`, or waive the rule with a reason",
    ),
    "assumed-hotspot": (
        "hotspot rests on an assumed emotion: validate it first",
        "research the step and set `confidence: observed`, or waive the rule with a reason",
    ),
}


def rule_diagnostics(site: Site, insights: Insights) -> list[Diagnostic]:
    """Diagnostics of the rules only analysis can check, at their configured levels."""
    diags = Diagnostics()
    for rule, journey_id, tp_id, _ in sorted(violations(site, insights)):
        if rule not in ANALYSIS_RULES:
            continue
        tp = site.journeys[journey_id].touchpoint(tp_id)
        assert tp is not None
        message, hint = ANALYSIS_RULES[rule]
        where = Location(tp.source.path, tp.source.line, 1)
        rules.report(diags, site.config.rules, rule, where, f"{message}: “{tp.title}”", hint)
    return diags.items
