"""Where cjmsite keeps a project's files outside the project: the build cache and the
output lock (a bottom-layer module: the cache and the writer both need the rule)."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path


def cache_folder(project_root: Path | str) -> Path:
    """The project's cache folder, in the user's cache directory — never in the project.

    Cache files are pickles, and loading a pickle runs code: a folder inside the project
    could arrive in a pull request. `$CJMSITE_CACHE_DIR` (else `$XDG_CACHE_HOME/cjmsite`,
    else `~/.cache/cjmsite`) holds one sub-folder per project, named after its path.
    """
    root = Path(project_root).resolve()
    base = os.environ.get("CJMSITE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "cjmsite",
    )
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", root.name)[:40] or "root"
    return Path(base) / f"{name}-{hashlib.sha256(str(root).encode()).hexdigest()[:12]}"
