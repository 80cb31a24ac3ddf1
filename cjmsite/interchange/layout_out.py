"""A journey's records laid out as sheets: the `journey` sheet (one key per row) and the
`touchpoints` sheet (one touchpoint per row)."""

from __future__ import annotations

from typing import Any

from cjmsite.config.rules import RULE_NAMES
from cjmsite.interchange.cells import escape, plain
from cjmsite.interchange.columns import JOURNEY_KEYS, LEADING, TRAILING
from cjmsite.interchange.records import JourneyRecord, TouchpointRecord
from cjmsite.model import Journey

IDEA_PARTS = ("title", "owner", "status", "impact", "effort", "due", "kpi")
EVIDENCE_PARTS = ("quote", "source", "date", "url")


def parts_line(values: list[str]) -> str:
    """`a | b | c` with empty trailing parts left out, each part escaped."""
    while values and not values[-1]:
        values.pop()
    return " | ".join(escape(v) for v in values)


def idea_line(idea: Any) -> str:
    if not isinstance(idea, dict):
        return escape(plain(idea))
    line = parts_line([plain(idea.get(k)) for k in IDEA_PARTS])
    return line if len([k for k in idea if idea.get(k) is not None]) > 1 else line + " |"


def evidence_line(item: Any) -> str:
    if not isinstance(item, dict):
        return escape(plain(item))
    line = parts_line([plain(item.get(k)) for k in EVIDENCE_PARTS])
    return line if " | " in line else line + " |"


def metric_line(metric: Any) -> str:
    """`name = value / target` (`| as_of` for a journey's metric)."""
    if not isinstance(metric, dict):
        return escape(plain(metric), "=")
    line = escape(plain(metric.get("name")), "|=")
    value, target = metric.get("value"), metric.get("target")
    if value is not None or target is not None:
        line += " = " + (escape(plain(value), "|/") if value is not None else "")
        if target is not None:
            line += " / " + escape(plain(target), "|/")
    if metric.get("as_of") is not None:
        line += " | " + plain(metric["as_of"])
    return line


def waive_cell(waivers: Any) -> str:
    """`rule | reason`, one waiver per line (a reason's own `|` escaped). A rule name the
    site does not know is left out: `check` already warns that it is ignored."""
    if not isinstance(waivers, dict):
        return escape(plain(waivers))
    return "\n".join(
        f"{escape(plain(rule))} | {escape(plain(why))}"
        for rule, why in waivers.items()
        if rule in RULE_NAMES
    )


def owners_cell(letters: Any) -> str:
    if isinstance(letters, list):
        return "+".join(str(v).upper() for v in letters)
    return plain(letters).upper()


def touchpoint_columns(
    journey: Journey, records: list[TouchpointRecord], departments: list[str]
) -> list[str]:
    with_confidence = any("confidence" in tp.data for tp in records)
    leading = [c for c in LEADING if c != "confidence" or with_confidence]
    return [
        *leading,
        *(f"emotion:{p.id}" for p in journey.personas),
        *(f"owner:{d}" for d in departments),
        *TRAILING,
    ]


def touchpoint_row(tp: TouchpointRecord, columns: list[str]) -> list[Any]:
    data = tp.data
    emotion = data.get("emotion")
    owners = data.get("owners") if isinstance(data.get("owners"), dict) else {}
    row: list[Any] = []
    for column in columns:
        name, _, qualifier = column.partition(":")
        if name == "emotion":
            value = emotion.get(qualifier) if isinstance(emotion, dict) else emotion
            row.append("" if value is None else value)
        elif name == "owner":
            row.append(owners_cell(owners.get(qualifier, "")))
        elif column == "order":
            row.append(tp.order)
        elif column == "id":
            row.append(tp.id)
        elif column == "narrative":
            row.append(tp.body or "")
        elif column in ("pains", "gains", "backstage"):
            row.append("\n".join(escape(plain(v), "") for v in data.get(column) or []))
        elif column in ("ideas", "evidence", "metrics"):
            line = {"ideas": idea_line, "evidence": evidence_line, "metrics": metric_line}[column]
            row.append("\n".join(line(v) for v in data.get(column) or []))
        elif column == "waive":
            row.append(waive_cell(data.get(column) or {}))
        else:
            value = data.get(column)
            row.append(value if isinstance(value, int | float) else plain(value))
    return row


def stage_line(stage: Any) -> str:
    if isinstance(stage, dict):
        return f"{escape(plain(stage.get('id')), '=')} = {escape(plain(stage.get('name')), '')}"
    return escape(plain(stage), "=")


def journey_rows(record: JourneyRecord) -> list[list[Any]]:
    """`key`, `value` rows: lists of ids `;`-separated, stages and metrics one per line."""
    data = record.data
    rows: list[list[Any]] = [["key", "value"], ["id", record.id]]
    for key in JOURNEY_KEYS[1:]:
        value = data.get(key)
        if key == "narrative":
            value = record.body or ""
        elif key == "stages":
            value = "\n".join(stage_line(s) for s in value) if isinstance(value, list) else ""
        elif key == "metrics":
            value = "\n".join(metric_line(m) for m in value) if isinstance(value, list) else ""
        elif key == "waive":
            value = waive_cell(value) if value else ""
        elif isinstance(value, list):
            value = "; ".join(plain(v) for v in value)
        elif not isinstance(value, int | float) or isinstance(value, bool):
            value = plain(value)
        if value != "" or key in ("title", "personas"):
            rows.append([key, value])
    return rows
