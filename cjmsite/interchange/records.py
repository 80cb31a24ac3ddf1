"""Journeys and touchpoints as plain frontmatter data plus body: what goes out to a file
and what comes back in, whatever the format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cjmsite.diagnostics import Location

REMOVE = object()  # a key the import clears (its cell was left empty)


@dataclass
class TouchpointRecord:
    id: str
    order: float | int
    data: dict[str, Any]  # frontmatter keys (not `order`); REMOVE for a cleared key
    body: str | None = None  # None: the source had no narrative column
    where: Location = field(default_factory=lambda: Location(""))


@dataclass
class JourneyRecord:
    id: str
    data: dict[str, Any]  # frontmatter keys of index.md the source gave
    body: str | None = None
    touchpoints: list[TouchpointRecord] = field(default_factory=list)
    where: Location = field(default_factory=lambda: Location(""))
    label: str = ""  # the file it came from, for messages
    columns: set[str] | None = None  # the touchpoint fields the file has (None: all)


@dataclass
class Missing:
    """Personas, departments, channels and stages a file names that the site lacks."""

    personas: dict[str, str] = field(default_factory=dict)  # id -> display name
    departments: dict[str, str] = field(default_factory=dict)
    channels: dict[str, str] = field(default_factory=dict)
