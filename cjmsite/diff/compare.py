"""Compare two resolved handbooks: what changed for the customer, not which lines changed.

Entities are matched by id; a removed and an added entity of one kind whose files have
identical bytes are a rename. Touchpoints are keyed `journey/touchpoint` and follow a
renamed journey. Derived values (pain points, hotspots, RACI rules) come from each
side's own `Insights`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from cjmsite.analysis import Insights, check_raci
from cjmsite.analysis_rules import violations
from cjmsite.diff.changes import (
    Comparison,
    EmotionChange,
    EntityChanges,
    FieldChange,
    JourneyDiff,
    PainPoint,
    TouchpointDiff,
)
from cjmsite.diff.layout import arcs, reorders
from cjmsite.diff.snapshot import Snapshot
from cjmsite.model import Journey, Touchpoint

Renames = Mapping[str, Mapping[str, str]]  # entity class name -> base id -> head id


def plain(value: Any, renames: Renames | None = None) -> Any:
    """A model value as comparable plain data: entities become ids (base ids through
    `renames`, so a renamed persona, department or channel compares equal), tuples lists."""
    if hasattr(value, "id") and dataclasses.is_dataclass(value):
        moved = (renames or {}).get(type(value).__name__, {})
        return moved.get(value.id, value.id)
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name), renames) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [plain(v, renames) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v, renames) for k, v in sorted(value.items())}
    return value


SKIPPED = {"id", "source", "journey", "counterpart", "stages", "body_html"}


def field_changes(
    before: Any, after: Any, names: tuple[str, ...] | None = None, renames: Renames | None = None
) -> list[FieldChange]:
    """Changed dataclass fields (narratives only as changed, without their text)."""
    found = []
    for f in dataclasses.fields(before):
        if names is not None and f.name not in names:
            continue
        if f.name == "body_html":
            if before.body_html != after.body_html:
                found.append(FieldChange("narrative", None, None))
            continue
        if f.name in SKIPPED:
            continue
        old, new = plain(getattr(before, f.name), renames), plain(getattr(after, f.name))
        if old != new:
            found.append(FieldChange(f.name, old, new))
    return found


def renames(
    removed: list[str],
    added: list[str],
    before: dict[str, bytes | None],
    after: dict[str, bytes | None],
) -> dict[str, str]:
    """Removed id -> added id where both files hold the same bytes."""
    pool: dict[bytes, list[str]] = {}
    for new in sorted(added):
        if after.get(new) is not None:
            pool.setdefault(after[new], []).append(new)
    found = {}
    for old in sorted(removed):
        content = before.get(old)
        if content is not None and pool.get(content):
            found[old] = pool[content].pop(0)
    return found


def _match(
    base: Mapping[str, Any], head: Mapping[str, Any], base_files: dict, head_files: dict, path_of
) -> tuple[EntityChanges, dict[str, str]]:
    """Added/removed/renamed ids of one kind and the base id -> head id map of matches."""
    removed = [k for k in base if k not in head]
    added = [k for k in head if k not in base]
    moved = renames(
        removed, added,
        {k: base_files.get(path_of(base[k])) for k in removed},
        {k: head_files.get(path_of(head[k])) for k in added},
    )  # fmt: skip
    changes = EntityChanges(
        added=sorted(k for k in added if k not in moved.values()),
        removed=sorted(k for k in removed if k not in moved),
        renamed=sorted(moved.items()),
    )
    mapping = {k: k for k in base if k in head} | moved
    return changes, mapping


def _letters(tp: Touchpoint | None, moved: Mapping[str, str] | None = None) -> dict[str, str]:
    """Department id (base ids through `moved`) -> RACI letters."""
    if tp is None:
        return {}
    moved = moved or {}
    return {moved.get(o.department.id, o.department.id): "".join(o.letters) for o in tp.owners}


def _stage_name(tp: Touchpoint, stage_id: str | None = None) -> str:
    stage_id = tp.stage_id if stage_id is None else stage_id
    stages = tp.journey.stages if tp.journey is not None else ()
    return next((s.name for s in stages if s.id == stage_id), stage_id)


def _touchpoint_diff(
    journey_id: str,
    key: str | None,
    old: Touchpoint | None,
    new: Touchpoint | None,
    renames: Renames | None = None,
) -> TouchpointDiff:
    """Every customer-facing difference of one touchpoint (either side may be missing);
    base persona and department ids go through `renames` first."""
    renames = renames or {}
    tp = new or old
    status = "added" if old is None else "removed" if new is None else "changed"
    diff = TouchpointDiff(journey_id, tp.id, tp.title, status, tp.stage_id, _stage_name(tp))
    if old is not None and new is not None and key != f"{journey_id}/{tp.id}":
        diff.renamed_from = key
    if old is not None and new is not None:
        if old.stage_id != new.stage_id:
            diff.stage = FieldChange("stage", old.stage_id, new.stage_id)
            diff.stage_before_name = _stage_name(old)
        if old.importance != new.importance:
            diff.importance = FieldChange("importance", old.importance, new.importance)
        names = ("title", "channel", "contact", "backstage", "pains", "gains", "storyboard",
                 "evidence", "confidence", "waivers", "body_html")  # fmt: skip
        diff.fields = field_changes(old, new, names, renames)
    else:
        diff.importance = FieldChange("importance", old and old.importance, new and new.importance)
    personas = renames.get("Persona", {})
    before = {personas.get(p, p): v for p, v in (old.emotion if old else {}).items()}
    after = dict(new.emotion) if new else {}
    diff.emotion = [
        EmotionChange(p, before.get(p), after.get(p))
        for p in sorted(set(before) | set(after))
        if before.get(p) != after.get(p)
    ]
    lb, la = _letters(old, renames.get("Department")), _letters(new)
    diff.raci = [
        FieldChange(d, lb.get(d), la.get(d))
        for d in sorted(set(lb) | set(la))
        if lb.get(d) != la.get(d)
    ]
    pb = list(check_raci(old).problems) if old else None
    pa = list(check_raci(new).problems) if new else None
    if pb != pa and (pb or pa):
        diff.raci_problems = FieldChange("raci", pb, pa)
    ib = {i.title: i.status for i in (old.ideas if old else ())}
    ia = {i.title: i.status for i in (new.ideas if new else ())}
    diff.ideas = [
        FieldChange(t, ib.get(t), ia.get(t))
        for t in sorted(set(ib) | set(ia))
        if ib.get(t) != ia.get(t)
    ]
    diff.idea_scores = _idea_scores(old, new)
    mb = {m.name: plain(m) for m in (old.metrics if old else ())}
    ma = {m.name: plain(m) for m in (new.metrics if new else ())}
    for name in sorted(set(mb) | set(ma)):
        b, a = mb.get(name), ma.get(name)
        if b != a:
            diff.metrics.append(
                FieldChange(
                    name,
                    b and {k: b[k] for k in ("value", "target")},
                    a and {k: a[k] for k in ("value", "target")},
                )
            )
    return diff


def _idea_scores(old: Touchpoint | None, new: Touchpoint | None) -> list[FieldChange]:
    """Ideas scored, re-scored or unscored: title -> {impact, effort} before and after."""

    def scores(tp: Touchpoint | None) -> dict[str, dict | None]:
        return {
            i.title: {"impact": i.impact, "effort": i.effort} if i.scored else None
            for i in (tp.ideas if tp else ())
        }

    before, after = scores(old), scores(new)
    return [
        FieldChange(t, before.get(t), after.get(t))
        for t in sorted(set(before) | set(after))
        if before.get(t) != after.get(t)
    ]


def _journey_metrics(old: Journey, new: Journey) -> list[FieldChange]:
    """Journey KPIs added, removed or changed, by name."""
    keys = ("value", "target", "as_of")
    before = {m.name: {k: getattr(m, k) for k in keys} for m in old.metrics}
    after = {m.name: {k: getattr(m, k) for k in keys} for m in new.metrics}
    return [
        FieldChange(n, before.get(n), after.get(n))
        for n in sorted(set(before) | set(after))
        if before.get(n) != after.get(n)
    ]


def _is_empty(tp: TouchpointDiff) -> bool:
    return tp.status == "changed" and not (
        tp.renamed_from or tp.stage or tp.position or tp.importance or tp.emotion or tp.raci
        or tp.raci_problems or tp.ideas or tp.idea_scores or tp.metrics or tp.fields
    )  # fmt: skip


def _pain_points(insights: Insights, journey: Journey) -> dict[tuple[str, str], PainPoint]:
    found = {}
    for score in insights.pain_points_of(journey):
        tp = score.touchpoint
        found[(tp.id, score.persona.id)] = PainPoint(
            journey.id, tp.id, tp.title, score.persona.id, score.pain_priority,
            score.importance, score.emotion, score.is_hotspot,
        )  # fmt: skip
    return found


def compare(base: Snapshot, head: Snapshot) -> Comparison:
    """Compare two loaded snapshots (both must be `ok`)."""
    bs, hs, bi, hi = base.site, head.site, base.insights, head.insights
    assert bs is not None and hs is not None and bi is not None and hi is not None
    entities: dict[str, EntityChanges] = {}
    maps: dict[str, dict[str, str]] = {}
    path = lambda e: e.source.path  # noqa: E731
    kinds = ("journeys", "personas", "departments", "channels")
    for kind in kinds:
        entities[kind], maps[kind] = _match(
            getattr(bs, kind), getattr(hs, kind), base.files, head.files, path
        )
    renames: Renames = {
        "Journey": maps["journeys"], "Persona": maps["personas"],
        "Department": maps["departments"], "Channel": maps["channels"],
    }  # fmt: skip
    for kind in kinds:
        for old_id, new_id in sorted(maps[kind].items()):
            fields = field_changes(
                getattr(bs, kind)[old_id], getattr(hs, kind)[new_id], renames=renames
            )
            if fields:
                entities[kind].changed[new_id] = fields
    pmap = maps["personas"]
    jmap = maps["journeys"]
    btp = {
        f"{jmap.get(j.id, j.id)}/{tp.id}": (j.id, tp)
        for j in bs.journeys.values()
        for tp in j.touchpoints
    }
    htp = {f"{j.id}/{tp.id}": tp for j in hs.journeys.values() for tp in j.touchpoints}
    tp_changes, tp_map = _match(
        {k: v[1] for k, v in btp.items()}, htp, base.files, head.files, path
    )
    tp_changes.renamed = [(f"{btp[a][0]}/{a.split('/', 1)[1]}", b) for a, b in tp_changes.renamed]
    tp_changes.removed = sorted(f"{btp[a][0]}/{a.split('/', 1)[1]}" for a in tp_changes.removed)
    entities["touchpoints"] = tp_changes
    back_j = {v: k for k, v in jmap.items()}

    journeys: list[JourneyDiff] = []
    sides = [(hs.journeys[j], bs.journeys.get(back_j.get(j, ""))) for j in hs.journeys]
    sides += [(None, bs.journeys[j]) for j in bs.journeys if j not in jmap]
    for new, old in sides:
        journey = new or old
        status = "added" if old is None else "removed" if new is None else "changed"
        diff = JourneyDiff(journey.id, journey.title, status)
        if old is not None and new is not None:
            diff.renamed_from = old.id if old.id != new.id else None
            diff.fields = field_changes(old, new, renames=renames)
            diff.metrics = _journey_metrics(old, new)
            stages_b, stages_a = [s.id for s in old.stages], [s.id for s in new.stages]
            if stages_b != stages_a:
                diff.fields.append(FieldChange("stages", stages_b, stages_a))
        pairs = {}  # base tp id -> head tp id within this journey
        for old_key, new_key in tp_map.items():
            oj, ot = btp[old_key][0], old_key.split("/", 1)[1]
            nj, nt = new_key.split("/", 1)
            if old is not None and new is not None and oj == old.id and nj == new.id:
                pairs[ot] = nt
        reordered = reorders(old, new, pairs) if old and new else {}
        if new is not None:
            for tp in new.touchpoints:
                key = f"{new.id}/{tp.id}"
                old_key = next((a for a, b in tp_map.items() if b == key), None)
                old_tp = btp[old_key][1] if old_key else None
                shown = f"{btp[old_key][0]}/{old_tp.id}" if old_tp is not None else None
                tdiff = _touchpoint_diff(new.id, shown, old_tp, tp, renames)
                if tp.id in reordered:
                    tdiff.position = FieldChange("position", *reordered[tp.id])
                if not _is_empty(tdiff):
                    diff.touchpoints.append(tdiff)
        if old is not None:
            for tp in old.touchpoints:
                key = f"{jmap.get(old.id, old.id)}/{tp.id}"
                if key not in tp_map:
                    diff.touchpoints.append(_touchpoint_diff(old.id, None, tp, None))
        pb = _pain_points(bi, old) if old else {}
        pa = _pain_points(hi, new) if new else {}
        pb = {(pairs.get(t, f"\0{t}"), pmap.get(p, p)): v for (t, p), v in pb.items()}
        head_ids = {tp.id for tp in new.touchpoints} if new else set()
        head_personas = {p.id for p in new.personas} if new else set()
        for key in sorted(set(pa) - set(pb)):
            diff.new_pain_points.append(pa[key])
        for key in sorted(set(pb) - set(pa)):
            point = pb[key]
            point.gone = key[0] not in head_ids or key[1] not in head_personas
            (diff.removed_pain_points if point.gone else diff.resolved_pain_points).append(point)
        for key in sorted(set(pa) & set(pb)):
            if pa[key].hotspot and not pb[key].hotspot:
                diff.new_hotspots.append(pa[key])
            if pb[key].hotspot and not pa[key].hotspot:
                diff.resolved_hotspots.append(pb[key])
        diff.new_hotspots += [p for p in diff.new_pain_points if p.hotspot]
        diff.resolved_hotspots += [p for p in diff.resolved_pain_points if p.hotspot]
        diff.removed_hotspots = [p for p in diff.removed_pain_points if p.hotspot]
        diff.pain_before = bi.journey_pain.get(old.id, 0.0) if old else 0.0
        diff.pain_after = hi.journey_pain.get(new.id, 0.0) if new else 0.0
        if status == "changed" and not (
            diff.renamed_from
            or diff.fields
            or diff.touchpoints
            or diff.new_pain_points
            or diff.resolved_pain_points
            or diff.new_hotspots
            or diff.resolved_hotspots
            or diff.removed_pain_points
        ):
            diff.status = "unchanged"
        arcs(diff, old, new, pairs, bi, hi)
        journeys.append(diff)
    names = {p.id: p.name for p in bs.personas.values()} | {
        p.id: p.name for p in hs.personas.values()
    }
    departments = {d.id: d.name for d in bs.departments.values()} | {
        d.id: d.name for d in hs.departments.values()
    }
    was = {(r, jmap.get(j, j), t, d) for r, j, t, d in violations(bs, bi)}
    return Comparison(
        entities, journeys, names,
        round(sum(bi.journey_pain.values()), 9), round(sum(hi.journey_pain.values()), 9),
        departments, sorted(violations(hs, hi) - was),
    )  # fmt: skip
