"""The whole output is valid HTML (the Nu HTML Checker) and has no broken link at a subpath
(linkchecker against the site served at /handbook/)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browserkit import VNU, needs_vnu, serve

pytestmark = pytest.mark.slow

SITES = ("demo", "spanish")


@pytest.fixture(scope="module")
def outputs(demo_output: Path, spanish_output: Path) -> dict[str, Path]:
    """The session's builds of the demo and the Spanish fixture (tests/conftest.py)."""
    return {"demo": demo_output, "spanish": spanish_output}


@needs_vnu
def test_nu_html_checker_finds_no_error(outputs: dict[str, Path]) -> None:
    folders = [str(outputs["demo"]), str(outputs["spanish"])]
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json",
         "--stdout", *folders],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    messages = json.loads(run.stdout or '{"messages": []}')["messages"]
    shown = [f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}" for m in messages]
    assert run.returncode == 0 and not messages, "\n".join(shown[:40]) or run.stderr


def _linkchecker() -> list[str] | None:
    found = shutil.which("linkchecker")
    if found:
        return [found]
    try:
        import linkcheck  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "linkcheck"]


@pytest.mark.skipif(_linkchecker() is None, reason="needs linkchecker (pip install linkchecker)")
@pytest.mark.parametrize("name", sorted(SITES))
def test_linkchecker_finds_no_broken_link_at_a_subpath(
    outputs: dict[str, Path], tmp_path: Path, name: str
) -> None:
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=1000\n", encoding="utf-8")
    with serve(outputs[name], tmp_path / "srv") as base:
        run = subprocess.run(
            [*_linkchecker(), "-f", str(config), "--no-status", "--no-warnings", "--check-extern",
             "--ignore-url", r"^https?://(?!127\.0\.0\.1[:/])", base],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "0 errors found" in run.stdout or "no errors" in run.stdout.lower(), run.stdout[-2000:]
