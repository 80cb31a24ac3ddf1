"""Folders named in cjmsite.yml: resolved, and kept inside the project (issue 18).

A pull request can edit cjmsite.yml: `content_dir: .git` would publish the checkout's
token, `../elsewhere` or `/etc` whatever is there. An output folder given on the command
line (`build -o`) is the caller's choice and is not checked here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from cjmsite.diagnostics import Diagnostics, Location

PATH_OPTIONS = ("content_dir", "output_dir", "theme_overrides", "theme")


def _is_theme_path(theme: str) -> bool:
    """A theme given as a path (else it is a name under themes/ or a built-in one)."""
    return "/" in theme or "\\" in theme or theme.startswith(".") or Path(theme).is_absolute()


def path_problem(key: str, value: str, root: Path) -> str | None:
    """Why a folder named in cjmsite.yml may not be used, or None.

    Resolved with symbolic links followed, it must stay inside the project folder (a pull
    request could otherwise publish `/etc` or `../other-repo`); the content folder may
    not be or lie inside a hidden folder such as `.git`.
    """
    if key == "theme" and not _is_theme_path(value):
        return None
    real_root = root.resolve()
    try:
        real = (root / value).resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte
        return f"`{value}` cannot be resolved"
    if not real.is_relative_to(real_root):
        return f"`{value}` leads outside the project folder (to {real})"
    hidden = [part for part in real.relative_to(real_root).parts if part.startswith(".")]
    if key == "content_dir" and hidden:
        return f"`{value}` is inside the hidden folder `{hidden[0]}`, which is never published"
    return None


def check_paths(
    values: dict[str, Any], root: Path, where: Callable[..., Location], diags: Diagnostics
) -> None:
    for key in PATH_OPTIONS:
        problem = path_problem(key, values[key], root)
        if problem:
            diags.error(
                where((key,)),
                f"Config value '{key}': {problem}",
                "name a folder inside the project (the folder of cjmsite.yml); "
                "for the output, `build -o PATH` may point anywhere",
            )
