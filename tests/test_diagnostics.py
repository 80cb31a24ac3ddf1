"""Diagnostics come out in one total order, whatever order they were found in."""

from __future__ import annotations

import itertools

from cjmsite.diagnostics import Diagnostics, Location, Severity

HERE = Location("content/a.md", 3, 1)
FOUND = [
    (Severity.WARNING, HERE, "same place, same message", "a hint"),
    (Severity.ERROR, HERE, "same place, same message", ""),
    (Severity.WARNING, HERE, "same place, same message", "another hint"),  # a duplicate
    (Severity.ERROR, Location("content/a.md", 1, 1), "earlier line", ""),
    (Severity.WARNING, Location("content/b.md", 1, 1), "another file", ""),
]


def test_sorted_does_not_depend_on_the_order_found() -> None:
    results = set()
    for order in itertools.permutations(FOUND):
        diags = Diagnostics()
        for severity, where, message, hint in order:
            diags.add(severity, where, message, hint)
        results.add(tuple(d.format() for d in diags.sorted()))
    assert len(results) == 1
    assert list(results.pop()) == [
        "content/a.md:1:1: error: earlier line",
        "content/a.md:3:1: error: same place, same message",
        "content/a.md:3:1: warning: same place, same message (a hint)",
        "content/b.md:1:1: warning: another file",
    ]
