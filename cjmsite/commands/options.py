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


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A YYYY-MM-DD date, checked (a bad one is a usage error, exit 2)."""
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise click.BadParameter(f"expected a date such as 2026-05-14, got {value!r}") from None


today_option = click.option(
    "--today",
    "today",
    default=None,
    metavar="YYYY-MM-DD",
    callback=_iso_date,
    help="The date staleness is measured against (default: today, UTC), for reproducible builds.",
)
