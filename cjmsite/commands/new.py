"""`cjmsite new`: click commands for a handbook skeleton and new content files."""

from __future__ import annotations

import os
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
from cjmsite.config.options import CONFIG_NAME, ConfigError
from cjmsite.scaffold.handbook import SITE_LANGUAGES, ScaffoldError, new_content, new_site
from cjmsite.scaffold.requirement import REQUIREMENTS, SpecError
from cjmsite.scaffold.workflows import unified_diff, update_workflows

EXIT_STATUS = exit_status(
    (EXIT_OK, "written"),
    (EXIT_PROBLEMS, "a file cannot be written"),
    (EXIT_USAGE, "usage errors (a bad id, an existing file, no or an invalid configuration)"),
)
SPEC_HELP = (
    "The requirements.txt line the workflows install cjmsite from (default: this "
    "installation's origin: its index version, git URL and commit, or the clone's remote)."
)


def _shown(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@click.group(
    "new",
    short_help="Create a handbook, or a content file from the theme's archetypes.",
    context_settings=HELP_SETTINGS,
)
def new_group() -> None:
    """Create a handbook, or a content file from the theme's archetypes."""


@new_group.command("site", short_help="Create a working handbook skeleton.", epilog=EXIT_STATUS)
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--language",
    type=click.Choice(SITE_LANGUAGES),
    default="en",
    show_default=True,
    help="Language of the handbook and of its sample text.",
)
@config_option
@click.option("--cjmsite-spec", metavar="SPEC", help=SPEC_HELP)
@click.pass_context
def new_site_command(
    ctx: click.Context,
    directory: Path | None,
    language: str,
    config_path: Path,
    cjmsite_spec: str | None,
) -> None:
    """Create a working handbook skeleton in DIRECTORY (new or empty).

    With --config PATH instead of DIRECTORY, the skeleton goes into the folder of
    PATH, which must be named cjmsite.yml (the workflows and commands look for it).
    """
    directory = site_folder(ctx, directory, config_path)
    try:
        written = new_site(directory, language, cjmsite_spec)
    except (ScaffoldError, OSError) as error:
        _fail(str(error))
    click.echo(f"created a handbook in {_shown(directory)} ({len(written)} files)")
    requirement = (directory / REQUIREMENTS).read_text(encoding="utf-8").splitlines()[-1]
    click.echo(f"{REQUIREMENTS} pins `{requirement}` for its GitHub workflows")
    click.echo(f"next: cd {_shown(directory)} && cjmsite serve --open")


def site_folder(ctx: click.Context, directory: Path | None, config_path: Path) -> Path:
    """The new handbook's folder: DIRECTORY, or the folder of an explicit --config."""
    explicit = ctx.get_parameter_source("config_path") is not click.core.ParameterSource.DEFAULT
    if not explicit:
        if directory is None:
            raise click.UsageError("name the new handbook's folder: cjmsite new site DIRECTORY")
        return directory
    if config_path.name != CONFIG_NAME:
        raise click.BadParameter(
            f"a new handbook's configuration is named {CONFIG_NAME}, not {config_path.name}",
            param_hint="--config",
        )
    if directory is not None and directory.resolve() != config_path.parent.resolve():
        raise click.UsageError(
            f"DIRECTORY ({directory}) and --config ({config_path}) name different folders; "
            "give one of them"
        )
    return config_path.parent


@new_group.command(
    "workflows",
    short_help="Rewrite the handbook's GitHub workflows from this version.",
    epilog=exit_status(
        (EXIT_OK, "written, or up to date"),
        (EXIT_PROBLEMS, "a file cannot be written, or with --check: something would change"),
        (EXIT_USAGE, "usage errors (no configuration, a bad --cjmsite-spec)"),
    ),
)
@click.option("--cjmsite-spec", metavar="SPEC", help=SPEC_HELP)
@click.option("--check", is_flag=True, help="Only print what would change; exit 1 if anything.")
@config_option
def new_workflows_command(config_path: Path, cjmsite_spec: str | None, check: bool) -> None:
    """Rewrite the handbook's GitHub workflows (and requirements.txt) from this version.

    Prints a diff of every file it changes. An existing requirements.txt is kept unless
    --cjmsite-spec is given."""
    root = config_path.parent
    if not config_path.is_file():
        _fail(f"no {config_path}: run this inside a handbook or pass --config PATH")
    try:
        changes = update_workflows(root, cjmsite_spec, write=not check)
    except (SpecError, OSError) as error:
        _fail(str(error), EXIT_USAGE if isinstance(error, SpecError) else EXIT_PROBLEMS)
    for rel, before, after in changes:
        click.echo(unified_diff(rel, before, after), nl=False)
    verb = "would change" if check else "changed"
    click.echo(f"{verb} {len(changes)} file{'' if len(changes) == 1 else 's'}" + (
        ": " + ", ".join(rel for rel, _, _ in changes) if changes else " (up to date)"
    ))  # fmt: skip
    if check and changes:
        sys.exit(EXIT_PROBLEMS)


def _content_command(kind: str, needs_journey: bool = False) -> click.Command:
    def run(config_path: Path, new_id: str, journey: str | None = None, stage: str | None = None):
        if not config_path.is_file():
            _fail(
                f"no {config_path}: run this inside a handbook, pass --config PATH, "
                "or create one with `cjmsite new site DIR`"
            )
        try:
            path = new_content(config_path, kind, new_id, journey, stage)
        except ConfigError as error:
            for diagnostic in error.diagnostics.sorted():
                click.echo(diagnostic.format(), err=True)
            _fail("the configuration is invalid")
        except (ScaffoldError, OSError) as error:
            _fail(str(error), EXIT_PROBLEMS if isinstance(error, OSError) else EXIT_USAGE)
        click.echo(f"wrote {_shown(path)}")

    params: list[click.Parameter] = [click.Argument(["new_id"], metavar="ID")]
    if kind == "journey":
        params.append(
            click.Option(
                ["--stage", "-s"],
                help="The stage its first touchpoint will have (default: the catalogue's first).",
            )
        )
    if needs_journey:
        params += [
            click.Option(["--journey", "-j"], help="The journey's id (its folder's name)."),
            click.Option(
                ["--stage", "-s"], help="One of the journey's stages (default: its first)."
            ),
        ]
    command = click.Command(
        kind,
        callback=lambda **kw: run(**kw),
        params=[*params, *config_option(lambda: None).__click_params__],
        help=f"Write a new {kind} file from the archetype; never overwrites.",
        short_help=f"Write a new {kind} file from the archetype.",
        epilog=EXIT_STATUS,
    )
    return command


for _kind in ("persona", "department", "channel", "journey"):
    new_group.add_command(_content_command(_kind))
new_group.add_command(_content_command("touchpoint", needs_journey=True))
