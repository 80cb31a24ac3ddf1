"""The shared facts: one number format, one id pattern, the defaults."""

from __future__ import annotations

import ast
from pathlib import Path

from cjmsite import facts
from cjmsite.facts import format_number, none_defined


def test_format_number():
    assert format_number(0.5) == "0.5"
    assert format_number(-1.25, 2, ",", "−") == "−1,25"
    assert format_number(-0.001, 2, ",", "−") == "0"
    assert format_number(2.0) == "2"
    assert format_number(1_000_000) == "1000000"  # never 1e+06
    assert format_number(123456.78) == "123456.78"  # never rounded to six digits
    assert format_number(0.5, 2, sign=True) == "+0.5"
    assert format_number(1.234, 1) == "1.2"


def test_the_locale_and_the_charts_format_numbers_alike():
    from cjmsite.render.charts.svg import ChartText, chart_number
    from cjmsite.render.locale import MINUS, Locale

    locale = Locale("es", {"number.decimal": ","}, {})
    text = ChartText(decimal=",", minus=MINUS)
    for value in (-1.25, 0.5, 3, -0.004, 42.1):
        assert locale.number(value) == chart_number(text)(value)


def test_none_defined_names_the_folder():
    assert none_defined("department") == (
        "no department is defined yet (add one under content/departments/)"
    )


def test_facts_import_nothing_from_cjmsite():
    tree = ast.parse(Path(facts.__file__).read_text(encoding="utf-8"))
    imported = [
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    assert not [name for name in imported if name.startswith("cjmsite")]


def test_the_id_pattern():
    assert facts.ID_PATTERN.match("atencion-al-cliente")
    assert not facts.ID_PATTERN.match("Atención")
    assert not facts.ID_PATTERN.match("-x")
