"""Errors name the place; any error writes nothing; never a traceback."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from click.testing import CliRunner
from interchangekit import SITES, copy_site, errors, run_import
from openpyxl import Workbook

from cjmsite.commands.main import main


def _book(path: Path, rows: list[list], sheet: str = "Touchpoints") -> Path:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


HEAD = ["stage", "order", "id", "title", "channel", "emotion:ana", "importance"]


def test_emotion_out_of_scale_names_sheet_and_cell(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    path = _book(
        tmp_path / "journey.xlsx",
        [
            HEAD,
            *[["awareness", 10 * i, f"t{i}", f"T {i}", "web", 1, 2] for i in range(1, 6)],
            ["awareness", 60, "t6", "T6", "web", 7, 2],
        ],
    )
    diags = run_import(config, [path])
    assert "journey.xlsx:Touchpoints!F7: error: emotion:ana is 7, outside -2..2" in errors(diags)
    assert not (config.parent / "content/journeys/journey").exists()


def test_unknown_channel_suggests_the_nearest(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    path = tmp_path / "alta.csv"
    lines = ["stage,title,channel,emotion:ana,importance"] + [
        f"awareness,T{i},web,1,2" for i in range(10)
    ]
    path.write_text("\n".join([*lines, "awareness,Tx,webb,1,2"]) + "\n", "utf-8")
    found = errors(run_import(config, [path]))
    assert found == [
        "alta.csv:12:3: error: unknown channel 'webb' (did you mean `web`? "
        "(or import with --create-missing to write a stub))"
    ]


def test_unknown_persona_department_stage_listed(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    path = tmp_path / "x.csv"
    path.write_text("stage,title,emotion:zoe,owner:legal,importance\nwow,T,1,R,2\n", "utf-8")
    found = "\n".join(errors(run_import(config, [path])))
    assert "unknown persona 'zoe'" in found and "unknown department 'legal'" in found
    assert "unknown stage 'wow'" in found


def test_create_missing_writes_stubs_that_check(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    path = tmp_path / "x.csv"
    path.write_text(
        "stage,title,channel,emotion:Zoë Pérez,owner:Legal,owner:sales,importance\n"
        "Descubrimiento,T,Kiosko,1,R,A,2\n",
        "utf-8",
    )
    diags = run_import(config, [path], create_missing=True, channel_kind="offline")
    assert errors(diags) == []
    assert any(
        "new channel 'kiosko' written with kind offline" in w.replace("`", "")
        for w in [d.format() for d in diags.warnings]
    )
    content = config.parent / "content"
    assert "name: Zoë Pérez" in (content / "personas/zoe-perez.md").read_text("utf-8")
    assert "kind: offline" in (content / "channels/kiosko.md").read_text("utf-8")
    assert (content / "departments/legal.md").is_file()
    index = (content / "journeys/x/index.md").read_text("utf-8")
    assert "id: descubrimiento" in index and "name: Descubrimiento" in index
    from interchangekit import site_data

    site_data(config)


def test_score_outside_mermaid_range_names_the_line(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    path = tmp_path / "README.md"
    path.write_text(
        "# x\n\n```mermaid\njourney\n  title T\n  section Awareness\n    Sees: 7: Ana\n```\n",
        "utf-8",
    )
    assert errors(run_import(config, [path])) == ["README.md:7:1: error: score 7 is outside 1..5"]


def test_absurd_mermaid_line_is_refused(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    path = tmp_path / "x.mmd"
    path.write_text("journey\n  title T\n  section A\n    " + "x" * 50_000 + ": 3: Ana\n", "utf-8")
    assert "over 10,000" in "\n".join(errors(run_import(config, [path])))


def test_zip_bomb_and_huge_sheet_are_refused(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    book = _book(tmp_path / "big.xlsx", [HEAD])
    with zipfile.ZipFile(book) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "</sheetData>", '<row r="900000"><c r="A900000" t="n"><v>1</v></c></row></sheetData>'
    ).encode()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
        target.writestr("xl/bomb.bin", b"\0" * 120_000_000)
    found = "\n".join(errors(run_import(config, [book])))
    assert "unpacks to more than" in found


def test_huge_sheet_is_refused(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    book = _book(tmp_path / "big.xlsx", [HEAD])
    with zipfile.ZipFile(book) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "</sheetData>", '<row r="900000"><c r="XFD900000" t="n"><v>1</v></c></row></sheetData>'
    ).encode()
    with zipfile.ZipFile(book, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    assert "a sheet has cells up to row 900,000" in "\n".join(errors(run_import(config, [book])))


def test_enormous_csv_field_and_garbage_files(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    path = tmp_path / "x.csv"
    path.write_text(
        'stage,title,importance,emotion:ana\nawareness,"' + "x" * 2_000_000 + '",2,1\n', "utf-8"
    )
    assert "not a readable CSV file" in "\n".join(errors(run_import(config, [path])))
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really")
    assert "not a readable XLSX workbook" in "\n".join(errors(run_import(config, [fake])))


def test_cli_exit_codes_and_dry_run_json(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    good = tmp_path / "alta.csv"
    good.write_text("stage,title,emotion:ana,importance\nawareness,Sees,1,2\n", "utf-8")
    runner = CliRunner()
    result = runner.invoke(
        main, ["import", str(good), "--config", str(config), "--dry-run", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["created"] == ["journeys/alta/index.md", "journeys/alta/10-sees.md"]
    assert not (config.parent / "content/journeys/alta").exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("stage,title,emotion:ana,importance\nawareness,Sees,9,2\n", "utf-8")
    result = runner.invoke(main, ["import", str(bad), str(good), "--config", str(config)])
    assert result.exit_code == 1 and "nothing written" in result.output
    assert not (config.parent / "content/journeys/alta").exists()
    assert result.exception is None or isinstance(result.exception, SystemExit)
    result = runner.invoke(main, ["import", str(good), "--config", str(tmp_path / "none.yml")])
    assert result.exit_code == 2
    result = runner.invoke(main, ["import", str(good), "--config", str(config)])
    assert result.exit_code == 0 and (config.parent / "content/journeys/alta/10-sees.md").is_file()
