"""Compare two resolved handbooks: what changed for the customer, not which lines changed.

Entities are matched by id; a removed and an added entity of one kind whose files have
identical bytes are a rename. Touchpoints are keyed `journey/touchpoint` and follow a
renamed journey. Derived values (pain points, hotspots, RACI rules) come from each
side's own `Insights`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cjmsite.analysis import Insights, check_raci
from cjmsite.analysis.rules import violations
from cjmsite.diff.changes import (
    Comparison,
    EmotionChange,
    EntityChanges,
    FieldChange,
    JourneyDiff,
    PainPoint,
    TouchpointDiff,
)
from cjmsite.diff.fields import Renames, field_changes, plain
from cjmsite.diff.layout import arcs, reorders
from cjmsite.diff.snapshot import Snapshot
from cjmsite.model import Journey, Touchpoint


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
    if old is not None and new is not None:
        if key != f"{journey_id}/{tp.id}":
            diff.renamed_from = key
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
    diff.raci = _changed(_letters(old, renames.get("Department")), _letters(new))
    problems_before = list(check_raci(old).problems) if old else None
    problems_after = list(check_raci(new).problems) if new else None
    if problems_before != problems_after and (problems_before or problems_after):
        diff.raci_problems = FieldChange("raci", problems_before, problems_after)
    diff.ideas = _changed(
        *({i.title: i.status for i in (t.ideas if t else ())} for t in (old, new))
    )
    diff.idea_scores = _idea_scores(old, new)
    diff.metrics = _changed(*(_metric_values(t) for t in (old, new)))
    return diff


def _changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[FieldChange]:
    """A FieldChange for each name whose value differs between the two sides, by name."""
    return [
        FieldChange(name, before.get(name), after.get(name))
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    ]


def _metric_values(tp: Touchpoint | None) -> dict[str, dict[str, Any]]:
    """Metric name -> its value and target, as plain data."""
    metrics = {m.name: plain(m) for m in (tp.metrics if tp else ())}
    return {name: {k: value[k] for k in ("value", "target")} for name, value in metrics.items()}


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


@dataclass(frozen=True)
class TouchpointMatch:
    """Which base touchpoint became which head one, across renamed journeys.

    Keys are `journey/touchpoint` with the journey's head id, so a touchpoint of a
    renamed journey keeps its key."""

    base: Mapping[str, tuple[str, Touchpoint]]  # key -> (base journey id, base touchpoint)
    head_key: Mapping[str, str]  # base key -> head key, for the touchpoints on both sides
    changes: EntityChanges

    def base_key(self, head_key: str) -> str | None:
        return next((old for old, new in self.head_key.items() if new == head_key), None)

    def shown(self, key: str) -> str:
        """A base key as the user knows it: with the journey's base id."""
        return f"{self.base[key][0]}/{key.split('/', 1)[1]}"


def compare(base: Snapshot, head: Snapshot) -> Comparison:
    """Compare two loaded snapshots (both must be `ok`)."""
    base_site, head_site = base.site, head.site
    base_insights, head_insights = base.insights, head.insights
    assert base_site is not None and head_site is not None
    assert base_insights is not None and head_insights is not None
    entities, renames = _entity_changes(base, head)
    touchpoints = _match_touchpoints(base, head, renames["Journey"])
    entities["touchpoints"] = touchpoints.changes
    journeys = [
        _journey_diff(old, new, touchpoints, renames, (base_insights, head_insights))
        for new, old in _journey_sides(base_site.journeys, head_site.journeys, renames["Journey"])
    ]
    sides = (base_site, head_site)
    journey_ids = renames["Journey"]
    was = {(r, journey_ids.get(j, j), t, d) for r, j, t, d in violations(base_site, base_insights)}
    return Comparison(
        entities, journeys,
        {p.id: p.name for site in sides for p in site.personas.values()},
        round(sum(base_insights.journey_pain.values()), 9),
        round(sum(head_insights.journey_pain.values()), 9),
        {d.id: d.name for site in sides for d in site.departments.values()},
        sorted(violations(head_site, head_insights) - was),
    )  # fmt: skip


