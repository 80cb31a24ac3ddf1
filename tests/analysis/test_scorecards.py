"""Department scorecards against a hand-computed fixture (handoffs included)."""

from __future__ import annotations

from cjmsite.analysis import analyse
from cjmsite.analysis.scorecards import handoffs
from cjmsite.model import Idea, Site
from cjmsite.render.site_json import site_data
from tests.modelkit import make_site, tp

# Scale -2..2 (neutral 0), importance 1..5: moment of truth from 4; pain = importance × −emotion.
#   t1 awareness  sales R+A        emotion −1 imp 5 → pain 5, hotspot    R {sales}
#   t2 awareness  care R           emotion  1 imp 2 → pain 0             R {care}, no A
#   t3 purchase   care R, sales A  emotion −2 imp 4 → pain 8, hotspot    R {care}
#   t4 purchase   billing R, sales C, ideas: care planned, billing done  R {billing}, no A
#   t5 retention  sales C          emotion −1 imp 1 → pain 1             no R
#   t6 retention  billing R, care A emotion −1 imp 4 → pain 4, hotspot   R {billing}
# Handoffs: t1→t2 (sales→care), t3→t4 (care→billing); t2→t3 same R; t4→t5, t5→t6: t5 has no R.
# The archived journey (care A on a hotspot) counts nowhere.
JOURNEYS = {
    "a": {
        "touchpoints": [
            tp("t1", "awareness", 1, -1, 5, owners={"sales": ["R", "A"]}),
            tp("t2", "awareness", 2, 1, 2, owners={"care": "R"}),
            tp("t3", "purchase", 1, -2, 4, owners={"care": "R", "sales": "A"}),
            tp("t4", "purchase", 2, 0, 3, owners={"billing": "R", "sales": "C"}),
            tp("t5", "retention", 1, -1, 1, owners={"sales": "C"}),
            tp("t6", "retention", 2, -1, 4, owners={"billing": "R", "care": "A"}),
        ]
    },
    "old": {
        "status": "archived",
        "touchpoints": [tp("o1", "awareness", 1, -2, 5, owners={"care": "A", "sales": "R"})],
    },
}  # fmt: skip


def fixture() -> Site:
    """The model above; t4's ideas get their owners (modelkit gives ideas no owner)."""
    site = make_site(JOURNEYS, departments=("billing", "care", "sales"))
    owners = site.departments
    ideas = (Idea("x", owners["care"], "planned"), Idea("y", owners["billing"], "done"))
    object.__setattr__(site.journeys["a"].touchpoint("t4"), "ideas", ideas)
    return site


def test_handoffs_of_a_journey() -> None:
    found = handoffs(fixture().journeys["a"])
    assert [(h.source.id, h.target.id) for h in found] == [("t1", "t2"), ("t3", "t4")]
    assert [[d.id for d in h.giving] for h in found] == [["sales"], ["care"]]
    assert [[d.id for d in h.taking] for h in found] == [["care"], ["billing"]]


def test_scorecards_match_the_hand_computed_figures() -> None:
    insights = analyse(fixture())
    cards = {c.department.id: c for c in insights.scorecards}
    assert [c.department.id for c in insights.scorecards] == ["sales", "care", "billing"]

    def ids(tps):
        return [t.id for t in tps]

    sales, care, billing = cards["sales"], cards["care"], cards["billing"]
    assert ids(sales.accountable) == ["t1", "t3"] and ids(sales.responsible) == ["t1"]
    assert ids(sales.hotspots) == ["t1", "t3"] and sales.pain_load == 13
    assert [(h.source.id, h.target.id) for h in sales.handoffs] == [("t1", "t2")]
    assert sales.unaccountable == () and sum(sales.ideas.values()) == 0

    assert ids(care.accountable) == ["t6"] and ids(care.responsible) == ["t2", "t3"]
    assert ids(care.hotspots) == ["t6"] and care.pain_load == 12
    assert [(h.source.id, h.target.id) for h in care.handoffs] == [("t1", "t2"), ("t3", "t4")]
    assert ids(care.unaccountable) == ["t2"]
    assert care.ideas == {"proposed": 0, "planned": 1, "doing": 0, "done": 0}

    assert billing.accountable == () and ids(billing.responsible) == ["t4", "t6"]
    assert billing.hotspots == () and billing.pain_load == 4
    assert [(h.source.id, h.target.id) for h in billing.handoffs] == [("t3", "t4")]
    assert ids(billing.unaccountable) == ["t4"]
    assert billing.ideas["done"] == 1


def test_archived_journeys_leave_rankings_but_keep_their_hotspots() -> None:
    site = fixture()
    insights = analyse(site)
    assert all(s.journey.id == "a" for s in insights.hotspots)
    assert [s.touchpoint.id for s in insights.hotspots_of(site.journeys["old"])] == ["o1"]
    assert insights.departments["care"].pain_load == 12  # not 22: o1 is archived


def test_scorecards_in_site_json() -> None:
    site = fixture()
    data = site_data(site, analyse(site))
    care = next(d for d in data["departments"] if d["id"] == "care")
    card = care["scorecard"]
    assert card["rank"] == 2 and care["pain_load"] == 12
    assert card["hotspots_accountable"] == [{"journey": "a", "touchpoint": "t6"}]
    assert card["handoffs"][1] == {
        "journey": "a", "from": "t3", "to": "t4",
        "from_responsible": ["care"], "to_responsible": ["billing"],
    }  # fmt: skip
    assert card["responsible_without_accountable"] == [{"journey": "a", "touchpoint": "t2"}]
    assert card["ideas"] == {"proposed": 0, "planned": 1, "doing": 0, "done": 0}
