"""Real spreadsheet files for the tests, written with xlsxwriter and the csv module."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

HEADERS = [
    "姓名",
    "证件类型",
    "证件号码",
    "性别",
    "学号",
    "系部",
    "专业",
    "班级",
    "手机号",
    "证书名称",
    "等级",
    "备案日期",
]


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    headers: Sequence[str] = HEADERS,
    title: str | None = None,
    numeric_columns: Sequence[int] = (),
) -> Path:
    """Cells are strings (text cells) unless their column is in ``numeric_columns``."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = book.add_worksheet("名单")
    r = 0
    if title:
        sheet.write_string(r, 0, title)
        r += 2
    for c, h in enumerate(headers):
        sheet.write_string(r, c, h)
    for row in rows:
        r += 1
        for c, value in enumerate(row):
            if value is None:
                continue
            if c in numeric_columns:
                sheet.write_number(r, c, float(value))
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    book.close()
    return path


def write_csv(path: Path, rows: Sequence[Sequence[Any]], *, headers: Sequence[str] = HEADERS, encoding: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        out = csv.writer(fh)
        out.writerow(headers)
        for row in rows:
            out.writerow(["" if v is None else v for v in row])
    return path


def roster_row(name: str, id_number: str, **kw: Any) -> list[Any]:
    """A row in HEADERS order."""
    return [
        name,
        kw.get("id_type", "居民身份证"),
        id_number,
        kw.get("gender", ""),
        kw.get("student_number", ""),
        kw.get("department", "农学系"),
        kw.get("major", "畜牧兽医"),
        kw.get("class_group", "畜牧2201"),
        kw.get("phone", "13800138000"),
        kw.get("certificate", "测试证书"),
        kw.get("level", "中级"),
        kw.get("filed_on", ""),
    ]
