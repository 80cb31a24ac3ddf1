"""Time `cjmsite check` on a generated handbook of 10,000 content files.

    python benchmarks/check_10k.py [--files 10000] [--runs 3] [--keep DIR]

Writes the handbook into a temporary folder (or DIR): personas, departments, channels,
chapters, and journeys of 14 touchpoints each with frontmatter of every kind, bodies
with links, so every stage of loading and resolving is exercised. Then runs
`python -m cjmsite check` as a child process `--runs` times and prints the wall seconds
of each run and their minimum. A benchmark, not a unit test: the suite does not run it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STAGES = ["awareness", "consideration", "purchase", "retention", "advocacy"]
PERSONAS, DEPARTMENTS, CHANNELS, PAGES, TOUCHPOINTS = 20, 10, 6, 20, 14
LOREM = (
    "The customer compares offers, asks a friend and reads the small print before "
    "deciding; every step costs time and trust. "
)


def write(path: Path, front: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front.strip()}\n---\n{body}\n", encoding="utf-8")


def generate(root: Path, files: int) -> int:
    """Write cjmsite.yml and content/ with `files` Markdown files; return the count."""
    content = root / "content"
    root.mkdir(parents=True, exist_ok=True)
    (root / "cjmsite.yml").write_text("title: Benchmark handbook\n", encoding="utf-8")
    count = 0
    for i in range(PERSONAS):
        write(
            content / f"personas/p{i}.md",
            f"name: Persona {i}\nsummary: Segment {i}\ngoals: [save money, save time]\n"
            f"channels: [c{i % CHANNELS}]",
            LOREM * 3,
        )
    for i in range(DEPARTMENTS):
        write(content / f"departments/d{i}.md", f"name: Department {i}\nlead: Lead {i}", LOREM)
    for i in range(CHANNELS):
        kind = "online" if i % 2 else "offline"
        write(content / f"channels/c{i}.md", f"name: Channel {i}\nkind: {kind}", LOREM)
    for i in range(PAGES):
        write(
            content / f"pages/guide/chapter-{i}.md",
            f"title: Chapter {i}\norder: {i}",
            f"## Section\n\n{LOREM * 5}\n\nSee [persona](../../personas/p{i % PERSONAS}.md).",
        )
    count = PERSONAS + DEPARTMENTS + CHANNELS + PAGES
    journey = 0
    while count < files:
        folder = content / f"journeys/j{journey}"
        persona = f"p{journey % PERSONAS}"
        write(
            folder / "index.md",
            f"title: Journey {journey}\npersonas: [{persona}]\nowner: d{journey % DEPARTMENTS}",
            f"## Overview\n\n{LOREM * 4}",
        )
        count += 1
        steps = min(TOUCHPOINTS, files - count)
        for t in range(steps):
            stage = STAGES[t * len(STAGES) // TOUCHPOINTS]
            nxt = f"{(t + 2) * 10:03d}-t{t + 1}.md" if t + 1 < steps else "index.md"
            write(
                folder / f"{(t + 1) * 10:03d}-t{t}.md",
                f"title: Step {t}\nstage: {stage}\nchannel: c{t % CHANNELS}\n"
                f"emotion: {(t % 5) - 2}\nimportance: {1 + t % 5}\n"
                f"owners: {{d{t % DEPARTMENTS}: A, d{(t + 1) % DEPARTMENTS}: R}}\n"
                "pains: [waiting, unclear prices]\nideas: [{title: Call back, status: planned}]\n"
                "metrics: [{name: CSAT, value: 3.9, target: 4.5}]",
                f"{LOREM * 2}\n\nNext: [step](./{nxt}); see [the overview](index.md#overview).",
            )
            count += 1
        journey += 1
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the handbook here and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cjmsite-10k-") as temp:
        root = args.keep or Path(temp)
        root.mkdir(parents=True, exist_ok=True)
        count = generate(root, args.files)
        print(f"{count} content files in {root}")
        times = []
        for run in range(args.runs):
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "cjmsite", "check", "--config", str(root / "cjmsite.yml")],
                cwd=REPO,  # this checkout's cjmsite, whatever else is installed
                env={**os.environ, "PYTHONPATH": str(REPO)},
                capture_output=True,
                text=True,
                check=False,
            )
            times.append(time.perf_counter() - start)
            summary = (done.stdout.strip().splitlines() or [""])[-1]
            print(f"run {run + 1}: {times[-1]:.2f} s (exit {done.returncode}) {summary}")
            if done.returncode != 0:
                print(done.stderr[-2000:], file=sys.stderr)
        print(f"cjmsite check, {count} files: {min(times):.2f} seconds (best of {args.runs})")


if __name__ == "__main__":
    main()
