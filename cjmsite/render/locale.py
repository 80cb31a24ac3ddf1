"""UI strings from a theme's locale files, with English as the fallback, and number formatting."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostic, Severity, relative_path
from .theme import Theme

BASE_LANGUAGE = "en"
MINUS = "\u2212"


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested mappings as dotted keys: {"nav": {"home": "Home"}} -> {"nav.home": "Home"}."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def _read(paths: list[Path], root: Path, diagnostics: list[Diagnostic]) -> dict[str, Any]:
    """Merge locale files, the most specific (first) winning."""
    merged: dict[str, Any] = {}
    for path in reversed(paths):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            diagnostics.append(
                Diagnostic(
                    relative_path(path, root),
                    0,
                    0,
                    Severity.WARNING,
                    f"cannot read the locale file: {error}",
                )
            )
            continue
        if isinstance(data, Mapping):
            merged.update(flatten(data))
    return merged


class Locale:
    """The UI strings of one language; `t(key)` falls back to English."""

    def __init__(self, language: str, strings: Mapping[str, Any], english: Mapping[str, Any]):
        self.language = language
        self.strings = dict(english) | dict(strings)
        self.unknown: set[str] = set()

    @property
    def decimal(self) -> str:
        return str(self.strings.get("number.decimal", "."))

    def t(self, key: str, **values: Any) -> str:
        """The string for `key`, with `{name}` placeholders filled from `values`."""
        if key not in self.strings:
            self.unknown.add(key)
            return key
        text = str(self.strings[key])
        return text.format(**values) if values else text

    def raw(self, key: str, default: Any = None) -> Any:
        return self.strings.get(key, default)

    def number(self, value: float | str | None, digits: int = 2, sign: bool = False) -> str:
        """A number as the language writes it: `0,5` in Spanish, a real minus sign, no `.0`."""
        if value is None:
            return "–"
        if isinstance(value, str):
            return value
        rounded = round(float(value), digits)
        if rounded == 0:
            rounded = 0.0
        text = f"{abs(rounded):.{digits}f}"
        if digits:
            text = text.rstrip("0").rstrip(".")
        text = text.replace(".", self.decimal)
        if rounded < 0:
            return MINUS + text
        return ("+" + text) if sign and rounded > 0 else text

    def unknown_key_diagnostics(self) -> list[Diagnostic]:
        return [
            Diagnostic(
                "",
                0,
                0,
                Severity.WARNING,
                f"the theme uses the UI string `{key}`, which no locale file defines",
            )
            for key in sorted(self.unknown)
        ]


def load_locale(theme: Theme, language: str, root: Path) -> tuple[Locale, list[Diagnostic]]:
    """English from every layer, then the site's language; report what it lacks."""
    diagnostics: list[Diagnostic] = []
    english = _read(theme.locale_files(BASE_LANGUAGE), root, diagnostics)
    if language == BASE_LANGUAGE:
        return Locale(language, {}, english), diagnostics
    candidates = [language, language.split("-")[0]] if "-" in language else [language]
    # the regional file (es-MX) is more specific than the general one (es): it comes first
    files = [p for name in candidates for p in theme.locale_files(name)]
    if not files:
        diagnostics.append(
            Diagnostic(
                "cjmsite.yml",
                0,
                0,
                Severity.WARNING,
                f"no locale file for language `{language}`: the site is in English",
                f"add locales/{language}.yml to the theme or the theme overrides",
            )
        )
        return Locale(language, {}, english), diagnostics
    strings = _read(files, root, diagnostics)
    missing = sorted(set(english) - set(strings))
    if missing:
        shown = ", ".join(f"`{k}`" for k in missing[:10])
        more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        diagnostics.append(
            Diagnostic(
                relative_path(files[0], root),
                0,
                0,
                Severity.WARNING,
                f"locale `{language}` lacks {len(missing)} UI string(s), shown in English: "
                f"{shown}{more}",
                f"add them to locales/{language}.yml",
            )
        )
    return Locale(language, strings, english), diagnostics


def chart_text(chart_text_class: type, locale: Locale) -> Any:
    """A charts `ChartText` with every field the locale defines under `chart.`."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(chart_text_class):
        key = f"chart.{field.name}"
        if key not in locale.strings:
            continue
        value = locale.strings[key]
        values[field.name] = tuple(value) if isinstance(value, list) else value
    names = {field.name for field in dataclasses.fields(chart_text_class)}
    if "decimal" in names and "chart.decimal" not in locale.strings:
        values["decimal"] = locale.decimal
    if "minus" in names and "chart.minus" not in locale.strings:
        values["minus"] = MINUS
    return chart_text_class(**values)
