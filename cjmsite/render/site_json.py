"""`data/site.json`: the resolved handbook and its derived values, for other tools.

The layout is described by `docs/site-json.schema.json` (JSON Schema 2020-12) and, for
people, by `docs/site-json.md`. References between entities are ids; everything whose
order means something is a list, every object is written with sorted keys, so the same
site always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from cjmsite.analysis import Insights, Score
from cjmsite.analysis.ideas import Opportunity
from cjmsite.digests import digest
from cjmsite.model import (
    Channel,
    Department,
    Evidence,
    Idea,
    Journey,
    Metric,
    Page,
    Persona,
    Site,
    Touchpoint,
)
from cjmsite.render.json_text import JsonMemo, Keyed, indented_parts
from cjmsite.render.site_json_upkeep import (
    config_upkeep,
    department_scorecard,
    file_upkeep,
    journey_upkeep,
)

FORMAT_VERSION = 1
SCHEMA_ID = "urn:cjmsite:site-json:1"
OUTPUT_PATH = "data/site.json"
DECIMALS = 9  # floats are rounded so that 3 × 0.1 reads 0.3, not 0.30000000000000004

Json = dict[str, Any]


def site_json(site: Site, insights: Insights, memo: dict[str, str] | None = None) -> str:
    """The site as JSON text: UTF-8, indented, newline-terminated.

    `<`, `>` and `&` (which only occur inside strings) are written as \\u escapes, so
    the file stays inert even if a tool pastes it into an HTML page. With a `memo`
    (see json_text), unchanged journeys, personas… are not encoded again; the memo is
    replaced by the items of this site. The text is the same either way.
    """
    return "".join(site_json_parts(site, insights, memo))


def site_json_parts(
    site: Site, insights: Insights, memo: dict[str, str] | None = None
) -> Iterator[str]:
    """`site_json` in pieces, to write as they are made: the whole text of a large
    handbook (120 MB at 1,000 x 15) is never held, nor copied to escape it.

    With a `JsonMemo` that knows the journeys' files, an unchanged journey's entry is
    taken from it by `journey_key` without being made again."""
    used: dict[str, str] | None = {} if memo is not None else None
    keyed = memo if isinstance(memo, JsonMemo) and memo.journeys else None
    yield from indented_parts(_data(site, insights, keyed), memo or {}, used, _escape)
    yield "\n"
    if memo is not None and used is not None:
        memo.clear()
        memo.update(used)


def _escape(text: str) -> str:
    """`<`, `>` and `&` as \\u escapes (they occur only inside strings)."""
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def site_data(site: Site, insights: Insights) -> Json:
    """The plain-data form of `site_json` (dicts, lists, str, int, float, bool, None)."""
    return _data(site, insights, None)


def journey_key(memo: JsonMemo, journey: Journey) -> str | None:
    """What a journey's entry is made from, as a digest; None when the memo cannot tell.

    The entry reads its journey's files (the digests in `memo.journeys`) and, through the
    ids they name, nothing of the personas, departments or channels but their ids; the
    configuration (stage names, scales, language, edit links, the date), the git dates and
    the list of files (link targets) are in `memo.scope`. Its analysis is made of the same
    (a touchpoint's scores, RACI check and pain, the journey's coverage and freshness).
    The bodies as rendered count too: they are made with links to other files."""
    files = memo.journeys.get(journey.id)
    if files is None or not memo.scope:
        return None
    bodies = (journey.body_html, *(tp.body_html for tp in journey.touchpoints))
    return "journey:" + digest(memo.scope, journey.id, files, *bodies)


def _journey_item(
    journey: Journey, insights: Insights, site: Site, memo: JsonMemo | None
) -> Json | Keyed:
    key = journey_key(memo, journey) if memo is not None else None
    if key is None:
        return _journey(journey, insights, site)
    return Keyed(key, partial(_journey, journey, insights, site))


def _data(site: Site, insights: Insights, memo: JsonMemo | None) -> Json:
    """`site_data`, with each journey `Keyed` when `memo` knows its files."""
    journeys = _by_id(site.journeys.values())
    ideas = insights.opportunities
    walks: dict[str, list[str]] = {}  # persona id -> the journeys it walks, by id
    for journey in journeys:
        for persona_id in dict.fromkeys(p.id for p in journey.personas):
            walks.setdefault(persona_id, []).append(journey.id)
    return {
        "schema": SCHEMA_ID,
        "version": FORMAT_VERSION,
        "site": _config(site),
        "personas": [
            {**_persona(p, walks.get(p.id, [])), **file_upkeep(site, p.source.path)}
            for p in _by_id(site.personas.values())
        ],
        "departments": [
            {
                **_department(d, insights),
                **file_upkeep(site, d.source.path),
                **department_scorecard(insights, d.id),
            }
            for d in _by_id(site.departments.values())
        ],
        "channels": [_channel(c, insights) for c in _by_id(site.channels.values())],
        "journeys": [_journey_item(j, insights, site, memo) for j in journeys],
        "pages": [
            {**_page(p), **file_upkeep(site, p.source.path)} for p in _by_id(site.pages.values())
        ],
        "needs_review": [j.id for j in insights.upkeep.needs_review],
        "hotspots": _ranking(insights.hotspots),
        "pain_points": _ranking(insights.pain_points),
        "ideas": [_opportunity(o) for o in ideas.ideas] if ideas else [],
    }


def _num(value: float | int | None) -> float | int | None:
    """A number as JSON should show it: 2 rather than 2.0, rounded to `DECIMALS` places."""
    if value is None or isinstance(value, bool):
        return value
    rounded = round(float(value), DECIMALS)
    if rounded.is_integer():
        return int(rounded)
    return rounded


def _by_id(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=lambda item: item.id)


def _id(entity: Any) -> str | None:
    return None if entity is None else entity.id


def _config(site: Site) -> Json:
    config = site.config
    emotion, importance = config.emotion, config.importance
    return {
        "title": config.title,
        "description": config.description,
        "site_url": config.site_url,
        "language": config.language,
        "scales": {
            "emotion": {
                "min": _num(emotion.min),
                "max": _num(emotion.max),
                "neutral": _num(emotion.mid),
            },
            "importance": {
                "min": _num(importance.min),
                "max": _num(importance.max),
                "moment_of_truth_from": _num(importance.max - 1),
            },
        },
        "stages": [{"id": s.id, "name": s.name} for s in config.stages],
        **config_upkeep(site),
    }


def _persona(persona: Persona, walks: list[str]) -> Json:
    return {
        "id": persona.id,
        "name": persona.name,
        "url": persona.url,
        "summary": persona.summary,
        "photo": persona.photo,
        "goals": list(persona.goals),
        "motivations": list(persona.motivations),
        "frustrations": list(persona.frustrations),
        "expectations": list(persona.expectations),
        "quote": persona.quote,
        "channels": [c.id for c in persona.channels],
        "journeys": walks,
        "body_html": persona.body_html,
    }


def _tp_ref(tp: Touchpoint) -> Json:
    return {"journey": tp.journey_id, "touchpoint": tp.id}


def _department(department: Department, insights: Insights) -> Json:
    rollup = insights.departments.get(department.id)
    held = rollup.touchpoints if rollup else ()
    return {
        "id": department.id,
        "name": department.name,
        "url": department.url,
        "lead": department.lead,
        "contact": department.contact,
        "body_html": department.body_html,
        "touchpoints": [
            {**_tp_ref(tp), "letters": list(tp.letters_for(department.id))} for tp in held
        ],
        "pain_load": _num(rollup.pain_load if rollup else 0),
        "hotspot_count": rollup.hotspot_count if rollup else 0,
    }


def _channel(channel: Channel, insights: Insights) -> Json:
    rollup = insights.channels.get(channel.id)
    by_stage = rollup.by_stage if rollup else {}
    return {
        "id": channel.id,
        "name": channel.name,
        "kind": channel.kind,
        "url": channel.url,
        "body_html": channel.body_html,
        "stages": [
            {"stage": stage_id, "touchpoints": [_tp_ref(tp) for tp in tps]}
            for stage_id, tps in by_stage.items()
        ],
        "mean_emotion": _num(rollup.mean_emotion if rollup else None),
    }


def _journey(journey: Journey, insights: Insights, site: Site) -> Json:
    coverage = insights.opportunities.coverage if insights.opportunities else {}
    return {
        **journey_upkeep(site, insights, journey),
        "id": journey.id,
        "title": journey.title,
        "url": journey.url,
        "state": journey.state,
        "counterpart": _id(journey.counterpart),
        "owner": _id(journey.owner),
        "goal": journey.goal,
        "personas": [p.id for p in journey.personas],
        "departments": [d.id for d in journey.departments],
        "pain_total": _num(insights.journey_pain.get(journey.id, 0)),
        "metrics": [_metric(m) for m in journey.metrics],
        "coverage": _num(coverage.get(journey.id)),
        "waive": dict(sorted(journey.waivers.items())),
        "body_html": journey.body_html,
        "stages": [
            {
                "id": stage.id,
                "name": stage.name,
                "touchpoints": [
                    {**_touchpoint(tp, journey, insights), **file_upkeep(site, tp.source.path)}
                    for tp in stage.touchpoints
                ],
            }
            for stage in journey.stages
        ],
    }


def _idea(idea: Idea) -> Json:
    return {
        "title": idea.title,
        "owner": _id(idea.owner),
        "status": idea.status,
        "impact": idea.impact,
        "effort": idea.effort,
        "due": idea.due,
        "kpi": idea.kpi,
    }


def _opportunity(o: Opportunity) -> Json:
    """One entry of the top-level `ideas` list: scored ideas by rank, then the rest."""
    return {
        **_idea(o.idea),
        "rank": o.rank,
        "score": _num(o.score),
        "quadrant": o.quadrant,
        "journey": o.touchpoint.journey_id,
        "touchpoint": o.touchpoint.id,
    }


def _evidence(item: Evidence | str) -> str | Json:
    """Plain text as written, or {quote, source, date, url}."""
    if isinstance(item, str) or item.plain:
        return str(item)
    return {"quote": item.quote, "source": item.source, "date": item.date, "url": item.url}


def _metric_value(value: float | str | None) -> float | int | str | None:
    return value if isinstance(value, str) else _num(value)


def _metric(metric: Metric) -> Json:
    data = {
        "name": metric.name,
        "value": _metric_value(metric.value),
        "target": _metric_value(metric.target),
    }
    if metric.as_of is not None:
        data["as_of"] = metric.as_of
    return data


def _score(score: Score) -> Json:
    return {
        "emotion": _num(score.emotion),
        "sentiment": score.sentiment,
        "pain_priority": _num(score.pain_priority),
        "moment_of_truth": score.moment_of_truth,
        "pain_point": score.is_pain_point,
        "hotspot": score.is_hotspot,
    }


def _touchpoint(tp: Touchpoint, journey: Journey, insights: Insights) -> Json:
    scores = insights.scores_for(tp)
    raci = insights.raci.get((tp.journey_id, tp.id))
    return {
        "id": tp.id,
        "journey": tp.journey_id,
        "stage": tp.stage_id,
        "title": tp.title,
        "url": tp.url,
        "order": _num(tp.order),
        "channel": _id(tp.channel),
        "contact": tp.contact,
        "importance": _num(tp.importance),
        "emotion": {p.id: _num(tp.emotion.get(p.id)) for p in journey.personas},
        "owners": {o.department.id: list(o.letters) for o in tp.owners},
        "backstage": list(tp.backstage),
        "pains": list(tp.pains),
        "gains": list(tp.gains),
        "ideas": [_idea(i) for i in tp.ideas],
        "metrics": [_metric(m) for m in tp.metrics],
        "storyboard": tp.storyboard,
        "evidence": [_evidence(e) for e in tp.evidence],
        "confidence": tp.confidence,
        "waive": dict(sorted(tp.waivers.items())),
        "body_html": tp.body_html,
        "moment_of_truth": any(s.moment_of_truth for s in scores),
        "hotspot": any(s.is_hotspot for s in scores),
        "max_pain_priority": _num(max((s.pain_priority for s in scores), default=0)),
        "scores": {s.persona.id: _score(s) for s in scores},
        "raci_problems": list(raci.problems) if raci else [],
    }


def _ranking(scores: Iterable[Score]) -> list[Json]:
    return [
        {
            "rank": rank,
            "journey": s.journey.id,
            "touchpoint": s.touchpoint.id,
            "persona": s.persona.id,
            "stage": s.touchpoint.stage_id,
            "emotion": _num(s.emotion),
            "importance": _num(s.importance),
            "pain_priority": _num(s.pain_priority),
            "hotspot": s.is_hotspot,
        }
        for rank, s in enumerate(scores, start=1)
    ]


def _page(page: Page) -> Json:
    return {"id": page.id, "title": page.title, "url": page.url, "order": _num(page.order)}
