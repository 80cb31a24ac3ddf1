"""The content kinds' definitions exported as JSON Schema (draft 2020-12), for editors."""

from __future__ import annotations

import copy
from typing import Any

from cjmsite.facts import ID_REGEX
from cjmsite.model import IDEA_STATUSES
from cjmsite.resolve.kinds import KINDS, FieldType, Scales

ID_SCHEMA = {"type": "string", "pattern": ID_REGEX}
_LETTER = {"type": "string", "pattern": "^[RACIraci]$"}
_TEXT_OR_NUMBER = {"type": ["string", "number"]}
_IDEA = {
    "type": "object",
    "required": ["title"],
    "properties": {
        "title": {"type": "string"},
        "owner": ID_SCHEMA,
        "status": {"type": "string", "enum": list(IDEA_STATUSES)},
    },
}
_METRIC = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string"}, "value": _TEXT_OR_NUMBER, "target": _TEXT_OR_NUMBER},
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
