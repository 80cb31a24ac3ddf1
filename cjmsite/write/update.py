"""Bring a previous output up to date by renames alone, all or nothing (write_site uses it).

A rebuild after one edit changes a few files of thousands; copying or linking all of them
into a new folder and deleting the old one (the swap) was most of such a build. Here:

1. the previous output is listed (every file, its size and mtime; a symbolic link in it
   makes the caller swap instead) and each wanted file compared with the one there;
2. the new and changed files are made ready beside the output (written into a hidden
   staging folder, or the rendered pages left in the spool folder), so a full disk or any
   other failure happens before the output is touched;
3. with Ctrl-C and SIGTERM held, the files to replace or remove are moved into a hidden
   retired folder, folders no file needs any more are removed, and the ready files are
   moved in. Any failure in this step moves everything back: the previous output stays.

A reader of the output folder meanwhile sees each file whole, old or new; for the few
milliseconds of step 3 it may see some of each (the swap had none of that, but left no
output at all for the instant between its two renames).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cjmsite.write.folders import (
    MARKER,
    MARKER_TEXT,
    InterruptedAfterWrite,
    OutputDamaged,
    OutputError,
    is_plain_relative,
    signals_held,
    what_failed,
)

Source = bytes | Path  # a file's bytes, or a file holding them


@dataclass
class Listing:
    """The files and folders of an output folder (site-relative), each file's size and
    mtime."""

    files: dict[str, tuple[int, int]] = field(default_factory=dict)
    folders: set[str] = field(default_factory=set)


def list_output(output: Path) -> Listing | None:
    """Every file and folder under `output`; None when one is a symbolic link (or cannot
    be read), which a swap replaces safely and a rename could follow."""
    found = Listing()
    pending = [("", output)]
    try:
        while pending:
            rel, folder = pending.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    name = f"{rel}/{entry.name}" if rel else entry.name
                    if entry.is_symlink():
                        return None
                    if entry.is_dir():
                        found.folders.add(name)
                        pending.append((name, Path(entry.path)))
                    else:
                        stat = entry.stat()
                        found.files[name] = (stat.st_size, stat.st_mtime_ns)
    except OSError:
        return None
    return found


def _same(path: str, size: int, source: Source) -> bool:
    """Whether the file at `path` (of `size` bytes) holds `source`'s bytes."""
    try:
        if isinstance(source, Path):
            if os.stat(source).st_size != size:
                return False
            with open(path, "rb") as mine, open(source, "rb") as theirs:
                return mine.read() == theirs.read()
        if len(source) != size:
            return False
        with open(path, "rb") as mine:
            return mine.read() == source
    except OSError:
        return False


@dataclass
class Update:
    """What bringing the output up to date takes, and leaves."""

    output: Path
    listing: Listing
    ready: dict[str, Path] = field(default_factory=dict)  # rel -> file to move in
    remove: list[str] = field(default_factory=list)  # files of the output to move out
    # what commit did, in order: ("move", from, to), ("mkdir", folder, _), ("rmdir", folder, _)
    done: list[tuple[str, Path, Path]] = field(default_factory=list)
    keep_retired: bool = False  # the undo failed: files of the previous output are there

    @property
    def state(self) -> dict[str, tuple[int, int]]:
        """Size and mtime of every file of the output, as the update left it."""
        return self.listing.files


def plan(output: Path, listing: Listing, wanted: Mapping[str, Source]) -> tuple[list, list]:
    """The wanted files that differ from the output's (or are not there), and the output's
    files not wanted. A wanted file given as the output's own file is the same."""
    changed = []
    base = os.path.join(output, "")  # plain strings: 7,000 Path objects cost a tenth of a second
    for rel, source in sorted(wanted.items()):
        if not is_plain_relative(rel):
            raise OutputError(f"refusing to write {rel}: it would land outside the output folder")
        path = base + rel.replace("/", os.sep)
        known = listing.files.get(rel)
        if isinstance(source, Path) and known is not None and os.fspath(source) == path:
            continue  # reused from the previous output as it is
        if known is None or not _same(path, known[0], source):
            changed.append(rel)
    gone = sorted(rel for rel in listing.files if rel not in wanted)
    return changed, gone


def prepare(
    update: Update,
    wanted: Mapping[str, Source],
    changed: list[str],
    staging: Path,
    spool: Path | None = None,
) -> None:
    """Make each changed file ready beside the output: bytes written into `staging`,
    files elsewhere copied there, files in the `spool` (same file system) left where they
    are."""
    staging.mkdir()
    within = os.path.join(spool, "") if spool is not None else None
    for number, rel in enumerate(changed):
        source = wanted[rel]
        if within and isinstance(source, Path) and os.fspath(source).startswith(within):
            update.ready[rel] = source
            continue
        target = staging / str(number)
        target.write_bytes(source.read_bytes() if isinstance(source, Path) else source)
        update.ready[rel] = target


