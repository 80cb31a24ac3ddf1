"""How long reading git for "last updated" dates takes, next to a cold build (issue 15).

    python benchmarks/git_dates.py [--journeys 200] [--touchpoints 15] [--commits 200]
                                   [--runs 5] [--keep DIR]

Generates the synthetic handbook (benchmarks/generate.py), makes a git history of
`--commits` commits at fixed dates (the first adds every file, each later one edits a few
files of a few journeys, the way a team works), then times, in this process:

- the git read alone: `read_git_dates(project, ["content"])` (one `git log` walk), and
- a cold build: `cjmsite build` with the cache off (CJMSITE_CACHE=0), in a subprocess,

each `--runs` times, and prints the medians and the ratio (target: under 5 %).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def git(project: Path, *args: str, when: str = "") -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "-C", str(project), *args], check=True, env=env, capture_output=True)


def make_history(project: Path, commits: int, seed: int = 1) -> None:
    """`commits` commits, one a day from 2025-01-01, by five authors."""
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.email", "bench@example.org")
    git(project, "config", "commit.gpgsign", "false")
    files = sorted(p for p in (project / "content").rglob("*.md"))
    rng = random.Random(seed)
    for number in range(commits):
        # 2025-01-01T09:00:00Z plus `number` days
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1735722000 + number * 86400))
        if number:
            for path in rng.sample(files, 8):
                with path.open("a", encoding="utf-8") as handle:
                    handle.write(f"\nEdited in commit {number}.\n")
        git(project, "config", "user.name", f"Author {number % 5}")
        git(project, "add", "-A")
        git(project, "commit", "-qm", f"change {number}", when=stamp)


def median_seconds(run, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", "-n", type=int, default=200)
    parser.add_argument("--touchpoints", "-m", type=int, default=15)
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="make the handbook here and keep it")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from cjmsite.sources.git_dates import read_git_dates

    folder = args.keep or Path(tempfile.mkdtemp(prefix="cjmsite-git-bench-"))
    project = folder / "handbook"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks/generate.py"), str(project),
         "-n", str(args.journeys), "-m", str(args.touchpoints)],
        check=True, capture_output=True,
    )  # fmt: skip
    start = time.perf_counter()
    make_history(project, args.commits)
    print(f"history: {args.commits} commits in {time.perf_counter() - start:.1f} s")
    dates = read_git_dates(project, ["content"])
    print(f"files with a date: {len(dates.changes)}")
    git_read = median_seconds(lambda: read_git_dates(project, ["content"]), args.runs)
    env = {**os.environ, "CJMSITE_CACHE": "0"}
    out = folder / "out"
    command = [sys.executable, "-m", "cjmsite", "build", "-q", "--config",
               str(project / "cjmsite.yml"), "-o", str(out), "--today", "2026-01-01"]  # fmt: skip
    cold = median_seconds(lambda: subprocess.run(command, check=True, env=env), args.runs)
    print(f"git read (median of {args.runs}): {git_read * 1000:.0f} ms")
    print(f"cold build (median of {args.runs}): {cold:.2f} s")
    print(f"ratio: {git_read / cold:.1%} of a cold build (target < 5 %)")
    if args.keep is None:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
