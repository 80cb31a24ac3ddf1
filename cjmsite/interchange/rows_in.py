"""A touchpoints sheet (either layout, English or Spanish headers) read into records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cjmsite.interchange import fields_in as f
from cjmsite.interchange.columns import LIST_COLUMNS, REQUIRED, Header, is_lane_name, read_header
from cjmsite.interchange.context import Context, find_id
from cjmsite.interchange.records import REMOVE, TouchpointRecord
from cjmsite.interchange.table import Table, is_empty, transpose
from cjmsite.model import CONTACT_KINDS
from cjmsite.sources.files import ID_PATTERN, suggest_id

CONFIDENCE = ("observed", "assumed")


@dataclass
class SheetResult:
    touchpoints: list[TouchpointRecord] = field(default_factory=list)
    personas: list[str] = field(default_factory=list)  # from the emotion columns, in order
    stages: dict[str, str] = field(default_factory=dict)  # id -> name, in order of use
    columns: set[str] = field(default_factory=set)  # the fields the sheet has


def oriented(table: Table) -> Table:
    """The table with one touchpoint per row: the workshop layout (field names down the
    first column) is turned."""
    down = sum(is_lane_name(table.text(r, 0)) for r in range(len(table.rows)))
    across = sum(
        is_lane_name(table.text(0, c)) for c in range(len(table.rows[0]) if table.rows else 0)
    )
    return transpose(table) if down > across and down >= 2 else table


def read_headers(table: Table, ctx: Context) -> dict[int, Header] | None:
    """Column index → header; a warning per extra column, an error per missing one."""
    headers: dict[int, Header] = {}
    width = max((len(r) for r in table.rows), default=0)
    for column in range(width):
        text = table.text(0, column)
        if not text.strip():
            continue
        header = read_header(text)
        if header.name and header.name not in ("personas", "state", "counterpart", "goal"):
            headers[column] = header
        else:
            ctx.diags.warning(
                table.where(0, column),
                f"extra column '{text.strip()}' is not imported",
                "see docs/import-export.md for the columns an import reads",
            )
    names = {h.name for h in headers.values()}
    problems = [n for n in REQUIRED if n not in names]
    if "emotion" not in names:
        problems.append("emotion:<persona>")
    for name in problems:
        ctx.diags.error(
            table.where(0, 0),
            f"missing required column '{name}'",
            "the touchpoints sheet needs stage, title, importance and emotion",
        )
    return None if problems else headers


def read_sheet(
    table: Table, ctx: Context, stages: dict[str, str], personas: list[str] | None = None
) -> SheetResult:
    """Every non-empty row as a touchpoint record; problems go to ctx.diags. `personas`:
    the journey's, for an `emotion` column that names none."""
    table = oriented(table)
    result = SheetResult()
    headers = read_headers(table, ctx) if table.rows else None
    if headers is None:
        if not table.rows:
            ctx.diags.error(table.where(0, 0), "the sheet is empty")
        return result
    result.columns = {h.name for h in headers.values()}
    named = {c: h for c, h in headers.items() if h.name == "emotion" and h.qualifier}
    for column, header in named.items():
        ident = ctx.match("personas", header.qualifier, table.where(0, column))
        if ident and ident not in result.personas:
            result.personas.append(ident)
    bare = [c for c, h in headers.items() if h.name == "emotion" and not h.qualifier]
    if bare and not named:
        result.personas = list(personas or [])
        if not result.personas:
            ctx.diags.error(
                table.where(0, bare[0]),
                "an `emotion` column without a persona, and no personas to apply it to",
                "name them in the journey sheet, or write `emotion:<persona>` columns",
            )
            return result
    seen: dict[str, int] = {}
    for row in range(1, len(table.rows)):
        if all(is_empty(v) for v in table.rows[row]):
            continue
        record = read_row(table, row, headers, ctx, stages, result)
        if record is None:
            continue
        if record.id in seen:
            ctx.diags.error(
                table.where(row, 0),
                f"touchpoint id '{record.id}' is used twice",
                f"row {seen[record.id] + 1} has it too",
            )
        seen[record.id] = row
        result.touchpoints.append(record)
    return result


def stage_of(
    text: str, where: Any, ctx: Context, stages: dict[str, str], result: SheetResult
) -> str | None:
    found = find_id(text, stages) or find_id(text, result.stages) or find_id(text, ctx.stages)
    if found:
        result.stages.setdefault(found, stages.get(found) or ctx.stages.get(found, found))
        return found
    if ctx.create_missing:
        ident = suggest_id(text)
        result.stages.setdefault(ident, text.strip())
        return ident
    ctx.diags.error(
        where,
        f"unknown stage '{text.strip()}'",
        f.did_you_mean_stage(text, {**stages, **ctx.stages}),
    )
    return None


Cells = dict[str, tuple[str, Any, Any]]  # field -> (text, raw value, place)


