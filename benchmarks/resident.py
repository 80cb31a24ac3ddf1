"""Time `cjmsite serve`'s rebuild after one edit: the builder a resident process keeps.

    python benchmarks/resident.py [HANDBOOK] [-r 5]

`cjmsite serve` rebuilds in-process with the model's parse cache, the compiled templates
and the page manifest in memory, and indexes search in the background afterwards (not
timed here: the page reloads before). This times that rebuild after appending a sentence
to one touchpoint's narrative, and after changing one emotion score (frontmatter), each
the median of `-r` edits. HANDBOOK defaults to a generated 200 x 15 one.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

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
            times, rendered = [], []
            for round_no in range(args.rounds):
                target.write_text(edit(round_no + 1), encoding="utf-8")
                start = time.perf_counter()
                outcome = builder.build()
                times.append(time.perf_counter() - start)
                rendered.append(outcome.rendered)
                assert outcome.result.written, [d.format() for d in outcome.result.diagnostics]
            print(
                f"{label}: median {statistics.median(times) * 1000:.0f} ms "
                f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}), "
                f"pages rendered {statistics.median(rendered):.0f}"
            )
    finally:
        target.write_text(original, encoding="utf-8")


if __name__ == "__main__":
    main()
