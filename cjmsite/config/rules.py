"""The `rules:` map of cjmsite.yml: each optional check's level (off, warning or error).

Minimal registry for issue 15 (only `stale-journey`); issue 14 builds the full registry
in this same shape (`SiteConfig.rules`: rule name -> "off" | "warning" | "error"), so the
two fold into one when merged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cjmsite.diagnostics import Diagnostics, Location, did_you_mean
from cjmsite.sources.yamltree import describe

LEVELS = ("off", "warning", "error")
# rule name -> (default level, what it checks)
RULES: dict[str, tuple[str, str]] = {
    "stale-journey": ("off", "a journey not reviewed (or changed) for stale_after_days days"),
}


def default_rules() -> dict[str, str]:
    return {name: level for name, (level, _) in sorted(RULES.items())}


def _level(value: Any) -> str | None:
    if value is False:  # YAML reads a bare `off` (or `no`) as false
        return "off"
    if isinstance(value, str) and value.strip().lower() in LEVELS:
        return value.strip().lower()
    return None


def check_rules(raw: Any, where: Callable[..., Location], diags: Diagnostics) -> dict[str, str]:
    """Every known rule's level: the defaults, with the config's choices applied."""
    rules = default_rules()
    if raw is None:
        return rules
    if not isinstance(raw, dict):
        diags.error(
            where(("rules",)),
            f"Config value 'rules': expected a mapping of rule → off/warning/error, "
            f"got {describe(raw)}",
            "e.g. `rules: {stale-journey: warning}`",
        )
        return rules
    for name, value in raw.items():
        if name not in RULES:
            diags.warning(
                where(("rules", name), key=True),
                f"Config value 'rules.{name}': unknown rule",
                did_you_mean(str(name), RULES, "known rules"),
            )
            continue
        level = _level(value)
        if level is None:
            diags.error(
                where(("rules", name)),
                f"Config value 'rules.{name}': expected off, warning or error, "
                f"got {describe(value)}",
            )
            continue
        rules[name] = level
    return rules
