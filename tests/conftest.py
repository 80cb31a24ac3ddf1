"""Test session set-up: helpers importable, the Hypothesis profile, a throwaway build cache,
and the fixtures shared by the whole session (one browser, one build of each handbook).

Nothing here reaches the network or installs anything: the browser tools come from
`bash scripts/install-browser-tools.sh` (see README), and the tests that need them skip
with a message naming that command when they are missing.
"""

from __future__ import annotations

import atexit
import contextlib
import getpass
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))

# `HYPOTHESIS_PROFILE=long pytest tests/hardening/test_fuzz.py` before a release
# (docs/hardening.md); the default profile keeps the suite fast.
settings.register_profile("long", max_examples=10_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# "Today" of every build in tests (staleness, needs review) is fixed, so no output depends
# on the machine's date: 2026-12-04T00:00:00Z. Tests that mean a date pass --today.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1796342400")

REPO = Path(__file__).resolve().parents[1]


def _session_cache_dir() -> None:
    """Builds in tests keep their cache in a folder of this session, not in the user's
    ~/.cache; subprocesses and pytest-xdist workers inherit it through the environment.
    The process that made it removes it at exit (workers end before the controller)."""
    if "CJMSITE_CACHE_DIR" in os.environ:
        return
    folder = tempfile.mkdtemp(prefix="cjmsite-test-cache-")
    os.environ["CJMSITE_CACHE_DIR"] = folder
    atexit.register(shutil.rmtree, folder, ignore_errors=True)


_session_cache_dir()


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove pytest's per-user temporary folder when the run left nothing in it."""
    if getattr(config, "workerinput", None) is not None:
        return  # an xdist worker: the controller tidies up
    with contextlib.suppress(OSError, KeyError, ImportError):
        user = re.sub(r"[\W]", "_", getpass.getuser() or "unknown")
        for run in (Path(tempfile.gettempdir()) / f"pytest-of-{user}").glob("pytest-*"):
            if run.is_dir() and not any(run.iterdir()):
                run.rmdir()
        (Path(tempfile.gettempdir()) / f"pytest-of-{user}").rmdir()  # only when empty


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole session (each test opens its own context)."""
    from browserkit import CHROMIUM, CHROMIUM_ARGS, have_chromium, missing

    if not have_chromium():
        pytest.skip(missing(f"Chromium ({CHROMIUM})"))
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def demo_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo handbook built once for the session; tests must not change it."""
    from browserkit import build_site

    return build_site(REPO / "cjmsite.yml", tmp_path_factory.mktemp("demo") / "out")


@pytest.fixture(scope="session")
def spanish_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Spanish fixture handbook built once for the session; tests must not change it."""
    from browserkit import build_site

    config = REPO / "tests" / "sites" / "spanish" / "cjmsite.yml"
    return build_site(config, tmp_path_factory.mktemp("spanish") / "out")
