"""A handbook as it was at one git revision (or as it is in the working tree), resolved.

A revision is materialised with `git archive <commit>:<project folder>` unpacked into a
temporary folder, then loaded with the normal `check` pipeline; nothing in the work
tree, the index or the refs is touched.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from cjmsite.analysis import Insights
from cjmsite.config.options import ConfigError
from cjmsite.model import Site
from cjmsite.site.pipeline import check

WORKTREE = "working tree"
DEFAULT_BRANCHES = ("main", "master", "origin/main", "origin/master")


class DiffError(Exception):
    """The comparison cannot start: not a git repository, an unknown revision, …"""


@dataclass
class Snapshot:
    """One side of a comparison; `site` is None when the content has errors."""

    label: str  # "main (1a2b3c4)" or "working tree"
    rev: str | None  # as given; None for the working tree
    commit: str | None  # full sha; None for the working tree
    site: Site | None = None
    insights: Insights | None = None
    errors: list[str] = field(default_factory=list)  # formatted diagnostics
    files: dict[str, bytes] = field(default_factory=dict)  # source path -> bytes

    @property
    def ok(self) -> bool:
        return self.site is not None and self.insights is not None and not self.errors


def git(cwd: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess:
    """Run git in `cwd` with a fixed, quiet environment; never raises for a git failure."""
    return subprocess.run(
        ["git", "-c", "core.quotepath=off", *args],
        cwd=cwd,
        capture_output=True,
        text=not binary,
        check=False,
    )


def _out(result: subprocess.CompletedProcess) -> str:
    return result.stdout.strip() if result.returncode == 0 else ""


def _err(result: subprocess.CompletedProcess) -> str:
    text = (
        result.stderr
        if isinstance(result.stderr, str)
        else result.stderr.decode("utf-8", "replace")
    )
    return text.strip().splitlines()[-1] if text.strip() else f"git exited with {result.returncode}"


def repository(project: Path) -> tuple[Path, str]:
    """The top of the project's git repository and the project folder relative to it
    ("" at the top)."""
    if not project.is_dir():
        raise DiffError(f"the project folder {project} does not exist")
    try:
        result = git(project, "rev-parse", "--show-toplevel", "--show-prefix")
    except FileNotFoundError as error:
        raise DiffError("git is not installed or not on PATH") from error
    lines = result.stdout.splitlines() if result.returncode == 0 else []
    if len(lines) < 1 or not lines[0].strip():
        raise DiffError(f"{project} is not inside a git repository ({_err(result)})")
    prefix = lines[1].strip().rstrip("/") if len(lines) > 1 else ""
    return Path(lines[0].strip()), prefix


def resolve_commit(project: Path, rev: str) -> str:
    result = git(
        project, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
    )
    if result.returncode != 0 or not result.stdout.strip():
        raise DiffError(f"unknown revision `{rev}`")
    return result.stdout.strip()


def default_branch(project: Path) -> str | None:
    """origin/HEAD when the clone knows it, else the first of main, master, origin/…"""
    remote_head = _out(
        git(project, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD")
    )
    if remote_head:
        return remote_head
    for name in DEFAULT_BRANCHES:
        if git(project, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}").returncode == 0:
            return name
    return None


def default_base(project: Path) -> str:
    """The merge-base of HEAD with the default branch: what a pull request would compare to."""
    repository(project)  # "not inside a git repository" before "no default branch"
    branch = default_branch(project)
    if branch is None:
        raise DiffError(
            "cannot find the default branch (no origin/HEAD, main or master); pass BASE"
        )
    base = _out(git(project, "merge-base", branch, "HEAD"))
    if not base:
        raise DiffError(f"`{branch}` and HEAD have no common ancestor; pass BASE")
    return base


def _read_sources(site: Site, root: Path) -> dict[str, bytes]:
    """The bytes of every entity's file, so renames can be told by identical content."""
    paths = [
        e.source.path
        for kind in (site.personas, site.departments, site.channels)
        for e in kind.values()
    ]
    for journey in site.journeys.values():
        paths.append(journey.source.path)
        paths.extend(tp.source.path for tp in journey.touchpoints)
    files = {}
    for path in sorted(set(paths)):
        try:
            files[path] = (root / path).read_bytes()
        except OSError:
            continue
    return files


def _load(snapshot: Snapshot, root: Path, config_name: str) -> Snapshot:
    try:
        result = check(root / config_name)
    except ConfigError as error:
        snapshot.errors = [d.format() for d in error.diagnostics.sorted()]
        return snapshot
    if result.errors or result.site is None or result.insights is None:
        snapshot.errors = [d.format() for d in result.errors] or ["the content cannot be resolved"]
        return snapshot
    snapshot.site, snapshot.insights = result.site, result.insights
    snapshot.files = _read_sources(result.site, root)
    return snapshot


def load_worktree(config_path: Path) -> Snapshot:
    """The handbook as it is on disk now."""
    return _load(Snapshot(WORKTREE, None, None), config_path.parent, config_path.name)


def load_revision(config_path: Path, rev: str) -> Snapshot:
    """The handbook as committed at `rev`, resolved from a temporary copy of the project."""
    project = config_path.parent
    top, prefix = repository(project)
    commit = resolve_commit(project, rev)
    label = rev if rev == commit else f"{rev} ({commit[:7]})"
    snapshot = Snapshot(label if len(rev) < 40 else commit[:7], rev, commit)
    tree = f"{commit}:{prefix}" if prefix else commit
    # from the top: run in a sub-folder, git archive would only take that sub-folder's
    # part of the tree, which `commit:prefix` has already narrowed to
    archive = git(top, "archive", "--format=tar", tree, binary=True)
    if archive.returncode != 0:
        snapshot.errors = [f"the project folder `{prefix or '.'}` does not exist at {label}"]
        return snapshot
    with tempfile.TemporaryDirectory(prefix="cjmsite-diff-") as folder:
        try:
            with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
                extract_safely(tar, Path(folder))
        except (tarfile.TarError, OSError) as error:
            snapshot.errors = [f"cannot unpack {label}: {error}"]
            return snapshot
        if not (Path(folder) / config_path.name).is_file():
            snapshot.errors = [f"{config_path.name}: error: no configuration at {label}"]
            return snapshot
        return _load(snapshot, Path(folder), config_path.name)


def extract_safely(tar: tarfile.TarFile, folder: Path) -> None:
    """Unpack `tar` into `folder` with nothing landing outside it.

    Python 3.11.4+ has the `data` extraction filter; older 3.11 releases (Debian 12 ships
    3.11.2) do not, so there only regular files and folders whose paths stay inside are
    unpacked (links are left out: the loader would refuse those leaving content/ anyway)."""
    if hasattr(tarfile, "data_filter"):
        tar.extractall(folder, filter="data")
        return
    root = folder.resolve()
    for member in tar.getmembers():
        target = (root / member.name).resolve()
        if (member.isfile() or member.isdir()) and target.is_relative_to(root):
            member.mode = 0o755 if member.isdir() else 0o644
            tar.extract(member, root, set_attrs=member.isdir())


def load_side(config_path: Path, rev: str | None) -> Snapshot:
    """A revision, or the working tree when `rev` is None."""
    return load_worktree(config_path) if rev is None else load_revision(config_path, rev)