def _source_path(entity: Any) -> str:
    return entity.source.path


ENTITY_KINDS = {"journeys": "Journey", "personas": "Persona", "departments": "Department",
                "channels": "Channel"}  # fmt: skip


def _entity_changes(base: Snapshot, head: Snapshot) -> tuple[dict[str, EntityChanges], Renames]:
    """Added, removed, renamed and changed ids of each kind, and the base -> head id maps."""
    entities: dict[str, EntityChanges] = {}
    maps: dict[str, dict[str, str]] = {}
    for kind in ENTITY_KINDS:
        entities[kind], maps[kind] = _match(
            getattr(base.site, kind), getattr(head.site, kind), base.files, head.files,
            _source_path,
        )  # fmt: skip
    renames: Renames = {ENTITY_KINDS[kind]: maps[kind] for kind in ENTITY_KINDS}
    for kind in ENTITY_KINDS:
        for old_id, new_id in sorted(maps[kind].items()):
            before, after = getattr(base.site, kind)[old_id], getattr(head.site, kind)[new_id]
            fields = field_changes(before, after, renames=renames)
            if fields:
                entities[kind].changed[new_id] = fields
    return entities, renames


def _match_touchpoints(
    base: Snapshot, head: Snapshot, journey_ids: Mapping[str, str]
) -> TouchpointMatch:
    base_touchpoints = {
        f"{journey_ids.get(j.id, j.id)}/{tp.id}": (j.id, tp)
        for j in base.site.journeys.values()
        for tp in j.touchpoints
    }
    head_touchpoints = {
        f"{j.id}/{tp.id}": tp for j in head.site.journeys.values() for tp in j.touchpoints
    }
    changes, head_key = _match(
        {key: pair[1] for key, pair in base_touchpoints.items()}, head_touchpoints,
        base.files, head.files, _source_path,
    )  # fmt: skip
    match = TouchpointMatch(base_touchpoints, head_key, changes)
    changes.renamed = [(match.shown(old), new) for old, new in changes.renamed]
    changes.removed = sorted(match.shown(old) for old in changes.removed)
    return match


def _journey_sides(
    base: Mapping[str, Journey], head: Mapping[str, Journey], journey_ids: Mapping[str, str]
) -> list[tuple[Journey | None, Journey | None]]:
    """(head journey, base journey) pairs: each head journey, then the removed ones."""
    base_id = {new: old for old, new in journey_ids.items()}
    sides = [(head[j], base.get(base_id.get(j, ""))) for j in head]
    return sides + [(None, base[j]) for j in base if j not in journey_ids]


def _journey_diff(
    old: Journey | None,
    new: Journey | None,
    touchpoints: TouchpointMatch,
    renames: Renames,
    insights: tuple[Insights, Insights],
) -> JourneyDiff:
    journey = new or old
    status = "added" if old is None else "removed" if new is None else "changed"
    diff = JourneyDiff(journey.id, journey.title, status)
    pairs: dict[str, str] = {}  # base touchpoint id -> head touchpoint id within this journey
    if old is not None and new is not None:
        diff.renamed_from = old.id if old.id != new.id else None
        diff.fields = field_changes(old, new, renames=renames)
        diff.metrics = _journey_metrics(old, new)
        stages_before, stages_after = [s.id for s in old.stages], [s.id for s in new.stages]
        if stages_before != stages_after:
            diff.fields.append(FieldChange("stages", stages_before, stages_after))
        pairs = _touchpoint_pairs(old, new, touchpoints)
    diff.touchpoints = _touchpoint_diffs(old, new, touchpoints, pairs, renames)
    _pain_changes(diff, old, new, pairs, renames["Persona"], insights)
    if status == "changed" and _journey_unchanged(diff):
        diff.status = "unchanged"
    arcs(diff, old, new, pairs, *insights)
    return diff


