"""Unit tests of the derived values in cjmsite.analysis on small hand-made models."""

from __future__ import annotations

import pytest

from cjmsite.analysis import (
    Insights,
    Score,
    analyse,
    check_raci,
    is_moment_of_truth,
    pain_priority,
    sentiment,
)
from cjmsite.model import Scale, Site
from tests.modelkit import make_config, make_site, tp


def _one(site: Site, journey: str, touchpoint: str, persona: str = "ana") -> Score:
    insights = analyse(site)
    tp_obj = site.journeys[journey].touchpoint(touchpoint)
    assert tp_obj is not None
    (score,) = [s for s in insights.scores_for(tp_obj) if s.persona.id == persona]
    return score


def _ranked(scores: tuple[Score, ...]) -> list[tuple[str, str, str]]:
    return [(s.journey.id, s.touchpoint.id, s.persona.id) for s in scores]


# --- sentiment ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("emotion", "expected"),
    [(-2, "negative"), (-0.5, "negative"), (0, "neutral"), (0.0, "neutral"), (0.5, "positive")],
)
def test_sentiment_on_symmetric_scale(emotion: float, expected: str) -> None:
    assert sentiment(emotion, Scale(-2, 2).mid) == expected


@pytest.mark.parametrize(
    ("emotion", "expected"),
    [(0, "negative"), (4.9, "negative"), (5, "neutral"), (5.5, "positive"), (10, "positive")],
)
def test_sentiment_on_zero_to_ten_scale(emotion: float, expected: str) -> None:
    assert Scale(0, 10).mid == 5
    assert sentiment(emotion, Scale(0, 10).mid) == expected


def test_sentiment_uses_scale_midpoint_not_zero() -> None:
    config = make_config(emotion=Scale(0, 10))
    site = make_site(
        {
            "j": {
                "touchpoints": [
                    tp("low", "awareness", 10, 2, 3),
                    tp("mid", "awareness", 20, 5, 3),
                    tp("high", "awareness", 30, 8, 3),
                ]
            }
        },
        config=config,
    )
    # 2 is positive on -2..2 but negative on 0..10
    assert _one(site, "j", "low").sentiment == "negative"
    assert _one(site, "j", "mid").sentiment == "neutral"
    assert _one(site, "j", "high").sentiment == "positive"
    assert _one(site, "j", "low").pain_priority == 3 * (5 - 2)
    assert _one(site, "j", "mid").pain_priority == 0
    assert _one(site, "j", "high").pain_priority == 0


def test_sentiment_on_odd_midpoint() -> None:
    # -1..2 has neutral 0.5: 0 is negative there, 1 positive
    assert sentiment(0, Scale(-1, 2).mid) == "negative"
    assert sentiment(0.5, Scale(-1, 2).mid) == "neutral"
    assert sentiment(1, Scale(-1, 2).mid) == "positive"


# --- moment of truth ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("importance", "top", "expected"),
    [
        (5, 5, True),
        (4, 5, True),
        (4.0, 5, True),
        (3.99, 5, False),
        (3, 5, False),
        (4.5, 5, True),
        (9, 10, True),
        (8.5, 10, False),
        (2.5, 3.5, True),
        (2.4, 3.5, False),
    ],
)
def test_moment_of_truth_threshold(importance: float, top: float, expected: bool) -> None:
    assert is_moment_of_truth(importance, top) is expected


def test_moment_of_truth_follows_importance_scale() -> None:
    site = make_site(
        {"j": {"touchpoints": [tp("a", "awareness", 10, 0, 4), tp("b", "awareness", 20, 0, 9)]}},
        config=make_config(importance=Scale(1, 10)),
    )
    assert _one(site, "j", "a").moment_of_truth is False
    assert _one(site, "j", "b").moment_of_truth is True


# --- pain priority, pain points, hotspots -----------------------------------------------------


@pytest.mark.parametrize(
    ("emotion", "importance", "neutral", "expected"),
    [
        (-2, 5, 0, 10),
        (-1, 3, 0, 3),
        (-0.5, 4, 0, 2),
        (0, 5, 0, 0),
        (1, 5, 0, 0),
        (2, 1, 0, 0),
        (3, 2, 5, 4),
        (None, 5, 0, 0),
    ],
)
def test_pain_priority_formula(
    emotion: float | None, importance: float, neutral: float, expected: float
) -> None:
    assert pain_priority(emotion, importance, neutral) == pytest.approx(expected)


