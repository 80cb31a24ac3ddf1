"""`indented` writes json.dumps' indented text, byte for byte, and raises its errors."""

from __future__ import annotations

import enum
import json
import math
import random
import struct
from collections import OrderedDict
from decimal import Decimal
from typing import Any

import pytest

from cjmsite.render import json_indent
from cjmsite.render.json_indent import MAX_DEPTH, indented


def reference(value: Any, newline: str = "\n") -> str:
    """The standard library's pure-Python indenting encoder, as site.json used it."""
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False)
    return text.replace("\n", newline)


def outcome(encode: Any, value: Any) -> tuple[Any, str]:
    try:
        return "text", encode(value)
    except Exception as error:  # the point is to compare any error
        return type(error), str(error)


class Colour(enum.IntEnum):
    RED = 1


class Text(str):
    pass


class Number(float):
    pass


class Mapping(dict):  # type: ignore[type-arg]
    pass


def nested(depth: int, leaf: Any) -> Any:
    value = leaf
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


STRINGS = [
    "",
    "plain",
    'quote " inside',
    "back\\slash \\u0041 \\",
    "".join(map(chr, range(32))) + "\x7f",
    "line\nbreak\r\ttab\b\f",
    "\u2028 and \u2029",
    "lone \ud800 and \udfff surrogates",
    "non-BMP 😀 𝄞",
    "¿Dónde está el niño? Ñandú, pingüino, acción.",
    "<script>&amp;</script>",
    "\x00",
    "/",
]

HOSTILE = [
    None,
    True,
    False,
    0,
    1,
    -1,
    2**63,
    -(2**100),
    0.0,
    -0.0,
    1.0,
    0.1,
    1e16,
    1e-7,
    5e-324,
    1.7976931348623157e308,
    -2.5e-300,
    123456789.125,
    *STRINGS,
    {},
    [],
    (),
    [[]],
    {"a": {}},
    [{}, [], [[]], {"": []}],
    (1, (2, ()), "t"),
    [True, 1, False, 0, 1.0, None],
    {"1": True, "true": 1, "": None, "b": [1, 2], "a": {"z": {}, "y": []}},
    dict.fromkeys(STRINGS, "v"),
    {s: [s, {s: s}] for s in STRINGS},
    # left to json.dumps, which converts or encodes them its own way
    {1: "int key", 2: "two"},
    {True: "a", False: "b"},
    {None: [None]},
    {1.5: "x", -0.0: "y"},
    {False: [1], True: {3: {}, 2: [{-1: None}]}},
    [Colour.RED, {"c": Colour.RED}],
    Colour.RED,
    Text("sub\nclass"),
    {"s": Text("x")},
    Number(2.5),
    [Number(-0.0)],
    OrderedDict([("b", 1), ("a", 2)]),
    Mapping(b=[1], a={}),
    {"m": Mapping(x=1)},
    nested(MAX_DEPTH - 3, "deep"),
    nested(MAX_DEPTH + 10, [1, {"a": 2}]),
]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("newline", ["\n", "\n    "], ids=["top", "item"])
def test_hostile_values_are_json_dumps_text(value: Any, newline: str) -> None:
    assert indented(value, newline) == reference(value, newline)


def random_str(rng: random.Random) -> str:
    pieces = [rng.choice(STRINGS), chr(rng.randrange(0x110000)), chr(rng.randrange(0x80))]
    return "".join(rng.sample(pieces, rng.randrange(len(pieces) + 1)))


def random_float(rng: random.Random) -> float:
    while True:
        number = struct.unpack("<d", rng.randbytes(8))[0]
        if math.isfinite(number):
            return rng.choice(
                [number, rng.uniform(-1e6, 1e6), rng.random(), float(rng.randint(-9, 9))]
            )


def random_value(rng: random.Random, depth: int) -> Any:
    """A scalar, str, list, tuple or dict; a container at depth 0, none below depth 5."""
    kind = rng.randrange(6, 9) if depth == 0 else rng.randrange(9 if depth < 5 else 6)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.choice([rng.randint(-10, 10), rng.getrandbits(70) - 2**69])
    if kind == 2:
        return random_float(rng)
    if kind in (3, 4, 5):
        return random_str(rng)
    size = rng.randrange(6)
    if kind == 6:
        return {random_str(rng): random_value(rng, depth + 1) for _ in range(size)}
    items = [random_value(rng, depth + 1) for _ in range(size)]
    return tuple(items) if kind == 7 and rng.random() < 0.3 else items


@pytest.mark.parametrize("seed", range(8))
def test_random_nested_values_are_json_dumps_text(seed: int) -> None:
    rng = random.Random(seed)
    values = [random_value(rng, 0) for _ in range(250)]
    assert sum(isinstance(v, dict | list) and len(v) > 1 for v in values) > 100  # not all leaves
    for value in values:
        assert indented(value) == reference(value)
        assert indented(value, "\n  ") == reference(value, "\n  ")


def cyclic() -> list[Any]:
    loop: list[Any] = [1]
    loop.append({"back": loop})
    return loop


FAILING = [
    math.nan,
    math.inf,
    -math.inf,
    [1, math.nan],
    {"a": {"b": -math.inf}},
    {"x": [0.5, Number("nan")]},
    {1: "a", "b": 2},  # keys json cannot sort
    {True: "a", None: "b"},
    {(1, 2): "tuple key"},
    {"set": {1, 2}},
    b"bytes",
    [Decimal("1.5")],
    {"o": object()},
    [1, 2, 3j],
    cyclic(),
    {"loop": cyclic()},
    10**5000,  # beyond the digit limit of int to str
    nested(5000, 1),  # json's recursion depth
]


@pytest.mark.parametrize("value", FAILING, ids=range(len(FAILING)))
def test_errors_are_json_dumps_errors(value: Any) -> None:
    kind, message = outcome(indented, value)
    expected_kind, expected_message = outcome(reference, value)
    assert expected_kind != "text"  # the case does fail in json
    assert kind is expected_kind
    if kind is not RecursionError:  # its message says where the stack ran out
        assert message == expected_message


def test_plain_values_do_not_go_through_json(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path is what encodes site.json's kind of value, not the fallback."""

    def refuse(value: Any) -> str:
        raise AssertionError(f"json.dumps was asked for {value!r}")

    value = {"b": [{"id": "x", "n": 1, "f": 0.25, "ok": True, "no": None}], "a": ("t", {})}
    expected = reference(value)
    monkeypatch.setattr(json_indent, "json_dumps", refuse)
    assert indented(value) == expected
    assert indented(nested(MAX_DEPTH - 3, "deep")) == reference(nested(MAX_DEPTH - 3, "deep"))


@pytest.mark.parametrize("value", [{1: "a"}, Colour.RED, [math.nan], nested(MAX_DEPTH + 1, 0)])
def test_unusual_values_go_through_json(monkeypatch: pytest.MonkeyPatch, value: Any) -> None:
    asked: list[Any] = []
    monkeypatch.setattr(json_indent, "json_dumps", lambda v: asked.append(v) or "json's text")
    assert indented(value) == "json's text" and asked == [value]


def test_site_jsons_dumps_is_json_dumps() -> None:
    from cjmsite.render.json_text import dumps

    cases = HOSTILE + FAILING[:-1]  # the last one's message says where the stack ran out
    assert [outcome(dumps, v) for v in cases] == [outcome(reference, v) for v in cases]
