"""Guards for uploaded spreadsheets, applied before anything parses them.

``check_spreadsheet`` looks at the bytes on disk only: the size, the file
signature against the extension, and for xlsx the zip directory (entry count,
declared uncompressed size, compression ratio, number of sheets) and the XML
prolog of each part (no DOCTYPE, so no entity expansion). It returns the kind
of file (``xlsx``, ``xls`` or ``csv``) or raises ``UnusableFileError`` with a
message for the user.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.parsers import expat

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
        if _widest_csv_line(path) > MAX_CSV_SEPARATORS:
            raise UnusableFileError(_("The CSV file is damaged and cannot be read."))
    return kind


def _widest_csv_line(path: Path) -> int:
    """The most separators on one line, read in 1 MiB chunks: one endless line never sits in memory."""
    widest = current = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            lines = chunk.split(b"\n")
            for i, line in enumerate(lines):
                current += line.count(b",") + line.count(b";") + line.count(b"\t")
                widest = max(widest, current)
                if i < len(lines) - 1:
                    current = 0
    return widest


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
            if info.filename.endswith((".xml", ".rels", ".vml")):
                with archive.open(info) as part:
                    prolog = part.read(2048).upper()
                if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                    raise UnusableFileError(_("The .xlsx file is unsafe: it declares XML entities."))
        # Every sheet a reader will open, found the way it finds them (not by folder).
        targets = _sheet_targets(archive, names)
        if len(targets) > MAX_SHEETS:
            raise UnusableFileError(
                _("The workbook has too many sheets (%(count)s; at most %(limit)s).")
                % {"count": len(targets), "limit": MAX_SHEETS}
            )
        for target in dict.fromkeys(targets):
            rows, columns = _sheet_extent(archive, archive.getinfo(target))
            if rows * columns > MAX_SHEET_CELLS:
                raise UnusableFileError(
                    _(
                        "A sheet of the workbook spans %(rows)s rows by %(columns)s columns, more than the "
                        "%(limit)s cells a roster may have; reading it would exhaust the server's memory."
                    )
                    % {"rows": rows, "columns": columns, "limit": MAX_SHEET_CELLS}
                )


WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"


def _local(name: str) -> str:
    """An XML name without its namespace prefix (``x:c`` -> ``c``)."""
    return name.rpartition(":")[2]


def _parse_part(archive: zipfile.ZipFile, name: str, start: Any) -> None:
    """Stream one part through expat, calling ``start(local_name, attributes)`` for each element.

    A DOCTYPE anywhere in the part is refused; the part is read 1 MiB at a time.
    """

    def refuse(*_args: Any) -> None:
        raise UnusableFileError(_("The .xlsx file is unsafe: it declares XML entities."))

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = lambda tag, attrs: start(_local(tag), attrs)
    try:
        with archive.open(name) as part:
            while chunk := part.read(1 << 20):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise UnusableFileError(_("The .xlsx file is damaged and cannot be opened.")) from exc


def _sheet_targets(archive: zipfile.ZipFile, names: set[str]) -> list[str]:
    """The archive member of every sheet listed in the workbook, through its relationships.

    A target outside the archive, external, or missing is refused: a reader would
    either fail on it or open something no check has looked at.
    """
    if WORKBOOK not in names or WORKBOOK_RELS not in names:
        raise UnusableFileError(_("The workbook does not say where its sheets are."))
    ids: list[str] = []

    def on_workbook(tag: str, attrs: dict[str, str]) -> None:
        if tag == "sheet":
            ids.append(next((v for k, v in attrs.items() if _local(k) == "id"), ""))

    rels: dict[str, tuple[str, str]] = {}

    def on_rels(tag: str, attrs: dict[str, str]) -> None:
        if tag == "Relationship":
            rels[attrs.get("Id", "")] = (attrs.get("Target", ""), attrs.get("TargetMode", ""))

    _parse_part(archive, WORKBOOK, on_workbook)
    _parse_part(archive, WORKBOOK_RELS, on_rels)
    if len(ids) > MAX_SHEETS:
        raise UnusableFileError(
            _("The workbook has too many sheets (%(count)s; at most %(limit)s).")
            % {"count": len(ids), "limit": MAX_SHEETS}
        )
    targets = []
    for rel_id in ids:
        target, mode = rels.get(rel_id, ("", ""))
        resolved = _resolve(target) if target and mode.lower() != "external" else None
        if resolved is None or resolved not in names:
            raise UnusableFileError(_("A sheet of the workbook is missing or lies outside the file."))
        targets.append(resolved)
    return targets


def _resolve(target: str) -> str | None:
    """A relationship target of ``xl/workbook.xml`` as an archive member name, or None if it leaves the archive."""
    target = target.replace("\\", "/")
    joined = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    resolved = posixpath.normpath(joined)
    if resolved.startswith(("../", "/")) or resolved in ("..", ".") or ":" in resolved.split("/")[0]:
        return None
    return resolved


_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,9})$")


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _reference(ref: str) -> tuple[int, int] | None:
    """``XFD1048576`` -> (1048576, 16384)."""
    match = _REFERENCE.match(ref.strip())
    return (int(match[2]), _column_number(match[1])) if match else None


def _sheet_extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    """An upper bound of the rows and columns a reader allocates for this sheet.

    The larger of what the sheet declares (``<dimension ref>``) and what its cells
    occupy (last row times widest column, cells and rows without a reference taking
    the next position). Streams the part (bounded memory).
    """
    declared = [0, 0]
    actual = [0, 0]
    position = [0, 0]  # the current row, and the column of the last cell in it

    def on_element(tag: str, attrs: dict[str, str]) -> None:
        if tag == "c":
            ref = _reference(attrs.get("r", ""))
            if ref is None:
                position[1] += 1
            else:
                position[0] = max(position[0], ref[0])
                position[1] = ref[1]
            actual[0] = max(actual[0], position[0])
            actual[1] = max(actual[1], position[1])
        elif tag == "row":
            r = attrs.get("r", "")
            position[0] = int(r) if r.isdigit() else position[0] + 1
            position[1] = 0
            actual[0] = max(actual[0], position[0])
        elif tag == "dimension":
            for part in attrs.get("ref", "").split(":"):
                ref = _reference(part)
                if ref is not None:
                    declared[0] = max(declared[0], ref[0])
                    declared[1] = max(declared[1], ref[1])

    _parse_part(archive, info.filename, on_element)
    return max((declared[0], declared[1]), (actual[0], actual[1]), key=lambda rc: rc[0] * rc[1])
