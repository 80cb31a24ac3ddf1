"""A previous output is brought up to date by renames alone: unchanged files are left as
they are, and a failure half way puts everything back."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from cjmsite.write import MARKER, OutputDamaged, write_site
from cjmsite.write import update as update_module


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def strays(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".cjmsite-"))


FIRST = {"index.html": b"home", "a/index.html": b"A", "a/b/index.html": b"B", "x": b"file"}
SECOND = {"index.html": b"home 2", "a/index.html": b"A", "x/index.html": b"now a folder"}


def test_only_what_changed_is_moved_and_the_rest_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_site(out, FIRST, [])
    kept = (out / "a/index.html").stat()
    (out / "stray.html").write_bytes(b"put here by hand")
    state: dict[str, tuple[int, int]] = {}
    assert write_site(out, SECOND, [], state=state) == 3
    assert tree(out) == {MARKER: (out / MARKER).read_bytes(), **SECOND}
    now = (out / "a/index.html").stat()
    assert (now.st_ino, now.st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)  # not rewritten
    assert not (out / "a/b").exists()  # a folder no file needs is gone
    assert state == {
        rel: ((out / rel).stat().st_size, (out / rel).stat().st_mtime_ns) for rel in tree(out)
    }
    assert strays(tmp_path) == []


def test_files_of_the_previous_output_and_of_the_spool_are_moved_not_copied(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    write_site(out, FIRST, [])
    spool = tmp_path / ".cjmsite-spool-out-1-deadbeef"
    spool.mkdir()
    (spool / "page.html").write_bytes(b"rendered")
    inode = (spool / "page.html").stat().st_ino
    reused = {"a/index.html": out / "a/index.html", "new/index.html": spool / "page.html"}
    write_site(out, {"index.html": b"home"}, [], reused, spool=spool)
    assert (out / "new/index.html").stat().st_ino == inode
    assert sorted(tree(out)) == sorted([MARKER, "index.html", "a/index.html", "new/index.html"])


def test_a_new_output_is_the_spool_folder_itself(tmp_path: Path) -> None:
    """With no previous output the spool, where the pages were rendered at their place,
    becomes the output: the other files are added to it and it is renamed, no page moved."""
    out = tmp_path / "out"
    spool = tmp_path / ".cjmsite-spool-out-1-deadbeef"
    (spool / "journeys" / "compra").mkdir(parents=True)
    page = spool / "journeys" / "compra" / "index.html"
    page.write_bytes("¿Dónde está?".encode())
    inode = page.stat().st_ino
    count = write_site(
        out, {"index.html": b"home"}, [], {"journeys/compra/index.html": page}, spool=spool
    )
    assert count == 2 and not spool.exists()
    assert (out / "journeys/compra/index.html").stat().st_ino == inode
    assert sorted(tree(out)) == sorted([MARKER, "index.html", "journeys/compra/index.html"])
    assert strays(tmp_path) == []


def test_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_site(out, FIRST, [])
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    write_site(out, FIRST, [])
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before


@pytest.mark.parametrize("fail_at", [1, 3, 5])
def test_a_failure_while_moving_puts_everything_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: int
) -> None:
    out = tmp_path / "out"
    write_site(out, FIRST, [])
    before = tree(out)
    calls = []
    replace = os.replace

    def failing(source: object, target: object) -> None:
        calls.append(1)
        if len(calls) == fail_at:
            raise OSError(28, "No space left on device")
        replace(source, target)

    monkeypatch.setattr(update_module.os, "replace", failing)
    with pytest.raises(OSError):
        write_site(out, SECOND, [])
    assert tree(out) == before and (out / "a/b").is_dir()
    assert strays(tmp_path) == []


def test_a_symbolic_link_in_the_output_means_a_whole_new_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_site(out, FIRST, [])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_bytes(b"not ours")
    (out / "a/link").symlink_to(elsewhere)
    write_site(out, SECOND, [])
    assert sorted(tree(out)) == sorted([MARKER, *SECOND])
    assert (elsewhere / "keep.txt").read_bytes() == b"not ours"


def _plain_output(tmp_path: Path, home: bytes) -> Path:
    """An output folder cjmsite did not write (no marker): replaced by a swap."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_bytes(home)
    return out


def _replace_failing_at(
    monkeypatch: pytest.MonkeyPatch, failures: set[int], interrupt_at: int = 0
) -> None:
    """os.replace raising a disk error on these calls (1-based), working on the others; on
    call `interrupt_at` a Ctrl-C (SIGINT to this process) arrives first (tests only send it
    where the writer holds signals)."""
    calls = []
    replace = os.replace

    def failing(source: object, target: object) -> None:
        calls.append(1)
        if len(calls) == interrupt_at:
            os.kill(os.getpid(), signal.SIGINT)
        if len(calls) in failures:
            raise OSError(5, "Input/output error")
        replace(source, target)

    monkeypatch.setattr(update_module.os, "replace", failing)


