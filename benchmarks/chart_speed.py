"""Time one journey arc of 15 touchpoints and two personas (the issue quotes 6–7 ms).

python benchmarks/chart_speed.py [--runs 50]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from modelkit import make_site, tp

from cjmsite.analysis import analyse
from cjmsite.render.charts.arcs import journey_arc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    runs = parser.parse_args().runs
    stages = ["awareness", "consideration", "purchase", "retention", "advocacy"]
    touchpoints = [
        tp(f"t{i}", stages[i // 3], i, {"ana": i % 5 - 2, "ben": 2 - i % 5}, 1 + i % 5)
        for i in range(15)
    ]
    site = make_site(
        {"j": {"personas": ["ana", "ben"], "touchpoints": touchpoints}}, personas=("ana", "ben")
    )
    insights = analyse(site)
    journey = site.journeys["j"]
    journey_arc(journey, insights, site.config)  # warm up
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        journey_arc(journey, insights, site.config)
        timings.append((time.perf_counter() - start) * 1000)
    print(
        f"journey arc, 15 points × 2 personas: median {statistics.median(timings):.1f} ms, "
        f"min {min(timings):.1f} ms over {runs} runs"
    )


if __name__ == "__main__":
    main()
