"""The build cache: one folder per project in the user's cache directory, always safe to delete.

It holds pickles of work a later build can reuse (see docs/performance.md):

- `sources.pickle`: parsed content files, keyed by path and content hash;
- `bodies.pickle`: Markdown bodies rendered to HTML, with the link targets they depend on;
- `charts.pickle`: chart SVGs, keyed by a hash of each chart's inputs;
- `pages-<output>.pickle`: the build manifest of one output folder (a fingerprint of the
  inputs of every page and a digest of its bytes) and the last search index.

Every file is stamped with the cache format, the cjmsite, Python and library versions; a
file with another stamp, or that cannot be read for any reason, is ignored (the build is
then simply cold). Set CJMSITE_CACHE=0 to neither read nor write the cache.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from cjmsite.digests import digest
from cjmsite.user_folders import cache_folder

FORMAT = 2  # 2: link columns stored with bodies
README = (
    "This folder is cjmsite's build cache. It only speeds builds up:\n"
    "delete it whenever you like (it is rebuilt), and keep it out of version control.\n"
)


def _versions() -> tuple:
    from importlib.metadata import PackageNotFoundError, version

    from cjmsite import __version__

    found = []
    for name in ("markdown-it-py", "jinja2", "pygal", "pyyaml", "pagefind"):
        try:
            found.append(version(name))
        except PackageNotFoundError:
            found.append("")
    package = Path(__file__).resolve().parents[2]  # cjmsite/
    code = []  # a checkout being edited: any change to the code is a new version
    for path in sorted(package.rglob("*.py")):
        with suppress(OSError):
            stat = path.stat()
            code.append((path.relative_to(package).as_posix(), stat.st_size, stat.st_mtime_ns))
    return (FORMAT, __version__, sys.version_info[:3], *found, digest(repr(code)))


STAMP = _versions()


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection meanwhile: unpickling makes hundreds of thousands of
    objects, none of them garbage, and each collection it set off walked them all again
    (loading the model of a 3,000-file handbook: 0.3-0.5 s with it, 0.05 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def cache_enabled() -> bool:
    return os.environ.get("CJMSITE_CACHE", "1") != "0"


class Store:
    """Stamped pickles in the cache folder; a missing, foreign or broken file reads as empty."""

    def __init__(self, folder: Path, enabled: bool = True, writable: bool = True) -> None:
        self.folder = Path(folder)
        self.enabled = enabled
        self.writable = writable

    def load(self, name: str) -> dict[str, Any]:
        if not self.enabled:
            return {}
        try:
            with open(self.folder / f"{name}.pickle", "rb") as handle, gc_paused():
                stamp, data = pickle.load(handle)
        except Exception:  # missing, truncated, foreign, from another version: start empty
            return {}
        return data if stamp == STAMP and isinstance(data, dict) else {}

    def save(self, name: str, data: dict[str, Any]) -> None:
        """Write atomically; a cache that cannot be written is not an error."""
        if not (self.enabled and self.writable):
            return
        path = self.folder / f"{name}.pickle"
        temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            readme = self.folder / "README.txt"
            if not readme.exists():
                readme.write_text(README, encoding="utf-8")
            with open(temp, "wb") as handle, gc_paused():
                pickle.dump((STAMP, data), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, path)
        except Exception:
            temp.unlink(missing_ok=True)


__all__ = ["STAMP", "Store", "cache_enabled", "cache_folder", "digest", "gc_paused"]
