"""YAML parsing that keeps the line and column of every key and item.

The document is composed into a node tree (with the C loader when present),
constructed with safe semantics, and walked once to record where each value
stands, keyed by its path: ("owners", "care") or ("ideas", 2, "title").
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from cjmsite.sources.numbers import human_loader
from cjmsite.sources.yamlmarks import (
    FIRST,
    MAX_DEPTH,
    MAX_NODES,
    Mark,
    Path_,
    along,
    mark_of_node,
    record,
)

try:  # the C loader is about ten times faster
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_Loader = human_loader(_BaseLoader)  # `1:30`, `0x4`, `1_000` stay text (see numbers.py)


@dataclass
class YamlDoc:
    """A parsed YAML document with the position of every value (and mapping key).

    Positions are only needed to report a problem, so they are worked out on first use,
    by composing the document's text again (most files never need them).
    """

    data: Any
    start: Mark = FIRST
    text: str = ""
    line_offset: int = 0
    expanded: int = 0  # characters of all scalars once aliases are expanded (never built)
    # (expanded characters so far, line, column) at each alias, to name where a limit is crossed
    aliases: list[tuple[int, int, int]] = field(default_factory=list, repr=False)
    # (line, column) of the items of each top-level list, by key, kept from the parse: every
    # build asks where each idea is written, and composing the text again for it cost
    # ~0.3 s at 3,000 touchpoints
    items: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict, repr=False)
    _values: dict[Path_, Mark] | None = field(default=None, repr=False, compare=False)
    _keys: dict[Path_, Mark] | None = field(default=None, repr=False, compare=False)

    @property
    def values(self) -> dict[Path_, Mark]:
        return self._positions()[0]

    @property
    def keys(self) -> dict[Path_, Mark]:
        return self._positions()[1]

    def _positions(self) -> tuple[dict[Path_, Mark], dict[Path_, Mark]]:
        if self._values is None or self._keys is None:
            self._values, self._keys = {}, {}
            node = self._node()
            if node is not None:
                record(self._values, self._keys, node, self.line_offset)
        return self._values, self._keys

    def _node(self) -> yaml.Node | None:
        loader = _Loader(self.text)
        try:
            return loader.get_single_node()
        except Exception:  # it composed once; should it not now, positions stay unknown
            return None
        finally:
            loader.dispose()

    def _along(self, path: Path_) -> tuple[dict[Path_, Mark], dict[Path_, Mark]]:
        """The positions of `path` and its parents only (what `where` reads): one walk down
        instead of recording the whole document, for a file that is fine but whose
        position is wanted (an idea's line)."""
        return along(self._node(), path, self.line_offset)

    def alias_over(self, limit: int) -> Mark | None:
        """Where the expanded text first goes over `limit` characters (at an alias)."""
        if self.expanded <= limit:
            return None
        for total, line, column in self.aliases:
            if total > limit:
                return Mark(line, column)
        return self.start

    def where(self, path: Path_, *, key: bool = False) -> Mark:
        """The position of a value (or its key), else of its nearest recorded parent."""
        probe = tuple(path)
        if len(probe) == 2 and type(probe[1]) is int and probe[0] in self.items:
            marks = self.items[probe[0]]  # (str, item): what the parse kept
            if 0 <= probe[1] < len(marks):
                return Mark(*marks[probe[1]])
        if self._values is None or self._keys is None:
            values, keys = self._along(probe)
        else:
            values, keys = self._values, self._keys
        table = keys if key else values
        while probe:
            if probe in table:
                return table[probe]
            if probe in values:
                return values[probe]
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


def _refuse_duplicate_keys(node: yaml.Node, line_offset: int) -> None:
    """A key written twice in one mapping is an error: YAML loaders silently keep the last,
    so a reviewer reading the first value would be misled."""
    count = 0
    stack: list[tuple[yaml.Node, int]] = [(node, 0)]
    while stack and count < MAX_NODES:
        current, depth = stack.pop()
        count += 1
        if depth >= MAX_DEPTH:
            continue
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, yaml.Node] = {}
            for key_node, value_node in current.value:
                if (
                    isinstance(key_node, yaml.ScalarNode)
                    and key_node.tag != "tag:yaml.org,2002:merge"
                ):
                    first = seen.setdefault(key_node.value, key_node)
                    if first is not key_node:
                        mark = mark_of_node(first, line_offset)
                        raise YamlProblem(
                            f"the key `{key_node.value}` is written twice in one mapping "
                            f"(first on line {mark.line}); only the last would count",
                            key_node.start_mark.line + 1 + line_offset,
                            key_node.start_mark.column + 1,
                            "keep one of them",
                        )
                stack.append((value_node, depth + 1))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in current.value)


def _too_big(mark: Any, line_offset: int, message: str, hint: str = "") -> YamlProblem:
    line = mark.line + 1 + line_offset if mark is not None else line_offset + 1
    column = mark.column + 1 if mark is not None else 1
    return YamlProblem(message, line, column, hint)


def _may_be_too_big(text: str) -> bool:
    """False when the text cannot hold an alias bomb or nest too deeply, so needs no scan.

    Without an anchor (`&`) nothing expands; every level of nesting needs a character of
    its own among `[{-:?` (a flow bracket, a sequence dash, a mapping's colon or `?`).
    """
    if "&" in text or len(text) > MAX_NODES:
        return True
    return sum(text.count(char) for char in "[{-:?") > MAX_DEPTH


