"""CI gates, the one-line verdict and the short texts the Markdown, HTML and JSON reports show.

Every text is made through a `Words` (see `words`): its locale gives the sentences, its
format escapes the values that come from content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cjmsite.config.rules import RULES
from cjmsite.diff.changes import Comparison, FieldChange, JourneyDiff, PainPoint, TouchpointDiff
from cjmsite.diff.words import Words, english

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


def arrow(w: Words, before: Any, after: Any) -> str:
    return w.t("change", before=w.num(before), after=w.num(after))


def delta_text(w: Words, before: float, after: float) -> str:
    """`12 → 17 (+5)`."""
    return w.t("delta", before=w.num(before), after=w.num(after), delta=w.signed(after - before))


def _counts(w: Words, items: list[tuple[int, str]]) -> list[str]:
    return [w.t(f"verdict.{key}", n=n) for n, key in items if n]


def verdict(report: DiffReport, w: Words | None = None) -> str:
    """One line: worse, better, mixed, neutral or no change, with the counts behind it."""
    w = w or Words(english())
    if report.comparison is None:
        sides = [s for s in (report.base, report.head) if not s.ok]
        names = w.t("verdict.and").join(w.text(s.label) for s in sides)
        return w.t("verdict.cannot_compare", n=len(sides), sides=names)
    c = report.comparison
    bad = [(len(c.new_hotspots), "new_hotspots"), (len(c.worse), "lower_emotions"),
           (len(c.raci_violations), "raci_problems")]  # fmt: skip
    good = [(len(c.resolved_hotspots), "resolved_hotspots"), (len(c.better), "higher_emotions")]
    parts = _counts(w, bad + good + [(len(c.removed_hotspots), "removed_hotspots")])
    if c.pain_after != c.pain_before:
        part = w.t("verdict.pain", change=delta_text(w, c.pain_before, c.pain_after))
        if c.pain_after < c.pain_before and c.removed_pain:
            part += w.t("verdict.pain_removed", amount=w.num(c.removed_pain))
        parts.append(part)
    # pain that left with a removed touchpoint, persona or journey is not an improvement
    kept_pain = round(c.pain_after + c.removed_pain, 9)
    worse = any(n for n, _ in bad) or kept_pain > c.pain_before
    better = any(n for n, _ in good) or kept_pain < c.pain_before
    if not c.has_changes:
        return w.t("verdict.no_change")
    word = "mixed" if worse and better else "worse" if worse else "better" if better else "neutral"
    details = w.t("list_separator").join(parts) if parts else w.t("verdict.unchanged")
    line = w.t("verdict.line", word=w.t(f"verdict.{word}"), details=details)
    if report.failed:
        line += w.t("verdict.gate", gates=w.code(",".join(report.failed)))
    return line


def persona_name(w: Words, c: Comparison, persona: str) -> str:
    return w.text(c.persona_names.get(persona, persona))


def emotion_text(w: Words, c: Comparison, tp: TouchpointDiff) -> list[str]:
    out = []
    for e in tp.emotion:
        line = w.t("emotion_line", persona=persona_name(w, c, e.persona),
                   change=arrow(w, e.before, e.after))  # fmt: skip
        if e.delta is not None:
            line += " " + w.t("worse_mark" if e.delta < 0 else "better_mark")
        out.append(line)
    return out


def _problems(w: Words, codes: list[str]) -> str:
    known = {f"raci.problem.{code}" for code in codes} <= set(w.locale.strings)
    words = [
        w.literal(str(w.locale.strings[f"raci.problem.{code}"])) if known else w.text(code)
        for code in codes
    ]
    return w.t("list_separator").join(words)


def raci_text(w: Words, c: Comparison, tp: TouchpointDiff) -> list[str]:
    names = c.department_names
    out = [
        w.t("raci_line", department=w.text(names.get(r.field, r.field)),
            change=w.t("change", before=w.text(r.before or "–"), after=w.text(r.after or "–")))
        for r in tp.raci
    ]  # fmt: skip
    problems = tp.raci_problems
    if problems is not None and problems.after:
        key = "raci_new_problem" if tp.new_raci_violation else "raci_problem"
        out.append(w.t(key, problems=_problems(w, problems.after)))
    elif problems is not None and problems.before:
        out.append(w.t("raci_fixed", problems=_problems(w, problems.before)))
    return out


# fields whose values are words of the handbook, by the locale section that names them
VALUE_LABELS = {
    "status": "journey_status",
    "confidence": "confidence",
    "contact": "contact",
    "state": "state",
}


def field_value(w: Words, field: str, value: Any) -> str:
    """A field's value as the handbook shows it: `validated` → `Validado` in Spanish, none → `–`."""
    if value is None:
        return "–"
    key = f"{VALUE_LABELS.get(field)}.{value}"
    if field in VALUE_LABELS and key in w.locale.strings:
        return w.literal(str(w.locale.strings[key]))
    return w.text(value)


