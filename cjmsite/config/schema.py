"""The JSON Schema of cjmsite.yml, derived from config.OPTIONS, for editors."""

from __future__ import annotations

from typing import Any

from cjmsite.config.options import OPTIONS


def config_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of cjmsite.yml; unknown keys are flagged like `check` does."""
    properties: dict[str, Any] = {}
    for option in OPTIONS:
        entry = dict(option.accepts.shape)
        if option.doc:
            entry["description"] = option.doc
        if option.default not in (None, ""):
            entry["default"] = option.default
        properties[option.name] = entry
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "cjmsite.yml",
        "type": "object",
        "required": [o.name for o in OPTIONS if o.required],
        "properties": properties,
        "additionalProperties": False,
    }
