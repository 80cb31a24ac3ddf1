"""File names every checkout of the handbook can hold: Windows, macOS and Linux.

A handbook is edited on all three. Windows cannot create a file or folder called `con`,
`aux`, `nul`, `prn`, `com1`…`com9` or `lpt1`…`lpt9`, with any extension (`con.md`) or
case, and a checkout there fails; macOS and Windows see `Logo.png` and `logo.png` (or
`señal` in its composed and decomposed forms) as one file, so one silently replaces
the other. Both are errors, found in one pass over the paths.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])", re.IGNORECASE)


def reserved_name(segment: str) -> bool:
    """Whether a file or folder name is a Windows device name (`con`, `Con.md`, `nul.tar.gz`,
    `aux ` — Windows ignores trailing dots and spaces and everything after the first dot)."""
    stem = segment.split(".", 1)[0].rstrip(" .")
    return bool(_RESERVED.fullmatch(stem))


def reserved_segment(relative: str) -> str | None:
    """The first segment of a `/`-separated path that Windows reserves, if any."""
    return next((part for part in relative.split("/") if reserved_name(part)), None)


def fold(relative: str) -> str:
    """The path as case-insensitive, normalising file systems see it."""
    return unicodedata.normalize("NFC", relative).casefold()


def case_collisions(paths: Iterable[str]) -> list[tuple[str, str]]:
    """(first, other) for each path that differs from an earlier one only in case or in
    Unicode normalisation; `paths` in a stable order."""
    seen: dict[str, str] = {}
    found = []
    for path in paths:
        first = seen.setdefault(fold(path), path)
        if first != path:
            found.append((first, path))
    return found
