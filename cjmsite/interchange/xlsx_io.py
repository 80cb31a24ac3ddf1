"""XLSX workbooks: written with openpyxl (it can add data validation), read with
python-calamine (fast, read-only, gives a formula's cached value), hostile files refused
before either library sees them."""

from __future__ import annotations

import os
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cjmsite.diagnostics import Diagnostics, Location
from cjmsite.interchange.cells import format_number
from cjmsite.interchange.table import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    Table,
    column_letters,
    trim,
)

MAX_XLSX_BYTES = 50_000_000
MAX_UNPACKED_BYTES = 100_000_000  # all parts of the zip together, once unpacked
MAX_PARTS = 5_000
CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Validation:
    """A drop-down (`choices`) or a number range for one column of the touchpoints sheet."""

    column: int
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None


@dataclass
class SheetOut:
    name: str
    rows: list[list[Any]]
    validations: list[Validation] = field(default_factory=list)
    widths: dict[int, int] = field(default_factory=dict)


def cell_problem(value: Any) -> str:
    """Why a value cannot go into an XLSX cell, or ""."""
    if not isinstance(value, str):
        return ""
    if len(value) > MAX_CELL_CHARS:
        return f"is {len(value):,} characters, over the {MAX_CELL_CHARS:,} an XLSX cell holds"
    if ILLEGAL.search(value):
        return "holds a control character an XLSX cell cannot store"
    return ""


def write_workbook(path: Path, sheets: list[SheetOut]) -> None:
    """Write the workbook (values only: text cells are text, never formulas)."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.name)
        for values in sheet.rows:
            ws.append([None if v == "" else v for v in values])
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a leading `=` stays text
        for column, width in sheet.widths.items():
            ws.column_dimensions[column_letters(column)].width = width
        last = max(len(sheet.rows), 2) + 200
        for rule in sheet.validations:
            area = f"{column_letters(rule.column)}2:{column_letters(rule.column)}{last}"
            if rule.choices:
                options = ",".join(rule.choices)
                dv = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
            else:
                dv = DataValidation(
                    type="decimal",
                    operator="between",
                    allow_blank=True,
                    formula1=format_number(rule.low),
                    formula2=format_number(rule.high),
                )
                dv.error = f"{format_number(rule.low)} .. {format_number(rule.high)}"
            dv.add(area)
            ws.add_data_validation(dv)
        ws.freeze_panes = "A2"
    book.save(path)
    _make_reproducible(path)


_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _make_reproducible(path: Path) -> None:
    """The same workbook for the same map: openpyxl stamps the time into docProps/core.xml
    and into every zip entry; fix both (to SOURCE_DATE_EPOCH when set, else 1980-01-01)."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800") or 315532800)
    moment = time.gmtime(max(epoch, 315532800))
    iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", moment).encode()
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            if info.filename == "docProps/core.xml":
                data = _STAMP.sub(lambda m: m.group(1) + iso + m.group(2), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=moment[:6])
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            archive.writestr(fixed, data)


def _scan_parts(archive: zipfile.ZipFile, shown: str) -> str:
    """Refuse zip bombs and sheets whose cells reach past the limits; "" when fine."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        return f"the workbook has {len(infos):,} parts, over {MAX_PARTS:,}"
    if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        return f"the workbook unpacks to more than {MAX_UNPACKED_BYTES:,} bytes"
    for info in infos:
        if not info.filename.startswith("xl/worksheets/") or not info.filename.endswith(".xml"):
            continue
        rows, columns = _extent(archive, info)
        if rows > MAX_ROWS + 1 or columns > MAX_COLUMNS:
            what = (
                f"row {rows:,}" if rows > MAX_ROWS + 1 else f"column {column_letters(columns - 1)}"
            )
            return f"a sheet has cells up to {what}, over {MAX_ROWS:,} rows × {MAX_COLUMNS} columns"
    return ""


def _extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    """(rows, columns) a sheet's cell references reach, read in chunks without parsing."""
    rows = columns = 0
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            for letters, number in CELL_REF.findall(data):
                rows = max(rows, int(number))
                value = 0
                for char in letters:
                    value = value * 26 + char - 64
                columns = max(columns, value)
            tail = data[-64:]
    return rows, columns


def read_workbook(path: Path, shown: str, diags: Diagnostics) -> dict[str, Table] | None:
    """Every sheet of the workbook as a Table (merged cells filled with their value)."""
    where = Location(shown)
    try:
        if path.stat().st_size > MAX_XLSX_BYTES:
            diags.error(where, f"the workbook is over {MAX_XLSX_BYTES:,} bytes", "split it")
            return None
        with zipfile.ZipFile(path) as archive:
            problem = _scan_parts(archive, shown)
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as error:
        diags.error(where, f"not a readable XLSX workbook: {error}", "save it as .xlsx")
        return None
    if problem:
        diags.error(where, problem, "split the workbook")
        return None
    return _read_sheets(path, shown, diags)


def _read_sheets(path: Path, shown: str, diags: Diagnostics) -> dict[str, Table] | None:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        tables = {}
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            rows = [list(r) for r in sheet.to_python(skip_empty_area=False)]
            _fill_merged(rows, sheet.merged_cell_ranges or [])
            tables[name] = Table(shown, trim(rows), sheet=name)
    except Exception as error:  # calamine raises its own error types for damaged files
        diags.error(Location(shown), f"not a readable XLSX workbook: {error}", "save it as .xlsx")
        return None
    for table in tables.values():
        for r, row in enumerate(table.rows):
            for c, value in enumerate(row):
                if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                    diags.error(
                        table.where(r, c), f"the cell is over {MAX_CELL_CHARS:,} characters"
                    )
                    return None
    return tables


def _fill_merged(rows: list[list[Any]], ranges: list[Any]) -> None:
    """Every cell of a merged range gets the value its top-left cell holds."""
    for (top, left), (bottom, right) in ranges:
        if top >= len(rows) or bottom - top > MAX_ROWS or right - left > MAX_COLUMNS:
            continue
        value = rows[top][left] if left < len(rows[top]) else ""
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= right:
                row.extend([""] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                if r != top or c != left:
                    row[c] = value
