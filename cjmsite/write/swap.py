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
    OutputDamaged,
    OutputError,
    is_plain_relative,
    output_lock,
    remove_leftovers,
    signals_held,
    what_failed,
)
from cjmsite.write.update import list_output, update_output


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
    spooled: bool = False,
) -> int:
    """The site in `folder`: new, or (`spooled`) the spool folder, whose files at their
    place in it are the site's already."""
    if not spooled:
        folder.mkdir(parents=True)  # new and empty: nothing in it is a symlink we did not make
    made: set[Path] = {folder}
    count = 0
    items: list[tuple[str, bytes | Path]] = [*files.items(), *(reused or {}).items()]
    for rel, data in sorted(items, key=lambda item: item[0]):
        if not is_plain_relative(rel):
            raise OutputError(f"refusing to write {rel}: it would land outside the output folder")
        target = folder / rel
        if spooled and data == target:
            count += 1
            continue
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


def write_site(
    output: Path,
    files: Mapping[str, bytes],
    assets: Iterable[Asset],
    reused: Mapping[str, Path] | None = None,
    state: dict[str, tuple[int, int]] | None = None,
    spool: Path | None = None,
) -> int:
    """Replace `output` with exactly these files; the old site stays until then.

    `reused` maps output paths to files holding their bytes: unchanged files of the
    previous output, or pages rendered into the `spool` folder beside it (each at its
    place in the site: the spool is the new site's tree, its other files added there).

    A previous output of cjmsite is brought up to date by renames alone (see update):
    only the files that changed are moved, all or nothing, with signals held. Any other
    output folder is replaced whole: the site is written into a hidden sibling folder
    (files hard-linked where they can be) and swapped in with two renames; any failure or
    interruption (Ctrl-C, SIGTERM) puts the old site back and removes the temporary
    folders. When `output` already holds exactly these files, nothing is written at all.
    `state`, when given and the output was updated (or already right), receives the size
    and mtime of every file it holds now (for the no-change record).
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    wanted: dict[str, bytes | Path] = {a.output_path: Path(a.source_path) for a in assets}
    wanted.update(reused or {})
    wanted.update(files)  # a generated page wins over a content file of the same name
    with output_lock(output):
        remove_leftovers(output)
        listing = list_output(output) if (output / MARKER).is_file() else None
        if listing is not None:
            update_output(output, listing, wanted, output.parent, spool)
            if state is not None:
                state.clear()
                state.update(listing.files)
            return len(wanted)
        token = uuid.uuid4().hex[:8]  # only names a temporary folder; never written out
        staging = spool or output.parent / f".cjmsite-new-{output.name}-{token}"
        retired = output.parent / f".cjmsite-old-{output.name}-{token}"
        try:
            count = _write_tree(staging, files, assets, reused, spooled=spool is not None)
            with signals_held(output) as held:
                if output.exists():
                    os.replace(output, retired)
                os.replace(staging, output)
                held.written = True
                shutil.rmtree(retired, ignore_errors=True)
        except BaseException as error:
            try:
                with signals_held():  # a Ctrl-C now must not stop the old site coming back
                    if retired.exists() and not output.exists():
                        _put_back(retired, output, error)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
                if output.exists():  # else the previous site is in it: OutputDamaged says so
                    shutil.rmtree(retired, ignore_errors=True)
            raise
    return count


def _put_back(retired: Path, output: Path, error: BaseException) -> None:
    """The previous site back at `output` after a failed swap; when even that rename fails,
    it is left where it is (never removed) and OutputDamaged says where."""
    try:
        os.replace(retired, output)
    except OSError as undo_error:
        raise OutputDamaged(
            f"writing {output} failed ({what_failed(error)}), and so did putting the previous "
            f"site back ({undo_error.strerror or undo_error}): it is in {retired} until the "
            "next build; move it back, or build again"
        ) from error
