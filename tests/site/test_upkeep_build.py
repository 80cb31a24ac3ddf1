"""Issue 15 end to end: a handbook in git, built with --today: dates, authors, staleness,
the needs-review list, the rule stale-journey; the same content outside git and shallow."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjmsite.commands.main import main
from cjmsite.site.pipeline import build, check
from tests.sitekit import fixture_site, write_files

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.slow,  # git repositories with dated commits, and builds
]

JOURNEY = """---
title: {title}
personas: [ana]
owner: sales
stages: [awareness]
{extra}---
Text.
"""
STEP = """---
title: Step
stage: awareness
channel: web
emotion: 1
importance: 2
owners: {sales: [R, A]}
---
"""


def git(repo: Path, *args: str, when: str = "", author: str = "") -> None:
    env = dict(os.environ)
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    if author:
        env["GIT_AUTHOR_NAME"] = author
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def handbook(repo: Path, language: str = "en") -> Path:
    """The minimal fixture plus two journeys, committed at fixed dates by two people."""
    config = fixture_site("minimal", repo)
    config.write_text(
        f"title: Kept handbook\nlanguage: {language}\nrepo_url: https://github.com/acme/cx\n"
        "edit_branch: trunk\nstale_after_days: 180\n"
        "tags: [{id: loyalty, name: Fidelización}]\nrules: {stale-journey: warning}\n",
        encoding="utf-8",
    )
    write_files(repo, {
        "content/journeys/renew/index.md": JOURNEY.format(
            title="Renew", extra="reviewed: 2026-02-01\ntags: [loyalty]\nstatus: validated\n"
        ),
        "content/journeys/renew/10-step.md": STEP,
        "content/journeys/fresh/index.md": JOURNEY.format(
            title="Fresh", extra="reviewed: 2026-11-20\n"
        ),
        "content/journeys/fresh/10-step.md": STEP,
        "content/journeys/old/index.md": JOURNEY.format(title="Old", extra="status: archived\n"),
        "content/journeys/old/10-step.md": STEP,
    })  # fmt: skip
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Ana Núñez")
    git(repo, "config", "user.email", "ana@example.com")
    git(repo, "config", "commit.gpgsign", "false")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first", when="2026-01-10T09:00:00Z")
    touchpoint = repo / "content/journeys/signup/20-visits-store.md"
    touchpoint.write_text(touchpoint.read_text("utf-8") + "\nMore.\n", encoding="utf-8")
    git(repo, "commit", "-qam", "second", when="2026-03-05T12:30:00Z", author="Bob Ünal")
    return config


def run_build(config: Path, out: Path, *extra: str) -> str:
    args = ["build", "--config", str(config), "-o", str(out), *extra]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return result.output


def read(out: Path, page: str) -> str:
    return (out / page).read_text(encoding="utf-8")


def test_dates_authors_badges_and_needs_review(tmp_path: Path) -> None:
    config = handbook(tmp_path / "repo")
    out = tmp_path / "out"
    output = run_build(config, out, "--today", "2026-12-04")
    signup = read(out, "journeys/signup/index.html")
    # the journey counts its touchpoints: the newest is Bob's change to 20-visits-store.md
    assert '<time datetime="2026-03-05T12:30:00Z">March 5, 2026</time> by Bob Ünal' in signup
    assert "Needs review" in signup  # 274 days since its last change, over 180
    persona = read(out, "personas/ana/index.html")
    assert '<time datetime="2026-01-10T09:00:00Z">January 10, 2026</time>' in persona
    assert " by " not in persona.split("page-upkeep")[1]  # authors on journey pages only
    assert 'href="https://github.com/acme/cx/edit/trunk/content/journeys/signup/index.md"' in signup
    home = read(out, "index.html")
    review = home.split('id="review-title"')[1].split("</section>")[0]
    assert review.index("Renew") < review.index("Sign up")  # 2026-02-01 before 2026-03-05
    assert "Fresh" not in review and "Old" not in review  # recent; archived
    assert "Old" not in home.split('id="journeys-title"')[1].split("</section>")[0]
    assert "Archived" in read(out, "journeys/old/index.html")
    tags = read(out, "tags/index.html")
    assert "Fidelización" in tags and "Renew" in tags
    data = json.loads(read(out, "data/site.json"))
    renew = next(j for j in data["journeys"] if j["id"] == "renew")
    assert renew["updated"] == "2026-01-10T09:00:00Z" and renew["updated_by"] == "Ana Núñez"
    assert renew["reviewed"] == "2026-02-01" and renew["stale"] is True
    assert renew["status"] == "validated" and renew["tags"] == ["loyalty"]
    assert data["needs_review"] == ["renew", "signup"]
    assert data["site"]["today"] == "2026-12-04"
    assert "renew" in output and "[stale-journey]" in output  # the rule, as a warning


def test_today_decides_what_is_stale(tmp_path: Path) -> None:
    config = handbook(tmp_path / "repo")
    out = tmp_path / "out"
    run_build(config, out, "--today", "2026-06-01")  # 91 and 120 days: both fresh
    assert 'id="review-title"' not in read(out, "index.html")
    assert json.loads(read(out, "data/site.json"))["needs_review"] == []


def test_spanish_dates(tmp_path: Path) -> None:
    config = handbook(tmp_path / "repo", language="es")
    out = tmp_path / "out"
    run_build(config, out, "--today", "2026-12-04")
    signup = read(out, "journeys/signup/index.html")
    assert "5 de marzo de 2026</time>, por Bob Ünal" in signup
    assert "Editar esta página" in signup and "Necesita revisión" in signup


def test_rule_levels_in_check(tmp_path: Path) -> None:
    config = handbook(tmp_path / "repo")
    text = config.read_text("utf-8")
    config.write_text(text.replace("stale-journey: warning", "stale-journey: error"), "utf-8")
    result = CliRunner().invoke(main, ["check", "--config", str(config), "--today", "2026-12-04"])
    assert result.exit_code == 1 and "error: journey `renew`" in result.output
    config.write_text(text.replace("stale-journey: warning", "stale-journey: off"), "utf-8")
    assert check(config, today="2026-12-04").ok
    assert not check(config, today="2026-12-04").warnings
    bad = CliRunner().invoke(main, ["check", "--config", str(config), "--today", "04/12/2026"])
    assert bad.exit_code == 2


def test_one_git_process_per_build_and_deterministic(tmp_path: Path, monkeypatch) -> None:
    config = handbook(tmp_path / "repo")
    import cjmsite.sources.git_dates as git_dates

    calls: list[list[str]] = []
    real = git_dates.subprocess.run

    def counting(command, *args, **kwargs):  # type: ignore[no-untyped-def]
        if command and command[0] == "git":
            calls.append(command)
        return real(command, *args, **kwargs)

    monkeypatch.setattr(git_dates.subprocess, "run", counting)
    first, second = tmp_path / "a", tmp_path / "b"
    assert build(config, output_dir=first, today="2026-12-04", use_cache=False).written
    assert len(calls) == 1  # pagefind runs through subprocess too: only git is counted
    assert build(config, output_dir=second, today="2026-12-04", use_cache=False).written
    assert read(first, "index.html") == read(second, "index.html")
    assert read(first, "data/site.json") == read(second, "data/site.json")


def test_outside_git_and_in_a_shallow_clone(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    handbook(repo)
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git", ".cjmsite*"))
    out = tmp_path / "out-plain"
    output = run_build(plain / "cjmsite.yml", out, "--today", "2026-12-04")
    # nothing alarming: the one warning is the rule's, about the journey reviewed long ago
    assert "shallow" not in output and "fatal" not in output and "1 warning" in output
    signup = read(out, "journeys/signup/index.html")
    assert "<time datetime=" not in signup.split("page-upkeep")[1]
    assert "Edit this page" in signup  # the path is relative to the project then
    data = json.loads(read(out, "data/site.json"))
    assert all(j["updated"] is None for j in data["journeys"])
    assert data["needs_review"] == ["renew"]  # reviewed dates still count, git dates do not

    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)],
        check=True, capture_output=True,
    )  # fmt: skip
    result = build(clone / "cjmsite.yml", output_dir=tmp_path / "out-shallow", today="2026-12-04")
    shallow = [d for d in result.warnings if "shallow" in d.message]
    assert len(shallow) == 1 and "fetch-depth: 0" in shallow[0].hint
    strict = CliRunner().invoke(
        main, ["build", "--strict", "--config", str(clone / "cjmsite.yml"),
               "-o", str(tmp_path / "out-strict"), "--today", "2026-12-04"],
    )  # fmt: skip
    assert strict.exit_code == 1 and "shallow git clone" in strict.output


def test_a_commit_without_content_changes_still_updates_the_dates(tmp_path: Path) -> None:
    """The build cache keys on the git history: committing an edit already built shows."""
    repo = tmp_path / "repo"
    config = handbook(repo)
    out = tmp_path / "out"
    page = repo / "content/personas/ana.md"
    page.write_text(page.read_text("utf-8") + "\nEdited.\n", encoding="utf-8")
    assert build(config, output_dir=out, today="2026-12-04").written
    assert "January 10, 2026" in read(out, "personas/ana/index.html")
    git(repo, "commit", "-qam", "third", when="2026-04-01T08:00:00Z")
    assert build(config, output_dir=out, today="2026-12-04").written
    assert "April 1, 2026" in read(out, "personas/ana/index.html")
    assert "April 1, 2026" not in read(out, "journeys/signup/index.html")


def test_an_author_name_with_markup_is_escaped(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    config = handbook(repo)
    page = repo / "content/journeys/signup/index.md"
    page.write_text(page.read_text("utf-8") + "\nMore.\n", encoding="utf-8")
    hostile = 'Ana & <img src=x onerror="alert(1)">'  # git itself drops < and >
    git(repo, "commit", "-qam", "x", when="2026-04-01T08:00:00Z", author=hostile)
    out = tmp_path / "out"
    run_build(config, out, "--today", "2026-12-04")
    signup = read(out, "journeys/signup/index.html")
    upkeep = signup.split("page-upkeep")[1].split("</footer>")[0]
    assert "by Ana &amp; img src=x onerror=&#34;alert(1)</p>" in upkeep


def test_edit_urls_are_encoded_from_the_repository_top() -> None:
    from dataclasses import replace

    from cjmsite.analysis.freshness import edit_url, with_history
    from cjmsite.sources.git_dates import GitDates
    from tests.modelkit import make_config, make_site

    site = make_site({"a": {"touchpoints": []}})
    site = replace(site, config=make_config(repo_url="https://github.com/acme/cx"))
    inside = with_history(site, GitDates({}, "docs/manual de CX/", True), "2026-12-04")
    url = edit_url(inside, "content/journeys/añadir/10-paso #1.md")
    assert url == (
        "https://github.com/acme/cx/edit/main/docs/manual%20de%20CX/content/journeys/"
        "a%C3%B1adir/10-paso%20%231.md"
    )
    assert edit_url(site, "content/x.md") == "https://github.com/acme/cx/edit/main/content/x.md"
    assert edit_url(replace(site, config=make_config()), "content/x.md") == ""


def test_serve_reads_git_again_only_when_head_moves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cjmsite.site import upkeep
    from cjmsite.site.incremental import IncrementalBuilder

    repo = tmp_path / "repo"
    config = handbook(repo)
    reads: list[Path] = []
    real = upkeep.read_git_dates
    monkeypatch.setattr(
        upkeep, "read_git_dates", lambda root, paths: reads.append(root) or real(root, paths)
    )
    builder = IncrementalBuilder(config, tmp_path / "site")
    step = repo / "content/journeys/signup/20-visits-store.md"
    assert builder.build().result.written and len(reads) == 1
    step.write_text(step.read_text("utf-8") + "\nEven more.\n", encoding="utf-8")
    assert builder.build().result.written and len(reads) == 1  # HEAD as it was
    git(repo, "commit", "-qam", "third", when="2026-06-01T08:00:00Z", author="Cy")
    assert builder.build().result.written and len(reads) == 2
    page = (tmp_path / "site/journeys/signup/index.html").read_text("utf-8")
    assert '<time datetime="2026-06-01T08:00:00Z">June 1, 2026</time> by Cy' in page


def test_build_keeps_git_dates_in_its_cache_while_head_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cjmsite.site import upkeep

    repo = tmp_path / "repo"
    config = handbook(repo)
    reads: list[Path] = []
    real = upkeep.read_git_dates
    monkeypatch.setattr(
        upkeep, "read_git_dates", lambda root, paths: reads.append(root) or real(root, paths)
    )
    out = tmp_path / "out"
    assert build(config, output_dir=out, today="2026-12-04").written and len(reads) == 1
    step = repo / "content/journeys/signup/20-visits-store.md"
    step.write_text(step.read_text("utf-8") + "\nEven more.\n", encoding="utf-8")
    assert build(config, output_dir=out, today="2026-12-04").written and len(reads) == 1
    git(repo, "commit", "-qam", "third", when="2026-06-01T08:00:00Z", author="Cy")
    assert build(config, output_dir=out, today="2026-12-04").written and len(reads) == 2
    page = (out / "journeys/signup/index.html").read_text("utf-8")
    assert '<time datetime="2026-06-01T08:00:00Z">June 1, 2026</time> by Cy' in page
