"""What check and build print: diagnostics in colour, progress, the summary counts."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool

import click

from cjmsite.commands.options import EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from cjmsite.config.options import ConfigError
from cjmsite.diagnostics import Diagnostic, Severity, escape_controls
from cjmsite.site.pipeline import BuildResult, Reporter
from cjmsite.write import InterruptedAfterWrite

SEVERITY_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


def colour_wanted() -> bool:
    """Colour unless NO_COLOR is set to anything (https://no-color.org); click itself then
    drops it when stderr is not a terminal."""
    return not os.environ.get("NO_COLOR")


class EchoReporter(Reporter):
    """Progress on stderr, one line per step, only when asked for."""

    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose

    def step(self, message: str) -> None:
        if self.verbose:
            click.echo(f"… {escape_controls(message)}", err=True)


def styled(diagnostic: Diagnostic) -> str:
    """The diagnostic's line with its severity word in colour (when colour is wanted)."""
    text = diagnostic.format()
    colour = SEVERITY_COLOURS.get(diagnostic.severity)
    word = f": {diagnostic.severity.value}: "
    if colour is None or not colour_wanted() or word not in text:
        return text
    head, _, tail = text.partition(word)
    return f"{head}: {click.style(diagnostic.severity.value, fg=colour, bold=True)}: {tail}"


def show_diagnostics(diagnostics: list[Diagnostic]) -> None:
    """Diagnostics on stderr, one per line, in the editors' `path:line:col:` form."""
    for diagnostic in diagnostics:
        click.echo(styled(diagnostic), err=True)


def check_quiet_verbose(quiet: bool, verbose: bool) -> None:
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose cannot be used together")


TRACEBACK_VARIABLE = "CJMSITE_TRACEBACK"  # set to 1: an unexpected error shows its traceback


def run_core(verb: str, action: Callable[[], BuildResult], interrupted: str) -> BuildResult:
    """Run check or build; an interrupt exits 130, an unusable configuration 2, anything
    unexpected 1 with one line saying what (a worker process that died: killed, or out of
    memory), never a traceback unless CJMSITE_TRACEBACK=1."""
    try:
        return action()
    except InterruptedAfterWrite as error:
        where = escape_controls(str(error.args[0])) if error.args else "the output folder"
        click.echo(f"{verb} interrupted after the new site was written to {where}", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        click.echo(interrupted, err=True)
        sys.exit(EXIT_INTERRUPTED)
    except ConfigError as error:
        show_diagnostics(error.diagnostics.sorted())
        click.echo(f"{verb} failed: the configuration is invalid", err=True)
        sys.exit(EXIT_USAGE)
    except BrokenProcessPool:
        click.echo(
            f"{verb} failed: a worker process ended unexpectedly (killed, or out of memory); "
            "the previous output was left as it was (CJMSITE_JOBS=1 builds in one process)",
            err=True,
        )
        sys.exit(EXIT_PROBLEMS)
    except Exception as error:
        if os.environ.get(TRACEBACK_VARIABLE) == "1":
            raise
        what = escape_controls(f"{type(error).__name__}: {error}")[:500]
        click.echo(
            f"{verb} failed: unexpected error ({what}); the output folder holds a whole site, "
            f"never half of one. Please report it, with the command run and "
            f"{TRACEBACK_VARIABLE}=1's output",
            err=True,
        )
        sys.exit(EXIT_PROBLEMS)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_counts(result: BuildResult) -> str:
    return f"{plural(len(result.errors), 'error')}, {plural(len(result.warnings), 'warning')}"


def exit_code(result: BuildResult) -> int:
    return EXIT_OK if result.ok else EXIT_PROBLEMS
