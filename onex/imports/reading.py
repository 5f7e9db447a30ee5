"""Reading a spreadsheet into rows of raw cell values.

xlsx and xls go through python-calamine in a child process limited in memory
(``onex.imports.sheet_reader``, setting ``ONEX_READER_MEMORY_MB``); CSV is decoded as UTF-8 (with or
without BOM) or else GBK (as GB18030, its superset). Only the first sheet is
read. Values keep their type (str, float, int, date, datetime) so the
normaliser can tell an ID number typed as text from one Excel stored as a
number.
"""

from __future__ import annotations

import csv
import io
import itertools
import logging
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.utils.translation import gettext as _

from onex.core.uploads import MAX_SHEETS, UnusableFileError
from onex.imports.parallel import in_child

logger = logging.getLogger(__name__)

# Beyond this much CPU time the child is ended (a reader stuck in a loop); large rosters take seconds.
READER_CPU_SECONDS = 600

Row = list[Any]


def read_rows(path: str | Path, kind: str, *, first: int | None = None) -> list[Row]:
    """The rows of the first sheet; with ``first``, a CSV is read only as far as its first rows."""
    if kind == "csv":
        return _read_csv(Path(path)) if first is None else _read_csv_head(Path(path), first)
    return _read_book_in_child(Path(path))


def reader_memory_bytes() -> int:
    return int(getattr(settings, "ONEX_READER_MEMORY_MB", 400)) * 1024 * 1024


def _read_book_in_child(path: Path) -> list[Row]:
    """Parse the workbook in a child process limited in memory and CPU time.

    A reader bug or a file that slipped past the guard then ends the child, not
    this process (the web process or the worker).
    """
    result = in_child(
        "onex.imports.sheet_reader", str(path.resolve()), str(reader_memory_bytes()), str(READER_CPU_SECONDS)
    )
    if result is None or result[0] == "refused" and result[1] == "memory":
        logger.warning("the sheet reader child failed or ran out of memory on an uploaded file")
        raise UnusableFileError(
            _("The file could not be read safely: reading it needed more memory or time than allowed.")
        )
    if result[0] == "rows":
        return cast(list[Row], result[1])
    if result[1] == "too_many_sheets":
        raise UnusableFileError(
            _("The workbook has too many sheets (%(count)s; at most %(limit)s).")
            % {"count": result[2], "limit": MAX_SHEETS}
        )
    if result[1] == "no_sheet":
        raise UnusableFileError(_("The workbook has no sheet."))
    raise UnusableFileError(_("The file cannot be read as a spreadsheet."))


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