def split_cells(
    table: Table, row: int, headers: dict[int, Header], ctx: Context, result: SheetResult
) -> tuple[Cells, dict[str, Any], dict[str, Any]]:
    """The row's plain fields, its emotion per persona and its RACI letters per department."""
    values: Cells = {}
    emotion: dict[str, Any] = {}
    owners: dict[str, Any] = {}
    for column, header in headers.items():
        where, raw = table.where(row, column), table.cell(row, column)
        text = table.text(row, column)
        if header.name == "emotion":
            if not text.strip():
                continue
            persona_ids = result.personas
            if header.qualifier:
                known = {p: p for p in result.personas}
                persona_ids = [
                    find_id(header.qualifier, known)
                    or ctx.match("personas", header.qualifier, where)
                ]
            number = f.number_in(raw, ctx.emotion, header.text or "emotion", where, ctx)
            emotion.update({p: number for p in persona_ids if p})
        elif header.name == "owner":
            if header.qualifier and text.strip():
                dept = ctx.match("departments", header.qualifier, where)
                owners[dept or "?"] = f.letters(text, header.text, where, ctx)
        else:
            add_value(values, header.name, (text, raw, where), ctx)
    return values, emotion, owners


MULTI_LINE = {*LIST_COLUMNS, "evidence", "ideas", "metrics", "waive", "narrative"}


def add_value(values: Cells, name: str, cell: tuple[str, Any, Any], ctx: Context) -> None:
    """Two columns for one field (a merged header): lists are joined, else the first
    non-empty cell counts and a second, different one is a warning."""
    before = values.get(name)
    if before is None or not before[0].strip():
        values[name] = cell
    elif cell[0].strip() and name in MULTI_LINE:
        values[name] = (f"{before[0]}\n{cell[0]}", before[1], before[2])
    elif cell[0].strip() and cell[0].strip() != before[0].strip():
        ctx.diags.warning(
            cell[2], f"a second `{name}` cell, '{cell[0].strip()[:40]}', is not imported"
        )


def read_row(
    table: Table,
    row: int,
    headers: dict[int, Header],
    ctx: Context,
    stages: dict[str, str],
    result: SheetResult,
) -> TouchpointRecord | None:
    errors = len(ctx.diags.errors)
    values, emotion, owners = split_cells(table, row, headers, ctx, result)
    title = values.get("title", ("", "", table.where(row, 0)))
    if not title[0].strip():
        ctx.diags.error(title[2], "a touchpoint without a title", "every row needs a title")
        return None
    ident = values.get("id", ("",))[0].strip() or suggest_id(title[0])
    if not ID_PATTERN.match(ident):
        where = values.get("id", title)[2]
        ctx.diags.error(where, f"invalid touchpoint id '{ident}'", f"use `{suggest_id(ident)}`")
    data: dict[str, Any] = {"title": title[0].strip(), "stage": None}
    stage_text, _, stage_where = values.get("stage", ("", "", title[2]))
    if stage_text.strip():
        data["stage"] = stage_of(stage_text, stage_where, ctx, stages, result)
    else:
        ctx.diags.error(stage_where, "a touchpoint without a stage")
    for name, (text, raw, where) in values.items():
        read_field(name, text, raw, where, ctx, data)
    if data.get("importance") is REMOVE:
        ctx.diags.error(values["importance"][2], "a touchpoint without an importance")
    data["emotion"] = emotion_value(emotion, result.personas)
    data["owners"] = owners or REMOVE
    order_text, order_raw, order_where = values.get("order", ("", "", title[2]))
    order = f.parse_number(order_raw) if order_text.strip() else row * 10
    if order is None:
        ctx.diags.error(order_where, f"order is '{order_text}', not a number")
    body = values["narrative"][0] if "narrative" in values else None
    if len(ctx.diags.errors) > errors or order is None:
        return None
    return TouchpointRecord(ident, order, data, body, title[2])


def emotion_value(emotion: dict[str, Any], personas: list[str]) -> Any:
    values = {v for v in emotion.values()}
    if len(values) == 1 and set(emotion) >= set(personas):
        return values.pop()
    return {p: emotion[p] for p in personas if p in emotion} or REMOVE


def read_field(name: str, text: str, raw: Any, where: Any, ctx: Context, data: dict) -> None:
    value: Any = REMOVE
    blank = not text.strip()
    if name in ("title", "stage", "order", "id", "narrative"):
        return
    if blank:
        value = REMOVE
    elif name == "channel":
        value = ctx.match("channels", text, where)
    elif name == "contact":
        value = f.word_in(text, CONTACT_KINDS, "contact", where, ctx)
    elif name == "confidence":
        value = f.word_in(text, CONFIDENCE, "confidence", where, ctx)
    elif name == "importance":
        value = f.number_in(raw, ctx.importance, "importance", where, ctx)
    elif name in LIST_COLUMNS:
        value = f.items(text) or REMOVE
    elif name == "evidence":
        value = f.evidence(text) or REMOVE
    elif name == "ideas":
        value = f.ideas(text, where, ctx) or REMOVE
    elif name == "metrics":
        value = f.metrics(text) or REMOVE
    elif name == "waive":
        value = f.waivers(text, where, ctx) or REMOVE
    elif name == "storyboard":
        value = text.strip()
    else:
        return
    data[name] = value
