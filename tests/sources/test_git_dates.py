"""sources.git_dates: one `git log` walk, parsed in one pass, odd file names included."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cjmsite.sources.git_dates import NO_GIT, parse_log, read_git_dates, repository_prefix

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, when: str = "2026-01-10T09:00:00Z", author: str = "") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    if author:
        env["GIT_AUTHOR_NAME"] = author
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def new_repo(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Ana Núñez")
    git(repo, "config", "user.email", "ana@example.com")
    git(repo, "config", "commit.gpgsign", "false")
    return repo


ODD = ['content/a "quoted".md', "content/ñandú café.md", "content/new\nline.md"]


def test_dates_and_authors_of_odd_file_names(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    for name in ODD:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("x", encoding="utf-8")
    (repo / "outside.md").write_text("x", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    (repo / ODD[1]).write_text("y", encoding="utf-8")
    git(repo, "commit", "-qam", "second", when="2026-03-05T12:30:00Z", author="Bob Ünal")
    dates = read_git_dates(repo, ["content"])
    assert dates.in_git and not dates.shallow and dates.prefix == ""
    assert set(dates.changes) == set(ODD)  # the pathspec keeps outside.md out
    assert dates.changes[ODD[0]].when == datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
    assert dates.changes[ODD[0]].author == "Ana Núñez"
    assert dates.changes[ODD[1]].when == datetime(2026, 3, 5, 12, 30, tzinfo=UTC)
    assert dates.changes[ODD[1]].author == "Bob Ünal"
    assert dates.change_of(ODD).author == "Bob Ünal"
    assert dates.change_of(["content/none.md"]) is None


def test_committer_date_in_utc_wins_over_author_date(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    (repo / "a.md").write_text("x", encoding="utf-8")
    git(repo, "add", "a.md")
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2020-01-01T00:00:00Z",
        "GIT_COMMITTER_DATE": "2026-02-03T23:30:00-05:00",
    }
    subprocess.run(["git", "-C", str(repo), "commit", "-qm", "x"], check=True, env=env)
    change = read_git_dates(repo).changes["a.md"]
    assert change.when == datetime(2026, 2, 4, 4, 30, tzinfo=UTC)


def test_paths_are_relative_to_the_project_inside_a_bigger_repository(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    project = repo / "docs" / "handbook"
    (project / "content").mkdir(parents=True)
    (project / "content" / "x.md").write_text("x", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "x")
    dates = read_git_dates(project, ["content"])
    assert list(dates.changes) == ["content/x.md"]
    assert dates.prefix == "docs/handbook/" == repository_prefix(project)


def test_outside_git_and_without_git_and_without_commits(tmp_path: Path, monkeypatch) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    assert read_git_dates(plain, ["content"]) == NO_GIT
    empty = new_repo(tmp_path / "empty")
    assert read_git_dates(empty) == NO_GIT  # a repository without commits
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    assert read_git_dates(empty) == NO_GIT


def test_shallow_clone_is_noticed(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    for day in (1, 2, 3):
        (repo / "a.md").write_text(str(day), encoding="utf-8")
        git(repo, "add", "a.md")
        git(repo, "commit", "-qm", f"day {day}", when=f"2026-01-0{day}T00:00:00Z")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)],
        check=True, capture_output=True,
    )  # fmt: skip
    assert read_git_dates(clone).shallow
    assert not read_git_dates(repo).shallow


def test_parse_log_ignores_garbage_and_keeps_the_newest() -> None:
    text = (
        "\x1ecjmsite-commit\x1f200\x1fB\x1f\0\na.md\0b.md\0"
        "\x1ecjmsite-commit\x1fnot-a-number\x1fX\x1f\0\na.md\0"
        "\x1ecjmsite-commit\x1f300\x1fC\x1fgrafted\0\nb.md\0"
    )
    changes, shallow = parse_log(text)
    assert shallow
    assert changes["a.md"].author == "B" and changes["b.md"].author == "C"
    assert parse_log("") == ({}, False)
