"""Checks of the structured list items of a kind: ideas, metrics, evidence and rule waivers.

A mixin of `kinds.Validator`, which provides `report`, `warn`, `wrong` and the scalar checks.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cjmsite.config.rules import RULE_NAMES
from cjmsite.diagnostics import did_you_mean
from cjmsite.model import IDEA_STATUSES
from cjmsite.resolve.fields import LINE, TEXT, FieldType, Report, enum, ref
from cjmsite.sources.yamltree import is_number

SCORE_MIN, SCORE_MAX = 1, 5
IDEA_KEYS = ("title", "owner", "status", "impact", "effort", "due", "kpi")
METRIC_KEYS = ("name", "value", "target")
EVIDENCE_KEYS = ("quote", "source", "date", "url")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UNSAFE_URL = re.compile(r"[\x00-\x20\x7f\\<>\"'`]")


def safe_url(value: str) -> bool:
    """An http(s) address or a relative one: never `javascript:`, `data:` or another scheme."""
    if not value or _UNSAFE_URL.search(value):
        return False
    parts = urlsplit(value)
    if parts.scheme:
        return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
    return not value.startswith("//") and ":" not in value.split("/", 1)[0]


class ItemChecks:
    """`check_<type>` methods for the list-of-maps value types."""

    report: Report
    warn: Report

    if TYPE_CHECKING:

        def wrong(
            self, path: tuple, label: str, expected: str, value: Any, hint: str = ""
        ) -> None: ...
        def check_text(self, ftype: FieldType, value: Any, path: tuple, label: str) -> Any: ...
        def check_line(self, ftype: FieldType, value: Any, path: tuple, label: str) -> Any: ...
        def check_ref(self, ftype: FieldType, value: Any, path: tuple, label: str) -> Any: ...
        def check_enum(self, ftype: FieldType, value: Any, path: tuple, label: str) -> Any: ...

    def unknown_keys(self, item: dict, where: tuple, what: str, known: tuple[str, ...]) -> None:
        for key in item:
            if key not in known:
                self.warn(
                    (*where, key),
                    f"unknown key `{key}` in {what}",
                    did_you_mean(str(key), known, "known keys"),
                )

    def optional(self, item: dict, key: str, where: tuple, name: str, check: Any) -> Any:
        """`check(value, path, label)` of `item[key]`, or None when it is not there."""
        value = item.get(key)
        return None if value is None else check(value, (*where, key), f"{name}.{key}")

    def check_score(self, value: Any, path: tuple, label: str) -> int | None:
        """A whole number from 1 to 5 (impact, effort)."""
        whole = is_number(value) and float(value).is_integer()
        if not whole or not SCORE_MIN <= value <= SCORE_MAX:
            self.wrong(
                path, label, f"a whole number from {SCORE_MIN} to {SCORE_MAX}", value,
                f"use {SCORE_MIN} (least) … {SCORE_MAX} (most)",
            )  # fmt: skip
            return None
        return int(value)

    def check_iso_date(self, value: Any, path: tuple, label: str) -> str | None:
        """A calendar date, YYYY-MM-DD (YAML reads it as a date; a quoted one is text)."""
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value.isoformat()
        if isinstance(value, str) and DATE_PATTERN.match(value.strip()):
            try:
                return dt.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                pass
        self.wrong(path, label, "a date written YYYY-MM-DD, such as 2026-03-31", value)
        return None

    def check_ideas(self, ftype: FieldType, value: Any, path: tuple, label: str) -> tuple | None:
        if not isinstance(value, list):
            self.wrong(path, label, "a list of ideas", value)
            return None
        ideas: list[dict[str, Any]] = []
        for index, item in enumerate(value):
            where, name = (*path, index), f"{label}[{index + 1}]"
            idea = self.idea(item, where, name)
            if idea is None:
                continue
            if any(other["title"] == idea["title"] for other in ideas):
                self.report(
                    where,
                    f"`{name}`: the idea “{idea['title']}” is listed twice on this touchpoint",
                    "give each idea its own title, or merge them",
                )
                continue
            ideas.append(idea)
        return tuple(ideas)

    def idea(self, item: Any, where: tuple, name: str) -> dict[str, Any] | None:
        """One idea: a text, or a map with a title and optional owner, status and scores."""
        plain = {"title": None, "owner": None, "status": "proposed", "impact": None,
                 "effort": None, "due": None, "kpi": None, "path": where}  # fmt: skip
        if isinstance(item, str) or is_number(item):
            title = self.check_line(LINE, item, where, name)
            return None if title is None else {**plain, "title": title}
        if not isinstance(item, dict):
            self.wrong(where, name, "a text or {title, owner, status, impact, effort}", item)
            return None
        self.unknown_keys(item, where, "an idea", IDEA_KEYS)
        title = self.optional(
            item, "title", where, name, lambda v, p, n: self.check_line(LINE, v, p, n)
        )
        if title is None:
            if item.get("title") is None:
                self.report(where, f"`{name}` has no `title`", "add `title: …`")
            return None
        status = self.optional(
            item, "status", where, name,
            lambda v, p, n: self.check_enum(enum(*IDEA_STATUSES), v, p, n),
        )  # fmt: skip
        return {
            **plain,
            "title": title,
            "owner": self.optional(
                item,
                "owner",
                where,
                name,
                lambda v, p, n: self.check_ref(ref("department"), v, p, n),
            ),
            "status": status or "proposed",
            "impact": self.optional(item, "impact", where, name, self.check_score),
            "effort": self.optional(item, "effort", where, name, self.check_score),
            "due": self.optional(item, "due", where, name, self.check_iso_date),
            "kpi": self.optional(
                item, "kpi", where, name, lambda v, p, n: self.check_line(LINE, v, p, n)
            ),
        }

    def check_metrics(self, ftype: FieldType, value: Any, path: tuple, label: str) -> tuple | None:
        keys = METRIC_KEYS + (("as_of",) if ftype.name == "journey-metrics" else ())
        shape = "{" + ", ".join(keys) + "}"
        if not isinstance(value, list):
            self.wrong(path, label, f"a list of {shape}", value)
            return None
        metrics = []
        for index, item in enumerate(value):
            where, name = (*path, index), f"{label}[{index + 1}]"
            if not isinstance(item, dict):
                self.wrong(where, name, shape, item)
                continue
            self.unknown_keys(item, where, "a metric", keys)
            if item.get("name") is None:
                self.report(where, f"`{name}` has no `name`", "add `name: …`")
                continue
            metric_name = self.check_line(LINE, item["name"], (*where, "name"), f"{name}.name")
            result: dict[str, Any] = {"name": metric_name}
            for key in ("value", "target"):
                raw = item.get(key)
                if raw is None or isinstance(raw, str) or is_number(raw):
                    result[key] = raw.strip() if isinstance(raw, str) else raw
                else:
                    self.wrong(
                        (*where, key), f"{name}.{key}", 'a number or a text such as "46 %"', raw
                    )
            if "as_of" in keys:
                result["as_of"] = self.optional(item, "as_of", where, name, self.check_iso_date)
            if metric_name is not None:
                metrics.append(result)
        return tuple(metrics)

    def check_journey_metrics(
        self, ftype: FieldType, value: Any, path: tuple, label: str
    ) -> tuple | None:
        return self.check_metrics(ftype, value, path, label)

    def check_evidence(self, ftype: FieldType, value: Any, path: tuple, label: str) -> tuple | None:
        if not isinstance(value, list):
            self.wrong(path, label, "a list of texts or {quote, source, date, url}", value)
            return None
        items = []
        for index, item in enumerate(value):
            where, name = (*path, index), f"{label}[{index + 1}]"
            if isinstance(item, str) or is_number(item):
                items.append({"quote": str(item).strip()})
                continue
            if not isinstance(item, dict):
                self.wrong(where, name, "a text or {quote, source, date, url}", item)
                continue
            self.unknown_keys(item, where, "an evidence item", EVIDENCE_KEYS)
            text = lambda v, p, n: self.check_text(TEXT, v, p, n)  # noqa: E731
            quote = self.optional(item, "quote", where, name, text)
            if quote is None:
                if item.get("quote") is None:
                    self.report(where, f"`{name}` has no `quote`", "add `quote: …`")
                continue
            items.append({
                "quote": quote,
                "source": self.optional(item, "source", where, name, text) or "",
                "date": self.optional(item, "date", where, name, self.check_iso_date),
                "url": self.optional(item, "url", where, name, self.check_url),
            })  # fmt: skip
        return tuple(items)

    def check_url(self, value: Any, path: tuple, label: str) -> str | None:
        if isinstance(value, str) and safe_url(value.strip()):
            return value.strip()
        self.wrong(
            path, label, "an http(s) address or a relative link", value,
            "e.g. https://research.example.com/study-12 or ../../pages/study.md",
        )  # fmt: skip
        return None

    def check_waive(self, ftype: FieldType, value: Any, path: tuple, label: str) -> dict | None:
        if not isinstance(value, dict):
            self.wrong(
                path, label, "a map rule name → reason", value,
                'e.g. `waive: {hotspot-without-idea: "budget decided in Q3"}`',
            )  # fmt: skip
            return None
        waivers = {}
        for rule, reason in value.items():
            where = (*path, rule)
            if rule not in RULE_NAMES:
                self.warn(
                    where, f"`{label}` names an unknown rule `{rule}`: ignored",
                    did_you_mean(str(rule), RULE_NAMES, "known rules"),
                )  # fmt: skip
                continue
            text = self.check_text(TEXT, reason, where, f"{label}.{rule}")
            if not text:
                if text is not None:
                    self.report(where, f"`{label}.{rule}` needs a reason", 'write why: "…"')
                continue
            waivers[str(rule)] = text
        return waivers
