"""The content kinds' definitions exported as JSON Schema (draft 2020-12), for editors."""

from __future__ import annotations

from typing import Any

from cjmsite.model import IDEA_STATUSES
from cjmsite.resolve.kinds import ID_REGEX, KINDS, FieldType, Scales


def _json_type(ftype: FieldType, scales: Scales) -> dict[str, Any]:
    def number(scale: str = "") -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "number"}
        if scale:
            bounds = getattr(scales, scale)
            schema.update(minimum=bounds.min, maximum=bounds.max)
        return schema

    id_schema = {"type": "string", "pattern": ID_REGEX}
    letter = {"type": "string", "pattern": "^[RACIraci]$"}
    text_or_number = {"type": ["string", "number"]}
    shapes: dict[str, dict[str, Any]] = {
        "text": {"type": "string"},
        "path": {"type": "string"},
        "date": {"type": "string", "format": "date"},
        "text-list": {"type": "array", "items": {"type": "string"}},
        "number": number(ftype.scale),
        "enum": {"type": "string", "enum": list(ftype.words)},
        "ref": id_schema,
        "ref-list": {"type": "array", "items": id_schema},
        "emotion": {
            "oneOf": [
                number("emotion"),
                {"type": "object", "additionalProperties": number("emotion")},
            ]
        },
        "owners": {
            "type": "object",
            "additionalProperties": {
                "oneOf": [letter, {"type": "array", "items": letter, "minItems": 1}]
            },
        },
        "ideas": {
            "type": "array",
            "items": {
                "oneOf": [
                    {"type": "string"},
                    {
                        "type": "object",
                        "required": ["title"],
                        "properties": {
                            "title": {"type": "string"},
                            "owner": id_schema,
                            "status": {"type": "string", "enum": list(IDEA_STATUSES)},
                        },
                    },
                ]
            },
        },
        "metrics": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "value": text_or_number,
                    "target": text_or_number,
                },
            },
        },
        "stages": {
            "type": "array",
            "items": {
                "oneOf": [
                    id_schema,
                    {
                        "type": "object",
                        "required": ["id"],
                        "properties": {"id": id_schema, "name": {"type": "string"}},
                    },
                ]
            },
        },
    }
    return shapes[ftype.name]


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
