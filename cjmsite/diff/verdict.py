"""CI gates, the one-line verdict and the short texts both the Markdown and HTML reports show."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cjmsite.config.rules import RULES
from cjmsite.diff.changes import Comparison, FieldChange, JourneyDiff, PainPoint, TouchpointDiff
from cjmsite.facts import format_number

if TYPE_CHECKING:
    from cjmsite.diff import DiffReport

# name -> what makes it fail (documented in docs/diff.md)
GATES: dict[str, str] = {
    "new-hotspot": "a hotspot appears (a new one, or a pain point that became one)",
    "new-pain-point": "a pain point appears",
    "worse-emotion": "a persona's emotion at a touchpoint gets lower",
    "more-pain": "the handbook's total pain priority goes up",
    "raci-violation": "a touchpoint breaks a RACI rule it did not break before",
    # the rule gates of cjmsite.yml `rules:`: the change adds a violation (waivers respected)
    **{rule.name: f"the change adds a violation: {rule.description}" for rule in RULES},
}


def failed_gates(comparison: Comparison, requested: Any) -> list[str]:
    hit = {
        "new-hotspot": bool(comparison.new_hotspots),
        "new-pain-point": bool(comparison.new_pain_points),
        "worse-emotion": bool(comparison.worse),
        "more-pain": comparison.pain_after > comparison.pain_before,
        "raci-violation": bool(comparison.raci_violations),
        **{rule.name: False for rule in RULES},
    }
    for rule, *_ in comparison.new_violations:
        hit[rule] = True
    return [name for name in GATES if name in requested and hit[name]]


def num(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def signed(value: float) -> str:
    return ("+" if value > 0 else "") + format_number(value)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def arrow(before: Any, after: Any) -> str:
    return f"{num(before)} → {num(after)}"


def delta_text(before: float, after: float) -> str:
    """`12 → 17 (+5)`."""
    return f"{arrow(before, after)} ({signed(after - before)})"


def verdict(report: DiffReport) -> str:
    """One line: worse, better, mixed, neutral or no change, with the counts behind it."""
    if report.comparison is None:
        sides = [s for s in (report.base, report.head) if not s.ok]
        names = " and ".join(f"{s.label}" for s in sides)
        return f"Cannot compare: {names} {'has' if len(sides) == 1 else 'have'} content errors."
    c = report.comparison
    bad = [
        (len(c.new_hotspots), "new hotspot", "new hotspots"),
        (len(c.worse), "emotion lower", "emotions lower"),
        (len(c.raci_violations), "new RACI problem", "new RACI problems"),
    ]
    good = [
        (len(c.resolved_hotspots), "hotspot resolved", "hotspots resolved"),
        (len(c.better), "emotion higher", "emotions higher"),
    ]
    gone = [
        (len(c.removed_hotspots), "hotspot removed with its touchpoint or persona",
         "hotspots removed with their touchpoints or personas"),
    ]  # fmt: skip
    parts = [f"{n} {one if n == 1 else many}" for n, one, many in bad + good + gone if n]
    if c.pain_after != c.pain_before:
        part = f"total pain priority {delta_text(c.pain_before, c.pain_after)}"
        if c.pain_after < c.pain_before and c.removed_pain:
            part += f", {format_number(c.removed_pain)} of it from removed touchpoints"
        parts.append(part)
    # pain that left with a removed touchpoint, persona or journey is not an improvement
    kept_pain = round(c.pain_after + c.removed_pain, 9)
    worse = any(n for n, _, _ in bad) or kept_pain > c.pain_before
    better = any(n for n, _, _ in good) or kept_pain < c.pain_before
    if not c.has_changes:
        return "No change to the handbook's journeys."
    word = (
        "Mixed"
        if worse and better
        else "Worse for customers"
        if worse
        else ("Better for customers" if better else "No change in customer impact")
    )
    tail = ", ".join(parts) if parts else "content changed, emotions and pain unchanged"
    gate = f" — fails --fail-on {','.join(report.failed)}" if report.failed else ""
    return f"{word}: {tail}.{gate}"


def persona_name(c: Comparison, persona: str) -> str:
    return c.persona_names.get(persona, persona)


def emotion_text(c: Comparison, tp: TouchpointDiff) -> list[str]:
    out = []
    for e in tp.emotion:
        mark = "" if e.delta is None else (" ▼ worse" if e.delta < 0 else " ▲ better")
        out.append(f"{persona_name(c, e.persona)}: {arrow(e.before, e.after)}{mark}")
    return out


def raci_text(c: Comparison, tp: TouchpointDiff) -> list[str]:
    names = c.department_names
    out = [f"{names.get(r.field, r.field)}: {r.before or '–'} → {r.after or '–'}" for r in tp.raci]
    if tp.raci_problems is not None and tp.raci_problems.after:
        word = "⚠ " if tp.new_raci_violation else ""
        out.append(f"{word}{', '.join(tp.raci_problems.after)}")
    elif tp.raci_problems is not None and tp.raci_problems.before:
        out.append(f"fixed: {', '.join(tp.raci_problems.before)}")
    return out


def change_text(c: Comparison, tp: TouchpointDiff, journey: JourneyDiff) -> list[str]:
    """What happened to the touchpoint besides emotion, importance and RACI."""
    out = []
    if tp.status in ("added", "removed"):
        out.append(tp.status)
    if tp.renamed_from:
        out.append(f"renamed from `{tp.renamed_from}`")
    if tp.stage:
        before = tp.stage_before_name or tp.stage.before
        out.append(f"moved {before} → {tp.stage_name or tp.stage.after}")
    if tp.position:
        out.append(f"reordered: #{tp.position.before} → #{tp.position.after}")
    for f in tp.fields:
        out.append(
            f"{f.field} changed"
            if f.before is None or isinstance(f.before, list | dict)
            else f"{f.field}: {arrow(f.before, f.after)}"
        )
    for idea in tp.ideas:
        out.append(f"idea “{idea.field}”: {idea.before or 'new'} → {idea.after or 'removed'}")
    for idea in tp.idea_scores:
        out.append(f"idea “{idea.field}” {score_text(idea)}")
    for m in tp.metrics:
        out.append(f"metric {m.field}: {metric_text(m)}")
    for p in journey.new_hotspots:
        if p.touchpoint == tp.id:
            out.append(f"new hotspot ({persona_name(c, p.persona)})")
    for p in journey.resolved_hotspots:
        if p.touchpoint == tp.id:
            out.append(f"hotspot resolved ({persona_name(c, p.persona)})")
    for p in journey.removed_hotspots:
        if p.touchpoint == tp.id:
            why = "the touchpoint" if tp.status == "removed" else "the persona"
            out.append(f"hotspot removed with {why} ({persona_name(c, p.persona)})")
    return out


def list_text(before: list, after: list) -> str:
    """`added `maria`; removed `leo``, or `reordered `a`, `b` → `b`, `a``."""
    added = [x for x in after if x not in before]
    removed = [x for x in before if x not in after]
    ids = lambda items: ", ".join(f"`{x}`" for x in items)  # noqa: E731
    parts = []
    if added:
        parts.append(f"added {ids(added)}")
    if removed:
        parts.append(f"removed {ids(removed)}")
    kept_b, kept_a = [x for x in before if x in after], [x for x in after if x in before]
    if kept_b != kept_a:
        parts.append(f"reordered {ids(kept_b)} → {ids(kept_a)}")
    return "; ".join(parts)


def score_text(idea: FieldChange) -> str:
    """`scored: impact 4, effort 2`, `re-scored: impact 3 → 4, effort 2` or `unscored`."""
    if idea.after is None:
        return "unscored" if idea.before is not None else "removed"
    if idea.before is None:
        return f"scored: impact {idea.after['impact']}, effort {idea.after['effort']}"
    parts = [
        f"{key} {idea.before[key]} → {idea.after[key]}"
        if idea.before[key] != idea.after[key]
        else f"{key} {idea.after[key]}"
        for key in ("impact", "effort")
    ]
    return "re-scored: " + ", ".join(parts)


def kpi_text(before: list | None, after: list | None) -> str:
    """Journey KPIs by name: `NPS 12 → 15 (target 30)`; added and removed ones named."""
    old = {m["name"]: m for m in before or []}
    new = {m["name"]: m for m in after or []}
    parts = []
    for name in sorted(set(old) | set(new)):
        b, a = old.get(name), new.get(name)
        if b == a:
            continue
        if a is None:
            parts.append(f"{name} removed")
            continue
        target = (
            f" (target {metric_number(a.get('target'))})" if a.get("target") is not None else ""
        )
        was = metric_number(b.get("value")) if b else "new"
        parts.append(f"{name} {was} → {metric_number(a.get('value'))}{target}")
    return "; ".join(parts)


def field_text(f: FieldChange) -> str:
    """A journey field change for a list item: `Personas: added `maria``, `Owner: a → b`."""
    name = f.field.capitalize()
    if f.field == "narrative":
        return "The narrative changed"
    if f.field == "metrics":
        return f"Journey KPIs: {kpi_text(f.before, f.after)}"
    if f.field == "waivers":
        return f"Waived rules: {list_text(sorted(f.before or {}), sorted(f.after or {}))}"
    if isinstance(f.before, list) or isinstance(f.after, list):
        return f"{name}: {list_text(list(f.before or []), list(f.after or []))}"
    return f"{name}: {arrow(f.before, f.after)}"


def metric_number(value: Any) -> str:
    """A metric value as the author wrote it: the model keeps texts, ints and floats
    apart, so `4.0` stays `4.0` and `4` stays `4` (`4.00` is read as the float 4.0)."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def metric_text(m: FieldChange) -> str:
    def one(v: Any) -> str:
        if v is None:
            return "–"
        target = f" (target {metric_number(v['target'])})" if v.get("target") is not None else ""
        return f"{metric_number(v.get('value'))}{target}"

    return f"{one(m.before)} → {one(m.after)}"


def point_text(c: Comparison, p: PainPoint) -> str:
    gone = " (its touchpoint or persona left the journey)" if p.gone else ""
    return (
        f"{p.title} — {persona_name(c, p.persona)}: pain priority {num(p.pain_priority)}"
        f" (emotion {num(p.emotion)}, importance {num(p.importance)}){gone}"
    )


def entity_lines(c: Comparison) -> list[str]:
    """One line per kind with added, removed and renamed ids (kinds without change left out)."""
    lines = []
    for kind, changes in c.entities.items():
        parts = []
        if changes.added:
            parts.append("added " + ", ".join(f"`{i}`" for i in changes.added))
        if changes.removed:
            parts.append("removed " + ", ".join(f"`{i}`" for i in changes.removed))
        if changes.renamed:
            parts.append("renamed " + ", ".join(f"`{a}` → `{b}`" for a, b in changes.renamed))
        if kind != "journeys" and changes.changed:
            parts.append(
                "edited "
                + ", ".join(
                    f"`{i}` ({', '.join(f.field for f in fs)})"
                    for i, fs in sorted(changes.changed.items())
                )
            )
        if parts:
            lines.append(f"{kind.capitalize()}: " + "; ".join(parts))
    return lines