def field_name(w: Words, name: str) -> str:
    """A field's label in the handbook's language; its key, as code, if the locale lacks it."""
    key = f"diff.fields.{name}"
    return w.literal(str(w.locale.strings[key])) if key in w.locale.strings else w.code(name)


def change_text(w: Words, c: Comparison, tp: TouchpointDiff, journey: JourneyDiff) -> list[str]:
    """What happened to the touchpoint besides emotion, importance and RACI."""
    out = []
    if tp.status in ("added", "removed"):
        out.append(w.t(f"status.{tp.status}"))
    if tp.renamed_from:
        out.append(w.t("renamed", id=w.code(tp.renamed_from)))
    if tp.stage:
        before = w.text(tp.stage_before_name or tp.stage.before)
        out.append(w.t("moved", before=before, after=w.text(tp.stage_name or tp.stage.after)))
    if tp.position:
        out.append(w.t("reordered", before=w.num(tp.position.before),
                       after=w.num(tp.position.after)))  # fmt: skip
    for f in tp.fields:
        if f.field == "waivers":
            out.append(field_text(w, f))
        elif f.before is None or isinstance(f.before, list):
            out.append(w.t("field_changed", field=field_name(w, f.field)))
        else:
            change = w.t("change", before=field_value(w, f.field, f.before),
                         after=field_value(w, f.field, f.after))  # fmt: skip
            out.append(w.t("field_value", field=field_name(w, f.field), change=change))
    for idea in tp.ideas:
        before = _status(w, idea.before) if idea.before else w.t("idea_new")
        after = _status(w, idea.after) if idea.after else w.t("idea_removed")
        change = w.t("change", before=before, after=after)
        out.append(w.t("idea", idea=w.text(idea.field), change=change))
    for idea in tp.idea_scores:
        out.append(w.t("idea_score", idea=w.text(idea.field), change=score_text(w, idea)))
    for m in tp.metrics:
        out.append(w.t("metric", metric=w.text(m.field), change=metric_text(w, m)))
    for key, points in (("new_hotspot_for", journey.new_hotspots),
                        ("resolved_hotspot_for", journey.resolved_hotspots)):  # fmt: skip
        for p in points:
            if p.touchpoint == tp.id:
                out.append(w.t(key, persona=persona_name(w, c, p.persona)))
    for p in journey.removed_hotspots:
        if p.touchpoint == tp.id:
            key = "removed_with_touchpoint" if tp.status == "removed" else "removed_with_persona"
            out.append(w.t(key, persona=persona_name(w, c, p.persona)))
    return out


def _status(w: Words, status: Any) -> str:
    key = f"status.{status}"
    return w.literal(str(w.locale.strings[key])) if key in w.locale.strings else w.text(status)


def _ids(w: Words, items: list) -> str:
    return w.t("list_separator").join(w.code(x) for x in items)


def list_text(w: Words, before: list, after: list) -> str:
    """`added `maria`; removed `leo``, or `reordered `a`, `b` → `b`, `a``."""
    added = [x for x in after if x not in before]
    removed = [x for x in before if x not in after]
    parts = []
    if added:
        parts.append(w.t("list_added", items=_ids(w, added)))
    if removed:
        parts.append(w.t("list_removed", items=_ids(w, removed)))
    kept_b, kept_a = [x for x in before if x in after], [x for x in after if x in before]
    if kept_b != kept_a:
        parts.append(w.t("list_reordered", before=_ids(w, kept_b), after=_ids(w, kept_a)))
    return w.t("part_separator").join(parts)


