"""Writing workbooks and CSV files that cannot run as formulas.

Every spreadsheet OneX writes goes through here. A text value that starts
with ``= + - @``, a tab or a carriage return is prefixed with an apostrophe,
so no spreadsheet program evaluates it. Columns named in ``text_columns``
(ID numbers, phone numbers) are written as text cells so Excel never turns
them into numbers and drops their last digits.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Any

import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: str) -> str:
    if value and value[0] in FORMULA_STARTS:
        return "'" + value
    return value


def cell_text(value: Any) -> str:
    """A value as the text a cell shows."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class WorkbookWriter:
    """One xlsx sheet, written row by row (constant memory)."""

    def __init__(self, target: str | IO[bytes], *, sheet_name: str = "Sheet1") -> None:
        self.book = xlsxwriter.Workbook(
            target,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "in_memory": not isinstance(target, str),
            },
        )
        self.sheet = self.book.add_worksheet(sheet_name[:31])
        self.text = self.book.add_format({"num_format": "@"})
        self.header = self.book.add_format({"bold": True, "bg_color": "#E5E7EB", "num_format": "@"})
        self.bad = self.book.add_format({"bg_color": "#FECACA", "font_color": "#991B1B", "num_format": "@"})
        self.date = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.row = 0
        self.text_columns: set[int] = set()

    def header_row(
        self, headers: Sequence[str], *, text_columns: Iterable[int] = (), widths: Sequence[int] = ()
    ) -> None:
        self.text_columns = set(text_columns)
        for col in self.text_columns:
            self.sheet.set_column(col, col, None, self.text)
        for col, width in enumerate(widths):
            self.sheet.set_column(col, col, width, self.text if col in self.text_columns else None)
        self.write_row(headers, fmt=self.header)

    def write_row(self, values: Sequence[Any], *, highlight: Iterable[int] = (), fmt: Any = None) -> None:
        marked = set(highlight)
        for col, value in enumerate(values):
            cell_fmt = self.bad if col in marked else fmt
            if col in self.text_columns and value is not None and not isinstance(value, str):
                value = cell_text(value)
            if value is None or value == "":
                if cell_fmt is not None:
                    self.sheet.write_blank(self.row, col, None, cell_fmt)
                continue
            if isinstance(value, str):
                self.sheet.write_string(
                    self.row, col, formula_safe(value), cell_fmt or (self.text if col in self.text_columns else None)
                )
            elif isinstance(value, bool):
                self.sheet.write_boolean(self.row, col, value, cell_fmt)
            elif isinstance(value, int | float | Decimal):
                self.sheet.write_number(self.row, col, float(value), cell_fmt)
            elif isinstance(value, dt.datetime):
                self.sheet.write_datetime(self.row, col, value.replace(tzinfo=None), cell_fmt or self.date)
            elif isinstance(value, dt.date):
                self.sheet.write_datetime(self.row, col, dt.datetime.combine(value, dt.time()), cell_fmt or self.date)
            else:
                self.sheet.write_string(self.row, col, formula_safe(str(value)), cell_fmt)
        self.row += 1

    def close(self) -> None:
        self.book.close()


def write_xlsx(
    target: str | IO[bytes],
    *,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    text_columns: Iterable[int] = (),
    sheet_name: str = "Sheet1",
) -> None:
    writer = WorkbookWriter(target, sheet_name=sheet_name)
    writer.header_row(headers, text_columns=text_columns)
    for row in rows:
        writer.write_row(row)
    writer.close()


def write_csv(target: IO[str], *, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """UTF-8 CSV (write the BOM yourself if Excel must open it); every value formula-safe."""
    out = csv.writer(target)
    out.writerow([formula_safe(cell_text(h)) for h in headers])
    for row in rows:
        out.writerow([formula_safe(cell_text(v)) for v in row])
