"""Exports of the vocational-college data standard's tables where they concern 1+X.

Two tables: 1+X证书数据 (one row per pilot certificate of the year) and
学生技能证书数据 (one row per skill certificate a student obtained), each as
xlsx or CSV, written formula-safe through ``onex.core.spreadsheets``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import prefetch_related_objects

from onex.core.fields import LEVEL_CHINESE
from onex.core.spreadsheets import write_csv, write_xlsx
from onex.org.models import Institution
from onex.pilots.figures import pilots_with_figures
from onex.reports.selectors import issued_certificates_of_year, pilot_exam_details, sites_by_certificate

CERTIFICATE_TYPE = "职业技能等级证书（1+X）"


@dataclass(frozen=True)
class DataTable:
    key: str
    title: str
    headers: list[str]
    text_columns: tuple[int, ...]


CERTIFICATES = DataTable(
    "certificates",
    "1+X证书数据",
    [
        "学校代码",
        "年度",
        "证书代码",
        "证书名称",
        "证书类型",
        "证书等级",
        "颁证机构",
        "面向专业",
        "考核地点",
        "考核日期",
        "备案人数",
        "取证人数",
    ],
    (0, 2),
)
STUDENT_CERTIFICATES = DataTable(
    "student_certificates",
    "学生技能证书数据",
    [
        "学校代码",
        "学号",
        "姓名",
        "专业",
        "证书编号",
        "证书名称",
        "证书类型",
        "证书等级",
        "颁证机构",
        "获证地点",
        "考核日期",
        "发证日期",
    ],
    (0, 1, 4),
)
TABLES = {t.key: t for t in (CERTIFICATES, STUDENT_CERTIFICATES)}
FORMATS = ("xlsx", "csv")


def _places(*, institution: Institution, pilot_ids: list[int]) -> tuple[dict[int, Any], dict[int, list[str]]]:
    return pilot_exam_details(pilot_ids=pilot_ids), sites_by_certificate(institution_id=institution.pk)


def certificate_rows(*, institution: Institution, year: int) -> Iterator[list[Any]]:
    pilots = list(pilots_with_figures(institution_id=institution.pk, year=year))
    prefetch_related_objects(pilots, "majors")
    exams, accredited = _places(institution=institution, pilot_ids=[p.pk for p in pilots])
    for p in pilots:
        exam = exams.get(p.pk, {"dates": [], "sites": []})
        yield [
            institution.code,
            year,
            p.certificate.code,
            p.certificate.name,
            CERTIFICATE_TYPE,
            LEVEL_CHINESE.get(p.level, p.level),
            p.certificate.organization.name,
            "、".join(m.name for m in p.majors.all()),
            "、".join(exam["sites"] or accredited.get(p.certificate_id, [])) or institution.name,
            "、".join(d.isoformat() for d in exam["dates"]),
            p.registered,
            p.certified,
        ]


def student_certificate_rows(*, institution: Institution, year: int) -> Iterator[list[Any]]:
    issued = list(issued_certificates_of_year(institution_id=institution.pk, year=year))
    pilot_ids = sorted({c.registration.pilot_id for c in issued})
    exams, accredited = _places(institution=institution, pilot_ids=pilot_ids)
    for cert in issued:
        reg = cert.registration
        pilot = reg.pilot
        student = reg.student
        klass = student.class_group
        exam = exams.get(pilot.pk, {"dates": [], "sites": []})
        yield [
            institution.code,
            student.student_number,
            student.name,
            klass.major.name if klass else "",
            cert.number,
            pilot.certificate.name,
            CERTIFICATE_TYPE,
            LEVEL_CHINESE.get(pilot.level, pilot.level),
            pilot.certificate.organization.name,
            "、".join(exam["sites"] or accredited.get(pilot.certificate_id, [])) or institution.name,
            exam["dates"][0] if exam["dates"] else None,
            cert.issued_on,
        ]


ROWS = {"certificates": certificate_rows, "student_certificates": student_certificate_rows}


def export_table(*, key: str, fmt: str, institution: Institution, year: int) -> bytes:
    """One data-standard table as xlsx or CSV (UTF-8 with BOM, for Excel) bytes."""
    table = TABLES[key]
    rows = ROWS[key](institution=institution, year=year)
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(buffer, headers=table.headers, rows=rows, text_columns=table.text_columns, sheet_name=table.title)
        return buffer.getvalue()
    if fmt == "csv":
        text = io.StringIO()
        text.write("\ufeff")
        write_csv(text, headers=table.headers, rows=rows)
        return text.getvalue().encode("utf-8")
    raise ValueError(fmt)