def test_positive_and_neutral_touchpoints_have_zero_pain() -> None:
    site = make_site(
        {
            "j": {
                "touchpoints": [
                    tp("happy", "awareness", 10, 2, 5),
                    tp("meh", "awareness", 20, 0, 5),
                ]
            }
        }
    )
    for tid in ("happy", "meh"):
        score = _one(site, "j", tid)
        assert score.pain_priority == 0
        assert not score.is_pain_point
        assert not score.is_hotspot
    insights = analyse(site)
    assert insights.pain_points == ()
    assert insights.hotspots == ()
    assert insights.journey_pain["j"] == 0


def test_pain_points_versus_hotspots() -> None:
    site = make_site(
        {
            "j": {
                "touchpoints": [
                    tp("minor", "awareness", 10, -2, 2),  # pain 4, not a moment of truth
                    tp("major", "awareness", 20, -1, 4),  # pain 4, importance 4 ≥ 5-1: hotspot
                    tp("fine", "awareness", 30, 1, 5),  # moment of truth, no pain
                ]
            }
        }
    )
    insights = analyse(site)
    assert _ranked(insights.pain_points) == [("j", "major", "ana"), ("j", "minor", "ana")]
    assert _ranked(insights.hotspots) == [("j", "major", "ana")]
    fine = site.journeys["j"].touchpoint("fine")
    assert fine is not None
    assert _one(site, "j", "fine").moment_of_truth and not insights.is_hotspot(fine)
    major = site.journeys["j"].touchpoint("major")
    assert major is not None and insights.is_hotspot(major)
    assert insights.max_pain(major) == 4
    assert insights.journey_pain["j"] == 8
    assert insights.hotspots_of(site.journeys["j"]) == insights.hotspots


# --- ranking ------------------------------------------------------------------------------


def test_ranking_by_pain_priority_descending() -> None:
    site = make_site(
        {
            "j": {
                "touchpoints": [
                    tp("a", "awareness", 10, -1, 2),
                    tp("b", "awareness", 20, -2, 5),
                    tp("c", "awareness", 30, -1, 4),
                ]
            }
        }
    )
    assert [s.touchpoint.id for s in analyse(site).pain_points] == ["b", "c", "a"]


def test_exact_pain_tie_broken_by_importance_descending() -> None:
    # both pain 4: importance 4 × 1 versus importance 2 × 2
    site = make_site(
        {
            "j": {
                "touchpoints": [
                    tp("low-imp", "awareness", 10, -2, 2),
                    tp("high-imp", "awareness", 20, -1, 4),
                ]
            }
        }
    )
    ranked = analyse(site).pain_points
    assert [s.touchpoint.id for s in ranked] == ["high-imp", "low-imp"]
    assert ranked[0].pain_priority == ranked[1].pain_priority == 4


def test_exact_tie_broken_by_journey_id() -> None:
    site = make_site(
        {
            "zeta": {"touchpoints": [tp("x", "awareness", 10, -1, 3)]},
            "alpha": {"touchpoints": [tp("y", "awareness", 20, -1, 3)]},
        }
    )
    assert _ranked(analyse(site).pain_points) == [("alpha", "y", "ana"), ("zeta", "x", "ana")]


def test_exact_tie_broken_by_touchpoint_order() -> None:
    # order wins over the id: "a-late" sorts first by id but comes later in the journey
    site = make_site(
        {
            "j": {
                "touchpoints": [
                    tp("a-late", "awareness", 30, -1, 3),
                    tp("z-early", "awareness", 5, -1, 3),
                ]
            }
        }
    )
    assert [s.touchpoint.id for s in analyse(site).pain_points] == ["z-early", "a-late"]


def test_exact_tie_broken_by_decimal_touchpoint_order() -> None:
    site = make_site(
        {
            "j": {
                "touchpoints": [
                    tp("b", "awareness", 10.5, -1, 3),
                    tp("a", "awareness", 10.25, -1, 3),
                ]
            }
        }
    )
    assert [s.touchpoint.id for s in analyse(site).pain_points] == ["a", "b"]


