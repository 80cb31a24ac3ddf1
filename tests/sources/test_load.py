"""The loader: classification, id rules, frontmatter splitting, encodings."""

from __future__ import annotations

from pathlib import Path

from sitekit import write_files

from cjmsite.diagnostics import Diagnostics
from cjmsite.sources.files import load_content, suggest_id
from cjmsite.sources.yamltree import parse_yaml


def load(tmp_path: Path, files: dict[str, str | bytes]) -> tuple[list, Diagnostics]:
    for name, data in files.items():
        path = tmp_path / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    diags = Diagnostics()
    return load_content(tmp_path / "content", tmp_path, diags), diags


def test_kinds_ids_and_order(tmp_path: Path) -> None:
    sources, diags = load(
        tmp_path,
        {
            "personas/ana.md": "---\nname: Ana\n---\n",
            "journeys/j/index.md": "---\ntitle: J\n---\n",
            "journeys/j/020-compares-plans.md": "---\ntitle: C\n---\n",
            "journeys/j/notes.md": "---\ntitle: N\n---\n",
            "pages/guides/glossary.md": "# Glossary\n",
            "assets/a.png": b"\x89PNG",
        },
    )
    found = {(s.kind, s.id, s.order) for s in sources}
    assert ("persona", "ana", 0) in found
    assert ("journey", "j", 0) in found
    assert ("touchpoint", "compares-plans", 20) in found
    assert ("page", "guides/glossary", 0) in found
    assert any(s.kind == "asset" and s.content_path == "assets/a.png" for s in sources)
    assert any("notes.md" in d.path for d in diags.items)  # a touchpoint needs its NN- prefix


def test_frontmatter_lines_are_file_lines(tmp_path: Path) -> None:
    sources, _diags = load(tmp_path, {"personas/ana.md": "---\nname: Ana\nquote: hi\n---\nBody\n"})
    (ana,) = sources
    assert ana.doc is not None
    assert ana.doc.where(("quote",)).line == 3
    assert ana.body_line == 5
    assert ana.body.strip() == "Body"


def test_bom_and_crlf(tmp_path: Path) -> None:
    raw = "\ufeff---\r\nname: Ana\r\n---\r\nCuerpo\r\n".encode()
    sources, diags = load(tmp_path, {"personas/ana.md": raw})
    assert diags.items == []
    assert sources[0].data == {"name": "Ana"}


def test_not_utf8_names_byte_offset(tmp_path: Path) -> None:
    _sources, diags = load(tmp_path, {"personas/ana.md": b"---\nname: Ana \xe9\n---\n"})
    (error,) = diags.errors
    assert error.path == "content/personas/ana.md"
    assert "byte 14" in error.message or "offset 14" in error.message


def test_tabs_get_a_clear_message(tmp_path: Path) -> None:
    _sources, diags = load(tmp_path, {"personas/ana.md": "---\nname: Ana\ngoals:\n\t- x\n---\n"})
    (error,) = diags.errors
    assert "tab" in (error.message + error.hint).lower()
    assert error.line == 4


def test_frontmatter_must_be_a_mapping(tmp_path: Path) -> None:
    _, diags = load(tmp_path, {"personas/ana.md": "---\n- a\n- b\n---\n"})
    (error,) = diags.errors
    assert "mapping" in error.message


def test_suggest_id() -> None:
    assert suggest_id("Atención al Cliente") == "atencion-al-cliente"
    assert suggest_id("Ñandú_2") == "nandu-2"
    assert suggest_id("¿?") == "item"


def test_yaml_positions_of_items() -> None:
    doc = parse_yaml("a:\n  - x\n  - {b: 1}\n", line_offset=1)
    assert doc.where(("a", 1, "b")).line == 4
    assert doc.where(("a", 0)).column == 5


def test_write_files_helper(tmp_path: Path) -> None:
    root = write_files(tmp_path, {"x/y.txt": "ñ"})
    assert (root / "x/y.txt").read_text(encoding="utf-8") == "ñ"


def test_a_key_written_twice_is_an_error(tmp_path: Path) -> None:
    _, diags = load(tmp_path, {"personas/ana.md": "---\nname: Ana\nquote: a\nname: Bea\n---\n"})
    (error,) = diags.errors
    assert (error.line, error.column) == (4, 1)
    assert "`name` is written twice" in error.message and "first on line 2" in error.message
