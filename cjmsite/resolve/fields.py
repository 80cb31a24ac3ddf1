"""Field types of the content kinds: what a key holds, checked by kinds.Validator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cjmsite.model import Scale

Report = Callable[[tuple, str, str], None]  # (path, message, hint)


@dataclass(frozen=True)
class Scales:
    emotion: Scale
    importance: Scale


@dataclass(frozen=True)
class FieldType:
    """A value type: how to check and convert it, and its JSON Schema."""

    name: str
    words: tuple[str, ...] = ()  # allowed words, for enums
    scale: str = ""  # "emotion" or "importance" for numbers on a scale
    ref: str = ""  # kind an id refers to (existence is checked by the resolver)


@dataclass(frozen=True)
class Field:
    key: str
    type: FieldType
    required: bool = False
    doc: str = ""


TEXT = FieldType("text")
LINE = FieldType("line")  # one-line text (title, name): at most max_title_length characters
TEXT_LIST = FieldType("text-list")
NUMBER = FieldType("number")
PATH = FieldType("path")


def enum(*words: str) -> FieldType:
    return FieldType("enum", words=words)


def ref(kind: str) -> FieldType:
    return FieldType("ref", ref=kind)


def ref_list(kind: str) -> FieldType:
    return FieldType("ref-list", ref=kind)


def fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)
