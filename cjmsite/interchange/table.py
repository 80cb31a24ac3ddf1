"""A sheet as rows of cells, whatever file it came from, and the place of each cell."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from cjmsite.diagnostics import Location

MAX_ROWS = 20_000
MAX_COLUMNS = 500
MAX_CELL_CHARS = 32_767  # what an XLSX cell holds; a CSV field may be longer (a narrative)


def column_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass
class Table:
    """Cells by row and column (0-based); `file` and `sheet` name it in messages."""

    file: str
    rows: list[list[Any]]
    sheet: str = ""  # XLSX sheet name; "" for CSV
    lines: list[int] = field(default_factory=list)  # CSV: the file line each row starts on
    transposed: bool = False

    def where(self, row: int, column: int) -> Location:
        """`journey.xlsx:Touchpoints!F7` or `alta.csv:12:6`."""
        if self.transposed:
            row, column = column, row
        if self.sheet:
            return Location(f"{self.file}:{self.sheet}!{column_letters(column)}{row + 1}")
        line = self.lines[row] if row < len(self.lines) else row + 1
        return Location(self.file, line, column + 1)

    def cell(self, row: int, column: int) -> Any:
        cells = self.rows[row] if row < len(self.rows) else []
        return cells[column] if column < len(cells) else ""

    def text(self, row: int, column: int) -> str:
        return cell_text(self.cell(row, column))


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a useless `.0`, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value).strip("\ufeff")


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows without the empty trailing cells and without empty trailing rows."""
    trimmed = []
    for row in rows:
        end = len(row)
        while end and is_empty(row[end - 1]):
            end -= 1
        trimmed.append(list(row[:end]))
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return trimmed


def transpose(table: Table) -> Table:
    """The workshop layout (one touchpoint per column) turned into one per row."""
    width = max((len(r) for r in table.rows), default=0)
    rows = [[table.cell(r, c) for r in range(len(table.rows))] for c in range(width)]
    return Table(table.file, trim(rows), table.sheet, table.lines, not table.transposed)
