"""Time `cjmsite check` (and `build`) on hostile inputs of about 1 MB (issue 18).

    python benchmarks/pathological.py [--runs 3] [--build]

Each case is the minimal fixture handbook with one touchpoint (or asset) replaced by a
pathological one, checked by `python -m cjmsite check` in a child process (interpreter
start-up and imports included), `--runs` times; the minimum and maximum wall seconds are
printed, with the minimum of `cjmsite.check()` called in this process (imports warm: the
cost of the input itself).
Target: every case ≤ 2 s. Before issue 18, 480,000 lines took 378 s and 300,000 × `*a`
ran `build` past 120 s. A benchmark, not a unit test: the suite does not run it.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "sites" / "minimal"
TOUCHPOINT = "content/journeys/signup/10-sees-ad.md"
FRONT = "---\ntitle: Sees an ad\nstage: awareness\nchannel: web\nemotion: 1\nimportance: 2\n"
CONFIG = "title: Pathological handbook\nmax_file_size: 2000000\n"  # let 1 MB bodies be read


def body(text: str) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        (root / TOUCHPOINT).write_text(FRONT + "---\n" + text, encoding="utf-8")

    return write


def aliases(root: Path) -> None:  # the case: 400,000 × x repeated by 4,000 aliases
    refs = ", ".join(["*t"] * 4_000)
    text = f'{FRONT}evidence: [&t "{"x" * 400_000}"]\npains: [{refs}]\n---\n'
    (root / TOUCHPOINT).write_text(text, encoding="utf-8")


def svg(compress: bool) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        padding = "<!-- " + "x" * 1_000_000 + " -->"
        data = f'<svg xmlns="http://www.w3.org/2000/svg">{padding}<circle r="1"/></svg>'.encode()
        name = "content/assets/big.svgz" if compress else "content/assets/big.svg"
        (root / name).write_bytes(gzip.compress(data) if compress else data)

    return write


UNDER_LIMITS = "".join(f"Line {n} *with* a [link](#x) and `code`.\n\n" for n in range(3_300))
CASES: dict[str, Callable[[Path], None]] = {
    "baseline: the fixture handbook, unchanged": lambda root: None,
    "500,000 lines of `a` (1.0 MB)": body("a\n" * 500_000),
    "300,000 × `*a` (0.6 MB)": body("*a" * 300_000),
    "500,000 × `*a` (1.0 MB)": body("*a" * 500_000),
    "500,000 × `[a` (1.0 MB)": body("[a" * 500_000),
    "9,000 × `![a` in one paragraph": body("![a" * 9_000),
    "20,000 reference links on one line": body("[a][r] " * 20_000 + "\n\n[r]: /x\n"),
    "19,998 lines, 9,999 paragraphs (just under the limits)": body("a\n\n" * 9_999),
    "6,600 lines with 19,800 marks (just under the limits)": body(UNDER_LIMITS),
    "4,000 aliases of a 400,000-char string (414 KB)": aliases,
    "1 MB SVG, whole file parsed": svg(False),
    "1 MB SVG gzipped (.svgz)": svg(True),
}


def run(root: Path, command: str) -> tuple[float, int]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "CJMSITE_CACHE": "0"}
    args = [sys.executable, "-m", "cjmsite", command, "-q", "--config", str(root / "cjmsite.yml")]
    if command == "build":
        args += ["-o", str(root / "out")]
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, check=False)
    return time.perf_counter() - start, done.returncode


def in_process(root: Path, runs: int) -> float:
    from cjmsite import check  # imported once, outside the timing

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        check(root / "cjmsite.yml")
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build", action="store_true", help="also time `build`")
    options = parser.parse_args()
    commands = ["check", "build"] if options.build else ["check"]
    heads = " | ".join(f"`{c}` s (min–max), exit" for c in commands)
    print(f"| case | check() in process, min s | {heads} |")
    print(f"|---|---:|{'---:|' * len(commands)}")
    with tempfile.TemporaryDirectory(prefix="cjmsite-patho-") as tmp:
        for name, make in CASES.items():
            root = Path(tmp) / "site"
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(FIXTURE, root)
            (root / "cjmsite.yml").write_text(CONFIG, encoding="utf-8")
            make(root)
            cells = [f"{in_process(root, options.runs):.2f}"]
            for command in commands:
                times, codes = zip(*(run(root, command) for _ in range(options.runs)), strict=True)
                cells.append(f"{min(times):.2f}–{max(times):.2f}, {codes[0]}")
            print(f"| {name} | {' | '.join(cells)} |", flush=True)


if __name__ == "__main__":
    main()
