"""Subsidy spreadsheets for finance: amounts as numbers with two decimals, a totals row, no formulas."""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal

import xlsxwriter
from django.utils.translation import gettext as _

from onex.core.percent import money
from onex.core.spreadsheets import formula_safe
from onex.finance.models import Activity, StatementStatus, SubsidyLine, SubsidyStatement
from onex.finance.selectors import statement_lines, year_subsidy_lines


def _headers() -> list[str]:
    return [
        _("Department"),
        _("Staff number"),
        _("Teacher"),
        _("Activity"),
        _("Quantity"),
        _("Rate (yuan)"),
        _("Amount (yuan)"),
        _("Statement"),
        _("Status"),
    ]


def _workbook(title: str, lines: Iterable[SubsidyLine]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet(_("Subsidies")[:31])
    bold = book.add_format({"bold": True})
    header = book.add_format({"bold": True, "bg_color": "#E5E7EB"})
    text = book.add_format({"num_format": "@"})
    amount = book.add_format({"num_format": "0.00"})
    quantity = book.add_format({"num_format": "0.0"})
    total_amount = book.add_format({"num_format": "0.00", "bold": True})

    sheet.write_string(0, 0, formula_safe(title), bold)
    for col, name in enumerate(_headers()):
        sheet.write_string(2, col, name, header)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 12, text)
    sheet.set_column(2, 2, 12)
    sheet.set_column(3, 3, 28)
    sheet.set_column(4, 6, 12)
    sheet.set_column(7, 8, 14)
    row = 3
    total = Decimal("0.00")
    for line in lines:
        statement = line.statement
        cells = [
            statement.department.name,
            line.teacher.staff_number,
            line.teacher.name,
            str(Activity(line.activity).label),
        ]
        for col, value in enumerate(cells):
            sheet.write_string(row, col, formula_safe(value), text if col == 1 else None)
        sheet.write_number(row, 4, float(line.quantity), quantity)
        sheet.write_number(row, 5, float(line.rate), amount)
        sheet.write_number(row, 6, float(line.amount), amount)
        sheet.write_number(row, 7, statement.pk)
        sheet.write_string(row, 8, str(StatementStatus(statement.status).label))
        total += line.amount
        row += 1
    sheet.write_string(row, 0, _("Total"), bold)
    sheet.write_number(row, 6, float(money(total)), total_amount)
    book.close()
    return out.getvalue()


def statement_xlsx(statement: SubsidyStatement) -> bytes:
    lines = statement_lines(statement)
    for line in lines:
        line.statement = statement
    title = _("Subsidy statement %(statement)s") % {"statement": statement}
    return _workbook(title, lines)


def year_xlsx(*, institution_id: int, year: int) -> bytes:
    title = _("Teacher subsidies %(year)s") % {"year": year}
    return _workbook(title, year_subsidy_lines(institution_id=institution_id, year=year))
