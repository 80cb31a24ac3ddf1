"""The JSON Schema of cjmsite.yml, derived from config.OPTIONS, for editors."""

from __future__ import annotations

from typing import Any

from cjmsite.config.options import LANGUAGE_PATTERN, OPTIONS, PRINT_PAPERS
from cjmsite.resolve.kinds import ID_REGEX

SCALE = {
    "type": "object",
    "properties": {"min": {"type": "number"}, "max": {"type": "number"}},
    "additionalProperties": False,
}

# by the name of each option's check function in config.py
TYPES: dict[str, dict[str, Any]] = {
    "_text": {"type": ["string", "number"]},
    "_path_text": {"type": "string", "minLength": 1},
    "_size": {"type": "integer", "minimum": 1, "maximum": 2**40},
    "_boolean": {"type": "boolean"},
    "_language": {"type": "string", "pattern": LANGUAGE_PATTERN.pattern},
    "_print_paper": {"type": "string", "enum": list(PRINT_PAPERS)},
    "_site_url": {"type": "string", "pattern": r"^https?://[^\s/]+"},
}
SPECIAL: dict[str, dict[str, Any]] = {
    "scales": {
        "type": "object",
        "properties": {"emotion": SCALE, "importance": SCALE},
        "additionalProperties": False,
    },
    "stages": {
        "type": "array",
        "minItems": 1,
        "items": {
            "anyOf": [
                {"type": "string", "pattern": ID_REGEX},
                {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string", "pattern": ID_REGEX},
                        "name": {"type": ["string", "number"]},
                    },
                    "additionalProperties": False,
                },
            ]
        },
    },
}


def config_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of cjmsite.yml; unknown keys are flagged like `check` does."""
    properties: dict[str, Any] = {}
    for option in OPTIONS:
        if option.check is None:
            entry = dict(SPECIAL.get(option.name, {}))
        else:
            entry = dict(TYPES.get(option.check.__name__, {}))
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
