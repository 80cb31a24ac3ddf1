"""Opportunity scores, their one ranking, quadrants, coverage and unaddressed hotspots."""

from __future__ import annotations

from modelkit import make_config, make_site, tp

from cjmsite.analysis import analyse
from cjmsite.analysis.ideas import opportunity_score, quadrant
from cjmsite.model import Scale


def _ranked(site):  # (rank, title, score) of every scored idea
    found = analyse(site).opportunities
    return [(o.rank, o.idea.title, o.score) for o in found.ranked]


def test_score_is_max_pain_times_impact_over_effort() -> None:
    # pain per persona: ana 5 × (0 − −2) = 10, bo 5 × (0 − −1) = 5: the highest, 10, counts
    site = make_site(
        {"j": {"personas": ["ana", "bo"], "touchpoints": [
            tp("pay", "purchase", 10, {"ana": -2, "bo": -1}, 5, ideas=[
                {"title": "Wallet", "impact": 4, "effort": 2},
            ]),
        ]}},
        personas=("ana", "bo"),
    )  # fmt: skip
    assert _ranked(site) == [(1, "Wallet", 20)]


def test_decimals_are_rounded_not_float_noise() -> None:
    # pain 3 × (0 − −0.1) = 0.3; × 1 ÷ 3 = 0.1 exactly, not 0.09999999999999999
    site = make_site({"j": {"touchpoints": [
        tp("a", "purchase", 10, -0.1, 3, ideas=[{"title": "X", "impact": 1, "effort": 3}]),
    ]}})  # fmt: skip
    assert _ranked(site) == [(1, "X", 0.1)]
    assert opportunity_score(10, 2, 3) == 6.666666667


def test_plain_string_and_half_scored_ideas_have_no_score_or_rank() -> None:
    site = make_site({"j": {"touchpoints": [
        tp("a", "purchase", 10, -1, 4, ideas=[
            "Plain idea",
            {"title": "Only impact", "impact": 5},
            {"title": "Scored", "impact": 2, "effort": 2},
        ]),
    ]}})  # fmt: skip
    found = analyse(site).opportunities
    by_title = {o.idea.title: o for o in found.ideas}
    assert by_title["Plain idea"].score is None and by_title["Plain idea"].rank is None
    assert by_title["Only impact"].score is None and by_title["Only impact"].quadrant is None
    assert [(o.rank, o.idea.title) for o in found.ranked] == [(1, "Scored")]
    assert [o.idea.title for o in found.ideas][1:] == ["Plain idea", "Only impact"]


def test_ties_break_by_journey_id_then_touchpoint_order_then_title() -> None:
    idea = lambda title: {"title": title, "impact": 2, "effort": 2}  # noqa: E731
    site = make_site({
        "beta": {"touchpoints": [tp("b1", "purchase", 10, -1, 4, ideas=[idea("Zed")])]},
        "alpha": {"touchpoints": [
            tp("late", "retention", 10, -1, 4, ideas=[idea("Aaa")]),
            tp("early", "purchase", 20, -1, 4, ideas=[idea("Mmm"), idea("Bbb")]),
        ]},
    })  # fmt: skip
    # every score is 4 × 1 × 2 ÷ 2 = 4: alpha before beta; purchase before retention
    # (stage order beats file order); then titles
    assert _ranked(site) == [(1, "Bbb", 4), (2, "Mmm", 4), (3, "Aaa", 4), (4, "Zed", 4)]


def test_higher_score_ranks_first_and_zero_pain_scores_zero() -> None:
    site = make_site({"j": {"touchpoints": [
        tp("happy", "purchase", 10, 2, 5, ideas=[{"title": "Polish", "impact": 5, "effort": 1}]),
        tp("sad", "purchase", 20, -2, 2, ideas=[{"title": "Fix", "impact": 1, "effort": 5}]),
    ]}})  # fmt: skip
    assert _ranked(site) == [(1, "Fix", 0.8), (2, "Polish", 0)]


def test_quadrants_split_at_impact_3_and_effort_3() -> None:
    assert quadrant(3, 3) == "quick-wins"
    assert quadrant(5, 4) == "big-bets"
    assert quadrant(2, 1) == "fill-ins"
    assert quadrant(2, 4) == "money-pits"
    assert quadrant(None, 4) is None


def test_unaddressed_hotspots_coverage_and_validate_first() -> None:
    config = make_config(emotion=Scale(-2, 2), importance=Scale(1, 5))
    site = make_site({"j": {"touchpoints": [
        tp("hot-no-idea", "purchase", 10, -2, 5, confidence="assumed"),
        tp("hot-idea", "purchase", 20, -2, 5, ideas=["Do something"]),
        tp("calm", "purchase", 30, 1, 2),
        tp("guess", "purchase", 40, 1, 2, confidence="assumed"),
    ]}}, config=config)  # fmt: skip
    found = analyse(site).opportunities
    assert [s.touchpoint.id for s in found.unaddressed] == ["hot-no-idea"]
    assert found.coverage["j"] == 0.5
    assert found.validate_first == frozenset({("j", "hot-no-idea")})


def test_archived_journeys_leave_the_opportunity_ranking(tmp_path) -> None:
    """An archived map keeps its page but its ideas are neither scored nor ranked."""
    from sitekit import fixture_site

    from cjmsite import check

    config = fixture_site("minimal", tmp_path)
    index = tmp_path / "content/journeys/signup/index.md"
    first = sorted((tmp_path / "content/journeys/signup").glob("[0-9]*.md"))[0]
    idea = "---\nideas: [{title: Fix it, impact: 4, effort: 2}]\n"
    first.write_text(first.read_text("utf-8").replace("---\n", idea, 1))
    before = check(config).insights.opportunities
    assert before is not None and before.ranked
    index.write_text(index.read_text("utf-8").replace("---\n", "---\nstatus: archived\n", 1))
    after = check(config).insights.opportunities
    assert after is not None and after.ranked == ()


def test_waivers_of_a_journey_and_of_each_touchpoint_are_their_own() -> None:
    # two journeys with a touchpoint of the same id: each page sees only its own waivers
    why = {"hotspot-without-idea": "decided in Q3"}
    site = make_site({
        "alpha": {"touchpoints": [tp("pay", "purchase", 10, -2, 5, waivers=why),
                                  tp("ship", "purchase", 20, -2, 5)]},
        "beta": {"touchpoints": [tp("pay", "purchase", 10, -2, 5,
                                    waivers={"idea-without-owner": "nobody yet"})]},
    })  # fmt: skip
    alpha, beta = site.journeys["alpha"], site.journeys["beta"]
    object.__setattr__(alpha, "waivers", {"stale-journey": "archived soon"})
    found = analyse(site).opportunities
    pay_a, ship_a = alpha.touchpoints
    (pay_b,) = beta.touchpoints

    def rules(journey, touchpoint=None):
        return [(w.rule, w.touchpoint) for w in found.waivers_of(journey, touchpoint)]

    assert rules(alpha) == [("stale-journey", None)]
    assert rules(alpha, pay_a) == [("hotspot-without-idea", pay_a)]
    assert rules(alpha, ship_a) == []
    assert rules(beta) == []
    assert rules(beta, pay_b) == [("idea-without-owner", pay_b)]
    assert rules(alpha, pay_b) == []  # a touchpoint of another journey
