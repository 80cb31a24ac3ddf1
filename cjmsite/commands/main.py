"""The `cjmsite` command line: parse options, call the core, show diagnostics."""

from __future__ import annotations

import importlib
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import click

from cjmsite import __version__
from cjmsite.commands.options import config_option, today_option
from cjmsite.config.options import ConfigError, load_config
from cjmsite.diagnostics import Diagnostic, Severity
from cjmsite.model import Scale
from cjmsite.resolve.json_schema import json_schema
from cjmsite.resolve.kinds import KINDS, Scales
from cjmsite.site.pipeline import BuildResult, Reporter, build, check

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def interrupt(signum: int, frame: object) -> None:
    """SIGTERM ends a build like Ctrl-C does, so the writer can put the old site back."""
    raise KeyboardInterrupt


strict_option = click.option(
    "--strict/--no-strict", default=False, help="Treat every warning as an error."
)
verbose_option = click.option("-v", "--verbose", is_flag=True, help="Show each step.")
quiet_option = click.option(
    "-q", "--quiet", is_flag=True, help="Print diagnostics only, no summary (for scripts)."
)
SEVERITY_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


# Commands in modules of their own, imported only when named (or listed by --help): `cjmsite
# build` and `check` then load neither the diff, scaffold and template code nor pygal.
LAZY_COMMANDS = {
    "diff": ("diff", "diff_command"),
    "new": ("new", "new_group"),
    "serve": ("serve", "serve_command"),
}


class Group(click.Group):
    """The command group: loads a LAZY_COMMANDS module when its command is named, listed or
    completed; Ctrl-C in any command exits with 130, like a shell."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            module, attribute = LAZY_COMMANDS[cmd_name]
            command = getattr(importlib.import_module(f".{module}", __package__), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and args[0] not in LAZY_COMMANDS:
            for name in LAZY_COMMANDS:  # an unknown name: suggest from every command
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)


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
            click.echo(f"… {message}", err=True)


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


def run_core(verb: str, action: Callable[[], BuildResult], interrupted: str) -> BuildResult:
    """Run check or build; an interrupt exits 130, an unusable configuration 2."""
    try:
        return action()
    except KeyboardInterrupt:
        click.echo(interrupted, err=True)
        sys.exit(EXIT_INTERRUPTED)
    except ConfigError as error:
        show_diagnostics(error.diagnostics.sorted())
        click.echo(f"{verb} failed: the configuration is invalid", err=True)
        sys.exit(EXIT_USAGE)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_counts(result: BuildResult) -> str:
    return f"{plural(len(result.errors), 'error')}, {plural(len(result.warnings), 'warning')}"


def exit_code(result: BuildResult) -> int:
    return EXIT_OK if result.ok else EXIT_PROBLEMS


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__)  # not package_name=: that would read the metadata
def main() -> None:
    """cjmsite: customer journey maps as code, built into a static handbook."""


@main.command("check")
@strict_option
@config_option
@today_option
@verbose_option
@quiet_option
def check_command(
    strict: bool, config_path: Path, today: str | None, verbose: bool, quiet: bool
) -> None:
    """Validate the content without writing anything.

    Exit status: 0 ok, 1 content errors (or warnings with --strict), 2 usage or
    configuration errors, 130 interrupted.
    """
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


@main.command("build")
@strict_option
@config_option
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
@today_option
@verbose_option
@quiet_option
def build_command(
    strict: bool,
    config_path: Path,
    output_dir: Path | None,
    site_url: str | None,
    today: str | None,
    verbose: bool,
    quiet: bool,
) -> None:
    """Build the handbook site.

    Exit status: 0 built, 1 content errors (or warnings with --strict; the previous
    output is kept), 2 usage or configuration errors, 130 interrupted (SIGINT, SIGTERM).
    """
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
    if result.written:
        if quiet:
            sys.exit(EXIT_OK)
        click.echo(
            f"built {plural(result.pages_written, 'page')} "
            f"({plural(result.files_written, 'file')}) "
            f"into {result.output_dir}; {plural(len(result.warnings), 'warning')} "
            f"in {result.seconds:.2f} s"
        )
        sys.exit(EXIT_OK)
    if quiet:
        sys.exit(EXIT_PROBLEMS)
    click.echo(
        f"build failed: {summary_counts(result)}"
        + (" (--strict)" if strict else "")
        + "; the previous output was left as it was"
    )
    sys.exit(EXIT_PROBLEMS)


@main.command("schema")
@click.argument("kind", required=False, type=click.Choice(sorted([*KINDS, "config"])))
@config_option
def schema_command(kind: str | None, config_path: Path) -> None:
    """Print the JSON Schema of a kind's frontmatter, or of cjmsite.yml (`config`).

    Without KIND, prints every kind's schema keyed by kind.
    """
    import json

    if kind == "config":
        from cjmsite.config.schema import config_json_schema

        click.echo(json.dumps(config_json_schema(), indent=2, ensure_ascii=False))
        return
    scales = Scales(Scale(-2, 2), Scale(1, 5))
    if config_path.is_file():
        try:
            config, _ = load_config(config_path)
        except ConfigError as error:
            show_diagnostics(error.diagnostics.sorted())
            sys.exit(EXIT_USAGE)
        scales = Scales(config.emotion, config.importance)
    if kind:
        document = json_schema(kind, scales)
    else:
        document = {name: json_schema(name, scales) for name in sorted(KINDS)}
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))
