"""Write the built site atomically: into a temporary sibling folder, then swap it in."""

from __future__ import annotations

import os
import re
import shutil
import signal
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock

from cjmsite.model import Asset
from cjmsite.user_folders import cache_folder

MARKER = ".cjmsite-output"
MARKER_TEXT = b"This folder is written by cjmsite build; it is replaced on every build.\n"


class OutputError(Exception):
    """The output folder cannot be used; the message says why and what to do."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output_dir(output: Path, project_root: Path, content_root: Path) -> None:
    """Refuse output folders whose replacement would destroy the user's files."""
    output, root, content = output.resolve(), project_root.resolve(), content_root.resolve()
    if output == root or _inside(root, output):
        raise OutputError(
            f"the output folder {output} is the project folder or contains it; "
            "set output_dir in cjmsite.yml to a folder of its own, such as `output`"
        )
    if _inside(content, output) or _inside(output, content):
        raise OutputError(
            f"the output folder {output} overlaps the content folder {content}; "
            "set output_dir to a folder outside it"
        )
    if output.exists() and not output.is_dir():
        raise OutputError(f"the output path {output} is a file, not a folder")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise OutputError(
            f"the output folder {output} is not empty and was not written by cjmsite; "
            "empty or remove it, or choose another folder with -o / output_dir"
        )


def is_plain_relative(rel: str) -> bool:
    """A path that stays inside the folder it is joined to, read as written (no `..`,
    not absolute, no empty or `.` parts): enough in a fresh folder holding no symlinks."""
    parts = rel.split("/")
    return bool(rel) and all(p not in ("", ".", "..") for p in parts)


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


def output_lock_path(output: Path) -> Path:
    """`<cache dir>/<output name>-<hash>.lock`: beside the build cache's project folders
    (one per output folder, named like them), never beside the user's files."""

    return cache_folder(output).with_suffix(".lock")


@contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """One build at a time per output folder (other builds wait), across processes and
    on every OS (`filelock`: fcntl on POSIX, msvcrt on Windows)."""
    path = output_lock_path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(path):
        yield


@contextmanager
def spool_folder(output: Path) -> Iterator[Path | None]:
    """A fresh hidden folder beside `output` where rendering writes the pages (so no
    process holds them all), removed afterwards; None where it cannot be made (the
    pages are then kept in memory). On the output's file system, so writing the site
    hard-links the pages instead of copying them."""
    output = output.resolve()
    _remove_dead_spools(output)
    name = f".cjmsite-spool-{output.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    folder = output.parent / name
    try:
        folder.mkdir()  # not its parents: a failed build leaves no new folder behind
    except OSError:
        yield None
        return
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _ours(output: Path, kind: str) -> Iterator[tuple[Path, re.Match[str]]]:
    """Temporary folders of builds into `output` (`.cjmsite-<kind>-<name>-…`), by exact
    name: `out` must not claim `out-en`'s folders."""
    tail = r"-(?P<pid>\d+)-[0-9a-f]{8}" if kind == "spool" else r"-[0-9a-f]{8}"
    pattern = re.compile(rf"\.cjmsite-{kind}-{re.escape(output.name)}{tail}")
    try:
        entries = sorted(output.parent.iterdir())
    except OSError:
        return
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match and entry.is_dir() and not entry.is_symlink():
            yield entry, match


def _remove_dead_spools(output: Path) -> None:
    """Spool folders of builds killed outright: those whose process no longer runs."""
    for stale, match in _ours(output, "spool"):
        try:
            os.kill(int(match["pid"]), 0)
            continue  # a build still running (or a pid reused since: removed next time)
        except ProcessLookupError:
            pass
        except OSError:
            continue  # exists, owned by someone else
        shutil.rmtree(stale, ignore_errors=True)


def remove_leftovers(output: Path) -> None:
    """Temporary folders of a build that was killed outright (SIGKILL, power loss)."""
    for kind in ("new", "old"):
        for stale, _ in _ours(output, kind):
            shutil.rmtree(stale, ignore_errors=True)


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


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM during the swap so it is never left half done.

    A signal that arrives meanwhile is delivered right after, with the site complete.
    Windows has no signal masks: there the swap simply runs (two renames).
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


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
    if not rel.startswith(within) or not _inside(target.resolve(), output):
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
    while folder != output and _inside(folder, output):
        try:
            folder.rmdir()  # only when empty
        except OSError:
            return
        folder = folder.parent
