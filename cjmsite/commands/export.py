"""`cjmsite export`: journeys out to XLSX, CSV or Mermaid."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cjmsite.commands.options import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    HELP_SETTINGS,
    config_option,
    exit_status,
)
from cjmsite.config.options import ConfigError


@click.command(
    "export",
    short_help="Export journeys to spreadsheets or Mermaid journey diagrams.",
    context_settings=HELP_SETTINGS,
    epilog=exit_status(
        (EXIT_OK, "exported"),
        (EXIT_PROBLEMS, "errors in the content or in the files (nothing written)"),
        (EXIT_USAGE, "usage or configuration errors"),
    ),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "mermaid"]),
    default="xlsx",
    show_default=True,
    help="The file format.",
)
@click.option(
    "--journey",
    "journey_id",
    metavar="ID",
    default=None,
    help="Export only this journey (default: every journey).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("export"),
    show_default=True,
    help="The folder to write into; with --journey, the file (.xlsx, .mmd) itself.",
)
@click.option(
    "--csv-dialect",
    "dialect",
    type=click.Choice(["plain", "excel-es"]),
    default="plain",
    show_default=True,
    help="excel-es: UTF-8 with BOM, `;` and decimal comma, as Spanish Excel opens.",
)
@click.option(
    "--template",
    is_flag=True,
    help="XLSX with drop-downs and ranges for a workshop (a new journey id gives an empty one).",
)
@config_option
def export_command(
    fmt: str, journey_id: str | None, output: Path, dialect: str, template: bool, config_path: Path
) -> None:
    """Export journeys to spreadsheets or Mermaid journey diagrams.

    XLSX: OUTPUT/<id>.xlsx (sheets `journey` and `touchpoints`); CSV:
    OUTPUT/<id>/journey.csv and touchpoints.csv; Mermaid: OUTPUT/<id>.mmd.
    `cjmsite import` reads each of them back. See docs/import-export.md.
    """
    from cjmsite.commands.output import show_diagnostics
    from cjmsite.interchange.exporter import export_site

    if template and fmt != "xlsx":
        raise click.UsageError("--template needs --format xlsx")
    try:
        diags, written = export_site(config_path, fmt, output, journey_id, dialect, template)
    except ConfigError as error:
        show_diagnostics(error.diagnostics.sorted())
        sys.exit(EXIT_USAGE)
    except OSError as error:
        click.echo(f"export failed: {error}", err=True)
        sys.exit(EXIT_PROBLEMS)
    show_diagnostics(diags.sorted())
    if diags.has_errors():
        click.echo("export failed: nothing written" if not written else "export failed", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(f"exported {len(written)} file{'s' * (len(written) != 1)} into {output}")
    sys.exit(EXIT_OK)
