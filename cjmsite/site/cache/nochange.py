"""A rebuild with nothing changed: answered from a record of the last build, like `make`.

After a build that wrote the site, the record keeps a key of every input (each content
file's bytes, or an asset's size and mtime; cjmsite.yml; every file of the theme layers;
the versions in STAMP; the output folder, `--site-url` and the search shard size), the
diagnostics, the counts, and the size and mtime of every file left in the output folder.
A build whose inputs have that key, into an output folder still exactly as left, prints
the recorded diagnostics and stops: reading, validating and resolving 3,000 files would
only give the same site again. Anything else (a changed byte, a file added or removed in
content/ or in the output, a symlink in content/) takes the normal path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cjmsite.diagnostics import Diagnostic
from cjmsite.digests import digest
from cjmsite.site.cache import STAMP, Store
from cjmsite.site.cache.pages import theme_digest
from cjmsite.site.cache.sources import source_key
from cjmsite.sources.tree import is_link, walk_entries


@dataclass
class Record:
    """What a build that wrote the site left for the next one to compare with."""

    key: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: int = 0
    files: int = 0
    output: dict[str, tuple[int, int]] = field(default_factory=dict)  # rel -> size, mtime


@dataclass
class Probe:
    """The inputs of a build about to start: their key, and each content file's digest as
    the source cache computes it (to check that the build read those very bytes)."""

    key: str
    output: Path
    files: dict[str, str]  # project-relative path -> digest
    raw: dict[str, bytes] = field(default_factory=dict)  # absolute path -> bytes read
    keys: dict[str, str] = field(default_factory=dict)  # absolute path -> digest of `raw`


def probe(
    config_path: Path,
    root: Path,
    content: Path,
    layers: tuple[Path, ...],
    output: Path,
    extra: str,
    max_bytes: int,
) -> Probe | None:
    """A digest of everything a build reads, or None when it cannot be told cheaply."""
    parts: list[str | bytes] = [repr(STAMP), str(output.resolve()), extra]
    files: dict[str, str] = {}
    raws: dict[str, bytes] = {}
    keys: dict[str, str] = {}
    try:
        parts.append(Path(config_path).read_bytes())
    except OSError:
        return None
    for base, dirs, entries in walk_entries(content):
        dirs.sort(key=lambda entry: entry.name)
        if any(is_link(entry) for entry in dirs):
            return None  # a linked folder: not followed here
        for entry in sorted(entries, key=lambda entry: entry.name):
            path = base / entry.name
            shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            try:
                if is_link(entry):
                    return None
                if entry.name.endswith(".md"):
                    with path.open("rb") as handle:
                        raw = handle.read(max_bytes + 1)
                    files[shown] = source_key(path, max_bytes, raw)  # as the load will
                    raws[str(path)], keys[str(path)] = raw, files[shown]
                    parts += [shown, files[shown]]
                else:
                    stat = entry.stat()
                    parts += [shown, f"{stat.st_size}:{stat.st_mtime_ns}"]
            except OSError:
                return None
    parts.append(theme_digest(layers))
    return Probe(digest(*parts), output, files, raws, keys)


def read_the_same(found: Probe, hashes: dict[str, str]) -> bool:
    """Whether the build read the bytes the probe saw (no file changed meanwhile)."""
    return all(found.files.get(shown) == value for shown, value in hashes.items() if value)


def output_state(output: Path) -> dict[str, tuple[int, int]] | None:
    """Every file of the output folder with its size and mtime (None if unreadable)."""
    state: dict[str, tuple[int, int]] = {}
    try:
        for folder, dirs, files in os.walk(output):
            dirs.sort()
            base = Path(folder)
            for name in files:
                stat = (base / name).lstat()
                state[(base / name).relative_to(output).as_posix()] = (
                    stat.st_size,
                    stat.st_mtime_ns,
                )
    except OSError:
        return None
    return state


def _name(output: Path) -> str:
    return "nochange-" + digest(str(output.resolve()))[:16]


def unchanged(store: Store, output: Path, key: str | None) -> Record | None:
    """The last build's record when its inputs had `key` and the output is as it left it."""
    if key is None:
        return None
    data: Any = store.load(_name(output)).get("record")
    if not isinstance(data, Record) or data.key != key:
        return None
    if output_state(output) != data.output:
        return None
    return data


def remember(
    store: Store,
    output: Path,
    record: Record | None,
    state: dict[str, tuple[int, int]] | None = None,
) -> None:
    """Keep the record of a build that wrote the site (None: forget it). `state`: the
    output's files as the write left them, when it knows (else the folder is walked)."""
    if record is not None:
        state = dict(state) if state is not None else output_state(output)
        if state is None:
            record = None
        else:
            record.output = state
    store.save(_name(output), {"record": record})