def _touchpoint_pairs(old: Journey, new: Journey, touchpoints: TouchpointMatch) -> dict[str, str]:
    pairs = {}
    for old_key, new_key in touchpoints.head_key.items():
        old_journey, old_id = touchpoints.base[old_key][0], old_key.split("/", 1)[1]
        new_journey, new_id = new_key.split("/", 1)
        if old_journey == old.id and new_journey == new.id:
            pairs[old_id] = new_id
    return pairs


def _touchpoint_diffs(
    old: Journey | None,
    new: Journey | None,
    touchpoints: TouchpointMatch,
    pairs: dict[str, str],
    renames: Renames,
) -> list[TouchpointDiff]:
    """The changed head touchpoints in their order, then the removed base ones."""
    found = []
    reordered = reorders(old, new, pairs) if old and new else {}
    for tp in new.touchpoints if new else ():
        old_key = touchpoints.base_key(f"{new.id}/{tp.id}")
        old_tp = touchpoints.base[old_key][1] if old_key else None
        shown = touchpoints.shown(old_key) if old_key else None
        tdiff = _touchpoint_diff(new.id, shown, old_tp, tp, renames)
        if tp.id in reordered:
            tdiff.position = FieldChange("position", *reordered[tp.id])
        if not _is_empty(tdiff):
            found.append(tdiff)
    head_id = renames["Journey"].get(old.id, old.id) if old else ""
    for tp in old.touchpoints if old else ():
        if f"{head_id}/{tp.id}" not in touchpoints.head_key:
            found.append(_touchpoint_diff(old.id, None, tp, None))
    return found


def _pain_changes(
    diff: JourneyDiff,
    old: Journey | None,
    new: Journey | None,
    pairs: dict[str, str],
    persona_ids: Mapping[str, str],
    insights: tuple[Insights, Insights],
) -> None:
    """New, resolved and removed pain points and hotspots, and the journey's pain sums."""
    before = _pain_points(insights[0], old) if old else {}
    after = _pain_points(insights[1], new) if new else {}
    # keyed by head ids; a base touchpoint with no head match gets a key no head one has
    before = {(pairs.get(t, f"\0{t}"), persona_ids.get(p, p)): v for (t, p), v in before.items()}
    head_touchpoints = {tp.id for tp in new.touchpoints} if new else set()
    head_personas = {p.id for p in new.personas} if new else set()
    diff.new_pain_points += [after[key] for key in sorted(set(after) - set(before))]
    for key in sorted(set(before) - set(after)):
        point = before[key]
        point.gone = key[0] not in head_touchpoints or key[1] not in head_personas
        (diff.removed_pain_points if point.gone else diff.resolved_pain_points).append(point)
    for key in sorted(set(after) & set(before)):
        if after[key].hotspot and not before[key].hotspot:
            diff.new_hotspots.append(after[key])
        if before[key].hotspot and not after[key].hotspot:
            diff.resolved_hotspots.append(before[key])
    diff.new_hotspots += [p for p in diff.new_pain_points if p.hotspot]
    diff.resolved_hotspots += [p for p in diff.resolved_pain_points if p.hotspot]
    diff.removed_hotspots = [p for p in diff.removed_pain_points if p.hotspot]
    diff.pain_before = insights[0].journey_pain.get(old.id, 0.0) if old else 0.0
    diff.pain_after = insights[1].journey_pain.get(new.id, 0.0) if new else 0.0


def _journey_unchanged(diff: JourneyDiff) -> bool:
    return not (
        diff.renamed_from or diff.fields or diff.touchpoints or diff.new_pain_points
        or diff.resolved_pain_points or diff.new_hotspots or diff.resolved_hotspots
        or diff.removed_pain_points
    )  # fmt: skip
