"""`cjmsite diff`: two commits of a handbook in a temporary git repository, every format."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt
from sitekit import fixture_site, write_files

from cjmsite.commands.diff import diff_command
from cjmsite.diff import run_diff
from cjmsite.diff.render_markdown import MARKER

DOCS = Path(__file__).resolve().parents[2] / "docs"
SITES_MINIMAL = Path(__file__).resolve().parents[1] / "sites" / "minimal"

TP = """---
title: {title}
stage: {stage}
channel: {channel}
emotion: {emotion}
importance: {importance}
owners: {owners}
---
{body}
"""

BASE = {
    "content/journeys/signup/10-sees-ad.md": TP.format(
        title="Sees an ad", stage="awareness", channel="web", emotion=1, importance=2,
        owners="{sales: [R, A]}", body="First contact.",
    ),
    "content/journeys/signup/20-reads-reviews.md": TP.format(
        title="Reads reviews", stage="awareness", channel="web", emotion=0, importance=3,
        owners="{care: R, sales: A}", body="Reviews on the web.",
    ),
    "content/journeys/signup/30-compares-prices.md": TP.format(
        title="Compares prices", stage="awareness", channel="web", emotion=-1, importance=5,
        owners="{sales: [R, A]}", body="Too many plans.",
    ),
}  # fmt: skip
HEAD = {
    # emotion 1 → -1 and importance 2 → 4: a new hotspot, a worse emotion
    "content/journeys/signup/10-sees-ad.md": TP.format(
        title="Sees an ad", stage="awareness", channel="web", emotion=-1, importance=4,
        owners="{sales: [R, A]}", body="First contact.",
    ),
    # moved before reads-reviews, emotion -1 → 1: the hotspot is resolved
    "content/journeys/signup/15-compares-prices.md": TP.format(
        title="Compares prices", stage="awareness", channel="web", emotion=1, importance=5,
        owners="{sales: [R, A]}", body="Too many plans.",
    ),
    # the same bytes under a new name: a rename
    "content/journeys/signup/20-reads-ratings.md": BASE[
        "content/journeys/signup/20-reads-reviews.md"
    ],
    # care R → C: sales takes R, a RACI change without a violation
    "content/journeys/signup/20-visits-store.md": TP.format(
        title="Visits the store", stage="purchase", channel="store", emotion=-1, importance=5,
        owners="{sales: [R, A], care: C}", body="See [the overview](index.md#overview).",
    ),
}  # fmt: skip
GONE = [
    "content/journeys/signup/20-reads-reviews.md",
    "content/journeys/signup/30-compares-prices.md",
]


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    }  # fmt: skip
    result = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, check=True,
        capture_output=True, text=True,
    )  # fmt: skip
    return result.stdout.strip()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """main: the base handbook; branch `change` (checked out): the head handbook."""
    root = tmp_path_factory.mktemp("repo")
    fixture_site("minimal", root)
    write_files(root, BASE)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "switch", "-q", "-c", "change")
    for name in GONE:
        (root / name).unlink()
    write_files(root, HEAD)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "head")
    return root


def invoke(repo: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(diff_command, ["--config", str(repo / "cjmsite.yml"), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_comparison_finds_each_kind_of_change(repo: Path) -> None:
    report = run_diff(repo / "cjmsite.yml", "main", "change")
    c = report.comparison
    assert c is not None
    assert c.entities["touchpoints"].renamed == [("signup/reads-reviews", "signup/reads-ratings")]
    assert c.entities["touchpoints"].added == [] and c.entities["touchpoints"].removed == []
    tps = {tp.id: tp for tp in c.touchpoints}
    assert tps["reads-ratings"].renamed_from == "signup/reads-reviews"
    assert (tps["compares-prices"].position.before, tps["compares-prices"].position.after) == (3, 2)
    assert [(e.persona, e.before, e.after) for e in tps["sees-ad"].emotion] == [("ana", 1, -1)]
    assert [(r.field, r.before, r.after) for r in tps["visits-store"].raci] == [
        ("care", "R", "C"),
        ("sales", "A", "RA"),
    ]
    assert [(p.touchpoint, p.persona) for p in c.new_hotspots] == [("sees-ad", "ana")]
    assert [(p.touchpoint, p.persona) for p in c.resolved_hotspots] == [("compares-prices", "ana")]
    assert (c.pain_before, c.pain_after) == (10, 9)
    assert report.verdict.startswith("Mixed: 1 new hotspot, 1 emotion lower, 1 hotspot resolved")


def test_markdown_is_commonmark_with_a_wellformed_mermaid_chart(repo: Path) -> None:
    code, out, _ = invoke(repo, "main", "change")
    assert code == 0
    assert out.startswith(MARKER + "\n**Journey impact:** Mixed:")
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    fences = [t for t in tokens if t.type == "fence"]
    assert [t.info for t in fences] == ["mermaid"]
    assert any(t.type == "table_open" for t in tokens)
    labels, lines = check_xychart(fences[0].content)
    assert labels == ["Sees an ad", "Compares prices", "Reads reviews", "Visits the store"]
    assert lines == [[1, -1, 0, -1], [-1, 1, 0, -1]]
    assert "renamed from `signup/reads-reviews`" in out
    assert "reordered: #3 → #2" in out
    assert "Ana: 1 → -1 ▼ worse" in out
    assert "Customer Care: R → C" in out  # departments by name
    assert "**New hotspots:**" in out and "**Resolved hotspots:**" in out


def check_xychart(block: str) -> tuple[list[str], list[list[float]]]:
    """Assert the xychart-beta grammar: header, title, x-axis [..], y-axis "t" a --> b,
    line [..] of the x-axis' length; returns the labels and lines."""
    text = block
    if text.startswith("---\n"):
        front, _, text = text[4:].partition("\n---\n")
        assert front.startswith("config:")
    rows = [r.strip() for r in text.strip().splitlines()]
    assert rows[0] == "xychart-beta"
    assert re.fullmatch(r'title "[^"]+"', rows[1])
    x = re.fullmatch(r"x-axis \[(.*)\]", rows[2])
    assert x
    labels = re.findall(r'"([^"]*)"', x.group(1))
    assert x.group(1) == ", ".join(f'"{label}"' for label in labels)
    y = re.fullmatch(r'y-axis "[^"]+" (-?[\d.]+) --> (-?[\d.]+)', rows[3])
    assert y and float(y.group(1)) < float(y.group(2))
    lines = []
    for row in rows[4:]:
        match = re.fullmatch(r"line \[(.*)\]", row)
        assert match, row
        values = [float(v) for v in match.group(1).split(", ")]
        assert len(values) == len(labels)
        assert all(float(y.group(1)) <= v <= float(y.group(2)) for v in values)
        lines.append(values)
    assert len(lines) == 2
    return labels, lines


