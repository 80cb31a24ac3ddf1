"""Limits (alias bombs, deep nesting, file size) and encodings, in content files and the config.

Wall-time bounds here are generous (5 s): they catch a hang, not a slowdown; the refusals
themselves take milliseconds. The 10,000-file check is a benchmark (benchmarks/check_10k.py).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sitekit import fixture_site

from cjmsite import check
from cjmsite.config.options import ConfigError, load_config
from cjmsite.diagnostics import Diagnostic
from cjmsite.sources.yamltree import MAX_DEPTH, MAX_NODES, YamlProblem, parse_yaml

HANG = 5.0  # seconds; only to catch a hang
PERSONA = "content/personas/ana.md"


def billion_laughs(levels: int = 9) -> str:
    lines = ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, levels + 1):
        refs = ", ".join([f"*l{n - 1}"] * 9)
        lines.append(f"lol{n}: &l{n} [{refs}]")
    return "\n".join(lines) + "\n"


def run(config: Path) -> list[Diagnostic]:
    try:
        return check(config).diagnostics
    except ConfigError as error:
        return error.diagnostics.sorted()


def site_with(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    config = fixture_site("minimal", tmp_path, base=None)
    for name, data in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
    return config


def errors_of(diagnostics: list[Diagnostic], path: str) -> list[Diagnostic]:
    return [d for d in diagnostics if d.path == path and d.severity == "error"]


# -- YAML limits ---------------------------------------------------------------------
HOSTILE_YAML = {
    "billion laughs": billion_laughs(),
    "quadratic blow-up": "a: &a ["
    + ", ".join(["x" * 100] * 2000)
    + "]\n"
    + "b: ["
    + ", ".join(["*a"] * 2000)
    + "]\n",
    "recursive alias": "a: &a [1, *a]\n",
    "recursive mapping": "a: &a {b: *a}\n",
    "deep flow nesting": "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "deep flow mappings": "a: " + "{b: " * 5_000 + "1" + "}" * 5_000 + "\n",
    "deep block nesting": "a:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(300)),
    "deep compact sequences": "a:\n  " + "- " * 500 + "x\n",
    "too many values": "a: [" + ", ".join(["1"] * (MAX_NODES + 10)) + "]\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_YAML))
def test_parse_yaml_refuses_quickly(name: str) -> None:
    start = time.perf_counter()
    with pytest.raises(YamlProblem) as raised:
        parse_yaml(HOSTILE_YAML[name], line_offset=1)
    assert time.perf_counter() - start < HANG
    message = raised.value.message
    assert any(word in message for word in ("values", "levels", "alias")), message
    assert raised.value.line >= 2  # a file line, after the opening `---`


@pytest.mark.parametrize("name", sorted(HOSTILE_YAML))
def test_hostile_frontmatter_is_a_diagnostic(tmp_path: Path, name: str) -> None:
    config = site_with(tmp_path, {PERSONA: "---\n" + HOSTILE_YAML[name] + "---\n"})
    start = time.perf_counter()
    diagnostics = run(config)
    assert time.perf_counter() - start < HANG
    (error,) = errors_of(diagnostics, PERSONA)
    assert (
        f"{MAX_NODES:,} values" in error.message
        or "levels deep" in error.message
        or ("alias" in error.message)
    )


@pytest.mark.parametrize("name", ["billion laughs", "deep flow nesting", "recursive alias"])
def test_hostile_config_is_a_diagnostic(tmp_path: Path, name: str) -> None:
    config = site_with(tmp_path, {"cjmsite.yml": "title: T\n" + HOSTILE_YAML[name]})
    start = time.perf_counter()
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    assert time.perf_counter() - start < HANG
    (error,) = raised.value.diagnostics.errors
    assert error.path == "cjmsite.yml" and error.line >= 2


def test_limits_leave_room_for_real_content() -> None:
    anchors = "base: &base {name: Ana, goals: [a, b]}\nother: *base\nthird: {<<: *base}\n"
    assert parse_yaml(anchors).data["third"]["name"] == "Ana"
    nested = "a: " + "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1)
    assert parse_yaml(nested).data is not None
    many = "a: [" + ", ".join(["1"] * 10_000) + "]"
    assert len(parse_yaml(many).data["a"]) == 10_000


def test_positions_are_exact_after_the_scan() -> None:
    doc = parse_yaml("a: &x [1, 2]\nb: *x\nc:\n  - {d: 1}\n", line_offset=1)
    assert doc.where(("c", 0, "d")).line == 5
    assert doc.where(("b",), key=True).line == 3


# -- file size -----------------------------------------------------------------------
def test_file_over_the_default_limit_is_refused(tmp_path: Path) -> None:
    big = "---\nname: Ana\n---\n" + ("word " * 210_000)
    config = site_with(tmp_path, {PERSONA: big})
    (error,) = errors_of(run(config), PERSONA)
    assert "over the limit of 1,000,000 bytes" in error.message
    assert "max_file_size" in error.hint


def test_max_file_size_is_configurable(tmp_path: Path) -> None:
    config = site_with(
        tmp_path,
        {
            "cjmsite.yml": "title: T\nmax_file_size: 100\n",
            PERSONA: "---\nname: Ana\n---\n" + "x" * 200 + "\n",
        },
    )
    assert load_config(config)[0].max_file_size == 100
    (error,) = errors_of(run(config), PERSONA)
    assert "over the limit of 100 bytes" in error.message
    # assets (images) are copied, not read: the limit is for Markdown files
    assert not errors_of(run(config), "content/assets/ana.svg")


@pytest.mark.parametrize("value", ["0", "-1", "1.5", "big", "true", "[1]"])
def test_max_file_size_must_be_a_positive_whole_number(tmp_path: Path, value: str) -> None:
    config = site_with(tmp_path, {"cjmsite.yml": f"title: T\nmax_file_size: {value}\n"})
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    (error,) = raised.value.diagnostics.errors
    assert "max_file_size" in error.message and error.line == 2


def test_max_file_size_default(tmp_path: Path) -> None:
    config, _ = load_config(site_with(tmp_path, {}))
    assert config.max_file_size == 1_000_000


# -- encodings: frontmatter, body and cjmsite.yml --------------------------------------
GOOD = "---\nname: Ana Núñez\nsummary: Señal\n---\nCuerpo con ñ y [Ana](ana.md).\n"


@pytest.mark.parametrize(
    "encoding",
    [
        pytest.param(lambda t: t.encode(), id="utf-8"),
        pytest.param(lambda t: b"\xef\xbb\xbf" + t.encode(), id="utf-8-bom"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode(), id="bom-crlf"),
        pytest.param(lambda t: t.replace("\n", "\r").encode(), id="cr"),
    ],
)
def test_utf8_bom_and_line_endings_read_alike(tmp_path: Path, encoding) -> None:
    config = site_with(
        tmp_path,
        {PERSONA: encoding(GOOD), "cjmsite.yml": encoding("title: Señal\nlanguage: es\n")},
    )
    result = check(config)
    assert result.diagnostics == [], [d.format() for d in result.diagnostics]
    assert result.site is not None
    ana = result.site.personas["ana"]
    assert (ana.name, ana.summary, result.site.config.title) == ("Ana Núñez", "Señal", "Señal")
    assert "Cuerpo con ñ" in ana.body_html and "\r" not in ana.body_html


def test_crlf_keeps_line_numbers(tmp_path: Path) -> None:
    text = "---\r\nname: Ana\r\nchannels: [nowhere]\r\n---\r\n\r\n[x](missing.md)\r\n"
    diagnostics = run(site_with(tmp_path, {PERSONA: text}))
    lines = sorted(d.line for d in errors_of(diagnostics, PERSONA))
    assert lines == [3, 6]


def test_tab_in_frontmatter(tmp_path: Path) -> None:
    diagnostics = run(site_with(tmp_path, {PERSONA: "---\nname: Ana\ngoals:\n\t- x\n---\n"}))
    (error,) = errors_of(diagnostics, PERSONA)
    assert "tabs" in error.hint and error.line == 4


def test_tab_in_body_is_fine(tmp_path: Path) -> None:
    diagnostics = run(site_with(tmp_path, {PERSONA: "---\nname: Ana\n---\n\tcode\n"}))
    assert not errors_of(diagnostics, PERSONA)


def test_tab_in_config(tmp_path: Path) -> None:
    config = site_with(tmp_path, {"cjmsite.yml": "title: T\nscales:\n\temotion: {min: 0}\n"})
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    (error,) = raised.value.diagnostics.errors
    assert "tabs" in error.hint and error.line == 3


@pytest.mark.parametrize(
    ("name", "data", "offset", "line"),
    [
        (PERSONA, b"---\nname: Ana \xe9\n---\n", 14, 2),  # in the frontmatter
        (PERSONA, b"---\nname: Ana\n---\nok\nbad \xff\n", 25, 5),  # in the body
        (PERSONA, b"\xef\xbb\xbf---\nname: Ana\n---\n\xc3(\n", 21, 4),  # after a BOM
        ("cjmsite.yml", b"title: Se\xf1al\n", 9, 1),  # Latin-1 config
    ],
)
def test_not_utf8_names_file_and_byte_offset(
    tmp_path: Path, name: str, data: bytes, offset: int, line: int
) -> None:
    config = site_with(tmp_path, {name: data})
    (error,) = errors_of(run(config), name)
    assert f"not valid UTF-8: byte {offset} " in error.message
    assert error.path == name and error.line == line


def test_utf16_gets_a_hint(tmp_path: Path) -> None:
    config = site_with(tmp_path, {PERSONA: "---\nname: Ana\n---\n".encode("utf-16")})
    (error,) = errors_of(run(config), PERSONA)
    assert "UTF-16" in error.message