def commit(update: Update, retired: Path, needed: set[str]) -> None:
    """Move out the files to replace or remove, remove the folders no file needs, move in
    the ready files; with signals held. On any failure, everything is moved back."""
    output = update.output
    with signals_held(output) as held:
        try:
            replaced = [rel for rel in update.ready if rel in update.listing.files]
            for rel in sorted({*update.remove, *replaced}):
                _move(update, output / rel, retired / rel)
            for folder in sorted(update.listing.folders - needed, reverse=True):
                _prune(update, output / folder)
            for rel, source in sorted(update.ready.items()):
                _move(update, source, output / rel)
        except BaseException as error:
            failed = _undo(update, retired)
            if failed:
                update.keep_retired = any(failure.previous for failure in failed)
                raise OutputDamaged(_damage(output, error, failed, retired)) from error
            raise
        held.written = True


def _move(update: Update, source: Path, target: Path) -> None:
    _make_parents(update, target)
    os.replace(source, target)
    update.done.append(("move", source, target))


def _prune(update: Update, folder: Path) -> None:
    try:
        folder.rmdir()  # only when empty: a folder still holding a wanted file stays
    except OSError:
        return
    update.done.append(("rmdir", folder, folder))


def _make_parents(update: Update, path: Path) -> None:
    missing = []
    parent = path.parent
    while not parent.is_dir():
        missing.append(parent)
        parent = parent.parent
    for folder in reversed(missing):
        folder.mkdir()
        update.done.append(("mkdir", folder, folder))


@dataclass
class UndoFailure:
    """A step of `commit` that could not be reversed: the output's path it concerns, why,
    and whether it leaves a previous file out of the output (in the retired folder)."""

    path: Path
    error: OSError
    previous: bool


def _undo(update: Update, retired: Path) -> list[UndoFailure]:
    """Put the output back as it was: each step of `commit` reversed, last first. A step
    that fails does not stop the others; what it leaves different in the output is
    returned."""
    failed = []
    for step, first, second in reversed(update.done):
        try:
            if step == "move":
                os.replace(second, first)
            elif step == "mkdir":
                first.rmdir()
            else:
                first.mkdir()
        except OSError as error:
            previous = step == "move" and retired in second.parents  # moved out of the output
            where = first if previous or step != "move" else second
            if update.output in where.parents:  # not a folder of the retired files
                failed.append(UndoFailure(where, error, previous))
    return failed


def _damage(output: Path, error: BaseException, failed: list[UndoFailure], retired: Path) -> str:
    """What OutputDamaged says: what failed, and where the previous files are."""
    first = failed[0]
    text = (
        f"writing {output} failed ({what_failed(error)}), and so did putting it back as it was "
        f"({first.path}: {first.error.strerror or first.error})"
    )
    lost = sum(1 for failure in failed if failure.previous)
    if lost:
        return (
            f"{text}: {lost} of its previous files are in {retired} until the next build; "
            "build again to make the output whole"
        )
    return f"{text}: it holds all its previous files, and some of this build's; build again"


def update_output(
    output: Path,
    listing: Listing,
    wanted: Mapping[str, Source],
    beside: Path,
    spool: Path | None = None,
) -> Update | None:
    """Bring `output` (listed as `listing`) to hold exactly `wanted`, or leave it as it was
    (an error raised); None when nothing differs. `beside`: where the hidden staging and
    retired folders go (the output's parent; remove_leftovers knows their names). Files
    in the `spool` folder are moved in from there."""
    wanted = {MARKER: MARKER_TEXT, **wanted}
    changed, gone = plan(output, listing, wanted)
    if not changed and not gone:
        return None
    update = Update(output, listing, remove=gone)
    token = uuid.uuid4().hex[:8]
    staging = beside / f".cjmsite-new-{output.name}-{token}"
    retired = beside / f".cjmsite-old-{output.name}-{token}"
    committed = False
    try:
        prepare(update, wanted, changed, staging, spool)
        try:
            commit(update, retired, _folders_of(wanted))
        except InterruptedAfterWrite:
            committed = True  # in place; a second signal during the clean-up says so too
            raise
        committed = True
    finally:
        with signals_held(output) as held:  # Ctrl-C now would leave the replaced files behind
            held.written = committed
            shutil.rmtree(staging, ignore_errors=True)
            if not update.keep_retired:
                shutil.rmtree(retired, ignore_errors=True)
    for rel in gone:
        listing.files.pop(rel, None)
    for rel in changed:
        stat = (output / rel).stat()
        listing.files[rel] = (stat.st_size, stat.st_mtime_ns)
    return update


def _folders_of(paths: Iterable[str]) -> set[str]:
    """Every folder holding one of these files, at any depth."""
    folders = set()
    for rel in paths:
        parts = rel.split("/")
        folders.update("/".join(parts[:depth]) for depth in range(1, len(parts)))
    return folders
