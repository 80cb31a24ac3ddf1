"""The package's shape: no module over 400 lines, no function over 60 (engineering.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import cjmsite

PACKAGE = Path(cjmsite.__file__).parent
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def long_functions(source: str, shown: str) -> list[str]:
    """`shown:line name: length` of each function over the limit, from `def` to its end
    (decorators, such as a click command's declarative options, are not logic)."""
    tree = ast.parse(source, shown)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{shown}:{node.lineno} {node.name}: {length}")
    return found


def test_the_walk_sees_the_whole_package() -> None:
    names = {path.relative_to(PACKAGE).as_posix() for path in modules()}
    assert {"facts.py", "commands/main.py", "render/charts/svg.py"} <= names


def test_no_module_is_over_400_lines() -> None:
    long = [
        f"{path.relative_to(PACKAGE.parent)}: {lines}"
        for path in modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    assert long == []


def test_no_function_is_over_60_lines() -> None:
    found = [
        entry
        for path in modules()
        for entry in long_functions(path.read_text("utf-8"), str(path.relative_to(PACKAGE.parent)))
    ]
    assert found == []


def test_a_long_function_is_found() -> None:
    body = "\n".join(f"    x = {n}" for n in range(MAX_FUNCTION_LINES))
    assert long_functions(f"def long():\n{body}\n", "m.py") == ["m.py:1 long: 61"]
    assert long_functions(f"def short():\n{body[:-10]}\n", "m.py") == []
