"""Small hand-made resolved models for unit tests of analysis, charts and rendering."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cjmsite.config.options import DEFAULT_STAGES
from cjmsite.model import (
    Channel,
    Department,
    Idea,
    Journey,
    Metric,
    Ownership,
    Persona,
    Scale,
    Site,
    SiteConfig,
    Stage,
    Touchpoint,
)


def make_config(**overrides: Any) -> SiteConfig:
    values: dict[str, Any] = {
        "title": "Test handbook",
        "emotion": Scale(-2, 2),
        "importance": Scale(1, 5),
        "stages": DEFAULT_STAGES,
    }
    values.update(overrides)
    return SiteConfig(**values)


def tp(
    id: str,
    stage: str,
    order: float,
    emotion: float | Mapping[str, float],
    importance: float,
    *,
    owners: Mapping[str, str | Sequence[str]] | None = None,
    channel: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A touchpoint description for `make_site` (references by id)."""
    return {
        "id": id,
        "stage": stage,
        "order": order,
        "emotion": emotion,
        "importance": importance,
        "owners": owners or {},
        "channel": channel,
        **fields,
    }


def make_site(
    journeys: Mapping[str, Mapping[str, Any]],
    *,
    personas: Sequence[str] = ("ana",),
    departments: Sequence[str] = ("care", "sales"),
    channels: Mapping[str, str] | None = None,
    config: SiteConfig | None = None,
) -> Site:
    """Build a resolved `Site` from plain dicts.

    `journeys` maps a journey id to {"personas": [...], "touchpoints": [tp(...), ...],
    optional "state", "counterpart", "title"}; emotion given as a number applies to
    every persona of the journey.
    """
    config = config or make_config()
    people = {p: Persona(id=p, name=p.title()) for p in personas}
    depts = {d: Department(id=d, name=d.title()) for d in departments}
    chans = {
        c: Channel(id=c, name=c.title(), kind=kind)
        for c, kind in (channels or {"web": "online", "shop": "offline"}).items()
    }
    built: dict[str, Journey] = {}
    for jid, spec in journeys.items():
        walkers = tuple(people[p] for p in spec.get("personas", personas[:1]))
        by_stage: dict[str, list[Touchpoint]] = {}
        for t in spec["touchpoints"]:
            emo = t["emotion"]
            emotion = dict(emo) if isinstance(emo, Mapping) else {p.id: emo for p in walkers}
            owners = tuple(
                Ownership(depts[d], tuple([v] if isinstance(v, str) else v))
                for d, v in sorted(t["owners"].items())
            )
            extra = {
                k: v
                for k, v in t.items()
                if k not in {"id", "stage", "order", "emotion", "importance", "owners", "channel"}
            }
            if "ideas" in extra:
                extra["ideas"] = tuple(
                    Idea(i) if isinstance(i, str) else Idea(**i) for i in extra["ideas"]
                )
            if "metrics" in extra:
                extra["metrics"] = tuple(Metric(**m) for m in extra["metrics"])
            touch = Touchpoint(
                id=t["id"],
                journey_id=jid,
                title=t.get("title", t["id"].replace("-", " ").capitalize()),
                stage_id=t["stage"],
                order=t["order"],
                importance=t["importance"],
                emotion=emotion,
                channel=chans[t["channel"]] if t["channel"] else None,
                owners=owners,
                **{k: v for k, v in extra.items() if k != "title"},
            )
            by_stage.setdefault(t["stage"], []).append(touch)
        stage_defs = [s for s in config.stages if s.id in by_stage] or list(config.stages[:1])
        stages = tuple(
            Stage(s.id, s.name, tuple(sorted(by_stage.get(s.id, []), key=lambda x: x.order)))
            for s in stage_defs
        )
        journey = Journey(
            id=jid,
            title=spec.get("title", jid.title()),
            personas=walkers,
            stages=stages,
            state=spec.get("state", "current"),
            status=spec.get("status"),
        )
        for touch in journey.touchpoints:
            object.__setattr__(touch, "journey", journey)
        built[jid] = journey
    for jid, spec in journeys.items():
        if spec.get("counterpart"):
            object.__setattr__(built[jid], "counterpart", built[spec["counterpart"]])
    return Site(
        config=config,
        personas=people,
        departments=depts,
        channels=chans,
        journeys=dict(sorted(built.items())),
        pages={},
    )
