"""`cjmsite diff`: ideas scored and re-scored, confidence and journey KPIs changing, and
`--fail-on` with the rule names of cjmsite.yml `rules:` (old gate names still work)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from sitekit import fixture_site, write_files

from cjmsite.commands.diff import diff_command
from cjmsite.diff import run_diff

DOCS = Path(__file__).resolve().parents[2] / "docs"
SEES = "content/journeys/signup/10-sees-ad.md"
VISITS = "content/journeys/signup/20-visits-store.md"
INDEX = "content/journeys/signup/index.md"
TP = """---
title: {title}
stage: {stage}
channel: {channel}
emotion: {emotion}
importance: {importance}
owners: {{sales: A, care: R}}
{extra}---
Text.
"""


def sees(extra: str, emotion: int = 1) -> str:
    return TP.format(title="Sees an ad", stage="awareness", channel="web", emotion=emotion,
                     importance=4, extra=extra)  # fmt: skip


def visits(extra: str) -> str:
    return TP.format(title="Visits the store", stage="purchase", channel="store", emotion=-1,
                     importance=5, extra=extra)  # fmt: skip


def index(metrics: str) -> str:
    return (
        "---\ntitle: Sign up\npersonas: [ana]\nowner: sales\nstages: [awareness, purchase]\n"
        f"metrics:\n{metrics}---\n## Overview\n"
    )


BASE = {
    SEES: sees("ideas:\n  - {title: Banner, owner: sales, impact: 2, effort: 2}\n  - Later\n"),
    VISITS: visits("ideas: [Queue]\n"),
    INDEX: index("  - {name: NPS, value: 12, target: 30, as_of: 2024-05-31}\n"),
}
HEAD = {
    # Banner re-scored; Later scored; a new owner-less idea; now a hotspot with an assumed
    # emotion; the store visit loses its idea (a hotspot without an idea)
    SEES: sees(
        "ideas:\n  - {title: Banner, owner: sales, impact: 4, effort: 2, status: doing}\n"
        "  - {title: Later, impact: 1, effort: 1}\nconfidence: assumed\n",
        emotion=-1,
    ),
    VISITS: visits(""),
    INDEX: index("  - {name: NPS, value: 18, target: 30, as_of: 2024-11-30}\n"),
}


def git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    }  # fmt: skip
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, check=True,
                   capture_output=True)  # fmt: skip


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    fixture_site("minimal", root)
    write_files(root, BASE)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "switch", "-q", "-c", "change")
    write_files(root, HEAD)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "head")
    return root


def invoke(repo: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(diff_command, ["--config", str(repo / "cjmsite.yml"), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


def test_ideas_confidence_and_kpis_in_the_comparison(repo: Path) -> None:
    c = run_diff(repo / "cjmsite.yml", "main", "change").comparison
    assert c is not None
    tps = {tp.id: tp for tp in c.touchpoints}
    scores = {i.field: (i.before, i.after) for i in tps["sees-ad"].idea_scores}
    assert scores == {
        "Banner": ({"impact": 2, "effort": 2}, {"impact": 4, "effort": 2}),
        "Later": (None, {"impact": 1, "effort": 1}),
    }
    assert [(i.field, i.before, i.after) for i in tps["sees-ad"].ideas] == [
        ("Banner", "proposed", "doing")
    ]
    assert [(f.field, f.before, f.after) for f in tps["sees-ad"].fields] == [
        ("confidence", "observed", "assumed")
    ]
    [journey] = c.journeys
    [kpi] = journey.metrics
    assert (kpi.field, kpi.before["value"], kpi.after["value"]) == ("NPS", 12, 18)
    assert sorted(v[0] for v in c.new_violations) == ["assumed-hotspot", "hotspot-without-idea"]


def test_markdown_names_the_changes(repo: Path) -> None:
    code, out = invoke(repo, "main", "change")
    assert code == 0
    assert "idea “Banner” re-scored: impact 2 → 4, effort 2" in out
    assert "idea “Later” scored: impact 1, effort 1" in out
    assert "Confidence: Observed → Assumed" in out
    assert "Journey KPIs: NPS 12 → 18 (target 30)" in out


@pytest.mark.parametrize(
    ("gates", "code"),
    [
        ("hotspot-without-idea", 1),
        ("assumed-hotspot", 1),
        ("idea-without-owner", 0),  # Later has no owner on both sides: nothing new
        ("raci", 0),
        ("touchpoint-without-owner", 0),
        ("raci-violation", 0),  # the old names stay
        ("new-hotspot,raci", 1),
    ],
)
def test_fail_on_accepts_rule_names(repo: Path, gates: str, code: int) -> None:
    exit_code, _ = invoke(repo, "main", "change", "--fail-on", gates)
    assert exit_code == code


def test_unknown_gate_lists_the_rule_names(repo: Path) -> None:
    exit_code, _ = invoke(repo, "main", "change", "--fail-on", "hotspot-without-ideas")
    assert exit_code == 2


def test_json_report_matches_its_schema(repo: Path) -> None:
    code, out = invoke(repo, "main", "change", "--format", "json", "--fail-on", "assumed-hotspot")
    assert code == 1
    data = json.loads(out)
    schema = json.loads((DOCS / "diff.schema.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    assert {v["rule"] for v in data["new_violations"]} == {
        "assumed-hotspot",
        "hotspot-without-idea",
    }
    assert data["gates"]["failed"] == ["assumed-hotspot"]