def score_text(w: Words, idea: FieldChange) -> str:
    """`scored: impact 4, effort 2`, `re-scored: impact 3 → 4, effort 2` or `unscored`."""
    if idea.after is None:
        return w.t("score_unscored") if idea.before is not None else w.t("idea_removed")
    if idea.before is None:
        impact, effort = w.num(idea.after["impact"]), w.num(idea.after["effort"])
        return w.t("score_new", impact=impact, effort=effort)
    parts = []
    for key in ("impact", "effort"):
        old, new = idea.before[key], idea.after[key]
        value = w.t("change", before=w.num(old), after=w.num(new)) if old != new else w.num(new)
        parts.append(w.t("score_part", name=w.t(f"score_{key}"), value=value))
    return w.t("score_changed", parts=w.t("list_separator").join(parts))


def kpi_text(w: Words, before: list | None, after: list | None) -> str:
    """Journey KPIs by name: `NPS 12 → 15 (target 30)`; added and removed ones named."""
    old = {m["name"]: m for m in before or []}
    new = {m["name"]: m for m in after or []}
    parts = []
    for name in sorted(set(old) | set(new)):
        was, now = old.get(name), new.get(name)
        if was == now:
            continue
        if now is None:
            parts.append(w.t("kpi_removed", name=w.text(name)))
            continue
        value = w.written(now.get("value"))
        if now.get("target") is not None:
            value = w.t("metric_target", value=value, target=w.written(now.get("target")))
        before_value = w.written(was.get("value")) if was else w.t("idea_new")
        change = w.t("change", before=before_value, after=value)
        parts.append(w.t("kpi_change", name=w.text(name), change=change))
    return w.t("part_separator").join(parts)


def field_text(w: Words, f: FieldChange) -> str:
    """A journey field change for a list item: `Personas: added `maria``, `Owner: a → b`."""
    if f.field == "narrative":
        return w.t("narrative_changed")
    if f.field == "metrics":
        return w.t("journey_kpis", kpis=kpi_text(w, f.before, f.after))
    if f.field == "waivers":
        before, after = f.before or {}, f.after or {}
        parts = [list_text(w, sorted(before), sorted(after))]
        reasons = sorted(r for r in before.keys() & after.keys() if before[r] != after[r])
        if reasons:  # the same rules waived for another reason
            parts.append(w.t("list_edited", items=_ids(w, reasons)))
        return w.t("waived_rules", change=w.t("part_separator").join(p for p in parts if p))
    if isinstance(f.before, list) or isinstance(f.after, list):
        change = list_text(w, list(f.before or []), list(f.after or []))
    else:
        change = w.t("change", before=field_value(w, f.field, f.before),
                     after=field_value(w, f.field, f.after))  # fmt: skip
    return w.t("field_value", field=field_name(w, f.field), change=change)


def metric_text(w: Words, m: FieldChange) -> str:
    """A metric's value (and target) before → after, each as its author wrote it."""

    def one(v: Any) -> str:
        if v is None:
            return "–"
        if v.get("target") is None:
            return w.written(v.get("value"))
        return w.t("metric_target", value=w.written(v.get("value")), target=w.written(v["target"]))

    return w.t("change", before=one(m.before), after=one(m.after))


def point_text(w: Words, c: Comparison, p: PainPoint) -> str:
    line = w.t("point", title=w.text(p.title), persona=persona_name(w, c, p.persona),
               priority=w.num(p.pain_priority), emotion=w.num(p.emotion),
               importance=w.num(p.importance))  # fmt: skip
    return line + (w.t("point_gone") if p.gone else "")


def entity_lines(w: Words, c: Comparison) -> list[str]:
    """One line per kind with added, removed and renamed ids (kinds without change left out)."""
    lines = []
    for kind, changes in c.entities.items():
        parts = []
        if changes.added:
            parts.append(w.t("list_added", items=_ids(w, changes.added)))
        if changes.removed:
            parts.append(w.t("list_removed", items=_ids(w, changes.removed)))
        if changes.renamed:
            pairs = [w.t("change", before=w.code(a), after=w.code(b)) for a, b in changes.renamed]
            parts.append(w.t("list_renamed", items=w.t("list_separator").join(pairs)))
        if kind != "journeys" and changes.changed:
            edited = [
                w.t("edited_item", id=w.code(i), fields=w.t("list_separator").join(
                    field_name(w, f.field) for f in fs))
                for i, fs in sorted(changes.changed.items())
            ]  # fmt: skip
            parts.append(w.t("list_edited", items=w.t("list_separator").join(edited)))
        if parts:
            joined = w.t("part_separator").join(parts)
            lines.append(w.t("kind_line", kind=w.t(f"kinds.{kind}"), changes=joined))
    return lines
