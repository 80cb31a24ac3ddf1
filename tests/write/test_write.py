"""The user's files: concurrent builds and interrupted builds never lose a site."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sitekit import TOUCHPOINT, big_site, fixture_site, needs_posix_signals, write_files

from cjmsite import build
from cjmsite.write import MARKER, sync_site


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def strays(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".cjmsite-"))


def start_build(config: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "cjmsite", "build", "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_two_builds_at_once_leave_a_complete_site(tmp_path: Path) -> None:
    config = big_site(tmp_path, steps=150)
    reference = tmp_path.parent / (tmp_path.name + "-ref")
    assert build(config, output_dir=reference).written
    expected = tree(reference)
    first, second = start_build(config), start_build(config)
    assert first.wait(timeout=120) == 0, first.stderr.read() if first.stderr else ""
    assert second.wait(timeout=120) == 0, second.stderr.read() if second.stderr else ""
    assert tree(tmp_path / "output") == expected
    assert strays(tmp_path) == []


@pytest.mark.slow
@needs_posix_signals
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_build_keeps_the_previous_site(tmp_path: Path, sig: signal.Signals) -> None:
    config = big_site(tmp_path)
    assert build(config).written
    before = tree(tmp_path / "output")
    (tmp_path / "content/journeys/signup/100-step-0.md").write_text(
        TOUCHPOINT.format(n="zero", e=2, words="changed"), encoding="utf-8"
    )
    new = tmp_path.parent / (tmp_path.name + "-new")
    assert build(config, output_dir=new).written
    expected_new = tree(new)
    current, outcomes = before, set()
    for delay in (0.2, 0.6, 1.0, 1.5, 2.5):
        process = start_build(config)
        time.sleep(delay)
        process.send_signal(sig)
        code = process.wait(timeout=120)
        after = tree(tmp_path / "output")
        if code == 0:  # it finished before the signal arrived: the new site, complete
            assert after == expected_new
            outcomes.add("finished")
        else:  # the old site intact, or (signal just after the swap) the new one complete
            assert after in (current, expected_new), f"signal after {delay}s mixed the sites"
            outcomes.add("interrupted")
        assert strays(tmp_path) == [], f"temporary folders left after {delay}s"
        current = after
    assert "interrupted" in outcomes


def test_leftovers_of_a_killed_build_are_removed(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path)
    (tmp_path / ".cjmsite-new-output-deadbeef").mkdir()
    (tmp_path / ".cjmsite-new-output-deadbeef" / "x.html").write_text("half", encoding="utf-8")
    assert build(config).written
    assert strays(tmp_path) == []


def test_only_plain_relative_paths_are_written() -> None:
    from cjmsite.write import is_plain_relative

    assert is_plain_relative("journeys/a/index.html") and is_plain_relative("404.html")
    for bad in ("../x", "/etc/passwd", "a//b", "a/./b", "", "a/../../b", "a/.."):
        assert not is_plain_relative(bad), bad


def test_the_spool_folder_goes_away_and_dead_builds_spools_are_cleaned(tmp_path: Path) -> None:
    import os

    from cjmsite.write import spool_folder

    output = tmp_path / "out"
    dead = tmp_path / ".cjmsite-spool-out-999999999-deadbeef"  # no such process
    live = tmp_path / f".cjmsite-spool-out-{os.getpid()}-0123abcd"  # a build still running
    sibling = tmp_path / ".cjmsite-spool-out-en-999999999-deadbeef"  # a build into out-en
    for folder in (dead, live, sibling):
        folder.mkdir()
    with spool_folder(output) as spool:
        assert spool is not None and spool.is_dir() and spool.parent == tmp_path
        assert not dead.exists() and live.is_dir() and sibling.is_dir()
        (spool / "page.html").write_bytes(b"x")
    assert not spool.exists() and live.is_dir()
    with spool_folder(tmp_path / "missing" / "out") as none:
        assert none is None  # no folder made for it: the pages stay in memory
    assert not (tmp_path / "missing").exists()


@pytest.mark.slow
def test_a_build_leaves_no_spool_behind(tmp_path: Path) -> None:
    from cjmsite.site.pipeline import build

    repo = Path(__file__).resolve().parents[2]
    output = tmp_path / "site"
    assert build(repo / "cjmsite.yml", output_dir=output, use_cache=False).written
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    assert (output / "journeys/report-an-outage/index.html").is_file()


@pytest.mark.slow
def test_a_full_disk_while_rendering_is_a_clean_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cjmsite.site.pipeline import build

    repo = Path(__file__).resolve().parents[2]
    output = tmp_path / "site"
    assert build(repo / "cjmsite.yml", output_dir=output, use_cache=False).written
    before = sorted(p.relative_to(output) for p in output.rglob("*"))
    write_bytes = Path.write_bytes

    def full(self: Path, data: bytes) -> int:
        if ".cjmsite-spool-" in str(self):
            raise OSError(28, "No space left on device")
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    result = build(repo / "cjmsite.yml", output_dir=output, use_cache=False)
    assert not result.written
    assert any("No space left on device" in d.message for d in result.errors)
    assert sorted(p.relative_to(output) for p in output.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no spool left behind


def test_sync_site_writes_only_changes_and_deletes_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = sync_site(out, {"a.html": b"A", "d/b.html": b"B"}, [])
    assert first.written == [".cjmsite-output", "a.html", "d/b.html"]
    before = (out / "a.html").stat().st_mtime_ns
    second = sync_site(out, {"a.html": b"A", "c.html": b"C"}, [])
    assert second.written == ["c.html"] and second.deleted == ["d/b.html"]
    assert (out / "a.html").stat().st_mtime_ns == before and not (out / "d").exists()


def test_failed_build_leaves_previous_output(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path / "site")
    out = tmp_path / "site" / "output"
    first = build(config)
    assert first.written and (out / "index.html").is_file()
    before = tree(out)
    broken = tmp_path / "site/content/journeys/signup/10-sees-ad.md"
    broken.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    result = build(config)
    assert not result.written and result.errors
    assert tree(out) == before
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == sorted(
        ["cjmsite.yml", "content", "output"]
    )


def test_no_stale_files_survive(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path)
    assert build(config).written
    (tmp_path / "content/pages/about.md").unlink()
    assert build(config).written
    assert not (tmp_path / "output/about").exists()
    assert (tmp_path / "output" / MARKER).is_file()


def test_refuses_a_foreign_non_empty_output(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path)
    precious = write_files(tmp_path / "mine", {"thesis.txt": "do not delete"})
    result = build(config, output_dir=precious)
    assert not result.written
    assert "not written by cjmsite" in result.errors[0].message
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "do not delete"
    result = build(config, output_dir=tmp_path)
    assert not result.written and "project folder" in result.errors[0].message


def test_output_lock_lives_beside_the_build_cache_and_excludes_a_second_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lock is a `filelock` file in the cache folder (not the temp folder), and a
    second holder waits until the first lets go."""
    import threading

    from cjmsite.write import output_lock, output_lock_path

    monkeypatch.setenv("CJMSITE_CACHE_DIR", str(tmp_path / "cache"))
    output = tmp_path / "site" / "output"
    path = output_lock_path(output)
    assert path.parent == tmp_path / "cache" and path.suffix == ".lock"
    assert path.name.startswith("output-")
    events: list[str] = []
    with output_lock(output):
        assert path.is_file()

        def wait_then_record() -> None:
            with output_lock(output):
                events.append("second")

        second = threading.Thread(target=wait_then_record)
        second.start()
        time.sleep(0.3)
        events.append("first done")
    second.join(10)
    assert events == ["first done", "second"]