def test_exact_tie_across_stages_follows_the_journey_order() -> None:
    """A touchpoint's order counts within its stage; the journey's order is stage, then order.

    Fails with analysis.py as written: `Score.rank_key` compares the raw `order`, so the
    purchase touchpoint (order 10) is ranked before the awareness one (order 30).
    """
    site = make_site(
        {
            "j": {
                "touchpoints": [
                    tp("pays", "purchase", 10, -1, 3),
                    tp("hears", "awareness", 30, -1, 3),
                ]
            }
        }
    )
    journey_order = [t.id for t in site.journeys["j"].touchpoints]
    assert journey_order == ["hears", "pays"]
    assert [s.touchpoint.id for s in analyse(site).pain_points] == journey_order


def test_exact_tie_broken_by_persona_id() -> None:
    site = make_site(
        {
            "j": {
                "personas": ["zoe", "ana", "marc"],
                "touchpoints": [tp("t", "awareness", 10, -1, 4)],
            }
        },
        personas=("zoe", "ana", "marc"),
    )
    assert [s.persona.id for s in analyse(site).hotspots] == ["ana", "marc", "zoe"]


def test_ranking_key_precedence_all_at_once() -> None:
    site = make_site(
        {
            "b": {
                "personas": ["bea", "ana"],
                "touchpoints": [
                    tp("one", "awareness", 10, -1, 4),  # pain 4, imp 4
                    tp("two", "awareness", 20, -2, 2),  # pain 4, imp 2
                    tp("three", "awareness", 30, -2, 5),  # pain 10
                ],
            },
            "a": {"personas": ["ana"], "touchpoints": [tp("late", "awareness", 40, -1, 4)]},
        },
        personas=("ana", "bea"),
    )
    assert _ranked(analyse(site).pain_points) == [
        ("b", "three", "ana"),
        ("b", "three", "bea"),
        ("a", "late", "ana"),
        ("b", "one", "ana"),
        ("b", "one", "bea"),
        ("b", "two", "ana"),
        ("b", "two", "bea"),
    ]


def test_decimal_pain_tie_is_a_tie() -> None:
    """3 × (5 − 4.9) and 1 × (5 − 4.7) are both 0.3: importance must break the tie.

    Fails with analysis.py as written: in binary floating point the first is
    0.29999999999999893 and the second 0.2999999999999998, so the importance-1
    touchpoint is ranked first.
    """
    site = make_site(
        {
            "j": {
                "touchpoints": [
                    tp("imp-one", "awareness", 10, 4.7, 1),
                    tp("imp-three", "awareness", 20, 4.9, 3),
                ]
            }
        },
        config=make_config(emotion=Scale(0, 10)),
    )
    ranked = analyse(site).pain_points
    assert [s.pain_priority for s in ranked] == [pytest.approx(0.3), pytest.approx(0.3)]
    assert [s.touchpoint.id for s in ranked] == ["imp-three", "imp-one"]


def test_ranking_is_stable_across_runs() -> None:
    journeys = {
        "j": {
            "personas": ["ana", "bea"],
            "touchpoints": [tp(f"t{i}", "awareness", i, -1, 3) for i in range(6)],
        },
    }
    first = _ranked(analyse(make_site(journeys, personas=("ana", "bea"))).pain_points)
    again = _ranked(analyse(make_site(journeys, personas=("ana", "bea"))).pain_points)
    assert first == again and len(first) == 12


# --- per-persona emotion --------------------------------------------------------------------


def test_emotion_map_gives_one_score_per_persona() -> None:
    site = make_site(
        {
            "j": {
                "personas": ["ana", "bea"],
                "touchpoints": [tp("t", "awareness", 10, {"ana": -2, "bea": 1}, 5)],
            }
        },
        personas=("ana", "bea"),
    )
    insights = analyse(site)
    touch = site.journeys["j"].touchpoint("t")
    assert touch is not None
    scores = insights.scores_for(touch)
    assert [(s.persona.id, s.emotion, s.sentiment) for s in scores] == [
        ("ana", -2, "negative"),
        ("bea", 1, "positive"),
    ]
    assert _ranked(insights.hotspots) == [("j", "t", "ana")]
    assert insights.max_pain(touch) == 10


