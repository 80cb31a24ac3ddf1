"""One cell of a touchpoint row read back into its frontmatter value, or an error naming
the cell."""

from __future__ import annotations

import re
from typing import Any

from cjmsite.config.rules import RULE_NAMES
from cjmsite.diagnostics import Location, did_you_mean
from cjmsite.interchange.cells import (
    format_number,
    lines_of,
    parse_number,
    split_escaped,
    typed,
    unescape,
)
from cjmsite.interchange.context import Context
from cjmsite.interchange.layout_out import EVIDENCE_PARTS, IDEA_PARTS
from cjmsite.model import IDEA_STATUSES, RACI_LETTERS, Scale

LETTER_SPLIT = re.compile(r"[\s+,/;&]+")


def scale_text(scale: Scale) -> str:
    return f"{format_number(scale.min)}..{format_number(scale.max)}"


def number_in(value: Any, scale: Scale, what: str, where: Location, ctx: Context) -> Any:
    number = parse_number(value)
    if number is None:
        ctx.diags.error(
            where, f"{what} is '{value}', not a number", f"a number in {scale_text(scale)}"
        )
        return None
    if not scale.min <= number <= scale.max:
        ctx.diags.error(where, f"{what} is {format_number(number)}, outside {scale_text(scale)}")
        return None
    return number


def word_in(text: str, words: tuple[str, ...], what: str, where: Location, ctx: Context) -> Any:
    value = text.strip().lower()
    if value in words:
        return value
    ctx.diags.error(where, f"{what} is '{text.strip()}'", "one of " + ", ".join(words))
    return None


def letters(text: str, what: str, where: Location, ctx: Context) -> Any:
    found = [p.upper() for p in LETTER_SPLIT.split(text.strip()) if p]
    if len(found) == 1 and len(found[0]) > 1 and set(found[0]) <= set(RACI_LETTERS):
        found = list(found[0])  # `RA`
    bad = [p for p in found if p not in RACI_LETTERS]
    if bad:
        ctx.diags.error(where, f"{what} is '{text.strip()}'", "R, A, C or I, e.g. `R+A`")
        return None
    return found[0] if len(found) == 1 else found


def items(text: str) -> list[str]:
    return [unescape(line.strip()) for line in lines_of(text)]


def parts(line: str) -> list[str]:
    return [unescape(p.strip()) for p in split_escaped(line, "|")]


def evidence(text: str) -> list[Any]:
    out: list[Any] = []
    for line in lines_of(text):
        pieces = parts(line)
        if len(pieces) == 1:
            out.append(pieces[0])
            continue
        out.append(
            {
                k: typed(v, k == "date") if k == "date" else v
                for k, v in zip(EVIDENCE_PARTS, pieces, strict=False)
                if v
            }
        )
    return out


def ideas(text: str, where: Location, ctx: Context) -> list[Any]:
    out: list[Any] = []
    for line in lines_of(text):
        pieces = parts(line)
        if len(pieces) == 1:
            out.append(pieces[0])
            continue
        idea: dict[str, Any] = {}
        for key, value in zip(IDEA_PARTS, pieces, strict=False):
            if not value:
                continue
            if key == "owner":
                idea[key] = ctx.match("departments", value, where)
            elif key == "status":
                idea[key] = word_in(value, IDEA_STATUSES, "an idea's status", where, ctx)
            elif key in ("impact", "effort"):
                idea[key] = number_in(value, Scale(1, 5), f"an idea's {key}", where, ctx)
            else:
                idea[key] = typed(value, dates=True) if key == "due" else value
        out.append(idea)
    return out


def metrics(text: str, with_as_of: bool = False) -> list[Any]:
    out: list[Any] = []
    for line in lines_of(text):
        head, *rest = split_escaped(line, "|", 1) if with_as_of else [line]
        name, *values = split_escaped(head, "=", 1)
        metric: dict[str, Any] = {"name": unescape(name.strip())}
        if values:
            value, *target = split_escaped(values[0], "/", 1)
            if value.strip():
                metric["value"] = typed(unescape(value.strip()))
            if target and target[0].strip():
                metric["target"] = typed(unescape(target[0].strip()))
        if rest and rest[0].strip():
            metric["as_of"] = typed(rest[0].strip(), dates=True)
        out.append(metric)
    return out


def rule_name(text: str) -> str:
    """`Idea without owner` or `idea_without_owner` as `idea-without-owner`."""
    return re.sub(r"[\s_]+", "-", unescape(text).strip().lower())


def waivers(text: str, where: Location, ctx: Context) -> dict[str, str]:
    """`rule | reason` lines as the `waive` map; an unknown rule, a missing reason or a
    rule waived twice is an error naming the cell."""
    out: dict[str, str] = {}
    for line in lines_of(text):
        rule_text, *rest = split_escaped(line, "|", 1)
        rule, reason = rule_name(rule_text), unescape(rest[0].strip()) if rest else ""
        if rule not in RULE_NAMES:
            ctx.diags.error(
                where,
                f"waive names an unknown rule '{unescape(rule_text).strip()}'",
                did_you_mean(rule, RULE_NAMES, "known rules"),
            )
        elif not reason:
            ctx.diags.error(
                where,
                f"waiver of '{rule}' without a reason",
                f"write `{rule} | why it does not apply`",
            )
        elif rule in out:
            ctx.diags.error(where, f"rule '{rule}' is waived twice", "keep one line per rule")
        else:
            out[rule] = reason
    return out


def did_you_mean_stage(text: str, stages: dict[str, str]) -> str:
    return did_you_mean(text.strip(), stages, "the journey's stages") + (
        " (or import with --create-missing to add it)"
    )
