"""YAML parsing that keeps the line and column of every key and item.

The document is composed into a node tree (with the C loader when present),
constructed with safe semantics, and walked once to record where each value
stands, keyed by its path: ("owners", "care") or ("ideas", 2, "title").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # the C loader is about ten times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]

MAX_NODES = 200_000  # aliases can make a tiny document enormous when walked
MAX_DEPTH = 100


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based, in the file
    column: int  # 1-based


@dataclass
class YamlDoc:
    """A parsed YAML document with the position of every value (and mapping key)."""

    data: Any
    values: dict[Path_, Mark] = field(default_factory=dict)
    keys: dict[Path_, Mark] = field(default_factory=dict)
    start: Mark = Mark(1, 1)

    def where(self, path: Path_, *, key: bool = False) -> Mark:
        """The position of a value (or its key), else of its nearest recorded parent."""
        probe = tuple(path)
        table = self.keys if key else self.values
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.start


class YamlProblem(Exception):
    """A YAML document that cannot be read, with where and why."""

    def __init__(self, message: str, line: int, column: int, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint


def _mark(node: yaml.Node, line_offset: int) -> Mark:
    return Mark(node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)


def _record(doc: YamlDoc, node: yaml.Node, path: Path_, line_offset: int) -> None:
    """Walk the node tree beside the constructed data, recording positions."""
    count = 0
    stack: list[tuple[yaml.Node, Path_, int]] = [(node, path, 0)]
    while stack:
        current, where, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise YamlProblem(
                f"the YAML document expands to more than {MAX_NODES:,} values",
                doc.start.line,
                doc.start.column,
                "aliases (*name) that repeat large blocks are not supported here",
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(
                f"the YAML document is nested more than {MAX_DEPTH} levels deep",
                _mark(current, line_offset).line,
                _mark(current, line_offset).column,
            )
        doc.values.setdefault(where, _mark(current, line_offset))
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                doc.keys.setdefault((*where, key), _mark(key_node, line_offset))
                stack.append((value_node, (*where, key), depth + 1))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                stack.append((item, (*where, index), depth + 1))


def _problem_from(error: yaml.YAMLError, line_offset: int, text: str = "") -> YamlProblem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = (mark.line + 1 + line_offset) if mark else line_offset + 1
    column = (mark.column + 1) if mark else 1
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    context_mark = getattr(error, "context_mark", None)
    if context and context_mark is not None and context_mark is not mark:
        context += f" started at line {context_mark.line + 1 + line_offset}"
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    hint = "check indentation, and quote values that contain ': ' or start with a special character"
    lines = text.splitlines()
    at_tab = bool(mark) and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]
    if at_tab or "\t" in problem or "tab" in problem.lower():
        hint = "YAML does not allow tabs for indentation; indent with spaces"
    return YamlProblem(message, line, column, hint)


def parse_yaml(text: str, line_offset: int = 0) -> YamlDoc:
    """Parse one YAML document; `line_offset` is the file line before the text's first line.

    Raises YamlProblem with a file line and column for anything that is not valid YAML.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        raise _problem_from(error, line_offset, text) from None
    except RecursionError:
        raise YamlProblem("the YAML document is nested too deeply", line_offset + 1, 1) from None
    except (ValueError, OverflowError, TypeError) as error:
        # e.g. a timestamp such as 2026-13-45 that the constructor cannot build
        raise YamlProblem(f"invalid YAML value: {error}", line_offset + 1, 1) from None
    finally:
        loader.dispose()
    doc = YamlDoc(data=data)
    if node is not None:
        doc.start = _mark(node, line_offset)
        _record(doc, node, (), line_offset)
    return doc


def is_number(value: Any) -> bool:
    """A finite int or float, but not a bool (YAML's `yes` is a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value)


def describe(value: Any) -> str:
    """A short, user-facing description of a YAML value's type and content."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__} ({value})"
