"""`cjmsite schema`: the JSON Schema of a kind's frontmatter or of cjmsite.yml."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from cjmsite.commands.options import EXIT_OK, EXIT_USAGE, HELP_SETTINGS, config_option, exit_status
from cjmsite.commands.output import show_diagnostics
from cjmsite.config.options import ConfigError, load_config
from cjmsite.facts import EMOTION_RANGE, IMPORTANCE_RANGE
from cjmsite.model import Scale
from cjmsite.resolve.json_schema import json_schema
from cjmsite.resolve.kinds import KINDS, Scales

SCHEMAS = sorted([*KINDS, "config"])


@click.command(
    "schema",
    short_help="Print the JSON Schema of a kind's frontmatter or of cjmsite.yml.",
    context_settings=HELP_SETTINGS,
    epilog=exit_status((EXIT_OK, "printed"), (EXIT_USAGE, "usage or configuration errors")),
)
@click.argument("kind", required=False, metavar="[KIND]", type=click.Choice(SCHEMAS))
@config_option
def schema_command(kind: str | None, config_path: Path) -> None:
    """Print the JSON Schema of a kind's frontmatter, or of cjmsite.yml (`config`).

    KIND is one of: {kinds}. Without KIND, prints every kind's schema keyed by kind.
    """
    if kind == "config":
        from cjmsite.config.schema import config_json_schema

        click.echo(json.dumps(config_json_schema(), indent=2, ensure_ascii=False))
        return
    scales = Scales(Scale(*EMOTION_RANGE), Scale(*IMPORTANCE_RANGE))
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


schema_command.help = (schema_command.help or "").replace("{kinds}", ", ".join(SCHEMAS))
