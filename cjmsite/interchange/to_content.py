"""Records → the content files of each journey: a plan of files to create, change and
delete, checked before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cjmsite.diagnostics import Diagnostics, Location
from cjmsite.interchange.context import Context
from cjmsite.interchange.frontmatter_edit import merge_file, new_file
from cjmsite.interchange.records import REMOVE, JourneyRecord, TouchpointRecord
from cjmsite.interchange.sameness import same_value
from cjmsite.sources.files import TOUCHPOINT_NAME, decode_text, split_frontmatter
from cjmsite.sources.yamltree import YamlProblem, parse_yaml

TOUCHPOINT_KEYS = (
    "title",
    "stage",
    "channel",
    "contact",
    "confidence",
    "emotion",
    "importance",
    "owners",
    "backstage",
    "pains",
    "gains",
    "ideas",
    "metrics",
    "storyboard",
    "evidence",
    "waive",
)
STUB = "Written by `cjmsite import` for a {what} a file named: fill it in."


@dataclass
class Plan:
    """Files (content-relative paths) to write and to delete, with what they were."""

    writes: dict[str, str] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # touchpoints the file no longer has


def read_existing(folder: Path) -> dict[str, tuple[str, int, str]]:
    """Touchpoint id → (file name, its number, text) of an existing journey folder."""
    found = {}
    if folder.is_dir():
        for path in sorted(folder.glob("*.md")):
            match = TOUCHPOINT_NAME.match(path.stem)
            if match and path.name != "index.md":
                text = file_text(path)
                if text is not None:
                    found[match.group(2)] = (path.name, int(match.group(1)), text)
    return found


def file_text(path: Path) -> str | None:
    """A content file's text with `\n` newlines, or None when it is not readable UTF-8."""
    try:
        text, _, _, _ = decode_text(path.read_bytes())
    except OSError:
        return None
    return text


def title_of(text: str) -> str:
    try:
        data = parse_yaml(split_frontmatter(text)[0] or "").data
    except (YamlProblem, ValueError):
        return ""
    return str(data.get("title", "")) if isinstance(data, dict) else ""


def file_number(order: float | int) -> str:
    return str(max(0, int(order)))


def plan_touchpoint(
    tp: TouchpointRecord,
    folder: str,
    existing: dict,
    plan: Plan,
    diags: Diagnostics,
    columns: set[str] | None,
    personas: list[str],
) -> None:
    data = {k: tp.data[k] for k in TOUCHPOINT_KEYS if k in tp.data}
    if tp.id in existing:
        if columns is not None:  # keys the file has no column for are left as they are
            fields = {*columns, "owners"} if "owner" in columns else columns
            data = {k: v for k, v in data.items() if k in fields}
        name, number, text = existing[tp.id]
        try:
            old_order = (parse_yaml(split_frontmatter(text)[0] or "").data or {}).get(
                "order", number
            )
        except (YamlProblem, ValueError):
            diags.error(Location(f"{folder}/{name}"), "cannot update: its frontmatter is not valid")
            return
        if tp.order != old_order and (columns is None or "order" in columns):
            data["order"] = REMOVE if tp.order == number else tp.order
        merged = merge_file(text, data, tp.body, lambda k, a, b: same_value(k, a, b, personas))
        if merged != text:
            plan.writes[f"{folder}/{name}"] = merged
            plan.changed.append(f"{folder}/{name}")
        return
    if not float(tp.order).is_integer() or tp.order < 0:
        data = {**data, "order": tp.order}
    path = f"{folder}/{file_number(tp.order)}-{tp.id}.md"
    plan.writes[path] = new_file(data, tp.body)
    plan.created.append(path)


def plan_journey(
    record: JourneyRecord,
    content: Path,
    plan: Plan,
    diags: Diagnostics,
    delete_missing: bool,
    columns: set[str] | None,
) -> None:
    folder = f"journeys/{record.id}"
    index = content / folder / "index.md"
    data = {k: v for k, v in record.data.items()}
    personas = [p for p in data.get("personas") or [] if isinstance(p, str)]
    if index.is_file():
        text = file_text(index)
        if text is None:
            diags.error(Location(f"{folder}/index.md"), "cannot update: not a readable UTF-8 file")
            return
        try:
            old = parse_yaml(split_frontmatter(text)[0] or "").data or {}
        except (YamlProblem, ValueError):
            diags.error(
                Location(f"{folder}/index.md"), "cannot update: its frontmatter is not valid"
            )
            return
        personas = personas or [p for p in old.get("personas") or [] if isinstance(p, str)]
        merged = merge_file(text, data, record.body, lambda k, a, b: same_value(k, a, b, personas))
        if merged != text:
            plan.writes[f"{folder}/index.md"] = merged
            plan.changed.append(f"{folder}/index.md")
    else:
        plan.writes[f"{folder}/index.md"] = new_file(data, record.body)
        plan.created.append(f"{folder}/index.md")
    existing = read_existing(content / folder)
    titles = {title_of(text): ident for ident, (_, _, text) in existing.items()}
    for tp in record.touchpoints:
        if tp.id not in existing and tp.data.get("title") in titles:
            tp.id = titles[tp.data["title"]]  # a Mermaid task has a title, not an id
        plan_touchpoint(tp, folder, existing, plan, diags, columns, personas)
    wanted = {tp.id for tp in record.touchpoints}
    for ident, (name, _, _) in existing.items():
        if ident not in wanted:
            path = f"{folder}/{name}"
            if delete_missing:
                plan.deleted.append(path)
            else:
                plan.missing.append(path)
                diags.warning(
                    Location(f"{folder}/{name}"),
                    f"touchpoint '{ident}' is not in the imported file; kept",
                    "import with --delete-missing to remove it",
                )


def plan_stubs(ctx: Context, plan: Plan) -> None:
    """Stub files for the personas, departments and channels the import named."""
    kinds: list[tuple[str, str, dict[str, str]]] = [
        ("personas", "persona", ctx.missing.personas),
        ("departments", "department", ctx.missing.departments),
        ("channels", "channel", ctx.missing.channels),
    ]
    for folder, what, names in kinds:
        for ident, name in sorted(names.items()):
            data: dict[str, Any] = {"name": name or ident}
            if what == "channel":
                data["kind"] = ctx.channel_kind
                ctx.diags.warning(
                    Location(f"content/channels/{ident}.md"),
                    f"new channel '{ident}' written with kind {ctx.channel_kind}",
                    "check it, or pass --channel-kind",
                )
            path = f"{folder}/{ident}.md"
            plan.writes[path] = new_file(data, None, STUB.format(what=what))
            plan.created.append(path)
