"""json.dumps' indented text (`indent=2`, sorted keys, UTF-8, no NaN), made without its
pure-Python encoder.

Before Python 3.14, `indent=` makes `json.dumps` use the standard library's generator
encoder: ~0.45 s of CPU for the 24 MB site.json of a 200 x 15 handbook. `indented` writes
the same text with one call per list or dict and json's own C `encode_basestring` for
strings: ~0.18 s. Anything it does not take as json does — a key that is not a str, a
subclass of str, int, float, list or dict (an enum), NaN or an infinity, an unknown type,
a cycle, nesting deeper than `MAX_DEPTH` — it leaves to `json.dumps` itself for the whole
value, so the text and the errors are always json's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

MAX_DEPTH = 64  # deeper values go to json.dumps, which detects cycles and raises alike
_INDENT = "  "
_MAX_NEWLINE = 1 + len(_INDENT) * MAX_DEPTH  # "\n" and the indent of the deepest level
_NOT_FINITE = frozenset({"nan", "inf", "-inf"})


class _Unusual(Exception):
    """A value `indented` leaves to json.dumps."""


def json_dumps(value: Any) -> str:
    """The standard library's text, which `indented` reproduces."""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False)


def indented(value: Any, newline: str = "\n") -> str:
    """`json_dumps(value).replace("\\n", newline)`: `newline` is a line break and the
    indent of where the text goes (strings hold no raw line break, json escapes it)."""
    try:
        return _ENCODERS[type(value)](value, newline)
    except (_Unusual, LookupError, TypeError, RecursionError):
        text = json_dumps(value)  # json's text, or json's error
        return text if newline == "\n" else text.replace("\n", newline)


def _dict(value: dict[Any, Any], newline: str) -> str:
    if not value:
        return "{}"
    inner = newline + _INDENT
    if len(inner) > _MAX_NEWLINE:
        raise _Unusual
    parts = []
    for key in sorted(value):  # a key that is not a str: encode_basestring raises TypeError
        item = value[key]
        text = encode_basestring(item) if type(item) is str else _ENCODERS[type(item)](item, inner)
        parts.append(encode_basestring(key) + ": " + text)
    return "{" + inner + ("," + inner).join(parts) + newline + "}"


def _list(value: list[Any] | tuple[Any, ...], newline: str) -> str:
    if not value:
        return "[]"
    inner = newline + _INDENT
    if len(inner) > _MAX_NEWLINE:
        raise _Unusual
    parts = [
        encode_basestring(item) if type(item) is str else _ENCODERS[type(item)](item, inner)
        for item in value
    ]
    return "[" + inner + ("," + inner).join(parts) + newline + "]"


def _str(value: str, newline: str) -> str:
    return encode_basestring(value)


def _int(value: int, newline: str) -> str:
    return int.__repr__(value)  # as json: past the digit limit it raises json's ValueError


def _float(value: float, newline: str) -> str:
    text = float.__repr__(value)
    if text in _NOT_FINITE:
        raise _Unusual  # json raises its ValueError (allow_nan=False)
    return text


def _bool(value: bool, newline: str) -> str:
    return "true" if value else "false"


def _none(value: None, newline: str) -> str:
    return "null"


# By exact type: a subclass (an IntEnum, a str subclass, an OrderedDict) is not found,
# so json.dumps encodes the value as it always did.
_ENCODERS: dict[type, Callable[[Any, str], str]] = {
    str: _str,
    dict: _dict,
    list: _list,
    tuple: _list,
    int: _int,
    bool: _bool,
    type(None): _none,
    float: _float,
}
