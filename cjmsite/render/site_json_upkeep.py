"""data/site.json's figures of issue 15: git dates, reviews, staleness, edit links, status,
tags and the department scorecards (new keys; the existing keys keep their meaning)."""

from __future__ import annotations

from typing import Any

from cjmsite.analysis import Insights
from cjmsite.analysis.freshness import edit_url, updated_of
from cjmsite.analysis.scorecards import Scorecard
from cjmsite.model import Journey, Site, Touchpoint
from cjmsite.render.upkeep import iso_time

Json = dict[str, Any]


def _ref(tp: Touchpoint) -> Json:
    return {"journey": tp.journey_id, "touchpoint": tp.id}


def config_upkeep(site: Site) -> Json:
    config = site.config
    return {
        "repo_url": config.repo_url,
        "edit_branch": config.edit_branch,
        "stale_after_days": config.stale_after_days,
        "today": config.today or None,
        "tags": [{"id": t.id, "name": t.name} for t in config.tags],
    }


def file_upkeep(site: Site, path: str) -> Json:
    """`updated` (ISO 8601 UTC date-time of the newest commit, or null) and `edit_url`."""
    change = updated_of(site, (path,))
    return {"updated": iso_time(change.when) if change else None, "edit_url": edit_url(site, path)}


def journey_upkeep(site: Site, insights: Insights, journey: Journey) -> Json:
    fresh = insights.upkeep.of(journey)
    return {
        "status": journey.status,
        "tags": [t.id for t in journey.tags],
        "reviewed": journey.reviewed,
        "updated": iso_time(fresh.updated) if fresh.updated else None,
        "updated_by": fresh.updated_by or None,
        "stale": fresh.stale,
        "edit_url": edit_url(site, journey.source.path),
    }


def scorecard_json(card: Scorecard | None, rank: int) -> Json:
    if card is None:
        return {}
    return {
        "scorecard": {
            "rank": rank,
            "accountable": [_ref(tp) for tp in card.accountable],
            "responsible": [_ref(tp) for tp in card.responsible],
            "hotspots_accountable": [_ref(tp) for tp in card.hotspots],
            "ideas": dict(card.ideas),
            "handoffs": [
                {
                    "journey": h.journey.id,
                    "from": h.source.id,
                    "to": h.target.id,
                    "from_responsible": [d.id for d in h.giving],
                    "to_responsible": [d.id for d in h.taking],
                }
                for h in card.handoffs
            ],
            "responsible_without_accountable": [_ref(tp) for tp in card.unaccountable],
        }
    }


def department_scorecard(insights: Insights, department_id: str) -> Json:
    for rank, card in enumerate(insights.scorecards, start=1):
        if card.department.id == department_id:
            return scorecard_json(card, rank)
    return {}
