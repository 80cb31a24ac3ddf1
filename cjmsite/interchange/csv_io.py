"""CSV files: the plain dialect and the one Spanish Excel opens (`excel-es`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cjmsite.diagnostics import Diagnostics, Location
from cjmsite.interchange.cells import format_number, guard_formula, unguard_formula
from cjmsite.interchange.table import MAX_COLUMNS, MAX_ROWS, Table, trim

MAX_CSV_BYTES = 50_000_000
MAX_FIELD_CHARS = 1_000_000  # the largest Markdown file a site accepts by default
DIALECTS = ("plain", "excel-es")


def encode_csv(rows: Iterable[list[Any]], dialect: str = "plain") -> bytes:
    """Rows as CSV bytes: text guarded against formulas, numbers as numbers.

    `plain`: UTF-8, `,`, LF. `excel-es`: UTF-8 with BOM, `;`, CRLF, decimal comma.
    """
    spanish = dialect == "excel-es"
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=";" if spanish else ",", lineterminator="\r\n" if spanish else "\n"
    )
    for row in rows:
        writer.writerow(
            [
                format_number(v, spanish)
                if isinstance(v, int | float) and not isinstance(v, bool)
                else guard_formula(str(v))
                for v in row
            ]
        )
    text = buffer.getvalue()
    return ("\ufeff" + text).encode("utf-8") if spanish else text.encode("utf-8")


def decode_csv(raw: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without BOM, else Windows-1252 (Excel's ANSI)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(text: str) -> str:
    """`;`, tab or `,`: whichever the first line holds most of, outside quotes."""
    counts = {";": 0, ",": 0, "\t": 0}
    quoted = False
    for char in text[:100_000]:
        if char == '"':
            quoted = not quoted
        elif char == "\n" and not quoted:
            break
        elif char in counts and not quoted:
            counts[char] += 1
    best = max(counts, key=lambda c: (counts[c], c == ","))
    return best if counts[best] else ","


def read_csv(path: Path, shown: str, diags: Diagnostics) -> Table | None:
    """The CSV file as a Table, or None with an error saying why it cannot be read."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CSV_BYTES + 1)
    except OSError as error:
        diags.error(Location(shown), f"cannot read the file: {error.strerror or error}")
        return None
    if len(raw) > MAX_CSV_BYTES:
        diags.error(Location(shown), f"the file is over {MAX_CSV_BYTES:,} bytes", "split it")
        return None
    text, _ = decode_csv(raw)
    delimiter = sniff_delimiter(text)
    previous = csv.field_size_limit(MAX_FIELD_CHARS)
    rows: list[list[Any]] = []
    lines: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        start = 1
        for row in reader:
            if len(rows) >= MAX_ROWS or len(row) > MAX_COLUMNS:
                what = "rows" if len(rows) >= MAX_ROWS else "columns"
                limit = MAX_ROWS if what == "rows" else MAX_COLUMNS
                diags.error(Location(shown, start, 1), f"more than {limit:,} {what}", "split it")
                return None
            rows.append([unguard_formula(cell) for cell in row])
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        diags.error(Location(shown, reader.line_num or 1, 1), f"not a readable CSV file: {error}")
        return None
    finally:
        csv.field_size_limit(previous)
    rows = trim(rows)
    return Table(shown, rows, lines=lines[: len(rows)])
