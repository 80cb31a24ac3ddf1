"""`cjmsite.yml`: typed, declarative option definitions with the spec's defaults."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cjmsite.config.paths import check_paths
from cjmsite.config.rules import json_schema as rules_schema
from cjmsite.config.rules import parse_rules
from cjmsite.config.upkeep import check_branch, check_days, check_repo_url, check_tags
from cjmsite.config.values import (
    BOOLEAN,
    DEFAULTS,
    HOST,
    LANGUAGE,
    PATH,
    PRINT_PAPER,
    SCALES,
    SITE_URL,
    SIZE,
    STAGES,
    TAGS,
    TEXT,
    ValueType,
)
from cjmsite.diagnostics import Diagnostics, Location, did_you_mean
from cjmsite.facts import (
    DEFAULT_STAGE_NAMES,
    EMOTION_RANGE,
    ID_PATTERN,
    ID_RULE,
    IMPORTANCE_RANGE,
)
from cjmsite.model import CONFIDENCE_LEVELS, Scale, SiteConfig, StageDef
from cjmsite.sources.files import MAX_FILE_BYTES, decode_text
from cjmsite.sources.numbers import number_hint
from cjmsite.sources.yamltree import YamlDoc, YamlProblem, describe, is_number, parse_yaml

CONFIG_NAME = "cjmsite.yml"
MAX_CONFIG_BYTES = 1_000_000

DEFAULT_STAGES = tuple(StageDef(stage_id, name) for stage_id, name in DEFAULT_STAGE_NAMES)


class ConfigError(Exception):
    """The configuration cannot be used; the diagnostics say why."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__("invalid configuration")
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class Option:
    """One top-level key of cjmsite.yml."""

    name: str
    accepts: ValueType
    default: Any = None
    required: bool = False
    doc: str = ""


OPTIONS: tuple[Option, ...] = (
    Option("title", TEXT, required=True, doc="the handbook's title"),
    Option("description", TEXT, "", doc="one line under the title"),
    Option("site_url", SITE_URL, "", doc="public URL: sitemap and canonical links only"),
    Option("cname", HOST, "", doc="custom domain for GitHub Pages: writes CNAME"),
    Option("search", BOOLEAN, True, doc="index the site with Pagefind and show a search box"),
    Option(
        "print_paper",
        PRINT_PAPER,
        "A3",
        doc="paper a journey map prints on, landscape: A2, A3 or A4",
    ),
    Option("language", LANGUAGE, "en", doc="theme language: en or es"),
    Option("content_dir", PATH, "content", doc="folder of the content files"),
    Option("output_dir", PATH, "output", doc="folder the site is written to"),
    Option("theme", PATH, "default", doc="a folder under themes/, or a path"),
    Option("theme_overrides", PATH, "theme_overrides", doc="templates that replace the theme's"),
    Option("allow_html", BOOLEAN, False, doc="let raw HTML in Markdown bodies through"),
    Option(
        "max_file_size",
        SIZE,
        MAX_FILE_BYTES,
        doc="largest Markdown file read, in bytes; larger ones are refused",
    ),
    Option(
        "repo_url",
        ValueType(check_repo_url, {"type": "string", "pattern": r"^https?://[^\s/]+"}),
        "",
        doc="the repository's address: 'Edit this page' links",
    ),
    Option(
        "edit_branch",
        ValueType(check_branch, {"type": "string", "minLength": 1}),
        "main",
        doc="the branch edit links open",
    ),
    Option(
        "stale_after_days",
        ValueType(check_days, {"type": "integer", "minimum": 1, "maximum": 36500}),
        180,
        doc="days after which a journey needs review",
    ),
    Option(
        "max_expanded_size",
        SIZE,
        None,
        doc="characters a file's frontmatter may expand to through YAML aliases "
        "(default: 10 × max_file_size)",
    ),
    Option(
        "max_title_length",
        SIZE,
        500,
        doc="characters of a one-line text: titles, names, idea titles, metric names",
    ),
    Option("scales", SCALES, doc="emotion and importance ranges"),
    Option("stages", STAGES, doc="the default stage catalogue for journeys"),
    Option("defaults", DEFAULTS, doc="defaults for content keys: `confidence`"),
    Option("rules", ValueType(None, rules_schema()), doc="named checks → off, warning or error"),
    Option("tags", TAGS, doc="the tag catalogue: {id, name}"),
)
OPTION_NAMES = tuple(o.name for o in OPTIONS)


def _expected(name: str, expected: str, value: Any) -> str:
    return f"Config value '{name}': expected {expected}, got {describe(value)}"


