"""Reading a spreadsheet into rows of raw cell values.

xlsx and xls go through python-calamine; CSV is decoded as UTF-8 (with or
without BOM) or else GBK (as GB18030, its superset). Only the first sheet is
read. Values keep their type (str, float, int, date, datetime) so the
normaliser can tell an ID number typed as text from one Excel stored as a
number.
"""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from onex.core.uploads import MAX_SHEETS, UnusableFileError

Row = list[Any]


def read_rows(path: str | Path, kind: str, *, first: int | None = None) -> list[Row]:
    """The rows of the first sheet; with ``first``, a CSV is read only as far as its first rows."""
    if kind == "csv":
        return _read_csv(Path(path)) if first is None else _read_csv_head(Path(path), first)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise UnusableFileError(_("The file cannot be read as a spreadsheet.")) from exc
    except Exception as exc:  # calamine raises several private error types
        raise UnusableFileError(_("The file cannot be read as a spreadsheet.")) from exc
    try:
        if len(book.sheet_names) > MAX_SHEETS:
            raise UnusableFileError(
                _("The workbook has too many sheets (%(count)s; at most %(limit)s).")
                % {"count": len(book.sheet_names), "limit": MAX_SHEETS}
            )
        if not book.sheet_names:
            raise UnusableFileError(_("The workbook has no sheet."))
        try:
            return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except Exception as exc:
            raise UnusableFileError(_("The file cannot be read as a spreadsheet.")) from exc
    finally:
        book.close()


def decode_text(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnusableFileError(_("The CSV file is neither UTF-8 nor GBK text."))


def _read_csv(path: Path) -> list[Row]:
    text = decode_text(path.read_bytes())
    sample = text[:4096]
    delimiter = ","
    if sample.count("\t") > sample.count(",") and sample.count("\t") > sample.count(";"):
        delimiter = "\t"
    elif sample.count(";") > sample.count(","):
        delimiter = ";"
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UnusableFileError(_("The CSV file is damaged and cannot be read.")) from exc


def _delimiter(sample: str) -> str:
    if sample.count("\t") > sample.count(",") and sample.count("\t") > sample.count(";"):
        return "\t"
    if sample.count(";") > sample.count(","):
        return ";"
    return ","


def _read_csv_head(path: Path, first: int) -> list[Row]:
    """The first ``first`` rows, decoded as they are read: a preview never reads the whole file."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            with path.open(encoding=encoding, newline="") as fh:
                delimiter = _delimiter(fh.read(4096))
                fh.seek(0)
                return list(itertools.islice(csv.reader(fh, delimiter=delimiter), first))
        except UnicodeDecodeError:
            continue
        except csv.Error as exc:
            raise UnusableFileError(_("The CSV file is damaged and cannot be read.")) from exc
    raise UnusableFileError(_("The CSV file is neither UTF-8 nor GBK text."))


def count_csv_rows(path: str | Path, *, after: int) -> int:
    """Non-empty CSV rows after the first ``after``, read one at a time (bounded memory)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            with Path(path).open(encoding=encoding, newline="") as fh:
                delimiter = _delimiter(fh.read(4096))
                fh.seek(0)
                reader = csv.reader(fh, delimiter=delimiter)
                return sum(1 for row in itertools.islice(reader, after, None) if any(row))
        except UnicodeDecodeError:
            continue
        except csv.Error as exc:
            raise UnusableFileError(_("The CSV file is damaged and cannot be read.")) from exc
    raise UnusableFileError(_("The CSV file is neither UTF-8 nor GBK text."))