def test_plain_emotion_applies_to_every_persona() -> None:
    site = make_site(
        {"j": {"personas": ["ana", "bea"], "touchpoints": [tp("t", "awareness", 10, -1, 4)]}},
        personas=("ana", "bea"),
    )
    insights = analyse(site)
    assert _ranked(insights.hotspots) == [("j", "t", "ana"), ("j", "t", "bea")]
    assert insights.journey_pain["j"] == 8


def test_persona_missing_from_emotion_map_has_no_value() -> None:
    site = make_site(
        {
            "j": {
                "personas": ["ana", "bea"],
                "touchpoints": [tp("t", "awareness", 10, {"ana": -1}, 5)],
            }
        },
        personas=("ana", "bea"),
        channels={"web": "online"},
    )
    bea = _one(site, "j", "t", "bea")
    assert bea.emotion is None
    assert bea.sentiment is None
    assert bea.pain_priority == 0
    assert not bea.is_pain_point and not bea.is_hotspot
    insights = analyse(site)
    assert _ranked(insights.pain_points) == [("j", "t", "ana")]
    assert insights.journey_pain["j"] == 5


# --- RACI -------------------------------------------------------------------------------------


def _raci(owners: dict) -> tuple[str, ...]:
    site = make_site(
        {"j": {"touchpoints": [tp("t", "awareness", 10, 0, 3, owners=owners)]}},
        departments=("care", "sales", "it"),
    )
    touch = site.journeys["j"].touchpoint("t")
    assert touch is not None
    assert check_raci(touch).problems == analyse(site).raci_for(touch).problems
    return check_raci(touch).problems


def test_raci_ok() -> None:
    assert _raci({"care": "R", "sales": "A", "it": "C"}) == ()
    assert _raci({"care": ["R", "A"]}) == ()
    assert _raci({"care": "R", "sales": "R", "it": "A"}) == ()


def test_raci_no_accountable() -> None:
    assert _raci({"care": "R", "sales": "C"}) == ("no-accountable",)


def test_raci_two_accountables() -> None:
    assert _raci({"care": ["R", "A"], "sales": "A"}) == ("many-accountable",)


def test_raci_no_responsible() -> None:
    assert _raci({"care": "A", "sales": "I"}) == ("no-responsible",)


def test_raci_no_owners_at_all() -> None:
    assert _raci({}) == ("no-accountable", "no-responsible")


def test_raci_check_counts_and_ok_flag() -> None:
    site = make_site(
        {"j": {"touchpoints": [tp("t", "awareness", 10, 0, 3, owners={"care": "A", "sales": "A"})]}}
    )
    touch = site.journeys["j"].touchpoint("t")
    assert touch is not None
    check = check_raci(touch)
    assert (check.accountable, check.responsible, check.ok) == (2, 0, False)
    assert check.problems == ("many-accountable", "no-responsible")


# --- department roll-ups ----------------------------------------------------------------------


def _department_site() -> tuple[Site, Insights]:
    site = make_site(
        {
            "j": {
                "touchpoints": [
                    tp("calm", "awareness", 10, 1, 5, owners={"care": "R", "sales": "A"}),
                    tp("hot", "awareness", 20, -1, 5, owners={"care": "A", "sales": "R"}),
                    tp("sore", "awareness", 30, -2, 2, owners={"care": "C", "sales": ["R", "A"]}),
                    tp("told", "awareness", 40, -1, 1, owners={"care": "I"}),
                ]
            },
            "k": {"touchpoints": [tp("also-hot", "awareness", 5, -2, 4, owners={"care": "R"})]},
        },
        departments=("care", "sales", "idle"),
    )
    return site, analyse(site)


def test_department_touchpoints_by_letter() -> None:
    _, insights = _department_site()
    care = insights.departments["care"]
    ids = {letter: [t.id for t in tps] for letter, tps in care.by_letter.items()}
    assert ids == {"R": ["also-hot", "calm"], "A": ["hot"], "C": ["sore"], "I": ["told"]}
    sales = insights.departments["sales"]
    assert [t.id for t in sales.by_letter["R"]] == ["hot", "sore"]
    assert [t.id for t in sales.by_letter["A"]] == ["sore", "calm"]
    assert sales.by_letter["C"] == () and sales.by_letter["I"] == ()