def _scales(doc: YamlDoc, where: Callable[..., Location], diags: Diagnostics) -> dict[str, Scale]:
    defaults = {"emotion": Scale(*EMOTION_RANGE), "importance": Scale(*IMPORTANCE_RANGE)}
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
                    where(("scales", key, bound)),
                    _expected(f"{name}.{bound}", "a number", number),
                    number_hint(number),
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
                _expected(f"{name}.id", f"an id of {ID_RULE}", stage_id),
            )
            continue
        if any(s.id == stage_id for s in stages):
            diags.error(
                where(("stages", index, "id")),
                f"Config value '{name}.id': stage `{stage_id}` is listed twice",
            )
            continue
        label, problem = TEXT.check(label)
        if problem:
            diags.error(
                where(("stages", index, "name")),
                _expected(f"{name}.name", problem, item.get("name")),
            )
            continue
        stages.append(StageDef(stage_id, label))
    return tuple(stages) or DEFAULT_STAGES


def _defaults(doc: YamlDoc, where: Callable[..., Location], diags: Diagnostics) -> str:
    """`defaults.confidence`: observed (the default) or assumed."""
    raw = doc.data.get("defaults")
    if raw is None:
        return "observed"
    if not isinstance(raw, dict):
        diags.error(
            where(("defaults",)),
            _expected("defaults", "a mapping such as {confidence: observed}", raw),
        )
        return "observed"
    for key in raw:
        if key != "confidence":
            diags.warning(
                where(("defaults", key), key=True),
                f"Config value 'defaults.{key}': unknown key",
                did_you_mean(str(key), ["confidence"], "known keys"),
            )
    value = raw.get("confidence", "observed")
    if isinstance(value, str) and value.strip().lower() in CONFIDENCE_LEVELS:
        return value.strip().lower()
    diags.error(
        where(("defaults", "confidence")),
        _expected("defaults.confidence", "observed or assumed", value),
    )
    return "observed"


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


def _check_lengths(
    values: dict[str, Any],
    stages: tuple[StageDef, ...],
    where: Callable[..., Location],
    diags: Diagnostics,
) -> None:
    """The site's title and stage names are one-line texts: at most max_title_length."""
    limit = values["max_title_length"]
    texts = [(("title",), "title", values["title"] or "")]
    texts += [
        (("stages", i, "name"), f"stages[{i + 1}].name", s.name) for i, s in enumerate(stages)
    ]
    for key_path, label, text in texts:
        if len(text) > limit:
            diags.error(
                where(key_path),
                f"Config value '{label}': {len(text):,} characters long, over the limit of "
                f"{limit:,} for a one-line text (max_title_length)",
                "shorten it",
            )


def _unknown_keys(doc: YamlDoc, where: Callable[..., Location], diags: Diagnostics) -> None:
    for key in doc.data:
        if key not in OPTION_NAMES:
            diags.warning(
                where((key,), key=True),
                f"Config value '{key}': unknown key",
                did_you_mean(str(key), OPTION_NAMES, "known keys"),
            )


def _read_document(path: Path, diags: Diagnostics) -> YamlDoc:
    """The parsed mapping of the config file; raises ConfigError when there is none."""
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
    return doc


def _option_values(
    doc: YamlDoc, where: Callable[..., Location], diags: Diagnostics
) -> dict[str, Any]:
    """The checked value (or default) of every option with a check; unknown keys warned."""
    values: dict[str, Any] = {}
    for option in OPTIONS:
        if option.accepts.check is None:
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
        converted, problem = option.accepts.check(raw)
        if problem:
            diags.error(
                where((option.name,)), _expected(option.name, problem, raw), number_hint(raw)
            )
            converted = option.default
        values[option.name] = converted
    return values


def load_config(path: Path) -> tuple[SiteConfig, Diagnostics]:
    """Read and validate a config file. Raises ConfigError when it cannot be used."""
    diags = Diagnostics()
    doc = _read_document(path, diags)

    def where(key_path: tuple, key: bool = False) -> Location:
        mark = doc.where(key_path, key=key)
        return Location(path.name, mark.line, mark.column)

    values = _option_values(doc, where, diags)
    _unknown_keys(doc, where, diags)
    check_paths(values, path.resolve().parent, where, diags)
    scales = _scales(doc, where, diags)
    stages = _stages(doc, where, diags)
    _check_lengths(values, stages, where, diags)
    confidence = _defaults(doc, where, diags)
    rules = parse_rules(doc, where, diags)
    tags = check_tags(doc.data.get("tags"), where, diags)
    if diags.has_errors():
        raise ConfigError(diags)
    config = SiteConfig(
        **values,
        emotion=scales["emotion"],
        importance=scales["importance"],
        stages=stages,
        default_confidence=confidence,
        tags=tags,
        rules=rules,
        root=str(path.resolve().parent),
    )
    return config, diags
