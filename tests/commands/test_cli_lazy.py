"""The command line loads a subcommand's module only when that command is used or listed."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cjmsite.commands.main import LAZY_COMMANDS, main

# Modules `cjmsite build` and `check` have no use for before they run (the diff, scaffold
# and serve code, and the libraries only they need).
NOT_AT_START = [
    "cjmsite.commands.diff",
    "cjmsite.commands.export",
    "cjmsite.commands.import_",
    "cjmsite.commands.new",
    "cjmsite.commands.serve",
    "cjmsite.diff",
    "cjmsite.interchange",
    "cjmsite.scaffold.handbook",
    "cjmsite.serve",
    "jinja2",
    "openpyxl",
    "pygal",
    "python_calamine",
    "watchfiles",
]


def loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint('\\n'.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


def test_importing_the_cli_loads_no_subcommand_module() -> None:
    loaded = loaded_after("import cjmsite.commands.main")
    assert "cjmsite.commands.main" in loaded
    assert sorted(loaded & set(NOT_AT_START)) == []


def test_a_markdown_diff_needs_no_chart_code() -> None:
    loaded = loaded_after("import cjmsite.commands.diff, cjmsite.diff.render_markdown")
    assert "cjmsite.diff" in loaded
    assert not loaded & {"cjmsite.render.charts.svg", "pygal", "cjmsite.diff.render_html"}


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_help_lists_every_command_with_its_summary() -> None:
    code, out = invoke("--help")
    assert code == 0
    commands = out.split("Commands:\n", 1)[1].splitlines()
    names = [line.split()[0] for line in commands if line.strip()]
    assert names == ["build", "check", "diff", "export", "import", "new", "schema", "serve"]
    assert "  diff    What a change does to the customer, between two git revisions." in out
    assert "  new     Create a handbook, or a content file" in out
    assert "  serve   Build, serve and rebuild the handbook" in out
    assert "  export  Export journeys to spreadsheets or Mermaid journey diagrams" in out
    assert "  import  Import journeys from XLSX, CSV or Mermaid into content files" in out


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_lazy_command_help(name: str) -> None:
    code, out = invoke(name, "--help")
    assert code == 0
    assert out.startswith(f"Usage: main {name} [OPTIONS]")


def test_new_subcommand_help() -> None:
    code, out = invoke("new", "touchpoint", "--help")
    assert code == 0 and "--journey" in out


def test_unknown_command_suggests_a_lazy_one() -> None:
    code, out = invoke("dif")
    assert code == 2
    assert "No such command 'dif'. Did you mean 'diff'?" in out


def test_version_is_the_installed_one() -> None:
    code, out = invoke("--version")
    assert code == 0
    assert out == f"main, version {importlib.metadata.version('cjmsite')}\n"


@pytest.mark.slow
def test_a_build_that_draws_no_chart_loads_no_chart_code(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """After a narrative edit only the touchpoint's page is rendered: no chart, no pygal."""
    import shutil
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    project = tmp_path / "project"
    project.mkdir()
    config = project / "cjmsite.yml"
    config.write_text((repo / "cjmsite.yml").read_text("utf-8") + "search: false\n", "utf-8")
    shutil.copytree(repo / "content", project / "content")
    build = f"from cjmsite.site.pipeline import build; assert build({str(config)!r}).written"
    assert "pygal" in loaded_after(build)  # the first build draws every chart
    step = project / "content/journeys/report-an-outage/10-checks-status-page.md"
    step.write_text(step.read_text("utf-8") + "\nA new sentence.\n", "utf-8")
    assert "pygal" not in loaded_after(build)
