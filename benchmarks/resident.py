"""Time `cjmsite serve`'s rebuild after one edit: the builder a resident process keeps.

    python benchmarks/resident.py [HANDBOOK] [-r 5]

`cjmsite serve` rebuilds in-process with the model, the parse and body caches, the
compiled templates and the page manifest in memory, is told by its watcher which file
was saved, writes the pages showing that file first (and reloads the browsers then),
makes the rest of the site, and indexes search in the background afterwards (not timed
here). This times, for a sentence appended to one touchpoint's narrative and for one
emotion score changed (frontmatter), each the median of `-r` edits: the pages written
ahead ("first pages": what the browser waits for), the whole rebuild, and its CPU time.
HANDBOOK defaults to a generated 200 x 15 one. benchmarks/serve_latency.py times a real
`cjmsite serve` from the save to the page, watcher and HTTP included.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import Size, generate


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("handbook", type=Path, nargs="?", help="folder holding cjmsite.yml")
    parser.add_argument("--rounds", "-r", type=int, default=5)
    args = parser.parse_args(argv)
    from cjmsite.site.incremental import IncrementalBuilder

    work = Path(tempfile.mkdtemp(prefix="cjmsite-resident-"))
    handbook = args.handbook
    if handbook is None:
        handbook = work / "handbook"
        generate(handbook, Size(200, 15))
    builder = IncrementalBuilder(handbook / "cjmsite.yml", work / "site")
    start = time.perf_counter()
    first = builder.build()
    pages = first.rendered
    print(f"first build: {time.perf_counter() - start:.2f} s, {pages} pages")
    builder.settle()
    scalar = re.compile(r"(?m)^(emotion: )-?\d+$")  # a touchpoint with one emotion score
    target = next(
        p
        for p in sorted((handbook / "content" / "journeys").rglob("*.md"))
        if p.name != "index.md" and scalar.search(p.read_text(encoding="utf-8"))
    )
    original = target.read_text(encoding="utf-8")

    def body(round_no: int) -> str:
        return original + f"\nEdited {round_no}.\n"

    def emotion(round_no: int) -> str:
        # two in-scale values in turn, so every round changes it
        return scalar.sub(rf"\g<1>{round_no % 2}", original, count=1)

    try:
        for label, edit in (("narrative edit", body), ("emotion edit", emotion)):
            rounds = [timed(builder, target, edit(n + 1)) for n in range(args.rounds)]
            print(f"{label}: " + ", ".join(_median(rounds, k) for k in ("first", "whole", "cpu")))
    finally:
        target.write_text(original, encoding="utf-8")


def timed(builder: Any, target: Path, text: str) -> dict[str, float]:
    """Save `target` as serve's watcher reports it, rebuild, and time the pages written
    ahead, the whole rebuild and its CPU time (seconds)."""
    marks: list[float] = []
    target.write_text(text, encoding="utf-8")
    builder.cache.saved([target])
    start, cpu = time.perf_counter(), time.process_time()
    outcome = builder.build(lambda written: marks.append(time.perf_counter()))
    whole, used = time.perf_counter() - start, time.process_time() - cpu
    assert outcome.result.written, [d.format() for d in outcome.result.diagnostics]
    builder.settle()  # as serve does between rebuilds
    return {"first": (marks[0] - start) if marks else whole, "whole": whole, "cpu": used}


def _median(rounds: list[dict[str, float]], key: str) -> str:
    values = [r[key] for r in rounds]
    name = {"first": "first pages", "whole": "whole rebuild", "cpu": "CPU"}[key]
    return (
        f"{name} {statistics.median(values) * 1000:.0f} ms "
        f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
    )


if __name__ == "__main__":
    main()