def test_department_hotspots_first_then_pain_then_journey_and_order() -> None:
    _, insights = _department_site()
    care = insights.departments["care"]
    # hotspots (also-hot: pain 8, hot: pain 5), then the rest by pain (sore 4, told 1, calm 0)
    assert [t.id for t in care.touchpoints] == ["also-hot", "hot", "sore", "told", "calm"]
    assert care.hotspot_count == 2


def test_department_pain_load_counts_only_r_and_a() -> None:
    _, insights = _department_site()
    # care is R/A for calm (0), hot (5), also-hot (8); C for sore and I for told don't count
    assert insights.departments["care"].pain_load == 13
    # sales is R/A for calm (0), hot (5), sore (4)
    assert insights.departments["sales"].pain_load == 9
    assert insights.departments["sales"].hotspot_count == 1


def test_department_without_letters_is_empty() -> None:
    _, insights = _department_site()
    idle = insights.departments["idle"]
    assert idle.touchpoints == ()
    assert idle.pain_load == 0 and idle.hotspot_count == 0
    assert all(v == () for v in idle.by_letter.values())


def test_department_pain_load_takes_worst_persona_per_touchpoint() -> None:
    site = make_site(
        {
            "j": {
                "personas": ["ana", "bea"],
                "touchpoints": [
                    tp("t", "awareness", 10, {"ana": -2, "bea": -1}, 3, owners={"care": "R"})
                ],
            }
        },
        personas=("ana", "bea"),
    )
    assert analyse(site).departments["care"].pain_load == 6


# --- channel roll-ups -------------------------------------------------------------------------


def test_channel_touchpoints_per_stage_in_site_stage_order() -> None:
    site = make_site(
        {
            "j": {
                "touchpoints": [
                    tp("buy", "purchase", 10, 1, 3, channel="web"),
                    tp("see", "awareness", 20, -1, 3, channel="web"),
                    tp("look", "awareness", 10, 0, 3, channel="web"),
                    tp("visit", "consideration", 10, 2, 3, channel="shop"),
                ]
            },
            "a": {"touchpoints": [tp("ad", "awareness", 50, 0, 3, channel="web")]},
        }
    )
    web = analyse(site).channels["web"]
    assert list(web.by_stage) == ["awareness", "purchase"]
    assert [(t.journey_id, t.id) for t in web.by_stage["awareness"]] == [
        ("a", "ad"),
        ("j", "look"),
        ("j", "see"),
    ]
    assert [t.id for t in web.by_stage["purchase"]] == ["buy"]
    shop = analyse(site).channels["shop"]
    assert list(shop.by_stage) == ["consideration"]


def test_channel_mean_emotion_over_personas_with_values() -> None:
    site = make_site(
        {
            "j": {
                "personas": ["ana", "bea"],
                "touchpoints": [
                    tp("a", "awareness", 10, {"ana": -2, "bea": 1}, 3, channel="web"),
                    tp("b", "purchase", 10, {"ana": 2}, 3, channel="web"),  # bea has no value here
                    tp("c", "purchase", 20, -2, 3),  # no channel
                ],
            }
        },
        personas=("ana", "bea"),
    )
    insights = analyse(site)
    assert insights.channels["web"].mean_emotion == pytest.approx((-2 + 1 + 2) / 3)
    assert insights.channels["shop"].mean_emotion is None
    assert insights.channels["shop"].by_stage == {}
    assert "c" not in [t.id for tps in insights.channels["web"].by_stage.values() for t in tps]


def test_stage_ids_keep_site_order_then_journey_extras() -> None:
    site = make_site({"j": {"touchpoints": [tp("a", "awareness", 10, 0, 3)]}})
    assert analyse(site).stage_ids == (
        "awareness",
        "consideration",
        "purchase",
        "retention",
        "advocacy",
    )


def test_sentiment_at_the_midpoint_of_a_decimal_scale_is_neutral() -> None:
    neutral = (0.1 + 0.7) / 2  # 0.39999999999999997
    assert sentiment(0.4, neutral) == "neutral"
    assert sentiment(0.41, neutral) == "positive"
    assert sentiment(0.39, neutral) == "negative"
    assert pain_priority(0.4, 5, neutral) == 0
