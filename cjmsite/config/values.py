"""What a `cjmsite.yml` option accepts: a check that converts a value, and its JSON shape."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cjmsite.facts import ID_REGEX
from cjmsite.model import CONFIDENCE_LEVELS
from cjmsite.sources.yamltree import is_number

LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
Check = Callable[[Any], tuple[Any, str | None]]  # value -> (converted, problem)
URL_PATTERN = r"https?://[^\s/\"'<>`]+(/[^\s\"'<>`]*)?"
HOST_PATTERN = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


@dataclass(frozen=True)
class ValueType:
    """What an option accepts: the check that converts it and its JSON Schema shape."""

    check: Check | None  # None: validated by a dedicated function (scales, stages)
    shape: dict[str, Any]


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
    if isinstance(value, str) and re.fullmatch(URL_PATTERN, value.strip()):
        url = value.strip()
        return (url if url.endswith("/") else url + "/"), None
    return None, "an absolute http(s) URL such as https://acme.github.io/cx-handbook/"


def _cname(value: Any) -> tuple[Any, str | None]:
    host = value.strip().lower().rstrip(".") if isinstance(value, str) else ""
    if HOST_PATTERN.fullmatch(host):
        return host, None
    return None, "a host name such as handbook.acme.com (no scheme, no path)"


_SCALE_SHAPE = {
    "type": "object",
    "properties": {"min": {"type": "number"}, "max": {"type": "number"}},
    "additionalProperties": False,
}
TEXT = ValueType(_text, {"type": ["string", "number"]})
PATH = ValueType(_path_text, {"type": "string", "minLength": 1})
SIZE = ValueType(_size, {"type": "integer", "minimum": 1, "maximum": 2**40})
BOOLEAN = ValueType(_boolean, {"type": "boolean"})
LANGUAGE = ValueType(_language, {"type": "string", "pattern": LANGUAGE_PATTERN.pattern})
SITE_URL = ValueType(check_site_url, {"type": "string", "pattern": f"^\\s*{URL_PATTERN}\\s*$"})
HOST = ValueType(_cname, {"type": "string", "minLength": 1})
SCALES = ValueType(
    None,
    {
        "type": "object",
        "properties": {"emotion": _SCALE_SHAPE, "importance": _SCALE_SHAPE},
        "additionalProperties": False,
    },
)
_STAGE_SHAPE = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": {"type": "string", "pattern": ID_REGEX}, "name": TEXT.shape},
    "additionalProperties": False,
}
STAGES = ValueType(
    None,
    {
        "type": "array",
        "minItems": 1,
        "items": {"anyOf": [{"type": "string", "pattern": ID_REGEX}, _STAGE_SHAPE]},
    },
)

DEFAULTS = ValueType(
    None,
    {
        "type": "object",
        "properties": {
            "confidence": {
                "type": "string",
                "enum": list(CONFIDENCE_LEVELS),
                "default": "observed",
                "description": "a touchpoint's confidence when it does not say",
            }
        },
        "additionalProperties": False,
    },
)

_TAG = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": {"type": "string", "pattern": ID_REGEX}, "name": {"type": "string"}},
    "additionalProperties": False,
}
TAGS = ValueType(
    None,
    {"type": "array", "items": {"anyOf": [{"type": "string", "pattern": ID_REGEX}, _TAG]}},
)

PRINT_PAPERS = ("A2", "A3", "A4")


def _print_paper(value: Any) -> tuple[Any, str | None]:
    paper = value.strip().upper() if isinstance(value, str) else ""
    if paper in PRINT_PAPERS:
        return paper, None
    return None, "one of " + ", ".join(PRINT_PAPERS) + " (the sheet a journey map prints on)"


PRINT_PAPER = ValueType(_print_paper, {"type": "string", "enum": list(PRINT_PAPERS)})
