"""The error workbook: each rejected row as it was, its row number in the original file and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from onex.core.spreadsheets import WorkbookWriter
from onex.imports.columns import Header

# Columns that hold codes: written as text so Excel keeps every digit.
TEXT_KEYS = {"id_number", "phone", "student_number"}


@dataclass
class RejectedRow:
    line: int  # 1-based row number in the original file
    cells: Sequence[Any]
    columns: set[str]  # keys of the columns at fault
    reason: str


def write_error_workbook(path: str | Path, *, header: Header, rejected: Sequence[RejectedRow]) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    labels = list(header.labels)
    writer = WorkbookWriter(str(path), sheet_name=_("Rejected rows"))
    text_columns = {0} | {header.mapping[k] + 1 for k in TEXT_KEYS if k in header.mapping}
    writer.header_row(
        [_("Row in file")] + labels + [_("Reason")],
        text_columns=text_columns,
        widths=[10] + [14] * len(labels) + [60],
    )
    for item in rejected:
        cells = list(item.cells)[: len(labels)] + [None] * max(0, len(labels) - len(item.cells))
        marked = [header.mapping[k] + 1 for k in item.columns if k in header.mapping]
        writer.write_row([item.line, *cells, item.reason], highlight=marked)
    writer.close()
