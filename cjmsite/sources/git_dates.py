"""When each content file last changed, from one `git log` walk of the project's history.

`read_git_dates(work_tree, paths)` runs a single `git log --name-only -z` over the given
pathspecs and keeps, per file, the newest committer date and that commit's author name.
Outside a git work tree, with `git` missing or a repository without commits, it returns
no dates and no problem: a handbook need not live in git. A shallow clone is noticed (its
boundary commit is decorated `grafted`), because there every file seems to have changed in
that one commit.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

GIT_TIMEOUT_SECONDS = 120
_MARK = "\x1ecjmsite-commit\x1f"  # starts every commit's header in the output
_FORMAT = "%x1ecjmsite-commit%x1f%ct%x1f%an%x1f%D"
SHALLOW_HINT = (
    "fetch the whole history: `git fetch --unshallow`, or in GitHub Actions "
    "`actions/checkout` with `fetch-depth: 0`"
)


@dataclass(frozen=True)
class FileChange:
    """The newest commit touching a file: its committer date (UTC) and author name."""

    when: datetime
    author: str


@dataclass(frozen=True)
class GitDates:
    """What git knows about the content files (empty outside git)."""

    changes: Mapping[str, FileChange] = field(default_factory=dict)  # by work-tree path
    prefix: str = ""  # the work tree's path from the repository's top, "" or "docs/"
    in_git: bool = False
    shallow: bool = False

    def change_of(self, paths: Sequence[str]) -> FileChange | None:
        """The newest change among `paths` (the first listed wins a tie)."""
        found = [self.changes[p] for p in paths if p in self.changes]
        return max(found, key=lambda c: c.when, default=None)

    @cached_property
    def key(self) -> str:
        """A digest of everything here, for caches: equal for equal histories."""
        parts = [self.prefix, str(self.in_git), str(self.shallow)]
        for path in sorted(self.changes):
            change = self.changes[path]
            parts.append(f"{path}\0{change.when.isoformat()}\0{change.author}")
        return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


NO_GIT = GitDates()


def repository_prefix(work_tree: Path) -> str:
    """The work tree's folder relative to the top of its git repository ("" at the top).

    Found by looking for `.git` upwards, without running git (the build runs git once)."""
    here = work_tree.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            rel = here.relative_to(folder).as_posix()
            return "" if rel == "." else rel + "/"
    return ""


def _git_log(work_tree: Path, paths: Sequence[str]) -> str | None:
    """The raw log text, or None when git is missing, fails or this is not a repository."""
    command = [
        "git", "-C", str(work_tree), "-c", "core.quotePath=false", "-c", "log.showSignature=false",
        "log", f"--format={_FORMAT}", "--name-only", "-z", "--no-renames", "--no-color",
        "--relative", "--decorate-refs-exclude=*", "--decorate-refs-exclude=refs/*",
        "--decorate-refs-exclude=HEAD", "--", *(paths or ["."]),
    ]  # fmt: skip
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_PAGER": "cat"}
    try:
        done = subprocess.run(
            command, capture_output=True, env=env, timeout=GIT_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "surrogateescape")


def parse_log(text: str) -> tuple[dict[str, FileChange], bool]:
    """Newest change per file and whether a commit was grafted (a shallow clone), in one pass.

    The text is records of `<mark>committer-epoch␟author␟decorations` NUL `\\n` then
    NUL-terminated file names."""
    changes: dict[str, FileChange] = {}
    shallow = False
    for record in text.split(_MARK)[1:]:
        header, _, names = record.partition("\0")
        epoch, _, rest = header.partition("\x1f")
        author, _, decorations = rest.partition("\x1f")
        if not epoch.isdigit():
            continue
        shallow = shallow or decorations.strip() == "grafted"
        when = datetime.fromtimestamp(int(epoch), UTC)
        change = FileChange(when, author)
        if names.startswith("\n"):
            names = names[1:]
        for name in names.split("\0"):
            if not name:
                continue
            known = changes.get(name)
            if known is None or when > known.when:
                changes[name] = change
    return changes, shallow


def head_commit(work_tree: Path) -> str | None:
    """The commit HEAD names (what `read_git_dates` reads depends on nothing else), or
    None outside git: one quick `git rev-parse`, for a process that reads dates often."""
    command = ["git", "-C", str(work_tree), "rev-parse", "--verify", "--quiet", "HEAD"]
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            command, capture_output=True, env=env, timeout=GIT_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = done.stdout.decode("ascii", "replace").strip()
    return found if done.returncode == 0 and found else None


def read_git_dates(work_tree: Path, paths: Sequence[str] = ()) -> GitDates:
    """The newest change of every file under `paths` (pathspecs relative to `work_tree`).

    One `git` process. File names come back relative to `work_tree`, as the loader shows
    them (forward slashes, no quoting, any characters)."""
    text = _git_log(Path(work_tree), paths)
    if text is None:
        return NO_GIT
    changes, shallow = parse_log(text)
    return GitDates(changes, repository_prefix(Path(work_tree)), True, shallow)
