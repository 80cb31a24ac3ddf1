"""Compare two build-output folders byte for byte (a refactor must not change the site).

    python scripts/compare_outputs.py BEFORE AFTER

Prints every file that is only in one folder or whose bytes differ, then a summary line;
exits 1 when anything differs, 0 when the folders are identical.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path


def digests(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file below `folder`."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            rel = path.relative_to(folder).as_posix()
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def compare(before: Path, after: Path) -> list[str]:
    """One line per difference, sorted by path."""
    old, new = digests(before), digests(after)
    lines = [f"only in {before}: {rel}" for rel in sorted(old.keys() - new.keys())]
    lines += [f"only in {after}: {rel}" for rel in sorted(new.keys() - old.keys())]
    lines += [f"differs: {rel}" for rel in sorted(old.keys() & new.keys()) if old[rel] != new[rel]]
    return sorted(lines, key=lambda line: line.split(": ", 1)[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    for folder in (args.before, args.after):
        if not folder.is_dir():
            print(f"not a folder: {folder}", file=sys.stderr)
            return 2
    lines = compare(args.before, args.after)
    for line in lines:
        print(line)
    count = len(digests(args.before))
    verdict = "identical" if not lines else f"{len(lines)} differences"
    print(f"{args.before} vs {args.after}: {count} files, {verdict}")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
