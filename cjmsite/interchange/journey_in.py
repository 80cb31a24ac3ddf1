"""The `journey` sheet (one key per row) read back into a journey's frontmatter."""

from __future__ import annotations

from typing import Any

from cjmsite.interchange import fields_in as f
from cjmsite.interchange.cells import lines_of, split_escaped, typed, unescape
from cjmsite.interchange.columns import JOURNEY_KEYS, read_header
from cjmsite.interchange.context import Context
from cjmsite.interchange.records import REMOVE, JourneyRecord
from cjmsite.interchange.table import Table
from cjmsite.model import JOURNEY_STATES

KNOWN = JOURNEY_KEYS
STATUSES = ("draft", "validated", "archived")


def id_list(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\n", ";").replace(",", ";").split(";") if p.strip()]


def stages(text: str) -> list[Any]:
    out: list[Any] = []
    for line in lines_of(text):
        ident, *name = split_escaped(line, "=", 1)
        ident = unescape(ident.strip())
        out.append({"id": ident, "name": unescape(name[0].strip())} if name else ident)
    return out


def read_journey_sheet(table: Table, ctx: Context) -> JourneyRecord:
    """Keys in the first column, values in the second; a warning for an unknown key."""
    record = JourneyRecord("", {}, label=table.file)
    record.where = table.where(0, 0)
    for row in range(len(table.rows)):
        key_text, text = table.text(row, 0), table.text(row, 1)
        where = table.where(row, 1)
        name = read_header(key_text).name if key_text.strip() else ""
        if name == "" and key_text.strip().lower() in ("key", "clave"):
            continue
        if name not in KNOWN:
            if key_text.strip():
                ctx.diags.warning(
                    table.where(row, 0), f"extra key '{key_text.strip()}' is not imported"
                )
            continue
        value = read_value(name, text, table.cell(row, 1), where, ctx)
        if name == "id":
            record.id = text.strip()
        elif name == "narrative":
            record.body = text
        else:
            record.data[name] = value
    return record


def read_value(name: str, text: str, raw: Any, where: Any, ctx: Context) -> Any:
    if not text.strip():
        return REMOVE
    if name == "personas":
        return [ctx.match("personas", p, where) for p in id_list(text)]
    if name == "owner":
        return ctx.match("departments", text, where)
    if name == "tags":
        return id_list(text)
    if name == "stages":
        return stages(text)
    if name == "state":
        return f.word_in(text, JOURNEY_STATES, "state", where, ctx)
    if name == "status":
        return f.word_in(text, STATUSES, "status", where, ctx)
    if name == "reviewed":
        return typed(text.strip(), dates=True)
    if name == "metrics":
        return f.metrics(text, with_as_of=True)
    if name == "waive":
        return f.waivers(text, where, ctx) or REMOVE
    return text.strip()
