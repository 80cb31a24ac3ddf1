"""Helpers that put fixture sites on disk for tests."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

SITES = Path(__file__).parent / "sites"


def _can_symlink() -> bool:
    with tempfile.TemporaryDirectory(prefix="cjmsite-symlink-") as folder:
        try:
            os.symlink(folder, Path(folder) / "link", target_is_directory=True)
        except (OSError, NotImplementedError):
            return False
    return True


# What some file systems and OSes lack (Windows without developer mode: symlinks; Windows:
# named pipes, POSIX signals to a child): the tests that need them say so and skip there.
needs_symlinks = pytest.mark.skipif(not _can_symlink(), reason="this system cannot make symlinks")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="this system has no named pipes")
needs_posix_signals = pytest.mark.skipif(
    os.name == "nt", reason="Windows cannot send SIGINT or SIGTERM to a child process"
)


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write `{relative path: text}` under `root`; return `root`."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def fixture_site(name: str, dest: Path, base: str | None = "minimal") -> Path:
    """Copy a fixture under tests/sites into `dest`.

    A case fixture (`err-*`, `warn-*`) holds only the files that differ from `base`;
    they are laid over a copy of it. Returns the path of the copied `cjmsite.yml`.
    """
    if base and name != base:
        shutil.copytree(SITES / base, dest, dirs_exist_ok=True)
    shutil.copytree(
        SITES / name, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt")
    )
    return dest / "cjmsite.yml"


def expected_diagnostics(name: str) -> list[str]:
    """The exact diagnostic lines a case fixture must produce."""
    text = (SITES / name / "expected.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


TOUCHPOINT = """---
title: Step {n}
stage: purchase
channel: store
emotion: {e}
importance: 3
owners: {{sales: A, care: R}}
---
Step {n} of a long journey. {words}
"""


def big_site(root: Path, steps: int = 400) -> Path:
    """The minimal site with one journey of `steps` touchpoints (enough pages to fork)."""
    config = fixture_site("minimal", root)
    words = " ".join(["lorem ipsum dolor"] * 60)
    write_files(
        root / "content/journeys/signup",
        {
            f"{100 + n}-step-{n}.md": TOUCHPOINT.format(n=n, e=(n % 5) - 2, words=words)
            for n in range(steps)
        },
    )
    return config
