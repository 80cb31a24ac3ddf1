"""Options shared by every command of the CLI (a module of its own, so command modules
can import them without importing cli.py)."""

from __future__ import annotations

from pathlib import Path

import click

from cjmsite.config.options import CONFIG_NAME

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=CONFIG_NAME,
    show_default=True,
    help="The site configuration; its folder is the project root.",
)
