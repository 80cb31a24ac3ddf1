"""The output folder and its neighbours: what may be written where, one build at a time,
the spool and temporary folders beside it, and signals held while it changes."""

from __future__ import annotations

import os
import re
import shutil
import signal
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from cjmsite.user_folders import cache_folder

MARKER = ".cjmsite-output"
MARKER_TEXT = b"This folder is written by cjmsite build; it is replaced on every build.\n"


class OutputError(Exception):
    """The output folder cannot be used; the message says why and what to do."""


class OutputDamaged(OutputError):
    """A write failed and putting the previous site back failed too (a disk error in the
    middle of renames): the output folder may lack some of its files, and the message says
    where they are. Never raised while the previous site is whole."""


def what_failed(error: BaseException) -> str:
    """A failed write's cause in a few words, for OutputDamaged's message."""
    return "interrupted" if isinstance(error, KeyboardInterrupt) else str(error) or repr(error)


def inside(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or lies under it (both resolved by the caller)."""
    return path == folder or folder in path.parents


def check_output_dir(output: Path, project_root: Path, content_root: Path) -> None:
    """Refuse output folders whose replacement would destroy the user's files."""
    output, root, content = output.resolve(), project_root.resolve(), content_root.resolve()
    if output == root or inside(root, output):
        raise OutputError(
            f"the output folder {output} is the project folder or contains it; "
            "set output_dir in cjmsite.yml to a folder of its own, such as `output`"
        )
    if inside(content, output) or inside(output, content):
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
        with signals_held():  # a whole site's tree: Ctrl-C meanwhile must not leave half
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


class InterruptedAfterWrite(KeyboardInterrupt):
    """Ctrl-C or SIGTERM that arrived once the new site was in place: the build stops, but
    the output folder (args[0]) holds the new site, not the previous one."""


@contextmanager
def after_write(output: Path) -> Iterator[None]:
    """Work done once the new site is in place (saving the cache): an interrupt during it
    is an InterruptedAfterWrite."""
    try:
        yield
    except InterruptedAfterWrite:
        raise
    except KeyboardInterrupt as error:
        raise InterruptedAfterWrite(output) from error


@dataclass
class Held:
    """What a `signals_held` block did: `written` once the new site is in place (a signal
    held until the end is then an InterruptedAfterWrite)."""

    written: bool = False


@contextmanager
def signals_held(output: Path | None = None) -> Iterator[Held]:
    """Hold Ctrl-C and SIGTERM during the swap so it is never left half done.

    A signal that arrives meanwhile is delivered right after, with the site complete (as
    InterruptedAfterWrite when the block set `written`), unless the block raises
    OutputDamaged, which then says what the output holds. In
    the main thread the signals' handlers are swapped for one that only notes them: a
    signal mask is per thread, and with any other thread running (Pagefind's readers, the
    search collector) the kernel hands the signal to that thread and Python still raises
    it in the main thread, mid-swap. Elsewhere (serve's builder thread) this thread's
    signals are masked where the platform can.
    """
    state = Held()
    if threading.current_thread() is not threading.main_thread():
        with _masked():
            yield state
        return
    held = (signal.SIGINT, signal.SIGTERM)
    caught: list[int] = []
    previous = {number: signal.getsignal(number) for number in held}
    for number in held:
        signal.signal(number, lambda signum, frame: caught.append(signum))
    try:
        yield state
    except OutputDamaged:
        caught.clear()  # the build stops anyway: what it left where is what must be said
        raise
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        if caught:
            with after_write(output) if state.written and output else nullcontext():
                _deliver(caught[0], previous[caught[0]])


def _deliver(number: int, handler: object) -> None:
    """The signal held, to the handler it would have reached."""
    if callable(handler):
        handler(number, None)  # Ctrl-C: KeyboardInterrupt; build's SIGTERM: the same
    elif handler != signal.SIG_IGN:
        signal.raise_signal(number)  # the default action: end the process


@contextmanager
def _masked() -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
