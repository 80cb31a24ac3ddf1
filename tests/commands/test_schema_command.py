"""`cjmsite schema`: every schema it prints gives every property a type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cjmsite.commands.main import main
from cjmsite.resolve.kinds import KINDS

SHAPED = ("type", "$ref", "enum", "anyOf", "oneOf", "const")


def untyped(schema: Any, where: str = "") -> list[str]:
    """Paths of the properties (at any depth) that say nothing of their shape."""
    found: list[str] = []
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            if not isinstance(sub, dict) or not any(key in sub for key in SHAPED):
                found.append(f"{where}.{name}")
            found += untyped(sub, f"{where}.{name}")
        for key in ("items", "additionalProperties", "$defs", "anyOf", "oneOf", "allOf"):
            value = schema.get(key)
            if isinstance(value, list):
                for index, item in enumerate(value):
                    found += untyped(item, f"{where}.{key}[{index}]")
            elif key == "$defs" and isinstance(value, dict):
                for name, item in value.items():
                    found += untyped(item, f"{where}.$defs.{name}")
            elif isinstance(value, dict):
                found += untyped(value, f"{where}.{key}")
    return found


def printed(*args: str) -> Any:
    result = CliRunner().invoke(main, ["schema", *args, "--config", "missing.yml"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("kind", [*sorted(KINDS), "config"])
def test_every_property_of_every_schema_has_a_type(kind: str) -> None:
    schema = printed(kind)
    assert schema["properties"], kind
    assert untyped(schema) == []


def test_the_schema_of_every_kind_at_once_is_typed_too(tmp_path: Path) -> None:
    every = printed()
    assert sorted(every) == sorted(KINDS)
    assert [path for kind, schema in every.items() for path in untyped(schema, kind)] == []


def test_the_walk_finds_an_untyped_property() -> None:
    schema = {"properties": {"a": {"type": "object", "properties": {"b": {"description": "x"}}}}}
    assert untyped(schema) == [".a.b"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_schema_command_prints_json_schema(tmp_path: Path) -> None:
    code, out, _ = run("schema", "touchpoint")
    schema = json.loads(out)
    assert code == 0
    assert schema["$id"] == "urn:cjmsite:schema:touchpoint"
    assert set(schema["required"]) == {"title", "stage", "emotion", "importance"}
    assert schema["properties"]["importance"]["minimum"] == 1
    code, out, _ = run("schema")
    assert set(json.loads(out)) == {
        "channel",
        "department",
        "journey",
        "page",
        "persona",
        "touchpoint",
    }


def test_schema_follows_the_site_scales(tmp_path: Path) -> None:
    config = tmp_path / "cjmsite.yml"
    config.write_text("title: A\nscales: {importance: {min: 0, max: 10}}\n", encoding="utf-8")
    _, out, _ = run("schema", "touchpoint", "--config", str(config))
    assert json.loads(out)["properties"]["importance"]["maximum"] == 10
