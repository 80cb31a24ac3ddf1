"""One declarative definition per content kind: drives validation and exports JSON Schema."""

from __future__ import annotations

from typing import Any

from cjmsite.diagnostics import did_you_mean
from cjmsite.facts import ID_PATTERN, ID_RULE
from cjmsite.model import (
    CHANNEL_KINDS,
    CONFIDENCE_LEVELS,
    CONTACT_KINDS,
    JOURNEY_STATES,
    JOURNEY_STATUSES,
    RACI_LETTERS,
)
from cjmsite.resolve.fields import (
    LINE,
    NUMBER,
    PATH,
    TEXT,
    TEXT_LIST,
    Field,
    FieldType,
    Report,
    Scales,
    enum,
    fmt,
    ref,
    ref_list,
)
from cjmsite.resolve.items import ItemChecks
from cjmsite.sources.files import suggest_id
from cjmsite.sources.numbers import number_hint
from cjmsite.sources.yamltree import describe, is_number

PROFILE = "list of strings"
KINDS: dict[str, tuple[Field, ...]] = {
    "persona": (
        Field("name", LINE, True, "display name"),
        Field("summary", LINE, doc="one line: segment, age, situation"),
        Field("photo", PATH, doc="image, relative to this file"),
        Field("goals", TEXT_LIST, doc=PROFILE),
        Field("motivations", TEXT_LIST, doc=PROFILE),
        Field("frustrations", TEXT_LIST, doc=PROFILE),
        Field("expectations", TEXT_LIST, doc=PROFILE),
        Field("quote", TEXT, doc="a line in the persona's own words"),
        Field("channels", ref_list("channel"), doc="channels the persona prefers"),
    ),
    "department": (
        Field("name", LINE, True, "display name"),
        Field("lead", LINE, doc="who answers for it"),
        Field("contact", LINE, doc="mail or chat handle"),
    ),
    "channel": (
        Field("name", LINE, True, "display name"),
        Field("kind", enum(*CHANNEL_KINDS), True, "online or offline"),
    ),
    "page": (
        Field("title", LINE, doc="else the first # heading, else the id"),
        Field("order", NUMBER, doc="position in the navigation"),
    ),
    "journey": (
        Field("title", LINE, True),
        Field("personas", ref_list("persona"), True, "who walks it"),
        Field("state", enum(*JOURNEY_STATES), doc="today's journey, or the one planned"),
        Field("counterpart", ref("journey"), doc="the other state of the same journey"),
        Field("owner", ref("department"), doc="department accountable for the journey"),
        Field("goal", TEXT, doc="what the persona wants to achieve"),
        Field("stages", FieldType("stages"), doc="ordered stage ids or {id, name}"),
        Field("metrics", FieldType("journey-metrics"), doc="{name, value, target, as_of}"),
        Field("waive", FieldType("waive"), doc="rule name → why it does not apply here"),
        Field("status", enum(*JOURNEY_STATUSES), doc="draft, validated or archived"),
        Field("tags", ref_list("tag"), doc="ids from the tags catalogue of cjmsite.yml"),
        Field("reviewed", FieldType("date"), doc="date of the last review, YYYY-MM-DD"),
    ),
    "touchpoint": (
        Field("title", LINE, True),
        Field("stage", FieldType("ref", ref="stage"), True, "one of the journey's stages"),
        Field("order", NUMBER, doc="overrides the filename's NN"),
        Field("channel", ref("channel"), doc="where it happens"),
        Field("contact", enum(*CONTACT_KINDS), doc="direct, or indirect (outside the company)"),
        Field(
            "emotion", FieldType("emotion", scale="emotion"), True, "number, or persona → number"
        ),
        Field("importance", FieldType("number", scale="importance"), True, "the tension arc"),
        Field("owners", FieldType("owners"), doc="department → R/A/C/I (or a list)"),
        Field("backstage", TEXT_LIST, doc="internal work behind the step"),
        Field("pains", TEXT_LIST),
        Field("gains", TEXT_LIST),
        Field(
            "ideas",
            FieldType("ideas"),
            doc="strings or {title, owner, status, impact, effort, due, kpi}",
        ),
        Field("metrics", FieldType("metrics"), doc="{name, value, target}"),
        Field("storyboard", PATH, doc="a sketch of the step, relative to this file"),
        Field("evidence", FieldType("evidence"), doc="texts or {quote, source, date, url}"),
        Field("confidence", enum(*CONFIDENCE_LEVELS), doc="observed (researched) or assumed"),
        Field("waive", FieldType("waive"), doc="rule name → why it does not apply here"),
    ),
}


