"""Time `cjmsite import` of a 2,000-row workbook (target: under 5 s on a CI-class machine).

    python benchmarks/import_2000.py [--rows 2000] [--rounds 3]

Writes a copy of tests/sites/minimal and a workbook of ROWS touchpoints (3 personas'
emotions, 2 owners, pains, ideas, metrics and a 600-character narrative each) under a
temporary folder, then times, each round: reading the workbook alone (python-calamine and,
for comparison, openpyxl read-only with cached values), and the whole import into an empty
journey (read, check in a scratch copy, write). Prints the median of each.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook

from cjmsite.diagnostics import Diagnostics
from cjmsite.interchange.importer import ImportOptions, apply_plan, plan_import
from cjmsite.interchange.xlsx_io import read_workbook

SITE = Path(__file__).resolve().parents[1] / "tests" / "sites" / "minimal"
HEADER = [
    "stage",
    "order",
    "id",
    "title",
    "channel",
    "contact",
    "importance",
    "emotion:ana",
    "owner:sales",
    "owner:care",
    "pains",
    "gains",
    "ideas",
    "metrics",
    "narrative",
]


def workbook(path: Path, rows: int) -> None:
    book = Workbook(write_only=True)
    journey = book.create_sheet("journey")
    for row in (
        ["key", "value"],
        ["id", "big"],
        ["title", "Big"],
        ["personas", "ana"],
        ["stages", "awareness\npurchase"],
    ):
        journey.append(row)
    sheet = book.create_sheet("touchpoints")
    sheet.append(HEADER)
    text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 10
    for n in range(1, rows + 1):
        stage = "awareness" if n <= rows // 2 else "purchase"
        sheet.append(
            [
                stage,
                n * 10,
                f"step-{n}",
                f"Step {n}",
                "web",
                "direct",
                1 + n % 5,
                (n % 5) - 2,
                "A",
                "R",
                "Slow\nExpensive",
                "Clear",
                f"Idea {n} | sales | planned",
                "CSAT = 3.9 / 4.5",
                text,
            ]
        )
    book.save(path)


CPU: dict[str, list[float]] = {}


def timed(action, name: str = "") -> float:
    """Wall time of `action`; its CPU time is kept in CPU (the machine may be shared)."""
    start, cpu = time.perf_counter(), time.process_time()
    action()
    CPU.setdefault(name, []).append(time.process_time() - cpu)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cjmsite-import-bench-"))
    try:
        book = work / "big.xlsx"
        workbook(book, args.rows)
        results: dict[str, list[float]] = {"calamine read": [], "openpyxl read": [], "import": []}
        for _ in range(args.rounds):
            results["calamine read"].append(
                timed(lambda: read_workbook(book, "big.xlsx", Diagnostics()), "calamine read")
            )
            results["openpyxl read"].append(
                timed(
                    lambda: [
                        list(ws.values)
                        for ws in load_workbook(book, read_only=True, data_only=True).worksheets
                    ],
                    "openpyxl read",
                )
            )
            site = work / "site"
            shutil.rmtree(site, ignore_errors=True)
            shutil.copytree(SITE, site)

            def run_import(site: Path = site) -> None:
                plan, diags, config = plan_import(site / "cjmsite.yml", [book], ImportOptions())
                assert not diags.has_errors(), [d.format() for d in diags.errors][:3]
                apply_plan(config, plan)

            results["import"].append(timed(run_import, "import"))
        for name, times in results.items():
            print(
                f"{name:>14}: {statistics.median(times):.2f} s wall, "
                f"{statistics.median(CPU[name]):.2f} s CPU "
                f"(median of {args.rounds}, {args.rows} rows)"
            )
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
