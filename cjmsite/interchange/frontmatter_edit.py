"""Write frontmatter: a new file's, or an existing file's with only the changed keys
replaced (other keys, their comments and the key order stay as they were)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from cjmsite.interchange.records import REMOVE
from cjmsite.sources.files import split_frontmatter
from cjmsite.sources.yamltree import parse_yaml

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's when there, 10x faster


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=100)


def dump_key(key: str, value: Any) -> str:
    return dump({key: value})


def new_file(data: dict[str, Any], body: str | None, comment: str = "") -> str:
    kept = {k: v for k, v in data.items() if v is not REMOVE and v is not None}
    front = dump(kept) if kept else ""
    text = "---\n" + (f"# {comment}\n" if comment else "") + front + "---\n"
    return text + (f"\n{body.strip(chr(10))}\n" if body and body.strip() else "")


def canon(value: Any) -> Any:
    """A value as compared for "changed?": numbers as floats, dates as text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): canon(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [canon(v) for v in value]
    return value


def key_spans(front: str) -> dict[str, tuple[int, int]]:
    """Top-level key → (first line, end line exclusive), 0-based in `front`, trailing blank
    and comment lines left to what follows."""
    doc = parse_yaml(front)
    starts = sorted((mark.line - 1, path[0]) for path, mark in doc.keys.items() if len(path) == 1)
    lines = front.split("\n")
    spans = {}
    for index, (start, key) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        spans[str(key)] = (start, end)
    return spans


def merge_file(text: str, updates: dict[str, Any], body: str | None, same: Any = None) -> str:
    """`text` with the keys of `updates` set (REMOVE deletes), untouched where equal;
    the body replaced only when `body` is given and differs."""
    front, old_body, _, _ = split_frontmatter(text)
    front = front or ""
    data = parse_yaml(front).data or {}
    spans = key_spans(front) if front.strip() else {}
    lines = front.split("\n") if front else []
    replace: dict[int, tuple[int, str]] = {}
    appended: list[str] = []
    for key, value in updates.items():
        if value is REMOVE or value is None:
            if key in data and key in spans:
                start, end = spans[key]
                replace[start] = (end, "")
            continue
        equal = same(key, data.get(key), value) if same else canon(data.get(key)) == canon(value)
        if key in data and equal:
            continue
        dumped = dump_key(key, value).rstrip("\n")
        if key in spans:
            start, end = spans[key]
            replace[start] = (end, dumped)
        else:
            appended.append(dumped)
    body_changed = body is not None and body.strip("\n") != old_body.strip("\n")
    if not replace and not appended and not body_changed:
        return text
    out: list[str] = []
    index = 0
    while index < len(lines):
        if index in replace:
            end, dumped = replace[index]
            if dumped:
                out.append(dumped)
            index = end
            continue
        out.append(lines[index])
        index += 1
    while out and not out[-1].strip():
        out.pop()
    out.extend(appended)
    new_front = "\n".join(out)
    new_body = old_body
    if body is not None and body.strip("\n") != old_body.strip("\n"):
        new_body = f"\n{body.strip(chr(10))}\n" if body.strip() else ""
    return f"---\n{new_front}\n---\n{new_body}"