def _scan(text: str, line_offset: int, doc: YamlDoc) -> None:
    """Refuse documents nested too deeply or expanding to too many values, before composing.

    Works on the parser's event stream, which is iterative: composing a deeply nested
    document recurses (and can crash the C loader), and expanding aliases can take
    exponential time. Each anchor's expanded size (values and characters) is summed as
    its events go by; the characters are recorded in `doc` (`expanded`, `aliases`), so the
    caller can refuse a text that would grow too big without it ever being built.
    """
    loader = _Loader(text)
    sizes: dict[str, tuple[int, int]] = {}  # anchor -> (values, characters) it expands to
    stack: list[list[Any]] = [[None, 0, 0]]  # [anchor, values, characters] per collection
    total = expanded = 0  # values, characters
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                _check_depth(len(stack), event, line_offset)
                stack.append([event.anchor, 0, 0])
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, count, chars = stack.pop()
                if anchor is not None:
                    sizes[anchor] = (count + 1, chars)
                stack[-1][1] += count + 1
                stack[-1][2] += chars
                total += 1
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None:
                    sizes[event.anchor] = (1, len(event.value))
                stack[-1][1] += 1
                stack[-1][2] += len(event.value)
                total += 1
                expanded += len(event.value)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in sizes:
                    if any(entry[0] == event.anchor for entry in stack):
                        raise _too_big(
                            event.start_mark,
                            line_offset,
                            f"the alias *{event.anchor} refers to a value that contains it",
                            "recursive structures are not supported; repeat the value instead",
                        )
                    continue  # an undefined alias: the composer reports it
                values, chars = sizes[event.anchor]
                stack[-1][1] += values
                stack[-1][2] += chars
                total += values
                expanded += chars
                doc.aliases.append((expanded, *_mark_of(event.start_mark, line_offset)))
            if total > MAX_NODES:
                raise _too_big(
                    getattr(event, "start_mark", None),
                    line_offset,
                    f"the YAML document expands to more than {MAX_NODES:,} values",
                    "aliases (*name) that repeat large blocks are not supported here",
                )
        doc.expanded = expanded
    finally:
        loader.dispose()


def _check_depth(depth: int, event: yaml.Event, line_offset: int) -> None:
    if depth > MAX_DEPTH:
        raise _too_big(
            event.start_mark,
            line_offset,
            f"the YAML document is nested more than {MAX_DEPTH} levels deep",
            "flatten the structure",
        )


def _mark_of(mark: Any, line_offset: int) -> tuple[int, int]:
    return mark.line + 1 + line_offset, mark.column + 1


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
    if at_tab or "\t" in problem or re.search(r"\btabs?\b", problem.lower()):
        hint = "YAML does not allow tabs for indentation; indent with spaces"
    if "#x0000" in problem:
        hint = "remove the NUL byte (character 0) here; was the file saved as text, in UTF-8?"
    elif "control characters" in problem:
        hint = "remove the invisible control character here"
    if "nesting depth" in problem:  # libyaml ≥ 0.2.6 has its own (lower) flow-level limit
        message = f"the YAML document is nested more than {MAX_DEPTH} levels deep"
        hint = "flatten the structure"
    return YamlProblem(message, line, column, hint)


def parse_yaml(text: str, line_offset: int = 0) -> YamlDoc:
    """Parse one YAML document; `line_offset` is the file line before the text's first line.

    Raises YamlProblem with a file line and column for anything that is not valid YAML.
    """
    doc = YamlDoc(data=None, text=text, line_offset=line_offset, expanded=len(text))
    if _may_be_too_big(text):
        try:
            _scan(text, line_offset, doc)
        except yaml.YAMLError as error:
            raise _problem_from(error, line_offset, text) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _refuse_duplicate_keys(node, line_offset)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        raise _problem_from(error, line_offset, text) from None
    except RecursionError:
        raise YamlProblem("the YAML document is nested too deeply", line_offset + 1, 1) from None
    except YamlProblem:
        raise
    except Exception as error:  # the constructor fails in many ways
        # e.g. a date such as 2026-13-45, or `!!timestamp x`, that cannot be built
        shown = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        raise YamlProblem(
            f"invalid YAML value: {shown}",
            line_offset + 1,
            1,
            "check dates (YYYY-MM-DD), numbers and `!!` tags; quote the value to keep it as text",
        ) from None
    finally:
        loader.dispose()
    doc.data = data
    if node is not None:
        doc.start = mark_of_node(node, line_offset)
        doc.items = _item_marks(node, line_offset)
    return doc


def _item_marks(node: yaml.Node, line_offset: int) -> dict[str, tuple[tuple[int, int], ...]]:
    """(line, column) of the items of each top-level list, by key (see YamlDoc.items)."""
    found: dict[str, tuple[tuple[int, int], ...]] = {}
    if not isinstance(node, yaml.MappingNode):
        return found
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.SequenceNode):
            found.setdefault(
                key.value,
                tuple(_mark_of(item.start_mark, line_offset) for item in value.value),
            )
    return found


def is_number(value: Any) -> bool:
    """A finite int or float within float range, but not a bool (YAML's `yes` is a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:  # an int with hundreds of digits
        return False


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "…"


def describe(value: Any) -> str:
    """A short, user-facing description of a YAML value's type and content."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        if abs(value) < 10**40:
            return f"the number {value}"
        return f"a number of about {int(abs(value).bit_length() * 0.30103) + 1} digits"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {_short(value)!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.datetime):
        return f"a date and time ({value.isoformat()})"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, bytes):
        return f"binary data ({len(value)} bytes)"
    if isinstance(value, set | frozenset):
        return "a set"
    return f"a {type(value).__name__} ({_short(repr(value))})"
