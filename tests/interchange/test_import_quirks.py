"""Real-world spreadsheets: Spanish Excel CSV, merged cells, formulas, transposed layouts."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import yaml
from interchangekit import SITES, copy_site, errors, export, run_import, site_data, warnings
from openpyxl import Workbook

from cjmsite.interchange.cells import guard_formula, unguard_formula

HEADER_ES = (
    "etapa;orden;título;canal;contacto;importancia;emoción:ana;responsable:sales;dolores;narrativa"
)


def frontmatter(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


def touchpoint(config: Path, journey: str, name: str) -> dict:
    return frontmatter(config.parent / "content" / "journeys" / journey / name)


def test_spanish_excel_csv_windows_1252_crlf_decimal_comma(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    rows = [
        HEADER_ES,
        "awareness;10;Ve un anuncio;web;directo;3;0,5;R+A;Caro\r\nLento;Texto «ñ»",
        ";;;;;;;;;",
        ";;;;;;;;;",
    ]
    text = (
        "\r\n".join(rows[:1])
        + "\r\n"
        + 'awareness;10;Ve un anuncio;web;;3;0,5;R+A;"Caro\r\nLento";Texto «ñ»\r\n;;;;;;;;;\r\n'
    )
    path = tmp_path / "alta.csv"
    path.write_bytes(text.encode("cp1252"))
    diags = run_import(config, [path], journey="alta")
    assert errors(diags) == []
    data = touchpoint(config, "alta", "10-ve-un-anuncio.md")
    assert data["emotion"] == 0.5 and data["importance"] == 3
    assert data["owners"] == {"sales": ["R", "A"]} and data["pains"] == ["Caro", "Lento"]
    body = (config.parent / "content/journeys/alta/10-ve-un-anuncio.md").read_text("utf-8")
    assert body.endswith("\nTexto «ñ»\n")
    assert frontmatter(config.parent / "content/journeys/alta/index.md")["personas"] == ["ana"]
    site_data(config)  # it checks


def test_utf8_bom_csv_with_extra_column_warns_naming_it(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    path = tmp_path / "alta.csv"
    text = "\ufeffstage,title,importance,emotion:ana,Notas internas,,\n"
    text += "awareness,Sees,2,1,x,,\n,,,,,,\n"
    path.write_text(text, "utf-8")
    diags = run_import(config, [path])
    assert errors(diags) == []
    assert any(
        "extra column 'Notas internas'" in w and "alta.csv:1:5" in w for w in warnings(diags)
    )
    assert touchpoint(config, "alta", "10-sees.md")["title"] == "Sees"


def test_missing_required_column_is_an_error_naming_it(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    path = tmp_path / "alta.csv"
    path.write_text("stage,title,emotion:ana\nawareness,Sees,1\n", "utf-8")
    diags = run_import(config, [path])
    assert any("missing required column 'importance'" in e for e in errors(diags))
    assert not (config.parent / "content/journeys/alta").exists()


def _workbook(path: Path, rows: list[list], merge: str = "", sheet: str = "touchpoints") -> None:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    book.save(path)


def test_transposed_workshop_layout_with_merged_stage_cells(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    path = tmp_path / "taller.xlsx"
    rows = [
        ["Etapa", "awareness", None, "purchase"],
        ["Título", "Ve anuncio", "Busca en web", "Compra"],
        ["Importancia", "2", 3, 5],  # a number stored as text
        ["Emoción: Ana", 1, 0, -1],
        ["Canal", "Website", "web", "store"],  # a channel's name works as well as its id
    ]
    _workbook(path, rows, merge="B1:C1")
    diags = run_import(config, [path], journey="taller")
    assert errors(diags) == []
    assert touchpoint(config, "taller", "20-busca-en-web.md")["stage"] == "awareness"
    assert touchpoint(config, "taller", "10-ve-anuncio.md")["importance"] == 2
    assert touchpoint(config, "taller", "10-ve-anuncio.md")["channel"] == "web"
    assert touchpoint(config, "taller", "30-compra.md")["emotion"] == -1


def _with_cached_formula(path: Path) -> None:
    """Give cell G2 a formula with a cached value (openpyxl cannot write cached values)."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(r'<c r="D2"[^>]*>.*?</c>', '<c r="D2"><f>1+1</f><v>2</v></c>', sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_formula_cells_give_their_cached_value(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    path = tmp_path / "f.xlsx"
    _workbook(path, [["stage", "title", "emotion:ana", "importance"], ["awareness", "Sees", 1, 9]])
    _with_cached_formula(path)
    assert errors(run_import(config, [path], journey="f")) == []
    assert touchpoint(config, "f", "10-sees.md")["importance"] == 2


def test_csv_injection_guard_round_trips(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    tp = config.parent / "content/journeys/signup/10-sees-ad.md"
    values = ["=1+1", "+cmd", "-neg", "@sum", "'=quoted", "''=two", "'plain"]
    text = tp.read_text("utf-8").replace("title: Sees an ad", "title: '=HYPERLINK(\"x\")'")
    text = text.replace(
        "importance: 2\n",
        "importance: 2\npains: " + yaml.safe_dump(values, default_flow_style=True),
    )
    tp.write_text(text, "utf-8")
    for fmt in ("csv", "xlsx"):
        export(config, fmt, tmp_path / fmt)
        if fmt == "csv":
            raw = (tmp_path / "csv/signup/touchpoints.csv").read_text("utf-8")
            assert "\"'=HYPERLINK" in raw and "\"'=1+1\n" in raw
        tp.write_text(text.replace("pains:", "gains: [x]\npains:"), "utf-8")
        assert errors(run_import(config, [tmp_path / fmt])) == []
        assert frontmatter(tp)["pains"] == values
        assert frontmatter(tp)["title"] == '=HYPERLINK("x")'
        assert "gains" not in frontmatter(tp)


def test_guard_and_unguard_are_inverse() -> None:
    for value in ["=a", "+a", "-a", "@a", "\ta", "\ra", "'=a", "''", "'", "'a", "a", "", "''=a"]:
        guarded = guard_formula(value)
        assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert unguard_formula(guarded) == value


def test_merged_header_over_two_columns(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    path = tmp_path / "m.xlsx"
    rows = [
        ["stage", "title", None, "importance", "emotion:ana", "pains", None],
        ["awareness", "Sees", None, 2, 1, "Slow", "Noisy"],
    ]
    _workbook(path, rows, merge="F1:G1")
    book = path  # B1:C1 merged as well
    from openpyxl import load_workbook

    wb = load_workbook(book)
    wb.active.merge_cells("B1:C1")
    wb.save(book)
    assert errors(run_import(config, [book], journey="m")) == []
    data = touchpoint(config, "m", "10-sees.md")
    assert data["title"] == "Sees" and data["pains"] == ["Slow", "Noisy"]
