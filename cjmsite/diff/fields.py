"""Field-by-field differences of two model objects, as plain comparable data."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from cjmsite.diff.changes import FieldChange

Renames = Mapping[str, Mapping[str, str]]  # entity class name -> base id -> head id


def plain(value: Any, renames: Renames | None = None) -> Any:
    """A model value as comparable plain data: entities become ids (base ids through
    `renames`, so a renamed persona, department or channel compares equal), tuples lists."""
    if hasattr(value, "id") and dataclasses.is_dataclass(value):
        moved = (renames or {}).get(type(value).__name__, {})
        return moved.get(value.id, value.id)
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name), renames) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [plain(v, renames) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v, renames) for k, v in sorted(value.items())}
    return value


SKIPPED = {"id", "source", "journey", "counterpart", "stages", "body_html"}


def field_changes(
    before: Any, after: Any, names: tuple[str, ...] | None = None, renames: Renames | None = None
) -> list[FieldChange]:
    """Changed dataclass fields (narratives only as changed, without their text)."""
    found = []
    for f in dataclasses.fields(before):
        if names is not None and f.name not in names:
            continue
        if f.name == "body_html":
            if before.body_html != after.body_html:
                found.append(FieldChange("narrative", None, None))
            continue
        if f.name in SKIPPED:
            continue
        old, new = plain(getattr(before, f.name), renames), plain(getattr(after, f.name))
        if old != new:
            found.append(FieldChange(f.name, old, new))
    return found
