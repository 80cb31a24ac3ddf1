"""`cjmsite build`: check, then write the site atomically."""

from __future__ import annotations

import gc
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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

# Allocations between young-generation collections while a build runs (Python's default: 700).
GC_YOUNG_THRESHOLD = 100_000


@contextmanager
def one_shot_collections() -> Iterator[None]:
    """Fewer garbage collections in a process that ends with the build.

    A rebuild unpickles the last model (hundreds of thousands of objects, none garbage)
    and every full collection then walks them all: 0.3-0.4 s of a one-edit rebuild at
    200 x 15. Hardly anything a build makes is cyclic garbage (reference counting frees
    the rest), so collections run 1/140 as often, and what the imports made is frozen out
    of them (it lives as long as the process). The settings are put back afterwards.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


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
    with one_shot_collections():
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
        + (
            "; the previous output was left as it was"
            if result.previous_output_kept
            else "; the previous output could not be put back whole (see the error above)"
        )
    )
