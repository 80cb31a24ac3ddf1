"""Profile one `cjmsite build` in-process and say where the time goes, by phase.

    python benchmarks/profile_build.py /tmp/cjmsite-bench/200x15/handbook [--out p.pstats]

Phases are the cumulative times of the pipeline's functions under cProfile (which slows
Python code by roughly 1.5-2x, so read the shares, not the absolute seconds); the wall
clock of an unprofiled build of the same handbook is printed first for scale.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

# (label, module file suffix, function name): cumulative time of that function.
PHASES = [
    ("build (total)", "cjmsite/site/pipeline.py", "build"),
    ("  config+sources+resolve", "cjmsite/site/pipeline.py", "load_site"),
    ("    load and resolve (cache)", "cjmsite/site/cache/session.py", "resolve"),
    ("    yaml parse", "cjmsite/sources/yamltree.py", "parse_yaml"),
    ("    resolve (incl. markdown parse)", "cjmsite/resolve/resolver.py", "resolve"),
    ("      markdown-it parse", "markdown_it/main.py", "parse"),
    ("      markdown-it render", "markdown_it/main.py", "render"),
    ("  analyse", "cjmsite/analysis/__init__.py", "analyse"),
    ("  render (changed pages)", "cjmsite/site/stages.py", "render_changed"),
    ("    site_pages (specs)", "cjmsite/render/pages.py", "site_pages"),
    ("    jinja render (incl. charts)", "jinja2/environment.py", "render"),
    ("    jinja get_template", "jinja2/environment.py", "get_template"),
    ("    charts: journey_arc", "cjmsite/render/charts/arcs.py", "journey_arc"),
    ("    charts: persona_arc", "cjmsite/render/charts/arcs.py", "persona_arc"),
    ("    charts: counterpart", "cjmsite/render/charts/arcs.py", "counterpart_chart"),
    ("    site_json", "cjmsite/render/site_json.py", "site_json"),
    ("    encode utf-8", "~", "<method 'encode' of 'str' objects>"),
    ("  search (changed shards)", "cjmsite/site/stages.py", "index_changed"),
    ("  write_site", "cjmsite/write/swap.py", "write_site"),
    ("    rmtree (old output)", "shutil.py", "rmtree"),
    ("    write_bytes", "pathlib.py", "write_bytes"),
]


def phase_times(stats: pstats.Stats) -> list[tuple[str, float, int]]:
    table = stats.stats  # type: ignore[attr-defined]
    out = []
    for label, suffix, name in PHASES:
        total, calls = 0.0, 0
        for (filename, _line, func), (_cc, nc, _tt, ct, _callers) in table.items():
            if func == name and (filename.endswith(suffix) or suffix == filename):
                total += ct
                calls += nc
        out.append((label, total, calls))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("handbook", type=Path, help="folder holding cjmsite.yml")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--out", type=Path, help="save the raw pstats here")
    args = parser.parse_args(argv)
    from cjmsite.site.pipeline import build

    config = args.handbook / "cjmsite.yml"
    out = Path(tempfile.mkdtemp(prefix="cjmsite-prof-")) / "site"
    start = time.perf_counter()
    result = build(config, output_dir=out)
    wall = time.perf_counter() - start
    print(f"unprofiled build: {wall:.2f} s, {result.pages_written} pages, {result.timings}")
    shutil.rmtree(out)
    profiler = cProfile.Profile()
    profiler.enable()
    build(config, output_dir=out)
    profiler.disable()
    shutil.rmtree(out.parent)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    if args.out:
        stats.dump_stats(args.out)
    rows = phase_times(stats)
    total = rows[0][1] or 1.0
    print(f"\n{'phase (cumulative, profiled)':<38}{'s':>8}{'share':>8}{'calls':>9}")
    for label, seconds, calls in rows:
        print(f"{label:<38}{seconds:>8.2f}{100 * seconds / total:>7.1f}%{calls:>9}")
    print()
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
