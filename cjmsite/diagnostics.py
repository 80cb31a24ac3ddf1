"""Diagnostics: problems found in a run, as values the CLI decides how to show."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

# C0 and C1 controls, DEL, and the Unicode line separators and bidirectional controls
# (which reorder what a terminal or a review shows, "Trojan Source")
_CONTROLS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """`text` with control characters written as escapes (`\\n`, `\\t`, `\\x1b`, `\\u202e`),
    so a file name or value can neither start a forged line nor recolour or reorder one."""
    return _CONTROLS.sub(_escaped, text)


class Severity(StrEnum):
    """How bad a problem is: errors stop the build, warnings do not (unless strict)."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is, what is wrong and what would be right."""

    path: str
    line: int
    column: int
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    hint: str = field(default="", compare=False)

    def format(self) -> str:
        """`path:line:col: severity: message (hint)` — the form editors and CI annotate.

        One line, whatever the path or the values quoted in it hold: control characters
        are escaped (a file name with a newline cannot forge a `path:1:1: error:` line).
        """
        where = escape_controls(self.path) or "<site>"
        if self.line:
            where += f":{self.line}:{max(self.column, 1)}"
        text = f"{where}: {self.severity.value}: {escape_controls(self.message)}"
        return f"{text} ({escape_controls(self.hint)})" if self.hint else text


@dataclass(frozen=True)
class Location:
    """A place in a source file (1-based line and column; 0 when unknown)."""

    path: str
    line: int = 0
    column: int = 0


class Diagnostics:
    """Collects diagnostics of one run, in the order they were found."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def add(self, severity: Severity, where: Location, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(where.path, where.line, where.column, severity, message, hint))

    def error(self, where: Location, message: str, hint: str = "") -> None:
        self.add(Severity.ERROR, where, message, hint)

    def warning(self, where: Location, message: str, hint: str = "") -> None:
        self.add(Severity.WARNING, where, message, hint)

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        """By file, line and column (then message, severity and hint: one total order, so
        the list does not depend on the order problems were found in, e.g. by a build that
        reused part of the last one); duplicates (the same but for the hint) dropped."""
        seen: set[tuple[object, ...]] = set()
        unique = []
        for d in sorted(self.items, key=_order):
            key = (d.path, d.line, d.column, d.severity, d.message)
            if key not in seen:
                seen.add(key)
                unique.append(d)
        return unique


def _order(d: Diagnostic) -> tuple[str, int, int, str, str, str]:
    return (d.path, d.line, d.column, d.message, d.severity.value, d.hint)


MAX_SUGGEST_WORD = 100  # longer words get no fuzzy suggestion (difflib is quadratic in length)
MAX_SUGGEST_CHOICES = 1_000  # more candidates: only a case-insensitive match is suggested


class Suggestions:
    """Candidates prepared once, so that many lookups cost no more than one scan each.

    Callers that may suggest for every item of untrusted input (links, references) build
    one per candidate set instead of passing the set to `did_you_mean` each time.
    """

    def __init__(self, candidates: Iterable[str]) -> None:
        self.choices = sorted(set(candidates))
        self.lowered = {c.lower(): c for c in self.choices}

    def nearest(self, word: str) -> str | None:
        if len(word) <= MAX_SUGGEST_WORD and len(self.choices) <= MAX_SUGGEST_CHOICES:
            found = difflib.get_close_matches(word, self.choices, n=1, cutoff=0.6)
            if found:
                return found[0]
        return self.lowered.get(word.lower())

    def hint(self, word: str, what: str = "known values", empty: str = "") -> str:
        """A hint: "did you mean `x`?", the list of known values, or `empty` when none."""
        guess = self.nearest(word)
        if guess:
            return f"did you mean `{guess}`?"
        choices = self.choices
        if not choices:
            return empty or f"there are no {what}"
        shown = ", ".join(f"`{c}`" for c in choices[:12])
        more = f" and {len(choices) - 12} more" if len(choices) > 12 else ""
        return f"{what}: {shown}{more}"


def nearest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to `word`, if any is close enough to suggest."""
    return Suggestions(candidates).nearest(word)


def did_you_mean(
    word: str,
    candidates: Iterable[str] | Suggestions,
    what: str = "known values",
    empty: str = "",
) -> str:
    """A hint: "did you mean `x`?", the list of known values, or `empty` when there are none."""
    if not isinstance(candidates, Suggestions):
        candidates = Suggestions(candidates)
    return candidates.hint(word, what, empty)


def relative_path(path: Path, root: Path) -> str:
    """A path as shown in messages: relative to the project root when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
