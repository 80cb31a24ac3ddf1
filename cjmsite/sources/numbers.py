"""Numbers as people write them, not as YAML 1.1 reads them.

PyYAML follows YAML 1.1: `1:30` is 90 (base 60), `017` is 15 (octal), `0x4`, `0b11` and
`1_000` are numbers too, while `0o7` is text. A CX author who writes `importance: 1:30`
or `0x4` meant something else, and a silent conversion hides it. So only plain decimals
(`3`, `-1`, `2.5`, `1.0e3`) become numbers; every other form YAML 1.1 would convert is
kept as the text written (a `NumberText`), which a number field refuses with a hint.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?|[-+]?\.[0-9]+")
SPECIAL = re.compile(r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_BASE = re.compile(r"([-+]?)0([xob])([0-9a-f_]+)", re.IGNORECASE)
_SEXAGESIMAL = re.compile(r"([-+]?)([0-9][0-9_]*(?::[0-5]?[0-9])+)(\.[0-9_]*)?")
_UNDERSCORED = re.compile(r"[-+]?[0-9][0-9_]*(\.[0-9_]*)?")


class NumberText(str):
    """A plain scalar YAML 1.1 would read as a number, kept as the text written."""

    __slots__ = ()


def human_number(text: str) -> int | float | None:
    """The number a person most likely meant by `text`, when it is not a plain decimal
    but YAML 1.1 (or 1.2) reads it as one: `1:30` → 90, `0x4` → 4, `0o7` → 7, `017` → 17,
    `1_000` → 1000. None for plain decimals and for text that is no number."""
    text = text.strip()
    if DECIMAL.fullmatch(text) or not text:
        return None
    based = _BASE.fullmatch(text)
    if based:
        try:
            value = int(based[3].replace("_", ""), {"x": 16, "o": 8, "b": 2}[based[2].lower()])
        except ValueError:
            return None
        return -value if based[1] == "-" else value
    sexagesimal = _SEXAGESIMAL.fullmatch(text)
    if sexagesimal:
        total = 0
        for part in sexagesimal[2].replace("_", "").split(":"):
            total = total * 60 + int(part)
        number = total + float(sexagesimal[3].replace("_", "") or 0) if sexagesimal[3] else total
        return -number if sexagesimal[1] == "-" else number
    if _UNDERSCORED.fullmatch(text):
        plain = text.replace("_", "")
        return float(plain) if "." in plain else int(plain)
    return None


def number_hint(value: Any) -> str:
    """ "write 90, or quote it" for a number written in a form people do not mean; else ""."""
    if not isinstance(value, str):
        return ""
    meant = human_number(value)
    if meant is None:
        return ""
    shown = f"{meant:g}" if isinstance(meant, float) else str(meant)
    return f"write {shown}, or quote it to keep it as text"


def _number_or_text(loader: yaml.constructor.SafeConstructor, node: yaml.Node) -> Any:
    """The YAML 1.1 number for a plain decimal (or .inf/.nan), else the text as written."""
    text = str(node.value)
    if DECIMAL.fullmatch(text) or SPECIAL.fullmatch(text):
        if node.tag.endswith(":int"):
            return loader.construct_yaml_int(node)
        return loader.construct_yaml_float(node)
    return NumberText(text)


def human_loader(base: type) -> type:
    """A subclass of the loader `base` whose numbers are read as people mean them."""
    loader = type(f"Human{base.__name__}", (base,), {})
    loader.add_constructor("tag:yaml.org,2002:int", _number_or_text)
    loader.add_constructor("tag:yaml.org,2002:float", _number_or_text)
    return loader
