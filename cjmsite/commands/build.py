"""`cjmsite build`: check, then write the site atomically."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from cjmsite.commands.options import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    HELP_SETTINGS,
    config_option,
    exit_status,
    quiet_option,
    strict_option,
    today_option,
    verbose_option,
)
from cjmsite.commands.output import (
    EchoReporter,
    check_quiet_verbose,
    plural,
    run_core,
    show_diagnostics,
    summary_counts,
)
from cjmsite.diagnostics import escape_controls
from cjmsite.site.pipeline import BuildResult, build


def interrupt(signum: int, frame: object) -> None:
    """SIGTERM ends a build like Ctrl-C does, so the writer can put the old site back."""
    raise KeyboardInterrupt


@click.command(
    "build",
    short_help="Build the handbook site.",
    context_settings=HELP_SETTINGS,
    epilog=exit_status(
        (EXIT_OK, "built"),
        (EXIT_PROBLEMS, "content errors or, with --strict, warnings (the previous output is kept)"),
        (EXIT_USAGE, "usage or configuration errors"),
        (EXIT_INTERRUPTED, "interrupted (Ctrl-C, SIGTERM)"),
    ),
)
@strict_option
@config_option
@today_option
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site (default: output_dir of the configuration).",
)
@click.option(
    "--site-url",
    "site_url",
    default=None,
    metavar="URL",
    help="The published address, overriding site_url in the configuration "
    "(the Pages workflow passes the one GitHub gives).",
)
@verbose_option
@quiet_option
def build_command(
    strict: bool,
    config_path: Path,
    output_dir: Path | None,
    site_url: str | None,
    verbose: bool,
    quiet: bool,
    today: str | None,
) -> None:
    """Build the handbook site."""
    check_quiet_verbose(quiet, verbose)
    signal.signal(signal.SIGTERM, interrupt)
    result = run_core(
        "build",
        lambda: build(
            config_path,
            output_dir=output_dir,
            strict=strict,
            reporter=EchoReporter(verbose),
            site_url=site_url,
            today=today,
        ),
        "build interrupted; the previous output was left as it was",
    )
    show_diagnostics(result.diagnostics)
    if not quiet:
        click.echo(build_summary(result, strict))
    sys.exit(EXIT_OK if result.written else EXIT_PROBLEMS)


def build_summary(result: BuildResult, strict: bool) -> str:
    if result.written:
        return (
            f"built {plural(result.pages_written, 'page')} "
            f"({plural(result.files_written, 'file')}) "
            f"into {escape_controls(str(result.output_dir))}; "
            f"{plural(len(result.warnings), 'warning')} "
            f"in {result.seconds:.2f} s"
        )
    return (
        f"build failed: {summary_counts(result)}"
        + (" (--strict)" if strict else "")
        + "; the previous output was left as it was"
    )
