"""UI strings from a theme's locale files, with English as the fallback, plurals and numbers."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from cjmsite.diagnostics import Diagnostic, Severity, relative_path
from cjmsite.facts import SHOWN_DIGITS, format_number
from cjmsite.render.theme import Theme

BASE_LANGUAGE = "en"
MINUS = "\u2212"
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
# CLDR cardinal rules for integers, by base language; any other language: `one` when n is 1
ONLY_OTHER = {"id", "ja", "km", "ko", "lo", "ms", "my", "th", "vi", "zh"}
ZERO_AND_ONE = {"am", "bn", "fa", "fr", "gu", "hi", "kn", "pt", "zu"}
SLAVIC = {"be", "bs", "hr", "ru", "sr", "uk"}
WEST_SLAVIC = {"cs", "sk"}


def plural_category(language: str, n: float) -> str:
    """The CLDR plural category (`one`, `few`, `many`, `other`) of the count `n` in `language`.

    en and es: `one` when n is 1, `other` otherwise; fr and pt: `one` for 0 and 1;
    ru, uk, pl, cs and their neighbours have `few` and `many` as well."""
    base = language.split("-")[0].lower()
    if base == "pt" and language.lower() == "pt-pt":
        base = "en"  # European Portuguese counts like English
    whole = float(n).is_integer()
    i = int(abs(n))
    if base in ONLY_OTHER:
        return "other"
    if base in ZERO_AND_ONE:
        return "one" if i in (0, 1) else "other"
    if not whole:
        return "many" if base in WEST_SLAVIC else "other"
    if base in SLAVIC or base == "pl":
        if i % 10 == 1 and i % 100 != 11:
            return "one" if base != "pl" or i == 1 else "many"
        if 2 <= i % 10 <= 4 and not 12 <= i % 100 <= 14:
            return "few"
        return "many"
    if base in WEST_SLAVIC:
        return "one" if i == 1 else ("few" if 2 <= i <= 4 else "other")
    return "one" if i == 1 else "other"


def unused_plural_form(key: str, keys: Mapping[str, Any], language: str) -> bool:
    """True for a form of a plural string (`x.one` beside `x.other`) that `language` never uses."""
    stem, _, category = key.rpartition(".")
    if category not in PLURAL_CATEGORIES or f"{stem}.other" not in keys:
        return False
    used = {plural_category(language, n) for n in (*range(200), 0.5)}
    return category not in used


# the quotation marks a placeholder may sit in, and the inner pair for quotes within its value
INNER_QUOTES = {("«", "»"): ("“", "”"), ("“", "”"): ("‘", "’")}


def nest_quotes(template: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """`values`, where the template quotes a value that holds the same quotation marks, with
    those swapped for the inner pair: «{title}» of `Anuncio «Fibra»` gives «Anuncio “Fibra”»,
    not «Anuncio «Fibra»»."""
    nested = dict(values)
    for name, opening, closing, inner_open, inner_close in _quoted(template):
        value = nested.get(name)
        if isinstance(value, str):
            nested[name] = value.replace(opening, inner_open).replace(closing, inner_close)
    return nested


@functools.lru_cache(maxsize=4096)
def _quoted(template: str) -> tuple[tuple[str, str, str, str, str], ...]:
    """The placeholders `template` quotes, each with its quotation marks and their inner
    pair, in the order nest_quotes swaps them: found once per string, not per call (a
    touchpoint page formats four scroll-box labels)."""
    found = []
    for (opening, closing), (inner_open, inner_close) in INNER_QUOTES.items():
        quoted = re.escape(opening) + r"\{(\w+)\}" + re.escape(closing)
        found += [(name, opening, closing, inner_open, inner_close)
                  for name in re.findall(quoted, template)]  # fmt: skip
    return tuple(found)


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


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 0.09 -> 0.01 s a build

# path -> (text, its strings flattened): a long-lived process (serve) reads the same
# locale file on every rebuild, and parsing its YAML took 30-60 ms each time
_PARSED: dict[str, tuple[str, dict[str, Any]]] = {}


def _strings(path: Path) -> dict[str, Any]:
    """A locale file's strings, flattened (raises OSError, yaml.YAMLError)."""
    text = path.read_text(encoding="utf-8")
    known = _PARSED.get(str(path))
    if known is not None and known[0] == text:
        return known[1]
    data = yaml.load(text, Loader=_LOADER) or {}  # a safe loader: no Python objects
    flat = flatten(data) if isinstance(data, Mapping) else {}
    _PARSED[str(path)] = (text, flat)
    return flat


def _read(paths: list[Path], root: Path, diagnostics: list[Diagnostic]) -> dict[str, Any]:
    """Merge locale files, the most specific (first) winning."""
    merged: dict[str, Any] = {}
    for path in reversed(paths):
        try:
            strings = _strings(path)
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
        merged.update(strings)
    return merged


class Locale:
    """The UI strings of one language; `t(key)` falls back to English.

    A plural string is a mapping of CLDR categories (`one`, `other`, and `few`/`many` where the
    language has them): `t(key, n=count)` picks the form for `count`, the `other` form if the
    language's file lacks that category."""

    def __init__(self, language: str, strings: Mapping[str, Any], english: Mapping[str, Any]):
        self.language = language
        self.strings = dict(english) | dict(strings)
        self.unknown: set[str] = set()

    @property
    def decimal(self) -> str:
        return str(self.strings.get("number.decimal", "."))

    def t(self, key: str, /, **values: Any) -> str:
        """The string for `key`, with `{name}` placeholders filled from `values`.

        When `key` has plural forms, `n` in `values` chooses one (see `plural_category`)."""
        if key not in self.strings and f"{key}.other" in self.strings:
            category = plural_category(self.language, values["n"]) if "n" in values else "other"
            key = f"{key}.{category}" if f"{key}.{category}" in self.strings else f"{key}.other"
        if key not in self.strings:
            self.unknown.add(key)
            return key
        text = str(self.strings[key])
        return text.format(**nest_quotes(text, values)) if values else text

    def tn(self, key: str, n: float, **values: Any) -> str:
        """The plural string `key` for the count `n`, `{n}` filled in."""
        return self.t(key, n=n, **values)

    def raw(self, key: str, default: Any = None) -> Any:
        return self.strings.get(key, default)

    def number(
        self, value: float | str | None, digits: int = SHOWN_DIGITS, sign: bool = False
    ) -> str:
        """A number as the language writes it: `0,5` in Spanish, a real minus sign, no `.0`."""
        if value is None:
            return "–"
        if isinstance(value, str):
            return value
        return format_number(value, digits, self.decimal, MINUS, sign)

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
        return Locale(BASE_LANGUAGE, {}, english), diagnostics  # English, so lang="en"
    strings = _read(files, root, diagnostics)
    missing = sorted(
        k for k in set(english) - set(strings) if not unused_plural_form(k, strings, language)
    )
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
