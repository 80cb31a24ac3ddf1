"""Judge an SVG image with a real XML parser: only elements and attributes known to be
inert pass (see svg_allowlist); the first thing that could run script, load something
from outside the site, or is not understood, is reported with its line.

The document is parsed by expat through defusedxml (no external entities; entity
declarations only as short plain texts, as old Illustrator exports write namespace
names), in whatever encoding it declares (UTF-8, UTF-16 with a BOM, Latin-1 …), after
gunzipping a `.svgz` (capped). Names are namespace-resolved and values arrive with their
entities decoded, so `<svg:script>`, `<h:script xmlns:h=…xhtml>` and `javascript&#58;`
are seen for what they are. Pure: bytes in, a problem (or None) out.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from cjmsite.resolve import svg_allowlist as allow

MAX_SVG_BYTES = 20_000_000  # on disk, and once decompressed
MAX_ENTITY_VALUE = 1_000  # characters of one entity declaration's text
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_URL_JUNK = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop or trim these in a URL
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}\s?|.)", re.DOTALL)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_CSS_LOCAL_URL = re.compile(r"#[A-Za-z0-9_.:\-]*")
_CSS_FORBIDDEN = re.compile(
    r"@import|@font-face|@namespace|image-set\s*\(|src\s*\(|expression\s*\(|"
    r"javascript:|vbscript:|-moz-binding|behavior\s*:",
    re.IGNORECASE,
)


STYLE = f"{{{allow.SVG}}}style"
REFUSED_DECLARATIONS = {
    "EntitiesForbidden": "an entity declaration other than a short plain text",
    "ExternalReferenceForbidden": "a reference to an external entity",
    "DTDForbidden": "a document type declaration",
}


@dataclass(frozen=True)
class SvgProblem:
    """What is wrong, and where (1-based line and column; 0 when unknown)."""

    message: str
    line: int = 0
    column: int = 0


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.where: tuple[int, int] | None = None  # (line, column), filled by the parser


def decompress(data: bytes, limit: int = MAX_SVG_BYTES) -> bytes:
    """A gzip stream's content, refused (ValueError) past `limit` bytes or when damaged."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as error:
        raise ValueError(f"the gzip data is damaged ({error})") from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise ValueError(f"it decompresses to more than {limit:,} bytes")
    if not inflater.eof:
        raise ValueError("the gzip data is damaged or truncated")
    return out


def _clean_url(value: str) -> str:
    return _URL_JUNK.sub("", value)


def url_problem(value: str) -> str | None:
    """Why a URL may not appear in an SVG, or None: only `#id`, relative paths inside the
    site and data:image/png|jpeg|gif|webp are allowed."""
    url = _clean_url(value)
    if url.startswith("//") or url.startswith("\\"):
        return f"`{value[:60]}` points outside the site"
    scheme = _SCHEME.match(url)
    if scheme is None:
        return None
    if scheme[1].lower() == "data":
        media = url[5:].split(";", 1)[0].split(",", 1)[0].strip().lower()
        if media in allow.SAFE_DATA_IMAGES:
            return None
        return f"`{value[:60]}` is a data: URL that is not a PNG, JPEG, GIF or WebP image"
    if scheme[1].lower() in ("http", "https"):
        return f"`{value[:60]}` loads from outside the site"
    return f"`{value[:60]}` uses the scheme `{scheme[1]}:`"


def css_problem(css: str) -> str | None:
    """Why a style sheet or style value may not appear, or None: no @import, no script,
    and url() only to `#id` in this same file."""
    plain = _CSS_ESCAPE.sub(_unescape_css, _CSS_COMMENT.sub("", css))
    forbidden = _CSS_FORBIDDEN.search(plain)
    if forbidden:
        return f"the style uses `{forbidden.group()}`"
    for match in _CSS_URL.finditer(plain):
        if not _CSS_LOCAL_URL.fullmatch(_clean_url(match[2])):
            return f"the style refers to `{match[2][:60]}`; only url(#id) is allowed"
    if re.search(r"url\s*\(", plain, re.IGNORECASE) and not _CSS_URL.search(plain):
        return "the style has a url( that does not close"
    return None


def _unescape_css(match: re.Match[str]) -> str:
    text = match[1]
    if re.fullmatch(r"[0-9a-fA-F]{1,6}\s?", text):
        code = int(text.strip(), 16)
        return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
    return text