@pytest.mark.parametrize("fail_at", [1, 2, 3, 4, 5])
def test_an_undo_that_fails_too_loses_no_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: int
) -> None:
    """A disk error while moving, then another while moving back: every previous file is
    in the output or, when some could not be put back, in the retired folder, which is
    kept and named in the error; a plain error means the output is exactly as it was. The
    next build makes the output whole and clears up."""
    out = tmp_path / "out"
    write_site(out, FIRST, [])
    before = tree(out)
    _replace_failing_at(monkeypatch, {fail_at, fail_at + 1})
    with pytest.raises((OSError, OutputDamaged)) as raised:
        write_site(out, SECOND, [])
    monkeypatch.undo()
    kept = [tmp_path / name for name in strays(tmp_path)]
    message = str(raised.value)
    if not isinstance(raised.value, OutputDamaged):  # then the output is exactly as it was
        assert kept == [] and tree(out) == before
    elif kept:  # previous files not put back: in the folder the error names
        assert len(kept) == 1 and kept[0].name.startswith(".cjmsite-old-out-")
        assert f"of its previous files are in {kept[0]}" in message and "build again" in message
    else:  # every previous file is back, with some new ones
        assert "it holds all its previous files, and some of this build's" in message
    retired = tree(kept[0]) if kept else {}
    for rel, data in before.items():
        in_output = (out / rel).is_file() and (out / rel).read_bytes() == data
        assert in_output or retired.get(rel) == data, rel
    write_site(out, SECOND, [])
    assert tree(out) == {MARKER: before[MARKER], **SECOND} and strays(tmp_path) == []


def test_an_undo_that_cannot_put_a_file_back_says_where_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second file moved out fails, and so does moving the first back: that file
    stays in the retired folder, which the error names."""
    out = tmp_path / "out"
    write_site(out, FIRST, [])
    _replace_failing_at(monkeypatch, {2, 3})
    with pytest.raises(OutputDamaged, match="1 of its previous files are in"):
        write_site(out, SECOND, [])
    monkeypatch.undo()
    (kept,) = (tmp_path / name for name in strays(tmp_path))
    assert tree(kept) == {"a/b/index.html": b"B"} and not (out / "a/b/index.html").exists()


def test_a_swap_whose_put_back_fails_leaves_the_previous_site_where_it_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that is not a cjmsite output is replaced by a swap: output → retired, new →
    output. When the second rename fails and so does putting the first back, the previous
    site stays whole in the retired folder (never removed) and the error says so."""
    out = _plain_output(tmp_path, "¿Qué tal? Año".encode())
    _replace_failing_at(monkeypatch, {2, 3})
    with pytest.raises(OutputDamaged) as raised:
        write_site(out, SECOND, [])
    monkeypatch.undo()
    kept = [tmp_path / name for name in strays(tmp_path)]
    assert len(kept) == 1 and tree(kept[0]) == {"index.html": "¿Qué tal? Año".encode()}
    assert str(kept[0]) in str(raised.value) and not out.exists()


def test_a_failed_swap_puts_the_previous_site_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _plain_output(tmp_path, b"old")
    _replace_failing_at(monkeypatch, {2})
    with pytest.raises(OSError) as raised:
        write_site(out, SECOND, [])
    assert not isinstance(raised.value, OutputDamaged)
    assert tree(out) == {"index.html": b"old"} and strays(tmp_path) == []


def test_a_new_file_left_in_the_output_by_a_failed_undo_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moves: index.html out, then in; a.html in fails, and so does moving index.html's
    new version back out: every previous file is there, but not only those."""
    out = tmp_path / "out"
    write_site(out, {"index.html": b"home"}, [])
    _replace_failing_at(monkeypatch, {3, 4})
    with pytest.raises(OutputDamaged, match="it holds all its previous files, and some"):
        write_site(out, {"index.html": b"home 2", "a.html": b"A", "b.html": b"B"}, [])
    monkeypatch.undo()
    assert (out / "index.html").read_bytes() == b"home" and strays(tmp_path) == []


def test_a_ctrl_c_held_during_a_failed_undo_does_not_hide_where_the_files_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_site(out, FIRST, [])
    _replace_failing_at(monkeypatch, {2, 3}, interrupt_at=1)
    with pytest.raises(OutputDamaged, match="1 of its previous files are in"):
        write_site(out, SECOND, [])


def test_a_swap_interrupted_whose_put_back_fails_says_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _plain_output(tmp_path, b"old")
    _replace_failing_at(monkeypatch, {2, 3}, interrupt_at=1)
    with pytest.raises(OutputDamaged, match=r"failed \(interrupted\).*Input/output error"):
        write_site(out, SECOND, [])
    monkeypatch.undo()
    (kept,) = (tmp_path / name for name in strays(tmp_path))
    assert tree(kept) == {"index.html": b"old"}


def test_a_ctrl_c_while_a_failed_swap_puts_the_site_back_waits_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new site's rename fails; Ctrl-C arrives as the previous one is renamed back: it
    is delivered once the previous site is back, with no temporary folder left."""
    out = _plain_output(tmp_path, b"old")
    _replace_failing_at(monkeypatch, {2}, interrupt_at=3)
    with pytest.raises(KeyboardInterrupt):
        write_site(out, SECOND, [])
    monkeypatch.undo()
    assert tree(out) == {"index.html": b"old"} and strays(tmp_path) == []


def test_a_folder_of_the_retired_files_that_stays_is_no_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The undo cannot remove a folder it made inside the retired folder: the output is
    whole all the same, so the error is the plain one, and the folder goes with the rest."""
    out = tmp_path / "out"
    write_site(out, FIRST, [])
    before = tree(out)
    _replace_failing_at(monkeypatch, {5})  # the last move in
    rmdir = Path.rmdir

    def failing_rmdir(self: Path) -> None:
        if ".cjmsite-old-" in str(self):
            raise OSError(16, "Device or resource busy")
        rmdir(self)

    monkeypatch.setattr(Path, "rmdir", failing_rmdir)
    with pytest.raises(OSError) as raised:
        write_site(out, SECOND, [])
    monkeypatch.undo()
    assert not isinstance(raised.value, OutputDamaged)
    assert tree(out) == before and strays(tmp_path) == []
