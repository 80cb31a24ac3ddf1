"""Scored ideas, evidence items, confidence, waivers and journey KPIs as written: valid values
become model fields, bad ones get file:line:col and what would be right."""

from __future__ import annotations

from pathlib import Path

from sitekit import fixture_site, write_files

from cjmsite.site.pipeline import check

VISITS = "content/journeys/signup/20-visits-store.md"
HEAD = """---
title: Visits the store
stage: purchase
channel: store
emotion: -1
importance: 5
owners: {sales: A, care: R}
"""


def run(tmp_path: Path, tail: str, index: str | None = None):
    config = fixture_site("minimal", tmp_path)
    files = {VISITS: HEAD + tail + "---\nText.\n"}
    if index is not None:
        files["content/journeys/signup/index.md"] = index
    write_files(tmp_path, files)
    result = check(config)
    return result, [d.format() for d in result.diagnostics]


def test_scored_ideas_become_model_fields(tmp_path: Path) -> None:
    result, lines = run(
        tmp_path,
        """ideas:
  - Plain idea
  - {title: Faster queue, owner: care, status: doing, impact: 4, effort: 2,
     due: 2026-03-31, kpi: Wait}
metrics:
  - {name: Wait, value: 12 min, target: 5 min}
evidence:
  - A plain note
  - {quote: "I waited forever", source: Interview 4, date: 2024-04-02, url: "https://example.org/i4"}
confidence: assumed
""",
    )
    assert lines == []
    tp = result.site.journeys["signup"].touchpoint("visits-store")
    plain, scored = tp.ideas
    assert (plain.title, plain.impact, plain.effort, plain.scored) == (
        "Plain idea",
        None,
        None,
        False,
    )
    assert (scored.impact, scored.effort, scored.due, scored.kpi) == (4, 2, "2026-03-31", "Wait")
    assert scored.owner.id == "care" and scored.status == "doing"
    assert [e.plain for e in tp.evidence] == [True, False]
    assert (tp.evidence[1].source, tp.evidence[1].date) == ("Interview 4", "2024-04-02")
    assert tp.evidence[1].url == "https://example.org/i4"
    assert tp.confidence == "assumed"


def test_out_of_range_and_wrong_type_scores_name_line_and_range(tmp_path: Path) -> None:
    _, lines = run(
        tmp_path,
        """ideas:
  - title: Too big
    impact: 7
    effort: 2.5
  - {title: Words, impact: high, effort: true}
""",
    )
    assert lines == [
        f"{VISITS}:10:13: error: `ideas[1].impact` must be a whole number from 1 to 5, "
        "got the number 7 (use 1 (least) … 5 (most))",
        f"{VISITS}:11:13: error: `ideas[1].effort` must be a whole number from 1 to 5, "
        "got the number 2.5 (use 1 (least) … 5 (most))",
        f"{VISITS}:12:28: error: `ideas[2].impact` must be a whole number from 1 to 5, "
        "got the text 'high' (use 1 (least) … 5 (most))",
        f"{VISITS}:12:42: error: `ideas[2].effort` must be a whole number from 1 to 5, "
        "got the boolean true (use 1 (least) … 5 (most))",
    ]


def test_duplicate_titles_bad_dates_and_unknown_kpi(tmp_path: Path) -> None:
    _, lines = run(
        tmp_path,
        """ideas:
  - Callback
  - {title: Callback, impact: 2, effort: 2}
  - {title: Later, due: next week, kpi: NPS}
""",
    )
    assert any(
        line.startswith(f"{VISITS}:10:5: error: `ideas[2]`: the idea “Callback” is listed twice")
        for line in lines
    ), lines
    assert any(
        line.startswith(f"{VISITS}:11:25: error: `ideas[3].due` must be a date written YYYY-MM-DD")
        for line in lines
    ), lines
    assert any(
        line.startswith(f"{VISITS}:11:41: warning: idea “Later”: `kpi` names `NPS`")
        for line in lines
    ), lines


def test_evidence_urls_must_be_http_or_relative(tmp_path: Path) -> None:
    _, lines = run(
        tmp_path,
        """evidence:
  - {quote: a, url: "javascript:alert(1)"}
  - {quote: b, url: " JavaScript:alert(1)"}
  - {quote: c, url: "data:text/html,x"}
  - {quote: d, url: "//evil.example"}
  - {quote: e, url: "../../pages/study.md"}
  - {source: no quote}
""",
    )
    errors = [line for line in lines if ": error: " in line]
    assert len(errors) == 5, lines
    assert all("an http(s) address or a relative link" in e for e in errors[:4])
    assert errors[4].startswith(f"{VISITS}:14:5: error: `evidence[6]` has no `quote`")


def test_confidence_and_waive_values(tmp_path: Path) -> None:
    _, lines = run(tmp_path, "confidence: maybe\nwaive: {hotspot-without-ideas: x, raci: ''}\n")
    assert any(
        "`confidence` must be one of `observed`, `assumed`, got the text 'maybe'" in line
        for line in lines
    ), lines
    assert any(
        "warning: `waive` names an unknown rule `hotspot-without-ideas`: ignored "
        "(did you mean `hotspot-without-idea`?)" in line
        for line in lines
    ), lines
    assert any("`waive.raci` needs a reason" in line for line in lines), lines


def test_journey_metrics_with_as_of(tmp_path: Path) -> None:
    index = """---
title: Sign up
personas: [ana]
stages: [awareness, purchase]
metrics:
  - {name: NPS, value: 12, target: 30, as_of: 2024-05-31}
  - {name: CSAT, value: "4,1", as_of: yesterday}
---
## Overview
"""
    _, lines = run(tmp_path, "", index)
    assert [line.split(": error: ")[1][:40] for line in lines if ": error: " in line] == [
        "`metrics[2].as_of` must be a date writte"
    ]
    assert lines[0].startswith("content/journeys/signup/index.md:7:39:")
