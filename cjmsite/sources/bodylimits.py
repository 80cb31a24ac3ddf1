"""Bounds on what a Markdown body may hand to markdown-it, checked in one linear pass.

markdown-it-py is linear on prose but slow per token (≈ 3 µs), and some of its inline
rules are superlinear in the number of delimiters in one paragraph (`[a[a[a…`, `![a![a…`).
So a body is refused, before it is parsed, when it has more lines or more inline markup
characters than any handbook page needs, or one paragraph has too many delimiters.
Counting is done with `str.count` and one regular expression: milliseconds for 1 MB.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BODY_LINES = 20_000  # a long handbook chapter has a few thousand
MAX_BODY_MARKS = 20_000  # inline markup characters in a whole body
MAX_PARAGRAPH_MARKS = 10_000  # … in one paragraph, where markdown-it can be superlinear
MARKS = "*_[]!`<&\\|~"
DELIMITERS = "*_[]!`<~"  # the ones markdown-it pairs up within a paragraph (not `|&\`)
_MARK = re.compile(r"[*_\[\]!`<&\\|~]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class BodyProblem:
    """Why a body is not parsed: a message, a hint and the body line (0-based) it names."""

    message: str
    hint: str
    line: int


def _nth_mark_line(text: str, count: int, start: int = 0) -> int:
    """The 0-based line (in `text`) of the `count`-th markup character from `start`."""
    for seen, match in enumerate(_MARK.finditer(text, start), 1):
        if seen == count:
            return text.count("\n", 0, match.start())
    return text.count("\n", 0, start)


def body_problem(body: str) -> BodyProblem | None:
    """None when markdown-it may parse `body` in time proportional to its length."""
    lines = body.count("\n") + 1
    if lines > MAX_BODY_LINES:
        return BodyProblem(
            f"the body has {lines:,} lines, over the limit of {MAX_BODY_LINES:,}",
            "split it into several files",
            MAX_BODY_LINES,
        )
    marks = sum(body.count(char) for char in MARKS)
    if marks > MAX_BODY_MARKS:
        return BodyProblem(
            f"the body has {marks:,} Markdown markup characters ({MARKS}), "
            f"over the limit of {MAX_BODY_MARKS:,}",
            "split it into several files",
            _nth_mark_line(body, MAX_BODY_MARKS + 1),
        )
    if sum(body.count(char) for char in DELIMITERS) <= MAX_PARAGRAPH_MARKS:
        return None
    start = 0
    for gap in [*_BLANK_LINE.finditer(body), None]:
        end = gap.start() if gap else len(body)
        in_paragraph = sum(body.count(char, start, end) for char in DELIMITERS)
        if in_paragraph > MAX_PARAGRAPH_MARKS:
            return BodyProblem(
                f"a paragraph has {in_paragraph:,} Markdown delimiters ({DELIMITERS}), "
                f"over the limit of {MAX_PARAGRAPH_MARKS:,} per paragraph",
                "split it with blank lines, or into several files",
                body.count("\n", 0, start),
            )
        start = gap.end() if gap else end
    return None
