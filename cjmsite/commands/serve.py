"""`cjmsite serve`: build, serve and rebuild on every change (registered by main.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cjmsite.commands.options import (
    EXIT_OK,
    EXIT_USAGE,
    HELP_SETTINGS,
    config_option,
    exit_status,
)
from cjmsite.config.options import CONFIG_NAME


@click.command(
    "serve",
    short_help="Build, serve and rebuild the handbook on every change.",
    context_settings=HELP_SETTINGS,
    epilog=exit_status(
        (EXIT_OK, "stopped with Ctrl-C"),
        (EXIT_USAGE, "no configuration file, or the port cannot be used"),
    ),
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind to.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--livereload/--no-livereload",
    default=True,
    show_default=True,
    help="Reload open pages after each rebuild.",
)
@click.option(
    "--open/--no-open",
    "open_browser",
    default=False,
    show_default=True,
    help="Open the handbook in a browser.",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests for this host name (a LAN name, a cloud workspace); repeatable.",
)
@config_option
def serve_command(
    host: str,
    port: int,
    livereload: bool,
    open_browser: bool,
    allow_hosts: tuple[str, ...],
    config_path: Path,
) -> None:
    """Build, serve and rebuild the handbook on every change, with live reload.

    The site is built into a private temporary folder (your output folder is left
    alone) and served under the path of site_url, as it will be once published.
    """
    from cjmsite.serve import ServeOptions, serve  # imported late: other commands need no watcher

    if not config_path.is_file():
        click.echo(
            f"{config_path}: error: no configuration file "
            f"(create {CONFIG_NAME}, run `cjmsite new site DIR`, or pass --config PATH)",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    options = ServeOptions(host, port, livereload, open_browser, allow_hosts)
    try:
        serve(config_path, options, log=lambda message: click.echo(message, err=True))
    except OSError as error:
        click.echo(f"cannot listen on {host}:{port}: {error.strerror or error}", err=True)
        click.echo("hint: choose another port with --port, or --port 0 for any free one", err=True)
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":  # pragma: no cover
    serve_command()
