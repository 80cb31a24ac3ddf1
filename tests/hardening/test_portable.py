"""Names every checkout can hold (issue 18, item 9): Windows device names and paths that
differ only in case (or in how an accent is encoded) are errors naming the files."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from sitekit import fixture_site

from cjmsite import check
from cjmsite.diagnostics import Diagnostic
from cjmsite.sources.portable import case_collisions, reserved_name

PERSONA = "---\nname: X\n---\n"
TOUCHPOINT = "---\ntitle: T\nstage: awareness\nchannel: web\nemotion: 1\nimportance: 2\n---\n"


def errors(tmp_path: Path, files: dict[str, bytes | str]) -> list[Diagnostic]:
    config = fixture_site("minimal", tmp_path, base=None)
    for name, data in files.items():
        path = tmp_path / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    return [d for d in check(config).diagnostics if d.severity == "error"]


@pytest.mark.parametrize(
    "name",
    ["con", "CON", "Aux.md", "nul.tar.gz", "prn", "com1", "COM9.png", "lpt1", "lpt9.txt",
     "com¹", "nul .png", "aux."],
)  # fmt: skip
def test_reserved_names(name: str) -> None:
    assert reserved_name(name)


@pytest.mark.parametrize("name", ["console", "com10", "lpt0x", "conan.md", "nullish", "auxiliar"])
def test_names_that_only_look_reserved(name: str) -> None:
    assert not reserved_name(name)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("personas/con.md", PERSONA),
        ("departments/aux.md", PERSONA),
        ("journeys/nul/index.md", "---\ntitle: J\npersonas: [ana]\n---\n"),
        ("assets/com1.png", b"\x89PNG"),
        ("assets/lpt1/photo.png", b"\x89PNG"),
        ("assets/PRN.txt", "x"),
    ],
)
def test_reserved_file_and_folder_names_are_errors(tmp_path: Path, name: str, text: str) -> None:
    found = errors(tmp_path, {name: text})
    assert [d.path for d in found] == [f"content/{name}"]
    assert "reserved on Windows" in found[0].message


@pytest.mark.parametrize(
    ("name", "text"),
    [("journeys/signup/30-com1.md", TOUCHPOINT), ("pages/lpt1.md", "# Page\n")],
)
def test_reserved_ids_are_errors(tmp_path: Path, name: str, text: str) -> None:
    found = errors(tmp_path, {name: text})
    assert [d.path for d in found] == [f"content/{name}"]
    assert "reserved on Windows" in found[0].message and "-1" in found[0].hint


def test_paths_differing_only_in_case_are_errors_naming_both(tmp_path: Path) -> None:
    found = errors(
        tmp_path, {"assets/Logo.png": b"1", "assets/logo.png": b"2", "Assets/x.png": b"3"}
    )
    (error,) = found  # Assets/x.png collides with nothing
    named = {error.path, error.message.split("`")[1]}
    assert named == {"content/assets/Logo.png", "content/assets/logo.png"}


def test_folder_case_and_accent_encoding_collide_too(tmp_path: Path) -> None:
    composed = "assets/señal.png"
    decomposed = unicodedata.normalize("NFD", composed)
    found = errors(tmp_path, {"Assets/x.png": b"1", "assets/x.png": b"2", composed: b"3",
                              decomposed: b"4"})  # fmt: skip
    assert len(found) == 2 and all("only in" in d.message for d in found)


def test_case_collisions_in_linear_time() -> None:
    paths = [f"assets/img-{n}.png" for n in range(50_000)]
    assert case_collisions(paths) == []
    assert case_collisions(["a/B.png", "a/b.png", "A/b.png"]) == [
        ("a/B.png", "a/b.png"),
        ("a/B.png", "A/b.png"),
    ]
