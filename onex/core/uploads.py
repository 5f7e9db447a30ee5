"""Guards for uploaded spreadsheets, applied before anything parses them.

``check_spreadsheet`` looks at the bytes on disk only: the size, the file
signature against the extension, and for xlsx the zip directory (entry count,
declared uncompressed size, compression ratio, number of sheets) and the XML
prolog of each part (no DOCTYPE, so no entity expansion). It returns the kind
of file (``xlsx``, ``xls`` or ``csv``) or raises ``UnusableFileError`` with a
message for the user.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

XLSX_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXTENSIONS = {".xlsx": "xlsx", ".xls": "xls", ".csv": "csv"}

# Limits; the upload size itself comes from settings.ONEX_MAX_UPLOAD_BYTES.
MAX_ZIP_ENTRIES = 1000
MAX_SHEETS = 50
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_FROM_BYTES = 10 * 1024 * 1024
# A reader allocates a sheet's whole bounding box (rows x columns), so two cells far
# apart (A1 and XFD1048576) in a 5 KB file would ask for billions of cells.
MAX_SHEET_CELLS = 5_000_000
# Excel's widest row; a CSV line with more separators is no roster (and a reader would hold them all).
MAX_CSV_SEPARATORS = 16_384


class UnusableFileError(Exception):
    """The file cannot be used; ``str(exc)`` is a message for the user."""


def max_upload_bytes() -> int:
    return int(getattr(settings, "ONEX_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))


def max_uncompressed_bytes() -> int:
    default = max(20 * max_upload_bytes(), 200 * 1024 * 1024)
    return int(getattr(settings, "ONEX_MAX_UNCOMPRESSED_BYTES", default))


def kind_for_name(name: str) -> str:
    kind = EXTENSIONS.get(Path(name).suffix.lower())
    if kind is None:
        raise UnusableFileError(_("Only .xlsx, .xls and .csv files can be imported."))
    return kind


def check_spreadsheet(path: str | Path, original_name: str) -> str:
    path = Path(path)
    kind = kind_for_name(original_name)
    size = path.stat().st_size
    limit = max_upload_bytes()
    if size > limit:
        raise UnusableFileError(
            _("The file is too large (%(size)s MB; at most %(limit)s MB).")
            % {"size": round(size / 1048576, 1), "limit": round(limit / 1048576, 1)}
        )
    if size == 0:
        raise UnusableFileError(_("The file is empty."))
    with path.open("rb") as fh:
        head = fh.read(8192)
    if kind == "xlsx":
        if not head.startswith(XLSX_SIGNATURE):
            raise UnusableFileError(_("The file's content is not an .xlsx workbook, although its name ends in .xlsx."))
        _check_xlsx_container(path)
    elif kind == "xls":
        if not head.startswith(OLE2_SIGNATURE):
            raise UnusableFileError(_("The file's content is not an .xls workbook, although its name ends in .xls."))
    else:
        if head.startswith((XLSX_SIGNATURE, OLE2_SIGNATURE)) or b"\x00" in head:
            raise UnusableFileError(_("The file's content is not a CSV text file, although its name ends in .csv."))
        with path.open("rb") as fh:
            if any(line.count(b",") + line.count(b";") + line.count(b"\t") > MAX_CSV_SEPARATORS for line in fh):
                raise UnusableFileError(_("The CSV file is damaged and cannot be read."))
    return kind


def _check_xlsx_container(path: Path) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnusableFileError(_("The .xlsx file is damaged and cannot be opened.")) from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise UnusableFileError(_("The .xlsx file has too many parts to be a normal workbook."))
        total = 0
        sheets = 0
        for info in entries:
            total += info.file_size
            if info.file_size > RATIO_CHECK_FROM_BYTES and info.file_size > MAX_COMPRESSION_RATIO * max(
                info.compress_size, 1
            ):
                raise UnusableFileError(
                    _("The .xlsx file is unsafe: it expands to far more than its size (a zip bomb).")
                )
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                sheets += 1
        if total > max_uncompressed_bytes():
            raise UnusableFileError(_("The .xlsx file is unsafe: it expands to far more than its size (a zip bomb)."))
        if sheets > MAX_SHEETS:
            raise UnusableFileError(
                _("The workbook has too many sheets (%(count)s; at most %(limit)s).")
                % {"count": sheets, "limit": MAX_SHEETS}
            )
        names = {info.filename for info in entries}
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise UnusableFileError(_("The file's content is not an .xlsx workbook, although its name ends in .xlsx."))
        for info in entries:
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                if _sheet_extent(archive, info) > MAX_SHEET_CELLS:
                    raise UnusableFileError(
                        _("The .xlsx file is unsafe: it expands to far more than its size (a zip bomb).")
                    )
            if info.filename.endswith((".xml", ".rels", ".vml")):
                with archive.open(info) as part:
                    prolog = part.read(2048).upper()
                if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                    raise UnusableFileError(_("The .xlsx file is unsafe: it declares XML entities."))


_ROW_NUMBER = re.compile(rb"<row\b[^>]*?\br=\"(\d+)\"")
_CELL_COLUMN = re.compile(rb" r=\"([A-Z]{1,3})\d")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _sheet_extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """An upper bound of the cells a reader allocates for this sheet: its last row times its widest column.

    Streams the part in chunks (bounded memory). Cells without a reference take the
    next column, so their count widens the bound.
    """
    rows = row_elements = cols = cells = referenced = 0
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(1 << 20):
            data = tail + chunk
            row_elements += chunk.count(b"<row")
            rows = max([rows, row_elements, *map(int, _ROW_NUMBER.findall(data))])
            found = _CELL_COLUMN.findall(chunk)
            referenced += len(found)
            cols = max([cols, *map(_column_number, set(found))])
            cells += chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b"<c/>")
            tail = data[-64:]
    return rows * (cols + max(cells - referenced, 0))
