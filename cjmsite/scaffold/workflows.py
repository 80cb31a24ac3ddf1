"""The GitHub Actions workflows cjmsite offers (review pull requests, publish on Pages).

The YAML ships inside the package (cjmsite/data/workflows/) so `cjmsite new site` can
write it, and `cjmsite new workflows` can bring an existing handbook's copies up to date;
docs/workflows/ holds an identical copy for readers. Both install cjmsite from the
handbook's `requirements.txt` (see `requirement`).
"""

from __future__ import annotations

import difflib
from importlib import resources
from pathlib import Path

PR_WORKFLOW = "cjmsite-pr.yml"
PAGES_WORKFLOW = "cjmsite-pages.yml"
NAMES = (PR_WORKFLOW, PAGES_WORKFLOW)
TARGET_DIR = ".github/workflows"


def workflow_text(name: str) -> str:
    """One workflow's YAML text, by file name (one of `NAMES`)."""
    if name not in NAMES:
        raise KeyError(f"unknown workflow `{name}`; known: {', '.join(NAMES)}")
    return resources.files("cjmsite").joinpath("data", "workflows", name).read_text("utf-8")


def workflows() -> dict[str, str]:
    """`{".github/workflows/<name>": text}` for every workflow, ready to write into a project."""
    return {f"{TARGET_DIR}/{name}": workflow_text(name) for name in NAMES}


def project_files(requirements: str) -> dict[str, str]:
    """Every file `cjmsite new workflows` owns: the workflows and the requirements.txt
    they install from (`requirements`: its whole text)."""
    from cjmsite.scaffold.requirement import REQUIREMENTS

    return {**workflows(), REQUIREMENTS: requirements}


def changed_files(root: Path, wanted: dict[str, str]) -> list[tuple[str, str | None, str]]:
    """`(relative path, text on disk or None, wanted text)` for each file that differs."""
    changes = []
    for rel, text in wanted.items():
        path = root / rel
        try:
            current = path.read_text(encoding="utf-8") if path.is_file() else None
        except (OSError, UnicodeDecodeError):
            current = ""
        if current != text:
            changes.append((rel, current, text))
    return changes


def unified_diff(rel: str, before: str | None, after: str) -> str:
    """A `diff -u` of one file (a new file is all `+` lines)."""
    lines = difflib.unified_diff(
        (before or "").splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile="/dev/null" if before is None else f"a/{rel}",
        tofile=f"b/{rel}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def update_workflows(
    root: Path, cjmsite_spec: str | None = None, write: bool = True
) -> list[tuple[str, str | None, str]]:
    """Bring a handbook's workflows up to this version of cjmsite; return what changed.

    requirements.txt is written when missing (handbooks made before it existed ran
    `pip install cjmsite`) or when `cjmsite_spec` is given; else the user's pin stays."""
    from cjmsite.scaffold.requirement import REQUIREMENTS, generator_spec

    wanted = workflows()
    if cjmsite_spec is not None or not (root / REQUIREMENTS).is_file():
        wanted[REQUIREMENTS] = generator_spec(cjmsite_spec).text()
    changes = changed_files(root, wanted)
    if write:
        for rel, _, text in changes:
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
    return changes
