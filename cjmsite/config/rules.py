"""The named rule gates of `rules:` in cjmsite.yml: one registry entry per rule.

Adding a rule is one `Rule(...)` line in `RULES`; the level it gets (`off`, `warning`,
`error`) is `SiteConfig.rules[name]`, and the check that finds its violations lives in
the stage that can see them (resolve for RACI and owners, analysis for hotspots).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cjmsite.diagnostics import Diagnostics, Location, did_you_mean
from cjmsite.sources.yamltree import YamlDoc, describe

OFF, WARNING, ERROR = "off", "warning", "error"
LEVELS = (OFF, WARNING, ERROR)


@dataclass(frozen=True)
class Rule:
    """A named check: its name, the level it has unless cjmsite.yml says otherwise, and why."""

    name: str
    default: str
    description: str


RULES: tuple[Rule, ...] = (
    Rule("raci", WARNING, "a touchpoint's RACI row has exactly one A and at least one R"),
    Rule("touchpoint-without-owner", WARNING, "a touchpoint has no `owners`"),
    Rule("hotspot-without-idea", OFF, "a hotspot's touchpoint has no improvement idea"),
    Rule("idea-without-owner", OFF, "an idea names no owning department"),
    Rule("assumed-hotspot", OFF, "a hotspot rests on an assumed (not observed) emotion"),
    Rule("stale-journey", OFF, "a journey not reviewed (or changed) for stale_after_days days"),
)
RULE_NAMES = tuple(r.name for r in RULES)


def default_levels() -> dict[str, str]:
    return {rule.name: rule.default for rule in RULES}


def level_of(value: Any) -> str | None:
    """`off`, `warning` or `error` from a YAML value; YAML 1.1 reads a bare `off` as false."""
    if value is False:
        return OFF
    if isinstance(value, str) and value.strip().lower() in LEVELS:
        return value.strip().lower()
    return None


def parse_rules(doc: YamlDoc, where: Callable[..., Location], diags: Diagnostics) -> dict[str, str]:
    """`rules:` as rule name -> level, every rule present (defaults filled in)."""
    levels = default_levels()
    raw = doc.data.get("rules")
    if raw is None:
        return levels
    if not isinstance(raw, dict):
        diags.error(
            where(("rules",)),
            f"Config value 'rules': expected a mapping of rule name → off, warning or error, "
            f"got {describe(raw)}",
            "e.g. `rules: {hotspot-without-idea: warning}`",
        )
        return levels
    for name, value in raw.items():
        if name not in levels:
            diags.warning(
                where(("rules", name), key=True),
                f"Config value 'rules.{name}': unknown rule",
                did_you_mean(str(name), RULE_NAMES, "known rules"),
            )
            continue
        level = level_of(value)
        if level is None:
            diags.error(
                where(("rules", name)),
                f"Config value 'rules.{name}': expected off, warning or error, "
                f"got {describe(value)}",
                did_you_mean(str(value), LEVELS, "allowed") if isinstance(value, str) else "",
            )
            continue
        levels[name] = level
    return levels


def report(
    diags: Diagnostics,
    levels: dict[str, str] | Any,
    rule: str,
    where: Location,
    message: str,
    hint: str = "",
) -> None:
    """Add a rule's diagnostic at its configured level (nothing when off)."""
    level = levels.get(rule, next(r.default for r in RULES if r.name == rule))
    if level == OFF:
        return
    add = diags.error if level == ERROR else diags.warning
    add(where, f"{message} [{rule}]", hint)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of `rules:`, from the registry."""
    level = {"oneOf": [{"type": "string", "enum": list(LEVELS)}, {"const": False}]}
    return {
        "type": "object",
        "properties": {
            r.name: {**level, "default": r.default, "description": r.description} for r in RULES
        },
        "additionalProperties": False,
    }
