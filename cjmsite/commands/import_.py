"""`cjmsite import`: spreadsheets and Mermaid diagrams in, as content files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from cjmsite.diagnostics import Diagnostics
    from cjmsite.interchange.to_content import Plan


@click.command(
    "import",
    short_help="Import journeys from XLSX, CSV or Mermaid into content files.",
    context_settings=HELP_SETTINGS,
    epilog=exit_status(
        (EXIT_OK, "imported (or, with --dry-run, planned)"),
        (EXIT_PROBLEMS, "errors in the content or in the files (nothing written)"),
        (EXIT_USAGE, "usage or configuration errors"),
    ),
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--journey",
    "journey_id",
    metavar="ID",
    default=None,
    help="The id of the journey a single import writes (default: the journey "
    "sheet's id, else a slug of the title or file name).",
)
@click.option(
    "--create-missing",
    is_flag=True,
    help="Write stub files for unknown personas, departments and channels; "
    "unknown stages become the journey's own.",
)
@click.option(
    "--channel-kind",
    type=click.Choice(["online", "offline"]),
    default="online",
    show_default=True,
    help="The kind of a channel --create-missing writes.",
)
@click.option(
    "--delete-missing",
    is_flag=True,
    help="Delete touchpoint files the imported file no longer has.",
)
@click.option(
    "--importance",
    type=float,
    default=None,
    metavar="N",
    help="Importance of every touchpoint a Mermaid diagram brings "
    "(default: the middle of the scale).",
)
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How --dry-run reports (json for scripts).",
)
@config_option
def import_command(
    paths: tuple[Path, ...],
    journey_id: str | None,
    create_missing: bool,
    channel_kind: str,
    delete_missing: bool,
    importance: float | None,
    dry_run: bool,
    output_format: str,
    config_path: Path,
) -> None:
    """Import journeys from XLSX, CSV or Mermaid into content files.

    PATHS: workbooks (.xlsx), journey folders of CSVs, touchpoints CSVs, Mermaid
    files (.mmd, or .md with a ```mermaid journey block), or a folder written by
    `cjmsite export`. Existing journeys are updated in place. Any error: nothing
    is written. See docs/import-export.md.
    """
    from cjmsite.commands.output import show_diagnostics
    from cjmsite.interchange.importer import ImportOptions, apply_plan, plan_import

    options = ImportOptions(journey_id, create_missing, channel_kind, delete_missing, importance)
    try:
        plan, diags, config = plan_import(config_path, list(paths), options)
    except ConfigError as error:
        show_diagnostics(error.diagnostics.sorted())
        sys.exit(EXIT_USAGE)
    show_diagnostics(diags.sorted())
    failed = diags.has_errors()
    if dry_run:
        report_dry_run(plan, diags, config.content_dir, output_format)
    if failed:
        click.echo(f"import failed: {len(diags.errors)} error(s); nothing written", err=True)
        sys.exit(EXIT_PROBLEMS)
    if dry_run:
        sys.exit(EXIT_OK)
    try:
        apply_plan(config, plan)
    except OSError as error:
        click.echo(f"import failed: {error}; nothing written", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(
        f"imported: {len(plan.created)} created, {len(plan.changed)} changed, "
        f"{len(plan.deleted)} deleted"
    )
    sys.exit(EXIT_OK)


def report_dry_run(plan: Plan, diags: Diagnostics, content_dir: str, output_format: str) -> None:
    """What the import would do: one line per file, or JSON for scripts."""
    if output_format == "json":
        report = {
            "ok": not diags.has_errors(),
            "created": plan.created,
            "changed": plan.changed,
            "deleted": plan.deleted,
            "missing": plan.missing,
            "diagnostics": [d.format() for d in diags.sorted()],
        }
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    for word, files in (
        ("create", plan.created),
        ("change", plan.changed),
        ("delete", plan.deleted),
    ):
        for path in files:
            click.echo(f"would {word} {content_dir}/{path}")
