"""Numbers as people mean them (issue 18, item 10): YAML 1.1 read `importance: 1:30` as 90
and accepted `0x4`; a NUL byte got the hint "YAML does not allow tabs"."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import fixture_site

from cjmsite import check
from cjmsite.config.options import ConfigError, load_config
from cjmsite.sources.numbers import NumberText, human_number
from cjmsite.sources.yamltree import YamlProblem, parse_yaml

TOUCHPOINT = "content/journeys/signup/10-sees-ad.md"


def touchpoint(**values: str) -> str:
    fields = {"title": "Sees an ad", "stage": "awareness", "channel": "web", "emotion": "1",
              "importance": "2", **values}  # fmt: skip
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\nBody.\n"


def errors_for(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    config = fixture_site("minimal", tmp_path, base=None)
    (tmp_path / TOUCHPOINT).write_text(text, encoding="utf-8")
    found = check(config).diagnostics
    return [(d.message, d.hint) for d in found if d.severity == "error" and d.path == TOUCHPOINT]


@pytest.mark.parametrize(
    ("written", "meant"),
    [("1:30", "90"), ("0x4", "4"), ("0o7", "7"), ("1_000", "1000"), ("017", "17"),
     ("0b11", "3"), ("-0x2", "-2"), ("1:30.5", "90.5"), ("1_0.5", "10.5")],
)  # fmt: skip
def test_number_fields_refuse_unusual_forms_with_a_hint(
    tmp_path: Path, written: str, meant: str
) -> None:
    (found,) = errors_for(tmp_path, touchpoint(importance=written, order=written))[:1]
    message, hint = found
    assert f"got the text {written!r}" in message
    assert hint == f"write {meant}, or quote it to keep it as text"


@pytest.mark.parametrize("key", ["importance", "emotion", "order"])
def test_each_number_field(tmp_path: Path, key: str) -> None:
    ((message, hint),) = errors_for(tmp_path, touchpoint(**{key: "0x1"}))
    assert f"`{key}` must be a number" in message and hint.startswith("write 1,")


def test_plain_numbers_still_read(tmp_path: Path) -> None:
    assert errors_for(tmp_path, touchpoint(importance="3", emotion="-1.5", order="+10")) == []
    data = parse_yaml("a: [3, -1.5, 2., .5, 1.0e+3, +4, 0]").data["a"]
    assert data == [3, -1.5, 2.0, 0.5, 1000.0, 4, 0]
    assert not any(isinstance(v, str) for v in data)


def test_text_fields_keep_what_was_written(tmp_path: Path) -> None:
    data = parse_yaml("title: 1:30\ngoal: 12:00:00\nvalue: 0x4\ncode: 017\n").data
    assert data == {"title": "1:30", "goal": "12:00:00", "value": "0x4", "code": "017"}
    assert isinstance(data["title"], NumberText)
    text = touchpoint(title="1:30", metrics="[{name: Wait, value: 0x4, target: 1_000}]")
    assert errors_for(tmp_path, text) == []


def test_human_number() -> None:
    assert human_number("3") is None and human_number("ab") is None
    assert human_number("1:30") == 90 and human_number("0X1F") == 31
    assert human_number("0xZZ") is None and human_number("1:2:3") == 3723


def test_config_numbers_too(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path, base=None)
    config.write_text(
        "title: T\nmax_file_size: 1_000_000\nscales: {importance: {min: 0x1, max: 5}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    hints = sorted(d.hint for d in raised.value.diagnostics.errors)
    assert hints == [
        "write 1, or quote it to keep it as text",
        "write 1000000, or quote it to keep it as text",
    ]


@pytest.mark.parametrize("text", ["title: a\x00b\n", "title: ok\n\x00\n", '"x\x00"\n'])
def test_a_nul_byte_is_called_a_nul_byte(text: str) -> None:
    with pytest.raises(YamlProblem) as raised:
        parse_yaml(text)
    assert "NUL" in raised.value.hint and "tab" not in raised.value.hint


def test_tabs_still_get_the_tab_hint() -> None:
    with pytest.raises(YamlProblem) as raised:
        parse_yaml("a:\n\tb: 1\n")
    assert "tabs" in raised.value.hint
