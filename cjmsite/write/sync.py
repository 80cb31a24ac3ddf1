"""Write only what changed, in place: for a process that owns its output folder (serve)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cjmsite.model import Asset
from cjmsite.write.folders import MARKER, MARKER_TEXT, OutputError, inside


@dataclass
class SyncResult:
    """What sync_site did: site-relative paths written and deleted."""

    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def _replace_file(target: Path, data: bytes) -> None:
    """Write through a temporary sibling and rename, so a reader sees old or new bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        temp.write_bytes(data)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def sync_site(
    output: Path,
    files: Mapping[str, bytes],
    assets: Iterable[Asset],
    reused: Iterable[str] = (),
    keep: tuple[str, ...] = (),
    present: set[str] | None = None,
    within: str = "",
) -> SyncResult:
    """Make `output` hold exactly these files, touching only those whose bytes changed.

    For long-lived processes (`cjmsite serve`) that own `output`: unlike write_site
    there is no swap, so unchanged files keep their mtime and open pages stay valid.
    `reused` names files already in `output` and unchanged (left as they are); files
    under a `keep` prefix (e.g. `pagefind/`, re-made later) are not deleted. `present`,
    when the caller knows it (the files its last sync left), spares walking the folder.
    `within` (a folder prefix such as `pagefind/`) syncs only that part of `output`:
    every file given must lie under it, and nothing outside it is deleted.
    """
    unchanged = set(reused)
    output = output.resolve()
    output.mkdir(parents=True, exist_ok=True)
    wanted: dict[str, bytes | Path] = {} if within else {MARKER: MARKER_TEXT}
    for asset in assets:
        wanted[asset.output_path] = Path(asset.source_path)
    wanted.update(files)  # a generated page wins over a content file of the same name
    result = SyncResult()
    for rel, content in sorted(wanted.items()):
        if rel not in unchanged and _write_if_changed(output, rel, content, within):
            result.written.append(rel)
    if present is not None:
        for rel in sorted(present - wanted.keys() - unchanged):
            if rel.startswith(within) and not rel.startswith(keep):
                (output / rel).unlink(missing_ok=True)
                result.deleted.append(rel)
                _remove_empty_parents(output, output / rel)
        return result
    result.deleted = _delete_unwanted(output, within, wanted.keys() | unchanged, keep)
    return result


def write_files(output: Path, files: Mapping[str, bytes]) -> list[str]:
    """Write these files into `output` where their bytes changed, each replaced whole, and
    nothing else (no file is deleted): the paths written. For a process that owns
    `output` and syncs it in full afterwards (serve writes a saved file's pages first)."""
    output = output.resolve()
    return [rel for rel, data in sorted(files.items()) if _write_if_changed(output, rel, data, "")]


def _write_if_changed(output: Path, rel: str, content: bytes | Path, within: str) -> bool:
    """Write one file of sync_site unless it already holds these bytes; whether written."""
    target = output / rel
    if not rel.startswith(within) or not inside(target.resolve(), output):
        raise OutputError(f"refusing to write {rel}: it would land outside the output folder")
    data = content.read_bytes() if isinstance(content, Path) else content
    try:
        if target.is_file() and target.read_bytes() == data:
            return False
    except OSError:
        pass
    if target.is_dir():
        shutil.rmtree(target)
    _replace_file(target, data)
    return True


def _delete_unwanted(
    output: Path, within: str, wanted: Iterable[str], keep: tuple[str, ...]
) -> list[str]:
    """Remove the files under `output/within` that are not wanted, and empty folders."""
    wanted = set(wanted)
    deleted = []
    folder = output / within if within else output
    if not folder.is_dir():
        return deleted
    for path in sorted(folder.rglob("*"), reverse=True):  # files before their folders
        rel = path.relative_to(output).as_posix()
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif rel not in wanted and not rel.startswith(keep):
            path.unlink()
            deleted.append(rel)
    return sorted(deleted)


def _remove_empty_parents(output: Path, path: Path) -> None:
    """Remove the folders above a deleted file that it left empty, up to `output`."""
    folder = path.parent
    while folder != output and inside(folder, output):
        try:
            folder.rmdir()  # only when empty
        except OSError:
            return
        folder = folder.parent
