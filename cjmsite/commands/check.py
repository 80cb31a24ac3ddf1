"""`cjmsite check`: validate the content without writing anything."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cjmsite.commands.options import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    HELP_SETTINGS,
    INTERRUPTED,
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
    exit_code,
    plural,
    run_core,
    show_diagnostics,
    summary_counts,
)
from cjmsite.site.pipeline import BuildResult, check


@click.command(
    "check",
    short_help="Validate the content without writing anything.",
    context_settings=HELP_SETTINGS,
    epilog=exit_status(
        (EXIT_OK, "no errors"),
        (EXIT_PROBLEMS, "content errors or, with --strict, warnings"),
        (EXIT_USAGE, "usage or configuration errors"),
        INTERRUPTED,
    ),
)
@strict_option
@config_option
@today_option
@verbose_option
@quiet_option
def check_command(
    strict: bool, config_path: Path, today: str | None, verbose: bool, quiet: bool
) -> None:
    """Validate the content without writing anything."""
    check_quiet_verbose(quiet, verbose)
    result = run_core(
        "check",
        lambda: check(config_path, strict=strict, reporter=EchoReporter(verbose), today=today),
        "check interrupted",
    )
    show_diagnostics(result.diagnostics)
    if not quiet:
        click.echo(check_summary(result, strict))
    sys.exit(exit_code(result))


def check_summary(result: BuildResult, strict: bool) -> str:
    site = result.site
    if result.ok and site is not None:
        touchpoints = sum(len(j.touchpoints) for j in site.journeys.values())
        return (
            f"ok: {plural(len(site.journeys), 'journey')}, {plural(touchpoints, 'touchpoint')}, "
            f"{plural(len(site.personas), 'persona')}; {summary_counts(result)} "
            f"({result.seconds:.2f} s)"
        )
    return f"check failed: {summary_counts(result)}" + (" (--strict)" if strict else "")
