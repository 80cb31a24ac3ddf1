"""`cjmsite.yml`: typed, declarative option definitions with the spec's defaults."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cjmsite.diagnostics import Diagnostics, Location, did_you_mean
from cjmsite.model import Scale, SiteConfig, StageDef
from cjmsite.sources.files import MAX_FILE_BYTES, decode_text
from cjmsite.sources.yamltree import YamlDoc, YamlProblem, describe, is_number, parse_yaml

CONFIG_NAME = "cjmsite.yml"
MAX_CONFIG_BYTES = 1_000_000
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")

DEFAULT_STAGES = (
    StageDef("awareness", "Awareness"),
    StageDef("consideration", "Consideration"),
    StageDef("purchase", "Purchase"),
    StageDef("retention", "Retention"),
    StageDef("advocacy", "Advocacy"),
)


class ConfigError(Exception):
    """The configuration cannot be used; the diagnostics say why."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__("invalid configuration")
        self.diagnostics = diagnostics


Check = Callable[[Any], tuple[Any, str | None]]  # value -> (converted, problem)


def _text(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str):
        return value, None
    if is_number(value):
        return str(value), None
    return None, "a text"


def _path_text(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str) and value.strip():
        return value.strip(), None
    return None, "a folder path (text)"


def _size(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 2**40:
        return value, None
    return None, "a size in bytes (a whole number above 0), such as 1000000"


def _boolean(value: Any) -> tuple[Any, str | None]:
    return (value, None) if isinstance(value, bool) else (None, "true or false")


def _language(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str) and LANGUAGE_PATTERN.match(value.strip()):
        return value.strip(), None
    return None, "a language code such as en or es"


def check_site_url(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str) and re.fullmatch(
        r"https?://[^\s/\"'<>`]+(/[^\s\"'<>`]*)?", value.strip()
    ):
        url = value.strip()
        return (url if url.endswith("/") else url + "/"), None
    return None, "an absolute http(s) URL such as https://acme.github.io/cx-handbook/"


HOST_PATTERN = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


PRINT_PAPERS = ("A2", "A3", "A4")


def _print_paper(value: Any) -> tuple[Any, str | None]:
    paper = value.strip().upper() if isinstance(value, str) else ""
    if paper in PRINT_PAPERS:
        return paper, None
    return None, "one of " + ", ".join(PRINT_PAPERS) + " (the sheet a journey map prints on)"


def _cname(value: Any) -> tuple[Any, str | None]:
    host = value.strip().lower().rstrip(".") if isinstance(value, str) else ""
    if HOST_PATTERN.fullmatch(host):
        return host, None
    return None, "a host name such as handbook.acme.com (no scheme, no path)"


@dataclass(frozen=True)
class Option:
    """One top-level key of cjmsite.yml."""

    name: str
    check: Check | None  # None: validated by a dedicated function
    default: Any = None
    required: bool = False
    doc: str = ""


OPTIONS: tuple[Option, ...] = (
    Option("title", _text, required=True, doc="the handbook's title"),
    Option("description", _text, "", doc="one line under the title"),
    Option("site_url", check_site_url, "", doc="public URL: sitemap and canonical links only"),
    Option("cname", _cname, "", doc="custom domain for GitHub Pages: writes CNAME"),
    Option("search", _boolean, True, doc="index the site with Pagefind and show a search box"),
    Option(
        "print_paper",
        _print_paper,
        "A3",
        doc="paper a journey map prints on, landscape: A2, A3 or A4",
    ),
    Option("language", _language, "en", doc="theme language: en or es"),
    Option("content_dir", _path_text, "content", doc="folder of the content files"),
    Option("output_dir", _path_text, "output", doc="folder the site is written to"),
    Option("theme", _path_text, "default", doc="a folder under themes/, or a path"),
    Option(
        "theme_overrides", _path_text, "theme_overrides", doc="templates that replace the theme's"
    ),
    Option("allow_html", _boolean, False, doc="let raw HTML in Markdown bodies through"),
    Option(
        "max_file_size",
        _size,
        MAX_FILE_BYTES,
        doc="largest Markdown file read, in bytes; larger ones are refused",
    ),
    Option("scales", None, doc="emotion and importance ranges"),
    Option("stages", None, doc="the default stage catalogue for journeys"),
)
OPTION_NAMES = tuple(o.name for o in OPTIONS)


def _expected(name: str, expected: str, value: Any) -> str:
    return f"Config value '{name}': expected {expected}, got {describe(value)}"


def _scales(doc: YamlDoc, where: Callable[..., Location], diags: Diagnostics) -> dict[str, Scale]:
    defaults = {"emotion": Scale(-2, 2), "importance": Scale(1, 5)}
    raw = doc.data.get("scales")
    if raw is None:
        return defaults
    if not isinstance(raw, dict):
        diags.error(
            where(("scales",)), _expected("scales", "a mapping of emotion and importance", raw)
        )
        return defaults
    result = dict(defaults)
    for key, value in raw.items():
        if key not in defaults:
            diags.warning(
                where(("scales", key), key=True),
                f"Config value 'scales.{key}': unknown scale",
                did_you_mean(str(key), defaults, "known scales"),
            )
            continue
        name = f"scales.{key}"
        if not isinstance(value, dict):
            diags.error(where(("scales", key)), _expected(name, "{min: N, max: N}", value))
            continue
        low, high = value.get("min", defaults[key].min), value.get("max", defaults[key].max)
        for bound, number in (("min", low), ("max", high)):
            if not is_number(number):
                diags.error(
                    where(("scales", key, bound)), _expected(f"{name}.{bound}", "a number", number)
                )
        if is_number(low) and is_number(high):
            if low >= high:
                diags.error(
                    where(("scales", key)),
                    f"Config value '{name}': expected min below max, got min {low} and max {high}",
                )
            else:
                result[key] = Scale(float(low), float(high))
        for extra in value:
            if extra not in ("min", "max"):
                diags.warning(
                    where(("scales", key, extra), key=True),
                    f"Config value '{name}.{extra}': unknown key",
                    did_you_mean(str(extra), ["min", "max"], "known keys"),
                )
    return result


def _stages(
    doc: YamlDoc, where: Callable[..., Location], diags: Diagnostics
) -> tuple[StageDef, ...]:
    raw = doc.data.get("stages")
    if raw is None:
        return DEFAULT_STAGES
    if not isinstance(raw, list) or not raw:
        diags.error(where(("stages",)), _expected("stages", "a non-empty list of {id, name}", raw))
        return DEFAULT_STAGES
    stages: list[StageDef] = []
    for index, item in enumerate(raw):
        name = f"stages[{index + 1}]"
        if isinstance(item, str):
            item = {"id": item, "name": item.replace("-", " ").capitalize()}
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            diags.error(
                where(("stages", index)), _expected(name, "{id: awareness, name: Awareness}", item)
            )
            continue
        stage_id, label = item["id"], item.get("name", item["id"])
        if not ID_PATTERN.match(stage_id):
            diags.error(
                where(("stages", index, "id")),
                _expected(
                    f"{name}.id", "an id of lower-case letters, digits and hyphens", stage_id
                ),
            )
            continue
        if any(s.id == stage_id for s in stages):
            diags.error(
                where(("stages", index, "id")),
                f"Config value '{name}.id': stage `{stage_id}` is listed twice",
            )
            continue
        label, problem = _text(label)
        if problem:
            diags.error(
                where(("stages", index, "name")),
                _expected(f"{name}.name", problem, item.get("name")),
            )
            continue
        stages.append(StageDef(stage_id, label))
    return tuple(stages) or DEFAULT_STAGES


def _read_text(path: Path, shown: str, diags: Diagnostics) -> str | None:
    """The file as text (UTF-8, BOM dropped, newlines made `\n`), or None when reported."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as error:
        diags.error(Location(shown), f"cannot read the configuration: {error.strerror or error}")
        return None
    if len(raw) > MAX_CONFIG_BYTES:
        diags.error(
            Location(shown), f"the configuration is over the limit of {MAX_CONFIG_BYTES:,} bytes"
        )
        return None
    text, problem, line, column = decode_text(raw)
    if text is None:
        diags.error(Location(shown, line, column), problem, "save the file as UTF-8")
    return text


def load_config(path: Path) -> tuple[SiteConfig, Diagnostics]:
    """Read and validate a config file. Raises ConfigError when it cannot be used."""
    diags = Diagnostics()
    shown = path.name
    if not path.is_file():
        diags.error(
            Location(str(path)),
            f"no configuration file at {path}",
            f"create {CONFIG_NAME} with at least `title: My handbook`, or pass --config PATH",
        )
        raise ConfigError(diags)
    text = _read_text(path, shown, diags)
    if text is None:
        raise ConfigError(diags)
    try:
        doc = parse_yaml(text)
    except YamlProblem as problem:
        diags.error(Location(shown, problem.line, problem.column), problem.message, problem.hint)
        raise ConfigError(diags) from None
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        diags.error(
            Location(shown, 1, 1), _expected("(file)", "a mapping of keys such as title:", doc.data)
        )
        raise ConfigError(diags)

    def where(key_path: tuple, key: bool = False) -> Location:
        mark = doc.where(key_path, key=key)
        return Location(shown, mark.line, mark.column)

    values: dict[str, Any] = {}
    for option in OPTIONS:
        if option.check is None:
            continue
        raw = doc.data.get(option.name)
        if raw is None:
            if option.required:
                diags.error(
                    where((option.name,)),
                    f"Config value '{option.name}': expected {option.doc}, got nothing",
                    f"add `{option.name}: …` to {CONFIG_NAME}",
                )
            values[option.name] = option.default
            continue
        converted, problem = option.check(raw)
        if problem:
            diags.error(where((option.name,)), _expected(option.name, problem, raw))
            converted = option.default
        values[option.name] = converted
    for key in doc.data:
        if key not in OPTION_NAMES:
            diags.warning(
                where((key,), key=True),
                f"Config value '{key}': unknown key",
                did_you_mean(str(key), OPTION_NAMES, "known keys"),
            )
    scales = _scales(doc, where, diags)
    stages = _stages(doc, where, diags)
    if diags.has_errors():
        raise ConfigError(diags)
    config = SiteConfig(
        **values,
        emotion=scales["emotion"],
        importance=scales["importance"],
        stages=stages,
        root=str(path.resolve().parent),
    )
    return config, diags
