"""Cell text: multi-part lines (` | `), escapes, CSV-injection guards and numbers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# A value starting with one of these would be run as a formula by a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def guard_formula(text: str) -> str:
    """`text` as a cell a spreadsheet shows but never runs: a leading `'` before a
    formula character (and before a `'` that the reader would otherwise take away)."""
    if text.startswith(FORMULA_STARTS) or (
        text.startswith(GUARD) and text[1:2] and text[1:].startswith((*FORMULA_STARTS, GUARD))
    ):
        return GUARD + text
    return text


def unguard_formula(text: str) -> str:
    """The inverse of `guard_formula`."""
    if text.startswith(GUARD) and text[1:].startswith((*FORMULA_STARTS, GUARD)):
        return text[1:]
    return text


def escape(text: str, separators: str = "|") -> str:
    """One item on one line: `\\` → `\\\\`, newline → `\\n`, each separator → `\\<sep>`."""
    out = text.replace("\\", "\\\\").replace("\r\n", "\n").replace("\n", "\\n")
    for sep in separators:
        out = out.replace(sep, "\\" + sep)
    return out


def split_escaped(line: str, separator: str, limit: int = -1) -> list[str]:
    """`line` split at unescaped `separator`s (at most `limit` splits), escapes undone
    in each part except those of other separators (left for a later split)."""
    parts: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(line):
        char = line[index]
        if char == "\\" and index + 1 < len(line):
            current.append(line[index : index + 2])
            index += 2
            continue
        if char == separator and (limit < 0 or len(parts) < limit):
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


def unescape(text: str) -> str:
    """Undo `escape`: `\\n`, `\\\\` and `\\<punctuation>`; any other backslash stays."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            if following == "n":
                out.append("\n")
                index += 2
                continue
            if following in "\\|=/":
                out.append(following)
                index += 2
                continue
        out.append(char)
        index += 1
    return "".join(out)


def lines_of(cell: str) -> list[str]:
    """The non-empty lines of a cell (CRLF, CR or LF)."""
    return [line for line in re.split(r"\r\n|\r|\n", cell) if line.strip()]


def parse_number(text: Any) -> float | int | None:
    """A number from a cell: a number, or text holding one (`0,5` or `0.5`); else None."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return tidy_number(text)
    value = str(text).strip().replace("\u2212", "-")
    if not NUMBER.match(value):
        return None
    return tidy_number(float(value.replace(",", ".")))


def tidy_number(value: float | int) -> float | int:
    """2 rather than 2.0, so a number read back from a spreadsheet writes as it was."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def format_number(value: float | int, decimal_comma: bool = False) -> str:
    text = str(tidy_number(value))
    return text.replace(".", ",") if decimal_comma else text


def plain(value: Any) -> str:
    """A scalar YAML value as cell text (dates as YYYY-MM-DD)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    return str(value)


def typed(text: str, dates: bool = False) -> Any:
    """Cell text as the YAML value it stands for: a number, an ISO date (when `dates`),
    else the text."""
    number = parse_number(text) if NUMBER.match(text.strip()) and "," not in text else None
    if number is not None:
        return number
    if dates and ISO_DATE.match(text.strip()):
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            return text
    return text
