"""The GitHub Actions workflows cjmsite offers (review pull requests, publish on Pages).

The YAML ships inside the package (cjmsite/data/workflows/) so `cjmsite new site` can
write it; docs/workflows/ holds an identical copy for readers.
"""

from __future__ import annotations

from importlib import resources

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
