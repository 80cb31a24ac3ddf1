"""Where things stand in a YAML document: the line and column of a value or key, by its
path (("owners", "care"), ("ideas", 2, "title")), read from the composed node tree."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

Path_ = tuple[str | int, ...]

MAX_NODES = 100_000  # values after aliases are expanded ("billion laughs" stops here)
MAX_DEPTH = 100  # nested lists and mappings; deeper input could exhaust the C stack


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based, in the file
    column: int  # 1-based


FIRST = Mark(1, 1)  # the start of a document


def mark_of_node(node: yaml.Node, line_offset: int) -> Mark:
    return Mark(node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)


def record(
    values: dict[Path_, Mark], keys: dict[Path_, Mark], node: yaml.Node, line_offset: int
) -> None:
    """Walk the node tree, recording the position of each value and key by its path.

    Bounded like the scan before parsing: at most MAX_NODES values, MAX_DEPTH levels.
    """
    count = 0
    stack: list[tuple[yaml.Node, Path_]] = [(node, ())]
    while stack and count < MAX_NODES:
        current, where = stack.pop()
        count += 1
        values.setdefault(where, mark_of_node(current, line_offset))
        if len(where) >= MAX_DEPTH:
            continue
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                keys.setdefault((*where, key), mark_of_node(key_node, line_offset))
                stack.append((value_node, (*where, key)))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                stack.append((item, (*where, index)))


def along(
    node: yaml.Node | None, path: Path_, line_offset: int
) -> tuple[dict[Path_, Mark], dict[Path_, Mark]]:
    """The positions of `path` and of its parents (values, keys), walking down from `node`."""
    values: dict[Path_, Mark] = {}
    keys: dict[Path_, Mark] = {}
    where: Path_ = ()
    while node is not None:
        values[where] = mark_of_node(node, line_offset)
        if len(where) == len(path) or len(where) >= MAX_DEPTH:
            break
        step, found = path[len(where)], None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                name = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                if name == step:
                    keys[(*where, step)] = mark_of_node(key_node, line_offset)
                    found = value_node
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(step, int)
            and 0 <= step < len(node.value)
        ):
            found = node.value[step]
        node, where = found, (*where, step)
    return values, keys
