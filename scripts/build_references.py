"""Build the demo, every fixture site under tests/sites that builds, and optionally a benchmark
handbook, each into DEST/<name>: the reference to compare another version of cjmsite against.

    python scripts/build_references.py DEST [--bench HANDBOOK_FOLDER]
    python scripts/compare_outputs.py BEFORE/demo AFTER/demo   # and so on, per folder

Case fixtures (err-*, warn-*) are laid over `minimal` as the tests do; the cache is off.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from sitekit import SITES, fixture_site  # noqa: E402


def build(config: Path, out: Path) -> bool:
    """Build one handbook with the installed `cjmsite`; True when it wrote a site."""
    env = {**os.environ, "CJMSITE_CACHE": "0"}
    done = subprocess.run(
        ["cjmsite", "build", "-q", "--config", str(config), "-o", str(out)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return done.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--bench", type=Path, help="a handbook made by benchmarks/generate.py")
    args = parser.parse_args()
    dest = args.dest.resolve()
    dest.mkdir(parents=True, exist_ok=True)
    print("demo:", "built" if build(ROOT / "cjmsite.yml", dest / "demo") else "FAILED")
    with tempfile.TemporaryDirectory(prefix="cjmsite-refs-") as temp:
        for site in sorted(p for p in SITES.iterdir() if p.is_dir()):
            base = None if (site / "cjmsite.yml").exists() else "minimal"
            config = fixture_site(site.name, Path(temp) / site.name, base=base)
            made = build(config, dest / site.name)
            print(f"{site.name}:", "built" if made else "does not build (skipped)")
    if args.bench:
        made = build(args.bench / "cjmsite.yml", dest / "bench")
        print("bench:", "built" if made else "FAILED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
