"""What check and build print when the core stops on something other than a diagnostic:
one line and a non-zero exit, never a traceback (unless CJMSITE_TRACEBACK=1)."""

from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from cjmsite.commands.options import EXIT_INTERRUPTED, EXIT_PROBLEMS
from cjmsite.commands.output import run_core
from cjmsite.write import InterruptedAfterWrite


def _raising(error: BaseException):
    def action():
        raise error

    return action


def _exit(capsys, error: BaseException) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stopped:
        run_core("build", _raising(error), "build interrupted; the previous output was kept")
    return stopped.value.code, capsys.readouterr().err


def test_a_worker_that_died_is_one_line(capsys) -> None:
    code, err = _exit(capsys, BrokenProcessPool("A process in the process pool was terminated"))
    assert code == EXIT_PROBLEMS
    assert err.startswith("build failed: a worker process ended unexpectedly")
    assert "Traceback" not in err and "CJMSITE_JOBS=1" in err


def test_an_unexpected_error_is_one_line_with_its_text_escaped(capsys, monkeypatch) -> None:
    monkeypatch.delenv("CJMSITE_TRACEBACK", raising=False)
    code, err = _exit(capsys, ValueError("bad \x1b[31mvalue\nforged: error"))
    assert code == EXIT_PROBLEMS
    assert err.count("\n") == 1 and "\x1b" not in err
    assert "unexpected error (ValueError: bad \\x1b[31mvalue\\nforged: error)" in err
    assert "CJMSITE_TRACEBACK=1" in err


def test_cjmsite_traceback_lets_the_error_through(monkeypatch) -> None:
    monkeypatch.setenv("CJMSITE_TRACEBACK", "1")
    with pytest.raises(ValueError, match="bad"):
        run_core("build", _raising(ValueError("bad")), "interrupted")


def test_an_interrupt_once_the_new_site_is_in_place_says_so(capsys, tmp_path: Path) -> None:
    code, err = _exit(capsys, InterruptedAfterWrite(tmp_path / "out\nput"))
    assert code == EXIT_INTERRUPTED
    assert err == f"build interrupted after the new site was written to {tmp_path}/out\\nput\n"
    code, err = _exit(capsys, KeyboardInterrupt())
    assert (code, err) == (EXIT_INTERRUPTED, "build interrupted; the previous output was kept\n")
