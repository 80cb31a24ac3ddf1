"""`cjmsite diff`: the customer impact of a change between two git revisions."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cjmsite.commands.options import HELP_SETTINGS, config_option, exit_status
from cjmsite.diagnostics import escape_controls
from cjmsite.diff import (
    EXIT_CONTENT_ERRORS,
    EXIT_GATE,
    EXIT_OK,
    EXIT_USAGE,
    GATES,
    DiffError,
    run_diff,
)

if TYPE_CHECKING:
    from cjmsite.diff import DiffReport

# format -> its renderer, a function named like its module in cjmsite.diff (imported when
# chosen: the HTML one brings in the chart code and pygal)
RENDERERS = {"markdown": "render_markdown", "json": "render_json", "html": "render_html"}


def render(output_format: str, report: DiffReport) -> str:
    name = RENDERERS[output_format]
    renderer: Callable[[DiffReport], str] = getattr(
        importlib.import_module(f"cjmsite.diff.{name}"), name
    )
    return renderer(report)


def _gates(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    for name in names:
        if name not in GATES:
            raise click.BadParameter(f"unknown gate `{name}`; known: {', '.join(GATES)}")
    return names


def _run(
    base: str | None,
    head: str | None,
    output_format: str,
    fail_on: list[str],
    config_path: Path,
    output: Path | None,
) -> None:
    """Compare the handbook at BASE with HEAD, by their resolved models.

    BASE defaults to the merge-base of HEAD with the default branch (origin/HEAD,
    else main or master); HEAD defaults to the working tree.
    """
    try:
        report = run_diff(config_path, base, head, fail_on)
    except DiffError as error:
        click.echo(f"diff failed: {escape_controls(str(error))}", err=True)
        sys.exit(EXIT_USAGE)
    text = render(output_format, report)
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            click.echo(f"diff failed: cannot write {output}: {error.strerror or error}", err=True)
            sys.exit(EXIT_USAGE)
    else:
        click.echo(text, nl=False)
    if report.failed:
        click.echo(f"diff: --fail-on {','.join(report.failed)} hit", err=True)
    for side in (report.base, report.head):
        if side.errors:
            click.echo(f"diff: {side.label} has content errors", err=True)
    sys.exit(report.exit_code)


diff_command = click.command(
    "diff",
    short_help="What a change does to the customer, between two git revisions.",
    context_settings=HELP_SETTINGS,
    epilog=exit_status(
        (EXIT_OK, "compared"),
        (EXIT_GATE, "a --fail-on gate was hit"),
        (EXIT_USAGE, "usage or git problem"),
        (EXIT_CONTENT_ERRORS, "a revision has content errors"),
    ),
)(
    click.argument("base", required=False)(
        click.argument("head", required=False)(
            click.option(
                "--format", "output_format", type=click.Choice(sorted(RENDERERS)),
                default="markdown", show_default=True, help="Report format.",
            )(
                click.option(
                    "--fail-on", "fail_on", default="", callback=_gates, metavar="GATES",
                    help="Comma-separated gates that make the exit code 1: "
                    + ", ".join(GATES) + ".",
                )(
                    config_option(
                        click.option(
                            "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                            default=None, help="Write the report to a file instead of stdout.",
                        )(_run)
                    )
                )
            )
        )
    )
)  # fmt: skip
