"""Facts every stage shares: the id pattern, default scales and stages, number format.

The bottom layer: it imports nothing from cjmsite, so any module may import it.
"""

from __future__ import annotations

import re

ID_REGEX = "^[a-z0-9][a-z0-9-]*$"  # persona, department, channel, journey and stage ids
ID_PATTERN = re.compile(ID_REGEX)
ID_RULE = "lower-case letters, digits and hyphens"

EMOTION_RANGE: tuple[float, float] = (-2, 2)  # `scales.emotion` when cjmsite.yml has none
IMPORTANCE_RANGE: tuple[float, float] = (1, 5)  # `scales.importance` likewise

# The stage catalogue when cjmsite.yml has no `stages:`, as (id, name).
DEFAULT_STAGE_NAMES: tuple[tuple[str, str], ...] = (
    ("awareness", "Awareness"),
    ("consideration", "Consideration"),
    ("purchase", "Purchase"),
    ("retention", "Retention"),
    ("advocacy", "Advocacy"),
)

# The folder under content/ that holds each kind with its own files.
KIND_FOLDERS = {
    "persona": "personas",
    "department": "departments",
    "channel": "channels",
    "journey": "journeys",
    "page": "pages",
}


def none_defined(kind: str) -> str:
    """The hint when a reference names a kind of which no valid file exists."""
    folder = KIND_FOLDERS.get(kind)
    if folder is None:  # stages
        return f"no {kind} is defined yet (add one to `{kind}s:` in the journey's index.md)"
    return f"no {kind} is defined yet (add one under content/{folder}/)"


SHOWN_DIGITS = 2  # decimals a number is shown with, unless a caller asks for others


def format_number(
    value: float,
    digits: int = SHOWN_DIGITS,
    decimal: str = ".",
    minus: str = "-",
    sign: bool = False,
) -> str:
    """`value` rounded to `digits` decimals without trailing zeros, with the marks given.

    `0.5`, or `0,5` and `−1` with a Spanish decimal comma and a real minus sign;
    `sign` puts a `+` before positive numbers. Never `-0`.
    """
    rounded = round(float(value), digits)
    if rounded == 0:
        rounded = 0.0
    text = f"{abs(rounded):.{digits}f}"
    if digits:
        text = text.rstrip("0").rstrip(".")
    text = text.replace(".", decimal)
    if rounded < 0:
        return minus + text
    return ("+" + text) if sign and rounded > 0 else text