def _split(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


class _Judge:
    """The parser's target: checks each element as it starts, each text as it comes."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.style: list[str] = []  # the text of the <style> element being read
        self.position: Callable[[], tuple[int, int]] = lambda: (0, 0)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        where = self.position()  # where the tag starts (expat moves on once it returns)
        try:
            self._start(tag, attrs)
        except _Refused as refused:
            refused.where = where
            raise

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        namespace, local = _split(tag)
        self.stack.append(tag)
        if allow.is_metadata(namespace):
            self._metadata_attributes(tag, attrs)
            return
        if namespace == "":
            raise _Refused(f"the element <{local}> has no namespace (xmlns is missing)")
        if namespace != allow.SVG:
            raise _Refused(f"the element <{local}> in the namespace {namespace} is not allowed")
        if local not in allow.SVG_ELEMENTS:
            raise _Refused(f"the element <{local}> is not allowed in an image")
        for name, value in attrs.items():
            self._attribute(local, name, value, attrs)

    def _metadata_attributes(self, tag: str, attrs: dict[str, str]) -> None:
        for name, value in attrs.items():
            local = _split(name)[1]
            if local.lower().startswith("on"):
                raise _Refused(f"the attribute `{local}` (an event handler) is not allowed")
            if _clean_url(value).lower().startswith(("javascript:", "vbscript:")):
                raise _Refused(f"the attribute `{local}` holds a script URL")

    def _attribute(self, element: str, name: str, value: str, attrs: dict[str, str]) -> None:
        namespace, local = _split(name)
        if local.lower().startswith("on"):
            raise _Refused(f"the attribute `{local}` (an event handler) is not allowed")
        if namespace == "":
            known = local in allow.SVG_ATTRIBUTES or local.startswith(allow.SVG_ATTRIBUTE_PREFIXES)
        elif namespace == allow.XLINK:
            known = local in allow.XLINK_ATTRIBUTES
        elif namespace == allow.XML:
            known = local in allow.XML_ATTRIBUTES
        else:
            known = allow.is_metadata(namespace)
        if not known:
            raise _Refused(f"the attribute `{local}` on <{element}> is not allowed")
        if allow.is_metadata(namespace):
            return
        self._value(element, name, local, value, attrs)

    def _value(
        self, element: str, name: str, local: str, value: str, attrs: dict[str, str]
    ) -> None:
        if name in allow.URL_ATTRIBUTES:
            problem = url_problem(value)
            if problem:
                raise _Refused(f"`{local}` on <{element}>: {problem}")
        elif local in allow.ANIMATION_VALUES and element.startswith(("animate", "set")):
            for item in value.split(";"):
                problem = url_problem(item.strip()) if _SCHEME.match(_clean_url(item)) else None
                if problem:
                    raise _Refused(f"`{local}` on <{element}>: {problem}")
        elif local == "attributeName" and value.strip().lower().startswith("on"):
            raise _Refused(f"<{element}> animates the event handler `{value.strip()}`")
        problem = css_problem(value) if ("(" in value or "@" in value or "\\" in value) else None
        if problem:
            raise _Refused(f"`{local}` on <{element}>: {problem}")

    def data(self, text: str) -> None:
        if self.stack and self.stack[-1] == STYLE:
            self.style.append(text)  # expat hands text over in pieces: judge it whole

    def end(self, tag: str) -> None:
        self.stack.pop()
        if tag == STYLE:
            problem = css_problem("".join(self.style))
            self.style = []
            if problem:
                raise _Refused(f"<style>: {problem}")

    def close(self) -> None:
        return None


class _Parser(DefusedXMLParser):
    """defusedxml, allowing only short plain-text internal entities (no markup, no `&`)."""

    def defused_entity_decl(
        self, name: str, is_parameter_entity: bool, value: str | None, *rest: Any
    ) -> None:
        plain = value is not None and "<" not in value and "&" not in value
        if is_parameter_entity or not plain or len(value or "") > MAX_ENTITY_VALUE:
            super().defused_entity_decl(name, is_parameter_entity, value, *rest)


def _instruction(target: str, data: str) -> None:
    if target.lower() not in allow.ALLOWED_INSTRUCTIONS:
        raise _Refused(f"the processing instruction <?{target} …?> is not allowed")


def svg_problem(data: bytes, compressed: bool = False) -> SvgProblem | None:
    """None when the SVG document in `data` is inert; else the first problem and its line.

    `compressed`: a `.svgz` (a gzip stream is also recognised by its magic bytes).
    """
    if compressed or data[:2] == b"\x1f\x8b":
        try:
            data = decompress(data)
        except ValueError as error:
            return SvgProblem(f"the compressed SVG cannot be checked: {error}")
    judge = _Judge()
    parser = _Parser(target=judge)
    expat = parser.parser
    expat.ProcessingInstructionHandler = _instruction
    judge.position = lambda: (expat.CurrentLineNumber, expat.CurrentColumnNumber)
    try:
        parser.feed(data)
        parser.close()
    except _Refused as refused:
        line, column = refused.where or (expat.CurrentLineNumber, expat.CurrentColumnNumber)
        return SvgProblem(refused.message, line, column + 1)
    except DefusedXmlException as error:
        what = REFUSED_DECLARATIONS.get(type(error).__name__, "a declaration")
        return SvgProblem(
            f"the SVG has {what}, which is not allowed",
            expat.CurrentLineNumber,
            expat.CurrentColumnNumber + 1,
        )
    except (ParseError, ValueError, LookupError) as error:
        line, column = getattr(error, "position", (expat.CurrentLineNumber, 0))
        reason = str(error).split(":")[0]
        return SvgProblem(f"the SVG is not well-formed XML ({reason})", line, column + 1)
    return None
