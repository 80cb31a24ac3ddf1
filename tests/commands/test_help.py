"""Help texts: one style for exit statuses, no truncated summaries, no broken words."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cjmsite.commands.main import LAZY_COMMANDS, main

NEW_COMMANDS = ["site", "persona", "department", "channel", "journey", "touchpoint"]
EVERY_COMMAND = [
    *[[name] for name in sorted(LAZY_COMMANDS) if name != "new"],
    *[["new", name] for name in NEW_COMMANDS],
]


def help_text(*args: str, width: int | None = None) -> str:
    settings = {"terminal_width": width, "max_content_width": width} if width else {}
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="cjmsite", **settings)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("args", EVERY_COMMAND, ids=" ".join)
def test_every_command_states_its_exit_status_in_one_style(args: list[str]) -> None:
    text = " ".join(help_text(*args).split())
    epilog = re.search(r"Exit status: (.*)$", text)
    assert epilog, text
    parts = epilog.group(1).rstrip(".").split("; ")
    assert all(re.match(r"\d+ \S", part) for part in parts), parts
    assert "Exit codes" not in text and "exit codes:" not in text.lower()


def test_the_command_list_truncates_no_summary() -> None:
    listing = help_text().split("Commands:\n", 1)[1]
    assert "..." not in listing and "…" not in listing
    assert "  serve   Build, serve and rebuild the handbook on every change." in listing
    assert "  schema  Print the JSON Schema of a kind's frontmatter or of cjmsite.yml." in listing
    assert "..." not in help_text("new").split("Commands:\n", 1)[1]


def usage(text: str) -> str:
    """The usage block (it may wrap over several lines), on one line."""
    block = text.split("\n\n", 1)[0]
    return " ".join(block.split())


@pytest.mark.parametrize("args", [*EVERY_COMMAND, ["new"]], ids=" ".join)
@pytest.mark.parametrize("width", [50, 80])
def test_usage_lines_break_between_words(args: list[str], width: int) -> None:
    narrow = help_text(*args, width=width).split("\n\n", 1)[0]
    wide = usage(help_text(*args, width=200))
    assert usage(narrow) == wide  # wrapping only ever broke at a space
    for line in narrow.splitlines()[1:]:
        assert wide.count(" " + line.strip()) or wide.startswith(line.strip())


def test_the_schema_usage_names_kind_not_every_choice() -> None:
    assert help_text("schema").startswith("Usage: cjmsite schema [OPTIONS] [KIND]\n")


def test_every_command_takes_config() -> None:
    for args in EVERY_COMMAND:
        assert "--config FILE" in help_text(*args), args


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


def test_new_site_accepts_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("new", "site", "--config", "hb/cjmsite.yml", "--language", "es")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "hb" / "cjmsite.yml").is_file()
    assert run("new", "site", "same", "--config", "same/cjmsite.yml").exit_code == 0
    assert (tmp_path / "same" / "content").is_dir()


def test_new_site_refuses_config_it_cannot_honour(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    other = run("new", "site", "a", "--config", "b/cjmsite.yml")
    assert other.exit_code == 2 and "name different folders" in other.output
    renamed = run("new", "site", "--config", "hb/site.yml")
    assert renamed.exit_code == 2 and "is named cjmsite.yml, not site.yml" in renamed.output
    assert run("new", "site").exit_code == 2
    assert not (tmp_path / "a").exists() and not (tmp_path / "hb").exists()
