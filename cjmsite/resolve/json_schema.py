"""The content kinds' definitions exported as JSON Schema (draft 2020-12), for editors."""

from __future__ import annotations

import copy
from typing import Any

from cjmsite.config.rules import RULE_NAMES
from cjmsite.facts import ID_REGEX
from cjmsite.model import IDEA_STATUSES
from cjmsite.resolve.kinds import KINDS, FieldType, Scales

ID_SCHEMA = {"type": "string", "pattern": ID_REGEX}
_LETTER = {"type": "string", "pattern": "^[RACIraci]$"}
_TEXT_OR_NUMBER = {"type": ["string", "number"]}
_SCORE = {"type": "integer", "minimum": 1, "maximum": 5}
_DATE = {"type": "string", "format": "date"}
_IDEA = {
    "type": "object",
    "required": ["title"],
    "properties": {
        "title": {"type": "string"},
        "owner": ID_SCHEMA,
        "status": {"type": "string", "enum": list(IDEA_STATUSES)},
        "impact": {**_SCORE, "description": "how much it relieves the pain"},
        "effort": {**_SCORE, "description": "how much work it takes"},
        "due": _DATE,
        "kpi": {"type": "string", "description": "a metric of the touchpoint"},
    },
}
_METRIC_PROPERTIES = {
    "name": {"type": "string"},
    "value": _TEXT_OR_NUMBER,
    "target": _TEXT_OR_NUMBER,
}
_METRIC = {"type": "object", "required": ["name"], "properties": _METRIC_PROPERTIES}
_JOURNEY_METRIC = {
    "type": "object",
    "required": ["name"],
    "properties": {**_METRIC_PROPERTIES, "as_of": _DATE},
}
_EVIDENCE = {
    "type": "object",
    "required": ["quote"],
    "properties": {
        "quote": {"type": "string"},
        "source": {"type": "string"},
        "date": _DATE,
        "url": {"type": "string", "pattern": "^(https?://|[^:]*$)"},
    },
    "additionalProperties": False,
}
_STAGE = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": ID_SCHEMA, "name": {"type": "string"}},
}
# The shapes that depend neither on the site's scales nor on the field's words.
FIXED_SHAPES: dict[str, dict[str, Any]] = {
    "text": {"type": "string"},
    "line": {"type": "string"},  # one-line text (titles, names): max_title_length
    "date": _DATE,
    "path": {"type": "string"},
    "text-list": {"type": "array", "items": {"type": "string"}},
    "ref": ID_SCHEMA,
    "ref-list": {"type": "array", "items": ID_SCHEMA},
    "owners": {
        "type": "object",
        "additionalProperties": {
            "oneOf": [_LETTER, {"type": "array", "items": _LETTER, "minItems": 1}]
        },
    },
    "ideas": {"type": "array", "items": {"oneOf": [{"type": "string"}, _IDEA]}},
    "metrics": {"type": "array", "items": _METRIC},
    "journey-metrics": {"type": "array", "items": _JOURNEY_METRIC},
    "evidence": {"type": "array", "items": {"oneOf": [{"type": "string"}, _EVIDENCE]}},
    "waive": {
        "type": "object",
        "propertyNames": {"enum": list(RULE_NAMES)},
        "additionalProperties": {"type": "string", "minLength": 1},
    },
    "stages": {"type": "array", "items": {"oneOf": [ID_SCHEMA, _STAGE]}},
}


def _number(scales: Scales, scale: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "number"}
    if scale:
        bounds = getattr(scales, scale)
        schema.update(minimum=bounds.min, maximum=bounds.max)
    return schema


def _json_type(ftype: FieldType, scales: Scales) -> dict[str, Any]:
    """The JSON Schema of one field type (a fresh copy: callers may add to it)."""
    if ftype.name in FIXED_SHAPES:
        return copy.deepcopy(FIXED_SHAPES[ftype.name])
    if ftype.name == "number":
        return _number(scales, ftype.scale)
    if ftype.name == "enum":
        return {"type": "string", "enum": list(ftype.words)}
    if ftype.name == "emotion":
        emotion = _number(scales, "emotion")
        return {"oneOf": [emotion, {"type": "object", "additionalProperties": emotion}]}
    raise KeyError(ftype.name)


def json_schema(kind: str, scales: Scales) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind's frontmatter."""
    fields = KINDS[kind]
    properties = {}
    for field in fields:
        prop = dict(_json_type(field.type, scales))
        if field.doc:
            prop["description"] = field.doc
        properties[field.key] = prop
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:cjmsite:schema:{kind}",
        "title": f"cjmsite {kind} frontmatter",
        "type": "object",
        "required": [f.key for f in fields if f.required],
        "properties": properties,
    }