class Validator(ItemChecks):
    """Checks one file's frontmatter against its kind; returns converted values."""

    def __init__(self, scales: Scales, report: Report, warn: Report, max_line: int = 500) -> None:
        self.scales = scales
        self.report = report
        self.warn = warn
        self.max_line = max_line

    def validate(self, kind: str, data: dict[str, Any]) -> dict[str, Any]:
        fields = KINDS[kind]
        known = [f.key for f in fields]
        values: dict[str, Any] = {}
        for key in data:
            if key not in known:
                self.warn(
                    (key,),
                    f"unknown key `{key}` for a {kind}",
                    did_you_mean(str(key), known, "known keys"),
                )
        for field in fields:
            raw = data.get(field.key)
            if raw is None or (isinstance(raw, str) and not raw.strip() and field.required):
                if field.required:
                    self.report(
                        (field.key,) if field.key in data else (),
                        f"required key `{field.key}` is missing"
                        + (" or empty" if field.key in data else ""),
                        f"add `{field.key}:` ({field.doc})" if field.doc else f"add `{field.key}:`",
                    )
                continue
            converted = self.check(field.type, raw, (field.key,), field.key)
            if converted is not None:
                values[field.key] = converted
        return values

    # -- value types -----------------------------------------------------------------
    def wrong(self, path: tuple, label: str, expected: str, value: Any, hint: str = "") -> None:
        self.report(path, f"`{label}` must be {expected}, got {describe(value)}", hint)

    def check(self, ftype: FieldType, value: Any, path: tuple, label: str) -> Any:
        method = getattr(self, "check_" + ftype.name.replace("-", "_"))
        return method(ftype, value, path, label)

    def check_text(self, ftype: FieldType, value: Any, path: tuple, label: str) -> str | None:
        if isinstance(value, str):
            return value.strip()
        if is_number(value):
            return str(value)
        self.wrong(path, label, "a text", value, 'quote it: "…"' if isinstance(value, bool) else "")
        return None

    def check_line(self, ftype: FieldType, value: Any, path: tuple, label: str) -> str | None:
        """A one-line text: a title or a name, shown in navigation, tables and the PR comment."""
        text = self.check_text(TEXT, value, path, label)
        if text is not None and len(text) > self.max_line:
            self.report(
                path,
                f"`{label}` is {len(text):,} characters long, over the limit of "
                f"{self.max_line:,} for a one-line text (max_title_length)",
                "shorten it and put the details in the body",
            )
            return None
        return text

    def check_path(self, ftype: FieldType, value: Any, path: tuple, label: str) -> str | None:
        if isinstance(value, str) and value.strip():
            return value.strip()
        return self.wrong(path, label, "a file path relative to this file", value)

    def check_text_list(
        self, ftype: FieldType, value: Any, path: tuple, label: str
    ) -> tuple | None:
        if not isinstance(value, list):
            self.wrong(path, label, "a list of texts", value, "write one `- item` per line")
            return None
        items = [
            self.check_text(TEXT, v, (*path, i), f"{label}[{i + 1}]") for i, v in enumerate(value)
        ]
        return tuple(i for i in items if i is not None)

    def check_number(self, ftype: FieldType, value: Any, path: tuple, label: str) -> float | None:
        if not is_number(value):  # `1:30`, `0x4`, `1_000` arrive as text: say what to write
            self.wrong(path, label, "a number" + self.range_text(ftype), value, number_hint(value))
            return None
        if ftype.scale:
            scale = getattr(self.scales, ftype.scale)
            if not scale.min <= value <= scale.max:
                self.report(
                    path,
                    f"`{label}` is {value}, outside the {ftype.scale} scale",
                    f"use a number from {fmt(scale.min)} to {fmt(scale.max)}",
                )
                return None
        return float(value)

    def range_text(self, ftype: FieldType) -> str:
        if not ftype.scale:
            return ""
        scale = getattr(self.scales, ftype.scale)
        return f" from {fmt(scale.min)} to {fmt(scale.max)}"

    def check_enum(self, ftype: FieldType, value: Any, path: tuple, label: str) -> str | None:
        words = ", ".join(f"`{w}`" for w in ftype.words)
        if isinstance(value, str) and value.strip().lower() in ftype.words:
            return value.strip().lower()
        hint = did_you_mean(str(value), ftype.words, "allowed") if isinstance(value, str) else ""
        return self.wrong(path, label, f"one of {words}", value, hint)

    def check_date(self, ftype: FieldType, value: Any, path: tuple, label: str) -> str | None:
        return self.check_iso_date(value, path, label)

    def check_ref(self, ftype: FieldType, value: Any, path: tuple, label: str) -> str | None:
        if isinstance(value, str) and value.strip():
            return value.strip()
        return self.wrong(path, label, f"a {ftype.ref} id", value)

    def check_ref_list(self, ftype: FieldType, value: Any, path: tuple, label: str) -> tuple | None:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.wrong(path, label, f"a list of {ftype.ref} ids", value)
            return None
        items = [
            self.check_ref(ftype, v, (*path, i), f"{label}[{i + 1}]") for i, v in enumerate(value)
        ]
        return tuple(i for i in items if i is not None)

    def check_emotion(self, ftype: FieldType, value: Any, path: tuple, label: str) -> Any:
        number = FieldType("number", scale="emotion")
        if isinstance(value, dict):
            result = {}
            for key, score in value.items():
                checked = self.check_number(number, score, (*path, key), f"{label}.{key}")
                if checked is not None:
                    result[str(key)] = checked
            return result
        if is_number(value):
            return self.check_number(number, value, path, label)
        expected = "a number" + self.range_text(number) + ", or a map persona → number"
        self.wrong(path, label, expected, value, number_hint(value))
        return None

    def check_owners(self, ftype: FieldType, value: Any, path: tuple, label: str) -> dict | None:
        if not isinstance(value, dict):
            self.wrong(
                path,
                label,
                "a map department → R, A, C or I",
                value,
                "e.g. `owners: {care: A, sales: R}`",
            )
            return None
        result: dict[str, tuple[str, ...]] = {}
        for dept, letters in value.items():
            where = (*path, dept)
            raw = letters if isinstance(letters, list) else [letters]
            found: list[str] = []
            for item in raw:
                letter = item.strip().upper() if isinstance(item, str) else None
                if letter not in RACI_LETTERS:
                    self.wrong(
                        where, f"{label}.{dept}", "R, A, C or I (or a list such as [R, A])", item
                    )
                    continue
                if letter not in found:
                    found.append(letter)
            if found:
                result[str(dept)] = tuple(sorted(found, key=RACI_LETTERS.index))
        return result

    def check_stages(self, ftype: FieldType, value: Any, path: tuple, label: str) -> tuple | None:
        if not isinstance(value, list) or not value:
            self.wrong(path, label, "a list of stage ids or {id, name}", value)
            return None
        stages = []
        for index, item in enumerate(value):
            where, name = (*path, index), f"{label}[{index + 1}]"
            if isinstance(item, str):
                stage = {"id": item.strip(), "name": None}
            elif isinstance(item, dict) and isinstance(item.get("id"), str):
                stage_name = item.get("name")
                if stage_name is not None:
                    stage_name = self.check_line(LINE, stage_name, (*where, "name"), f"{name}.name")
                stage, where = {"id": item["id"].strip(), "name": stage_name}, (*where, "id")
            else:
                self.wrong(where, name, "a stage id or {id, name}", item)
                continue
            if not ID_PATTERN.match(stage["id"]):
                self.wrong(
                    where,
                    name,
                    f"a stage id of {ID_RULE}",
                    stage["id"],
                    f"write `{suggest_id(stage['id'])}`",
                )
                continue
            stages.append(stage)
        return tuple(stages)


__all__ = ["KINDS", "NUMBER", "PATH", "Scales", "Validator", "fmt"]