@needs_posix_signals
def test_a_signal_taken_by_another_thread_is_held_until_the_swap_is_done() -> None:
    """SIGTERM during a held region, with another thread running (as Pagefind's readers
    and the search collector are during a build): the region runs to its end, then the
    build's handler gets the signal."""
    import os
    import threading

    from cjmsite.write import signals_held

    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)  # does not mask signals
    other.start()

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    steps: list[int] = []
    try:
        with pytest.raises(KeyboardInterrupt), signals_held():
            for step in range(40):
                if step == 5:
                    os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(0.002)  # Python runs pending handlers meanwhile
                steps.append(step)
        assert steps == list(range(40))
        assert signal.getsignal(signal.SIGTERM) is interrupt
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop.set()


def test_a_signal_held_until_the_new_site_is_in_place_says_so(tmp_path: Path) -> None:
    """Ctrl-C that arrives during the swap, once the block marked the site written, is an
    InterruptedAfterWrite naming the folder (build then says the new site is there, not the
    previous one); before that mark it stays a plain KeyboardInterrupt."""
    import os

    from cjmsite.write import InterruptedAfterWrite, signals_held

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        with pytest.raises(InterruptedAfterWrite) as caught, signals_held(tmp_path) as held:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.01)
            held.written = True
        assert caught.value.args == (tmp_path,)
        with pytest.raises(KeyboardInterrupt) as plain, signals_held(tmp_path):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.01)
        assert not isinstance(plain.value, InterruptedAfterWrite)
    finally:
        signal.signal(signal.SIGTERM, previous)
