"""The `requirements.txt` a new handbook gets: its generator pinned to what exists.

The generated workflows run `pip install -r requirements.txt`, so the line must name a
cjmsite that CI can install. Where the running cjmsite came from decides it (PEP 610's
`direct_url.json`, which pip writes for every install that is not from an index):

- from a package index: `cjmsite==<version>`;
- from a git URL: `cjmsite @ git+<url>@<commit>`;
- from a clone (`pip install -e .` or `pip install .`): the clone's `origin` remote and
  commit, `cjmsite @ git+<url>@<commit>`, when that remote is a network address;
- otherwise (a wheel file, a folder without a network remote): `cjmsite==<version>`,
  with a comment saying that no index has it and how to name one that exists.

`--cjmsite-spec` overrides all of this with a line of the user's choice.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

REQUIREMENTS = "requirements.txt"
HEADER = (
    "# The site generator this handbook is built with, pinned: the GitHub workflows in\n"
    "# .github/workflows/ run `pip install -r requirements.txt`. Change the line below with\n"
    "# `cjmsite new workflows --cjmsite-spec SPEC` (e.g. `cjmsite==1.2.0` or\n"
    "# `cjmsite @ git+https://github.com/OWNER/cjmsite@COMMIT`).\n"
)
NETWORK_URL = re.compile(r"^(https?|ssh|git)://[^/\s]+/\S+$")
SCP_LIKE = re.compile(r"^(?P<user>[\w.-]+)@(?P<host>[\w.-]+):(?P<path>[^/\s][^\s]*)$")
COMMIT = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")


class SpecError(ValueError):
    """A --cjmsite-spec that cannot be a requirements line."""


@dataclass(frozen=True)
class GeneratorSpec:
    """One requirements line and the comment that explains where it came from."""

    line: str
    note: str = ""

    def text(self) -> str:
        """The whole requirements.txt."""
        note = "".join(f"# {line}\n" for line in self.note.splitlines())
        return HEADER + note + self.line + "\n"


def check_spec(spec: str) -> str:
    """A user's spec, stripped; refuses what cannot be one requirements line."""
    spec = spec.strip()
    if not spec or any(ord(c) < 32 or ord(c) == 127 for c in spec):
        raise SpecError("--cjmsite-spec must be one line, e.g. `cjmsite==0.1.0`")
    if spec.startswith("#"):
        raise SpecError("--cjmsite-spec must name a package, not a comment")
    return spec


def git_url(remote: str) -> str | None:
    """`git+<url>` for a remote CI can reach, None for a local path or anything odd."""
    remote = remote.strip()
    if NETWORK_URL.match(remote):
        return f"git+{remote}"
    found = SCP_LIKE.match(remote)
    if found:  # git@github.com:owner/repo.git
        return f"git+ssh://{found['user']}@{found['host']}/{found['path']}"
    return None


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True, text=True, timeout=10, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def checkout_spec(folder: Path, version: str) -> GeneratorSpec:
    """The spec for cjmsite installed from the clone in `folder`."""
    commit = _git(folder, "rev-parse", "HEAD")
    remote = _git(folder, "remote", "get-url", "origin")
    url = git_url(remote) if remote else None
    if commit and COMMIT.match(commit) and url:
        note = f"cjmsite {version} from the clone's remote `origin` at its commit"
        if _git(folder, "status", "--porcelain", "--untracked-files=no"):
            note += "\n(the clone has uncommitted changes: commit and push them, or CI lacks them)"
        return GeneratorSpec(f"cjmsite @ {url}@{commit}", note)
    return GeneratorSpec(
        f"cjmsite=={version}",
        f"cjmsite {version} was installed from {folder}, which has no network git remote,\n"
        "and no package index may have this version: replace the line below with one CI can\n"
        "install (a git URL with a commit, or a wheel URL), e.g. with --cjmsite-spec.",
    )


def spec_from_direct_url(data: dict | None, version: str) -> GeneratorSpec:
    """The spec for an install described by `direct_url.json` (None: from an index)."""
    if not isinstance(data, dict):
        return GeneratorSpec(f"cjmsite=={version}", f"cjmsite {version} from a package index")
    url = str(data.get("url", ""))
    vcs = data.get("vcs_info")
    commit = str(vcs.get("commit_id")) if isinstance(vcs, dict) else ""
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and COMMIT.match(commit):
        return GeneratorSpec(f"cjmsite @ git+{url}@{vcs['commit_id']}", f"cjmsite {version}")
    parts = urlsplit(url)
    if parts.scheme == "file" and isinstance(data.get("dir_info"), dict):
        return checkout_spec(Path(unquote(parts.path)), version)
    if parts.scheme in ("http", "https") and "archive_info" in data:
        return GeneratorSpec(f"cjmsite @ {url}", f"cjmsite {version}")
    return GeneratorSpec(
        f"cjmsite=={version}",
        f"cjmsite {version} was installed from {url or 'an unknown place'}; no package index\n"
        "may have this version: replace the line below with one CI can install.",
    )


def generator_spec(override: str | None = None) -> GeneratorSpec:
    """The line for this installation of cjmsite, or the user's `override`."""
    from importlib.metadata import PackageNotFoundError, distribution

    from cjmsite import __version__

    if override is not None:
        return GeneratorSpec(check_spec(override))
    try:
        raw = distribution("cjmsite").read_text("direct_url.json")
    except PackageNotFoundError:
        raw = None
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        data = None
    return spec_from_direct_url(data, __version__)
