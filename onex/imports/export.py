"""The roster in the columns the national platform takes, ID numbers decrypted."""

from __future__ import annotations

from typing import IO, Any

from onex.audit.services import audit_record
from onex.core import crypto
from onex.core.spreadsheets import WorkbookWriter
from onex.imports.examine import LEVEL_NAMES
from onex.imports.selectors import roster_registrations
from onex.imports.validation import GENDER_CHINESE, ID_TYPE_CHINESE
from onex.org.models import Institution
from onex.pilots.models import Pilot

EXPORT_HEADERS = [
    "姓名",
    "证件类型",
    "证件号码",
    "性别",
    "学校",
    "院系",
    "专业",
    "班级",
    "学号",
    "手机号",
    "证书名称",
    "等级",
]
TEXT_COLUMNS = (2, 8, 9)  # 证件号码, 学号, 手机号


def roster_workbook_write(
    *,
    institution: Institution,
    year: int,
    target: str | IO[bytes],
    pilot: Pilot | None = None,
    actor: Any = None,
    request: Any = None,
) -> int:
    """Write the roster workbook; the export reveals full ID numbers, so it is audited. Returns the row count."""
    writer = WorkbookWriter(target, sheet_name=f"{year}")
    writer.header_row(EXPORT_HEADERS, text_columns=TEXT_COLUMNS, widths=[10, 14, 22, 6, 24, 14, 14, 14, 14, 14, 28, 6])
    count = 0
    for reg in roster_registrations(institution=institution, year=year, pilot=pilot).iterator(chunk_size=2000):
        student = reg.student
        group = student.class_group
        major = group.major if group else None
        writer.write_row(
            [
                student.name,
                ID_TYPE_CHINESE.get(student.id_type, student.id_type),
                crypto.decrypt(student.id_number_cipher),
                GENDER_CHINESE.get(student.gender, ""),
                reg.pilot.institution.name,
                major.department.name if major else "",
                major.name if major else "",
                group.name if group else "",
                student.student_number,
                student.phone,
                reg.pilot.certificate.name,
                LEVEL_NAMES.get(reg.pilot.level, reg.pilot.level),
            ]
        )
        count += 1
    writer.close()
    audit_record(
        actor=actor,
        action="registration.export",
        target=institution,
        after={"year": year, "pilot": pilot.pk if pilot else None, "rows": count},
        reason="national platform roster",
        request=request,
    )
    return count
