"""The `cjmsite` command group: each command lives in a module of its own, loaded when named."""

from __future__ import annotations

import importlib

import click

from cjmsite import __version__
from cjmsite.commands.options import EXIT_INTERRUPTED, HELP_SETTINGS

# command -> (module in cjmsite.commands, its click command), imported only when named, listed
# by --help or completed: `cjmsite build` then loads neither the diff, scaffold and serve code
# nor pygal.
LAZY_COMMANDS = {
    "build": ("build", "build_command"),
    "check": ("check", "check_command"),
    "diff": ("diff", "diff_command"),
    "export": ("export", "export_command"),
    "import": ("import_", "import_command"),
    "new": ("new", "new_group"),
    "schema": ("schema", "schema_command"),
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


@click.group(cls=Group, context_settings=HELP_SETTINGS)
@click.version_option(__version__)  # not package_name=: that would read the metadata
def main() -> None:
    """cjmsite: customer journey maps as code, built into a static handbook."""
