"""The words of a diff report: the handbook's locale (`diff.*` keys), its numbers, and the
escaping of every value that comes from content, per output format.

A report is written through one `Words` object: `Words` itself for plain text (the JSON's
language-neutral verdict, always English), `MarkdownWords` for the pull-request comment
and `HtmlWords` for the standalone page. Callers pass every content value (titles, names,
labels, file names) through `text()` or `code()`; locale templates are the theme's own
text, HTML-escaped in HTML and used as written in Markdown and plain text.
"""

from __future__ import annotations

import functools
import re
from html import escape
from pathlib import Path
from string import Formatter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when used: `cjmsite.render` brings in the chart code
    from cjmsite.render.locale import Locale

ZWJ = "\u200d"  # zero-width joiner: breaks @mentions, #refs and autolinks, invisibly
# control characters, and every character Markdown or a browser may read as a line break
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# punctuation CommonMark + GFM give a meaning to anywhere in a line (backslash-escaped)
_INLINE = re.compile(r"([\\`*_\[\]<>|~&!$])")
# what a line may start with to become a heading, list, quote, fence or table rule
_LEADING = re.compile(r"^([#>+=:-]|\d+[.)])")
_AUTOLINK = re.compile(r"(?i)(://|\bwww(?=\.))")
_REFERENCE = re.compile(r"(@|#(?=\d)|\bGH-(?=\d))", re.IGNORECASE)


def one_line(value: Any) -> str:
    """`value` as text on one line: control characters and line breaks become spaces."""
    return _BREAKS.sub(" ", str(value)).strip()


def markdown_text(value: Any) -> str:
    """A content value as GitHub Markdown that renders as exactly its text: no HTML, no
    comment, emphasis, link, image, table cell break, code span, autolink, @mention or
    #reference; one line."""
    text = one_line(value)
    text = _INLINE.sub(r"\\\1", text)
    text = _LEADING.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], text)
    text = _AUTOLINK.sub(lambda m: m.group(0)[0] + ZWJ + m.group(0)[1:], text)
    return _REFERENCE.sub(lambda m: m.group(0) + ZWJ, text)


def markdown_code(value: Any) -> str:
    """A value as a Markdown code span (for ids): a backtick fence longer than any run in
    it, one line, `|` escaped so a table row stays whole."""
    text = one_line(value).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def markdown_fence(lines: list[str], info: str = "text") -> list[str]:
    """A fenced code block holding `lines` (each made one line) that they cannot close."""
    body = [one_line(line) for line in lines]
    longest = max((len(r) for line in body for r in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + info, *body, fence]


class Words:
    """Plain text: values as they are, ids in backticks (the JSON's verdict, CLI text)."""

    def __init__(self, locale: Locale):
        self.locale = locale

    @property
    def language(self) -> str:
        return self.locale.language

    def text(self, value: Any) -> str:
        return one_line(value)

    def code(self, value: Any) -> str:
        return f"`{one_line(value)}`"

    def literal(self, template: str) -> str:
        """A locale template's own text, as this format needs it."""
        return template

    def template(self, key: str, n: float | None = None) -> str:
        """The raw locale string `diff.<key>`, its plural form for `n` if it has them."""
        from cjmsite.render.locale import plural_category

        strings, full = self.locale.strings, f"diff.{key}"
        if full not in strings and f"{full}.other" in strings:
            category = plural_category(self.language, n if n is not None else 2)
            full = f"{full}.{category}" if f"{full}.{category}" in strings else f"{full}.other"
        if full not in strings:
            self.locale.unknown.add(full)
            return full
        return str(strings[full])

    def t(self, key: str, /, n: float | None = None, **values: str) -> str:
        """`diff.<key>` with its `{fields}` filled by `values` (already in this format)."""
        template = self.literal(self.template(key, n))
        if n is not None:
            values = {"n": self.num(n), **values}
        from cjmsite.render.locale import nest_quotes

        fields = {name for _, name, _, _ in Formatter().parse(template) if name}
        filled = {name: values.get(name, "") for name in fields}
        return template.format(**nest_quotes(template, filled))

    def num(self, value: Any) -> str:
        """A number with the language's decimal mark (`0,5`); a text value escaped."""
        if value is None:
            return "–"
        if isinstance(value, bool) or not isinstance(value, int | float):
            return self.text(value)
        text = format(round(float(value), 2), "g")
        return ("0" if text == "-0" else text).replace(".", self.locale.decimal)

    def written(self, value: Any) -> str:
        """A metric value as its author wrote it (`4.0` stays `4.0`), decimal mark localised."""
        if value is None:
            return "–"
        if isinstance(value, float):
            return repr(value).replace(".", self.locale.decimal)
        return self.text(value)

    def signed(self, value: float) -> str:
        return ("+" if value > 0 else "") + self.num(value)


class MarkdownWords(Words):
    """GitHub-flavoured Markdown, made safe for a pull-request comment."""

    def text(self, value: Any) -> str:
        return markdown_text(value)

    def code(self, value: Any) -> str:
        return markdown_code(value)


class HtmlWords(Words):
    """HTML: values and templates escaped, ids as <code>."""

    def text(self, value: Any) -> str:
        return escape(one_line(value))

    def code(self, value: Any) -> str:
        return f"<code>{escape(one_line(value))}</code>"

    def literal(self, template: str) -> str:
        return escape(template, quote=False)


@functools.cache
def english() -> Locale:
    """The built-in theme's English strings (the JSON report's verdict, the fallback)."""
    from cjmsite.render.locale import load_locale
    from cjmsite.render.theme import Theme, find_builtin

    return load_locale(Theme((find_builtin(),)), "en", find_builtin())[0]


def handbook_locale(config: Any, root: Path) -> Locale:
    """The locale of the handbook's theme and language (the project on disk: overrides
    and theme as its configuration names them), English where it lacks a string."""
    from cjmsite.render.locale import load_locale
    from cjmsite.render.theme import load_theme

    theme, _ = load_theme(config.theme, config.theme_overrides, root)
    return load_locale(theme, config.language, root)[0]
