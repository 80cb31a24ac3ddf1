"""The diff report as JSON, in the layout documented by docs/diff.schema.json."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from cjmsite.diff.changes import EntityChanges, FieldChange, JourneyDiff, PainPoint, TouchpointDiff
from cjmsite.diff.snapshot import Snapshot
from cjmsite.render.site_json import _num

if TYPE_CHECKING:
    from cjmsite.diff import DiffReport

SCHEMA_ID = "urn:cjmsite:diff:1"
Json = dict[str, Any]


def _value(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(v) for v in value]
    return _num(value) if isinstance(value, int | float) else value


def _change(change: FieldChange | None) -> Json | None:
    if change is None:
        return None
    return {"field": change.field, "before": _value(change.before), "after": _value(change.after)}


def _side(side: Snapshot) -> Json:
    return {
        "label": side.label,
        "rev": side.rev,
        "commit": side.commit,
        "ok": side.ok,
        "errors": side.errors,
    }


def _entities(changes: EntityChanges) -> Json:
    return {
        "added": changes.added,
        "removed": changes.removed,
        "renamed": [{"before": a, "after": b} for a, b in changes.renamed],
        "changed": [
            {"id": k, "fields": [_change(f) for f in v]} for k, v in sorted(changes.changed.items())
        ],
    }


def _point(p: PainPoint) -> Json:
    return {
        "journey": p.journey, "touchpoint": p.touchpoint, "title": p.title, "persona": p.persona,
        "pain_priority": _num(p.pain_priority), "importance": _num(p.importance),
        "emotion": _num(p.emotion), "hotspot": p.hotspot, "gone": p.gone,
    }  # fmt: skip


def _touchpoint(tp: TouchpointDiff) -> Json:
    return {
        "journey": tp.journey,
        "id": tp.id,
        "title": tp.title,
        "status": tp.status,
        "stage_id": tp.stage_id,
        "renamed_from": tp.renamed_from,
        "stage": _change(tp.stage),
        "position": _change(tp.position),
        "importance": _change(tp.importance),
        "emotion": [
            {
                "persona": e.persona,
                "before": _num(e.before),
                "after": _num(e.after),
                "delta": _num(e.delta),
            }
            for e in tp.emotion
        ],
        "raci": [{"department": r.field, "before": r.before, "after": r.after} for r in tp.raci],
        "raci_problems": None
        if tp.raci_problems is None
        else {
            "before": tp.raci_problems.before,
            "after": tp.raci_problems.after,
            "new_violation": tp.new_raci_violation,
        },
        "ideas": [{"title": i.field, "before": i.before, "after": i.after} for i in tp.ideas],
        "idea_scores": [
            {"title": i.field, "before": i.before, "after": i.after} for i in tp.idea_scores
        ],
        # metric values as written: texts stay texts, 4.0 stays 4.0
        "metrics": [{"name": m.field, "before": m.before, "after": m.after} for m in tp.metrics],
        "fields": [_change(f) for f in tp.fields],
    }


def _journey(j: JourneyDiff) -> Json:
    return {
        "id": j.id,
        "title": j.title,
        "status": j.status,
        "renamed_from": j.renamed_from,
        "fields": [_change(f) for f in j.fields],
        "metrics": [{"name": m.field, "before": m.before, "after": m.after} for m in j.metrics],
        "pain_priority": {
            "before": _num(j.pain_before),
            "after": _num(j.pain_after),
            "delta": _num(j.pain_after - j.pain_before),
        },
        "touchpoints": [_touchpoint(tp) for tp in j.touchpoints],
        "hotspots": {
            "new": [_point(p) for p in j.new_hotspots],
            "resolved": [_point(p) for p in j.resolved_hotspots],
            "removed": [_point(p) for p in j.removed_hotspots],
        },
        "pain_points": {
            "new": [_point(p) for p in j.new_pain_points],
            "resolved": [_point(p) for p in j.resolved_pain_points],
            "removed": [_point(p) for p in j.removed_pain_points],
        },
        "emotion_arcs": {
            "labels": j.chart_labels,
            "before": {k: [_num(v) for v in vs] for k, vs in j.chart_before.items()},
            "after": {k: [_num(v) for v in vs] for k, vs in j.chart_after.items()},
        },
    }


def report_data(report: DiffReport) -> Json:
    """The plain-data form of the report."""
    c = report.comparison
    data: Json = {
        "schema": SCHEMA_ID,
        "version": 1,
        "base": _side(report.base),
        "head": _side(report.head),
        "status": "errors" if c is None else ("changed" if c.has_changes else "unchanged"),
        "verdict": report.verdict,
        "gates": {"requested": report.gates, "failed": report.failed},
        "new_violations": []
        if c is None
        else [
            {"rule": r, "journey": j, "touchpoint": t, "detail": d}
            for r, j, t, d in c.new_violations
        ],
        "exit_code": report.exit_code,
    }
    if c is None:
        return data
    data["summary"] = {
        "pain_priority": {
            "before": _num(c.pain_before),
            "after": _num(c.pain_after),
            "delta": _num(c.pain_after - c.pain_before),
        },
        "new_hotspots": len(c.new_hotspots),
        "resolved_hotspots": len(c.resolved_hotspots),
        "new_pain_points": len(c.new_pain_points),
        "resolved_pain_points": len(c.resolved_pain_points),
        "removed_hotspots": len(c.removed_hotspots),
        "removed_pain_points": len(c.removed_pain_points),
        "removed_pain_priority": _num(c.removed_pain),
        "worse_emotions": len(c.worse),
        "better_emotions": len(c.better),
        "new_raci_violations": len(c.raci_violations),
    }
    data["entities"] = {kind: _entities(changes) for kind, changes in c.entities.items()}
    data["personas"] = dict(sorted(c.persona_names.items()))
    data["journeys"] = [_journey(j) for j in c.journeys if j.changed]
    return data


def render_json(report: DiffReport) -> str:
    return json.dumps(report_data(report), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
