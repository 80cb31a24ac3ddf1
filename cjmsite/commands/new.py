"""`cjmsite new`: click commands for a handbook skeleton and new content files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from cjmsite.commands.options import config_option
from cjmsite.config.options import ConfigError
from cjmsite.scaffold.handbook import SITE_LANGUAGES, ScaffoldError, new_content, new_site

EXIT_PROBLEMS, EXIT_USAGE = 1, 2


def _shown(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@click.group("new", context_settings={"help_option_names": ["-h", "--help"]})
def new_group() -> None:
    """Create a handbook, or a content file from the theme's archetypes."""


@new_group.command("site")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--language",
    type=click.Choice(SITE_LANGUAGES),
    default="en",
    show_default=True,
    help="Language of the handbook and of its sample text.",
)
def new_site_command(directory: Path, language: str) -> None:
    """Create a working handbook skeleton in DIRECTORY (new or empty)."""
    try:
        written = new_site(directory, language)
    except (ScaffoldError, OSError) as error:
        _fail(str(error))
    click.echo(f"created a handbook in {_shown(directory)} ({len(written)} files)")
    click.echo(f"next: cd {_shown(directory)} && cjmsite serve --open")


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
    )
    return command


for _kind in ("persona", "department", "channel", "journey"):
    new_group.add_command(_content_command(_kind))
new_group.add_command(_content_command("touchpoint", needs_journey=True))
