"""The result types of a handbook comparison: what changed, per entity and journey."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("journeys", "touchpoints", "personas", "departments", "channels")


@dataclass
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass
class EntityChanges:
    """One kind's added, removed, renamed and changed ids."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (before, after)
    changed: dict[str, list[FieldChange]] = field(default_factory=dict)


@dataclass
class EmotionChange:
    persona: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 9)


@dataclass
class TouchpointDiff:
    journey: str  # the head's journey id (the base's for a removed touchpoint)
    id: str
    title: str
    status: str  # added | removed | changed
    stage_id: str = ""  # where it is now (before, for a removed touchpoint)
    stage_name: str = ""  # that stage's display name
    renamed_from: str | None = None  # "journey/touchpoint" in the base
    stage: FieldChange | None = None  # stage ids, when moved between stages
    stage_before_name: str = ""  # the base stage's display name, when moved
    position: FieldChange | None = None  # 1-based place in the journey, when reordered
    importance: FieldChange | None = None
    emotion: list[EmotionChange] = field(default_factory=list)
    raci: list[FieldChange] = field(default_factory=list)  # field = department id; letters
    raci_problems: FieldChange | None = None  # lists of rule problems, when they changed
    ideas: list[FieldChange] = field(default_factory=list)  # field = idea title; status
    # field = idea title; {impact, effort} or None: scored, re-scored or unscored
    idea_scores: list[FieldChange] = field(default_factory=list)
    metrics: list[FieldChange] = field(default_factory=list)  # field = name; {value, target}
    fields: list[FieldChange] = field(default_factory=list)  # title, channel, contact, …

    @property
    def key(self) -> str:
        return f"{self.journey}/{self.id}"

    @property
    def new_raci_violation(self) -> bool:
        if self.status == "removed" or self.raci_problems is None:
            return False
        return bool(set(self.raci_problems.after) - set(self.raci_problems.before or ()))


@dataclass
class PainPoint:
    journey: str
    touchpoint: str
    title: str
    persona: str
    pain_priority: float
    importance: float
    emotion: float | None
    hotspot: bool
    gone: bool = False  # removed: the touchpoint or persona left the journey (not resolved)


@dataclass
class JourneyDiff:
    id: str
    title: str
    status: str  # added | removed | changed | unchanged
    renamed_from: str | None = None
    fields: list[FieldChange] = field(default_factory=list)
    touchpoints: list[TouchpointDiff] = field(default_factory=list)
    # journey KPIs: field = metric name; {value, target, as_of} or None
    metrics: list[FieldChange] = field(default_factory=list)
    pain_before: float = 0.0
    pain_after: float = 0.0
    new_hotspots: list[PainPoint] = field(default_factory=list)
    resolved_hotspots: list[PainPoint] = field(default_factory=list)
    new_pain_points: list[PainPoint] = field(default_factory=list)
    resolved_pain_points: list[PainPoint] = field(default_factory=list)
    # gone with a touchpoint or persona that left the journey: neither resolved nor new
    removed_hotspots: list[PainPoint] = field(default_factory=list)
    removed_pain_points: list[PainPoint] = field(default_factory=list)
    chart_labels: list[str] = field(default_factory=list)  # touchpoint titles, union order
    chart_stages: list[tuple[str, str]] = field(default_factory=list)  # (stage id, name)
    chart_before: dict[str, list[float | None]] = field(default_factory=dict)  # persona -> arc
    chart_after: dict[str, list[float | None]] = field(default_factory=dict)
    hot_before: dict[str, set[int]] = field(default_factory=dict)  # persona -> hotspot indexes
    hot_after: dict[str, set[int]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"


@dataclass
class Comparison:
    """Everything that changed between two resolved handbooks."""

    entities: dict[str, EntityChanges]
    journeys: list[JourneyDiff]  # every journey of either side, head order then removed
    persona_names: dict[str, str]
    pain_before: float
    pain_after: float
    department_names: dict[str, str] = field(default_factory=dict)
    # rule violations in the head but not in the base: (rule, journey, touchpoint, detail)
    new_violations: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def touchpoints(self) -> list[TouchpointDiff]:
        return [tp for j in self.journeys for tp in j.touchpoints]

    def _all(self, name: str) -> list[PainPoint]:
        return [p for j in self.journeys for p in getattr(j, name)]

    @property
    def new_hotspots(self) -> list[PainPoint]:
        return self._all("new_hotspots")

    @property
    def resolved_hotspots(self) -> list[PainPoint]:
        return self._all("resolved_hotspots")

    @property
    def new_pain_points(self) -> list[PainPoint]:
        return self._all("new_pain_points")

    @property
    def resolved_pain_points(self) -> list[PainPoint]:
        return self._all("resolved_pain_points")

    @property
    def removed_hotspots(self) -> list[PainPoint]:
        return self._all("removed_hotspots")

    @property
    def removed_pain_points(self) -> list[PainPoint]:
        return self._all("removed_pain_points")

    @property
    def removed_pain(self) -> float:
        """The pain priority that left with removed touchpoints, personas or journeys."""
        return round(sum(p.pain_priority for p in self.removed_pain_points), 9)

    @property
    def emotion_changes(self) -> list[tuple[TouchpointDiff, EmotionChange]]:
        return [(tp, e) for tp in self.touchpoints for e in tp.emotion if e.delta]

    @property
    def worse(self) -> list[tuple[TouchpointDiff, EmotionChange]]:
        return [(tp, e) for tp, e in self.emotion_changes if e.delta < 0]

    @property
    def better(self) -> list[tuple[TouchpointDiff, EmotionChange]]:
        return [(tp, e) for tp, e in self.emotion_changes if e.delta > 0]

    @property
    def raci_violations(self) -> list[TouchpointDiff]:
        return [tp for tp in self.touchpoints if tp.new_raci_violation]

    @property
    def has_changes(self) -> bool:
        return any(j.changed for j in self.journeys) or any(
            c.added or c.removed or c.renamed or c.changed for c in self.entities.values()
        )
