"""Write a whole site into a new folder beside the output and swap it in (write_site)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path

from cjmsite.model import Asset
from cjmsite.write.folders import (
    MARKER,
    MARKER_TEXT,
    OutputError,
    is_plain_relative,
    output_lock,
    remove_leftovers,
    signals_held,
)


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link to an unchanged file of the previous output (a copy where links fail)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _write_tree(
    folder: Path,
    files: Mapping[str, bytes],
    assets: Iterable[Asset],
    reused: Mapping[str, Path] | None = None,
) -> int:
    folder.mkdir(parents=True)  # new and empty: nothing in it is a symlink we did not make
    made: set[Path] = {folder}
    count = 0
    items: list[tuple[str, bytes | Path]] = [*files.items(), *(reused or {}).items()]
    for rel, data in sorted(items, key=lambda item: item[0]):
        if not is_plain_relative(rel):
            raise OutputError(f"refusing to write {rel}: it would land outside the output folder")
        target = folder / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if isinstance(data, Path):
            _link_or_copy(data, target)
        else:
            target.write_bytes(data)
        count += 1
    for asset in assets:
        target = folder / asset.output_path
        if asset.output_path in files or (reused and asset.output_path in reused):
            continue  # a generated page wins over a content file of the same name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(asset.source_path, target)
        count += 1
    (folder / MARKER).write_bytes(MARKER_TEXT)
    return count


def _same_bytes(path: Path, data: bytes | Path) -> bool:
    try:
        if isinstance(data, Path):
            return path.samefile(data) or path.read_bytes() == data.read_bytes()
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def output_unchanged(
    output: Path,
    files: Mapping[str, bytes],
    assets: Iterable[Asset],
    reused: Mapping[str, Path] | None = None,
) -> bool:
    """Whether `output` already holds exactly these files (a rebuild with nothing changed)."""
    if not (output / MARKER).is_file():
        return False
    wanted: dict[str, bytes | Path] = {MARKER: MARKER_TEXT}
    wanted.update({a.output_path: Path(a.source_path) for a in assets})
    wanted.update(reused or {})
    wanted.update(files)
    found = 0
    for folder, dirs, names in os.walk(output):
        dirs.sort()
        base = Path(folder)
        rel_base = base.relative_to(output).as_posix()
        for name in names:
            rel = name if rel_base == "." else f"{rel_base}/{name}"
            if rel not in wanted:
                return False
            found += 1
    if found != len(wanted):
        return False
    reused = reused or {}
    return all(
        (rel in reused and reused[rel] == output / rel) or _same_bytes(output / rel, data)
        for rel, data in wanted.items()
    )


def write_site(
    output: Path,
    files: Mapping[str, bytes],
    assets: Iterable[Asset],
    reused: Mapping[str, Path] | None = None,
) -> int:
    """Replace `output` with exactly these files; the old site stays until then.

    `reused` maps output paths to unchanged files of the previous output, which are
    hard-linked into the new one (copied where the file system has no hard links).

    The new site is written into a hidden sibling folder and swapped in with two
    renames; any failure or interruption (Ctrl-C, SIGTERM) puts the old site back and
    removes the temporary folders. When `output` already holds exactly these files,
    nothing is written at all.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(output):
        remove_leftovers(output)
        if output_unchanged(output, files, assets, reused):
            return len({*files, *(reused or {})} | {a.output_path for a in assets})
        token = uuid.uuid4().hex[:8]  # only names a temporary folder; never written out
        staging = output.parent / f".cjmsite-new-{output.name}-{token}"
        retired = output.parent / f".cjmsite-old-{output.name}-{token}"
        try:
            count = _write_tree(staging, files, assets, reused)
            with signals_held():
                if output.exists():
                    os.replace(output, retired)
                os.replace(staging, output)
                shutil.rmtree(retired, ignore_errors=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            if retired.exists() and not output.exists():
                os.replace(retired, output)
            shutil.rmtree(retired, ignore_errors=True)
            raise
    return count
