"""Options and help conventions shared by the commands (a module of its own, so each
command module imports them without importing the group in main.py)."""

from __future__ import annotations

from pathlib import Path

import click

from cjmsite.config.options import CONFIG_NAME

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
HELP_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=CONFIG_NAME,
    show_default=True,
    help="The site configuration; its folder is the project root.",
)
strict_option = click.option(
    "--strict/--no-strict", default=False, help="Treat every warning as an error."
)
verbose_option = click.option("-v", "--verbose", is_flag=True, help="Show each step.")
quiet_option = click.option(
    "-q", "--quiet", is_flag=True, help="Print diagnostics only, no summary (for scripts)."
)


def exit_status(*codes: tuple[int, str]) -> str:
    """The epilog every command with exit codes shows: `Exit status: 0 …; 1 …; 2 ….`"""
    return "Exit status: " + "; ".join(f"{code} {meaning}" for code, meaning in codes) + "."


INTERRUPTED = (EXIT_INTERRUPTED, "interrupted (Ctrl-C)")


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