def test_json_follows_the_documented_schema(repo: Path) -> None:
    code, out, _ = invoke(repo, "--format", "json", "main", "change")
    assert code == 0
    data = json.loads(out)
    schema = json.loads((DOCS / "diff.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["summary"]["new_hotspots"] == 1 and data["summary"]["resolved_hotspots"] == 1
    assert data["entities"]["touchpoints"]["renamed"] == [
        {"before": "signup/reads-reviews", "after": "signup/reads-ratings"}
    ]
    journey = data["journeys"][0]
    assert journey["pain_priority"] == {"before": 10, "after": 9, "delta": -1}
    store = next(tp for tp in journey["touchpoints"] if tp["id"] == "visits-store")
    assert store["raci"][0] == {"department": "care", "before": "R", "after": "C"}


def test_html_is_standalone_and_deterministic(repo: Path) -> None:
    code, out, _ = invoke(repo, "--format", "html", "main", "change")
    assert code == 0
    assert out.startswith("<!doctype html>")
    assert out.count("<svg") == 1 and 'id="chart-diff-signup"' in out
    assert "Ana before" in out and "Ana after" in out
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", out)
    assert "<script" not in out
    assert invoke(repo, "--format", "html", "main", "change")[1] == out


def test_defaults_compare_merge_base_with_the_working_tree(repo: Path) -> None:
    code, out, _ = invoke(repo, "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["base"]["commit"] == git(repo, "rev-parse", "main")
    assert data["head"] == {"label": "working tree", "rev": None, "commit": None, "ok": True,
                            "errors": []}  # fmt: skip
    assert data["summary"]["new_hotspots"] == 1


@pytest.mark.parametrize(
    ("gates", "code"),
    [
        ("new-hotspot", 1),
        ("worse-emotion", 1),
        ("raci-violation", 0),
        ("more-pain", 0),
        ("raci-violation,more-pain", 0),
        ("more-pain,new-hotspot", 1),
    ],
)
def test_fail_on_sets_the_exit_code(repo: Path, gates: str, code: int) -> None:
    assert invoke(repo, "--fail-on", gates, "main", "change")[0] == code


def test_fail_on_raci_violation_and_unknown_gate(repo: Path) -> None:
    assert invoke(repo, "--fail-on", "raci-violation", "change", "main")[0] == 0
    code, _, err = invoke(repo, "--fail-on", "worse-moods", "main", "change")
    assert code == 2 and "unknown gate `worse-moods`" in err


def test_a_new_raci_violation_fails_its_gate(repo: Path, tmp_path: Path) -> None:
    path = repo / "content/journeys/signup/20-visits-store.md"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace("{sales: [R, A], care: C}", "{sales: R, care: C}"))
        code, out, _ = invoke(repo, "--fail-on", "raci-violation", "main")
        assert code == 1
        assert "⚠ no A (accountable)" in out  # the rule, in the handbook's words
    finally:
        path.write_text(original, encoding="utf-8")


def test_a_revision_with_errors_is_reported(repo: Path) -> None:
    path = repo / "content/journeys/signup/10-sees-ad.md"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace("channel: web", "channel: wbe"), encoding="utf-8")
        code, out, err = invoke(repo, "main")
        assert code == 3
        assert "Cannot compare: working tree has content errors." in out
        assert "unknown channel `wbe`" in out
        assert "working tree has content errors" in err
    finally:
        path.write_text(original, encoding="utf-8")


def test_unknown_revision_is_a_usage_error(repo: Path) -> None:
    code, _, err = invoke(repo, "no-such-branch")
    assert code == 2 and "unknown revision `no-such-branch`" in err


def test_unchanged_handbook(repo: Path) -> None:
    code, out, _ = invoke(repo, "change", "change")
    assert code == 0
    assert "No change to the handbook's journeys." in out


def test_error_report_json_follows_the_schema(repo: Path) -> None:
    path = repo / "content/journeys/signup/10-sees-ad.md"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace("channel: web", "channel: wbe"), encoding="utf-8")
        code, out, _ = invoke(repo, "--format", "json", "main")
    finally:
        path.write_text(original, encoding="utf-8")
    data = json.loads(out)
    schema = json.loads((DOCS / "diff.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert code == 3 and data["status"] == "errors" and data["exit_code"] == 3
    assert data["head"]["ok"] is False and data["head"]["errors"]


def two_commits(
    root: Path, base: dict[str, str], head: dict[str, str], gone: tuple[str, ...] = ()
) -> Path:
    """A repository at `root` with the minimal handbook plus `base` on main~1 and `head`
    (written over it, `gone` deleted) on main; returns the configuration's path."""
    config = fixture_site("minimal", root)
    write_files(root, base)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    for name in gone:
        (root / name).unlink()
    write_files(root, head)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", "head")
    return config


@pytest.mark.slow
def test_a_handbook_in_a_subfolder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "docs/cx"
    config = fixture_site("minimal", project)
    write_files(tmp_path, {"README.md": "A repository with a handbook in docs/cx.\n"})
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "base")
    ad = project / "content/journeys/signup/10-sees-ad.md"
    ad.write_text(ad.read_text(encoding="utf-8").replace("emotion: 1", "emotion: -1"))
    git(tmp_path, "commit", "-q", "-am", "head")
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    for config_arg in (str(config), "docs/cx/cjmsite.yml"):
        result = runner.invoke(diff_command, ["--config", config_arg, "main~1", "main"])
        assert result.exit_code == 0, result.stderr
        assert "Ana: 1 → -1 ▼ worse" in result.stdout
    monkeypatch.chdir(project)
    result = runner.invoke(diff_command, ["main~1", "main"])
    assert result.exit_code == 0, result.stderr
    assert "Ana: 1 → -1 ▼ worse" in result.stdout
    monkeypatch.chdir(project / "content")
    result = runner.invoke(diff_command, ["--config", "../cjmsite.yml", "main~1"])
    assert result.exit_code == 0, result.stderr  # against the working tree


def test_an_unwritable_output_is_a_usage_error(repo: Path, tmp_path: Path) -> None:
    code, out, err = invoke(repo, "main", "change", "-o", str(tmp_path / "no/such/dir/x.md"))
    assert code == 2 and out == ""
    assert "diff failed: cannot write" in err and "x.md" in err


def test_outside_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    config = fixture_site("minimal", tmp_path / "site")
    result = CliRunner().invoke(diff_command, ["--config", str(config)])
    assert result.exit_code == 2
    assert "not inside a git repository" in result.stderr
    assert "default branch" not in result.stderr


def test_a_renamed_department_changes_no_raci(tmp_path: Path) -> None:
    care = "content/departments/care.md"
    config = fixture_site("minimal", tmp_path)
    write_files(tmp_path, BASE)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "base")
    git(tmp_path, "mv", care, "content/departments/support.md")
    for path in sorted((tmp_path / "content/journeys").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        text = text.replace("care: ", "support: ").replace("care}", "support}")
        path.write_text(text, encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "rename care")
    report = run_diff(config, "main~1", "main")
    c = report.comparison
    assert c is not None
    assert c.entities["departments"].renamed == [("care", "support")]
    assert c.entities["departments"].changed == {}
    assert [tp.raci for tp in c.touchpoints if tp.raci] == []
    assert c.touchpoints == []
    code, out, _ = invoke(tmp_path, "main~1", "main")
    assert code == 0 and "Customer Care:" not in out
    assert "renamed `care` → `support`" in out


def test_list_fields_show_added_and_removed_items(tmp_path: Path) -> None:
    index = "content/journeys/signup/index.md"
    original = (SITES_MINIMAL / index).read_text(encoding="utf-8")
    maria = (SITES_MINIMAL / "content/personas/ana.md").read_text(encoding="utf-8")
    head = {
        "content/personas/maria.md": maria.replace("name: Ana", "name: Maria"),
        index: original.replace("personas: [ana]", "personas: [ana, maria]").replace(
            "stages: [awareness, purchase]", "stages: [awareness, purchase, retention]"
        ),
    }
    two_commits(tmp_path, {}, head)
    code, out, _ = invoke(tmp_path, "main~1", "main")
    assert code == 0
    assert "- Personas: added `maria`" in out
    assert "- Stages: added `retention`" in out
    assert "['" not in out
    html = invoke(tmp_path, "--format", "html", "main~1", "main")[1]
    assert "Personas: added <code>maria</code>" in html


def test_a_reorder_names_the_touchpoint_whose_number_changed(tmp_path: Path) -> None:
    j = "content/journeys/signup/"
    tp = TP.format(title="{}", stage="awareness", channel="web", emotion=0, importance=2,
                   owners="{sales: [R, A]}", body="Text.")  # fmt: skip
    base = {j + "30-compares-plans.md": tp.replace("{}", "Compares plans"),
            j + "40-reads-reviews.md": tp.replace("{}", "Reads reviews")}  # fmt: skip
    config = two_commits(tmp_path, base, {})
    git(tmp_path, "mv", j + "30-compares-plans.md", j + "45-compares-plans.md")
    git(tmp_path, "mv", j + "10-sees-ad.md", j + "05-sees-ad.md")  # renumbered, same place
    git(tmp_path, "commit", "-q", "-m", "move compares-plans after reads-reviews")
    c = run_diff(config, "main~1", "main").comparison
    assert c is not None
    moved = {tp.id: (tp.position.before, tp.position.after) for tp in c.touchpoints if tp.position}
    assert moved == {"compares-plans": (2, 3)}
    assert "reordered: #2 → #3" in invoke(tmp_path, "main~1", "main")[1]
    # when every moved touchpoint's number changed, the smallest set is reported
    git(tmp_path, "mv", j + "40-reads-reviews.md", j + "35-reads-reviews.md")
    git(tmp_path, "commit", "-q", "-m", "both renumbered")
    c = run_diff(config, "main~2", "main").comparison
    assert c is not None
    assert [tp.id for tp in c.touchpoints if tp.position] == ["compares-plans"]


def test_removed_hotspots_are_not_resolved(tmp_path: Path) -> None:
    gone = "content/journeys/signup/30-compares-prices.md"
    config = two_commits(tmp_path, BASE, {}, (gone,))
    report = run_diff(config, "main~1", "main")
    c = report.comparison
    assert c is not None
    assert c.resolved_hotspots == [] and c.resolved_pain_points == []
    assert [(p.touchpoint, p.persona) for p in c.removed_hotspots] == [("compares-prices", "ana")]
    assert c.pain_after < c.pain_before
    assert not report.verdict.startswith("Better")
    assert "1 hotspot removed with its touchpoint or persona" in report.verdict
    assert "of it from removed touchpoints" in report.verdict
    assert "hotspot removed with the touchpoint (Ana)" in invoke(tmp_path, "main~1", "main")[1]
    data = json.loads(invoke(tmp_path, "--format", "json", "main~1", "main")[1])
    schema = json.loads((DOCS / "diff.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["summary"]["resolved_hotspots"] == 0 and data["summary"]["removed_hotspots"] == 1
    assert data["journeys"][0]["hotspots"]["removed"][0]["gone"] is True


def test_metric_targets_and_stage_moves_keep_their_written_form(tmp_path: Path) -> None:
    ad = "content/journeys/signup/10-sees-ad.md"
    text = (SITES_MINIMAL / ad).read_text(encoding="utf-8")
    metric = "metrics:\n  - {name: CSAT, value: 3.5, target: 4.0}\n---\n"
    base = {ad: text.replace("---\n", metric, 2).replace(metric, "---\n", 1)}
    head = {ad: base[ad].replace("value: 3.5", "value: 3").replace("awareness", "purchase")}
    assert "target: 4.0" in base[ad] and "stage: purchase" in head[ad]
    two_commits(tmp_path, base, head)
    code, out, _ = invoke(tmp_path, "main~1", "main")
    assert code == 0
    assert "metric CSAT: 3.5 (target 4.0) → 3 (target 4.0)" in out
    assert "moved Awareness → Purchase" in out
    data = json.loads(invoke(tmp_path, "--format", "json", "main~1", "main")[1])
    metric_json = data["journeys"][0]["touchpoints"][0]["metrics"][0]
    assert metric_json["before"] == {"value": 3.5, "target": 4.0}
    html = invoke(tmp_path, "--format", "html", "main~1", "main")[1]
    assert "<td>Purchase</td>" in html and "moved Awareness → Purchase" in html


def test_status_review_and_tag_changes(tmp_path: Path) -> None:
    """Issue 15: a journey validated, reviewed and tagged shows each change."""
    index = "content/journeys/signup/index.md"
    original = (SITES_MINIMAL / index).read_text(encoding="utf-8")
    tagged = "title: Minimal handbook\ntags: [{id: loyalty, name: Fidelización}]\n"
    base = {
        "cjmsite.yml": tagged,
        index: original.replace("owner: sales", "owner: sales\nstatus: draft"),
    }
    head = {
        "cjmsite.yml": tagged,
        index: original.replace(
            "owner: sales", "owner: sales\nstatus: validated\nreviewed: 2026-05-14\ntags: [loyalty]"
        ),
    }
    two_commits(tmp_path, base, head)
    code, out, _ = invoke(tmp_path, "main~1", "main")
    assert code == 0
    assert "- Status: Draft → Validated" in out and "- Last reviewed: – → 2026-05-14" in out
    assert "loyalty" in out
    data = json.loads(invoke(tmp_path, "--format", "json", "main~1", "main")[1])
    journey = next(j for j in data["journeys"] if j["id"] == "signup")
    fields = {f["field"]: (f["before"], f["after"]) for f in journey["fields"]}
    assert fields["status"] == ("draft", "validated")
    assert fields["reviewed"] == (None, "2026-05-14")
