"""File names and values with control characters cannot forge a diagnostic line
(issue 18, item 8): a file name holding a newline printed a `path:line:col: error:` line
that the PR workflow's problem matcher would parse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitekit import fixture_site

from cjmsite.commands.main import main
from cjmsite.diagnostics import Diagnostic, Severity, escape_controls

CONTROLS = {
    "\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\x1b", "\x00": "\\x00", "\x7f": "\\x7f",
    "\x85": "\\x85", "\x9b": "\\x9b", "\u2028": "\\u2028", "\u2029": "\\u2029",
    "\u202e": "\\u202e", "\u2066": "\\u2066", "\u200f": "\\u200f", "\u061c": "\\u061c",
}  # fmt: skip


@pytest.mark.parametrize("char", sorted(CONTROLS))
def test_each_control_character_is_escaped(char: str) -> None:
    assert escape_controls(f"a{char}b") == f"a{CONTROLS[char]}b"


def test_ordinary_text_is_unchanged() -> None:
    text = "content/journeys/señal/10-¿compra?.md «ok» — ñ 日本"
    assert escape_controls(text) == text


def test_a_diagnostic_is_always_one_line() -> None:
    forged = "content/x\ncontent/y.md:1:1: error: forged"
    line = Diagnostic(forged, 3, 1, Severity.ERROR, "bad `a\nb`", "hint\x1b[2J").format()
    assert "\n" not in line and "\x1b" not in line
    assert line == (
        "content/x\\ncontent/y.md:1:1: error: forged:3:1: error: bad `a\\nb` (hint\\x1b[2J)"
    )


DIAGNOSTIC_LINE = re.compile(r"^\S.*?(:\d+:\d+)?: (error|warning): ")


@pytest.mark.parametrize(
    "name",
    [
        "x\nforged.md:1:1: error: y.md",
        "x\r::error file=a::forged.md",
        "x\x1b[2K\x1b[1Gforged.md",
        "x\u202edm.exe.md",
    ],
)
def test_cli_prints_no_forged_line(tmp_path: Path, name: str) -> None:
    config = fixture_site("minimal", tmp_path, base=None)
    (tmp_path / "content" / "pages" / name).write_text("---\ntitle: [\n---\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--config", str(config)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines and all(DIAGNOSTIC_LINE.match(line) for line in lines), lines
    assert not any(line.startswith(("forged", "::error")) for line in lines)
    assert all(not set(line) & set(CONTROLS) for line in lines)
