"""Every dashboard table as an xlsx download, written through ``onex.core.spreadsheets`` (formula-safe)."""

from __future__ import annotations

import io
import re

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from onex.core.spreadsheets import write_xlsx
from onex.portal.tables import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters a worksheet name may not hold.
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def table_xlsx(table: Table) -> bytes:
    """The table's header, rows and totals row; rates as numbers in a column marked (%)."""
    buffer = io.BytesIO()
    write_xlsx(
        buffer,
        headers=[c.heading for c in table.columns],
        rows=table.sheet_rows(),
        sheet_name=SHEET_FORBIDDEN.sub(" ", table.title)[:31] or table.key,
    )
    return buffer.getvalue()


def xlsx_response(table: Table, *, filename: str) -> HttpResponse:
    response = HttpResponse(table_xlsx(table), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
