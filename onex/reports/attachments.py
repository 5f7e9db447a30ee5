"""The report's two attachments as xlsx: 试点明细表 (one row per pilot) and 考场一览 (one row per site)."""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.db.models import prefetch_related_objects

from onex.core.fields import LEVEL_CHINESE
from onex.core.percent import rate
from onex.core.spreadsheets import WorkbookWriter
from onex.exams.selectors import assessor_counts
from onex.finance.selectors import pilot_costs
from onex.org.models import Institution
from onex.pilots.figures import Counts
from onex.reports.selectors import pilot_exam_details, site_rows, sites_by_certificate

PILOT_HEADERS = [
    "序号",
    "系部",
    "证书名称",
    "培训评价组织",
    "等级",
    "面向专业",
    "备案人数",
    "完成考核人数",
    "完成率",
    "通过人数",
    "通过率",
    "取证人数",
    "考核日期",
    "考核站点",
    "考评员人数",
    "经费（元）",
]
PILOT_WIDTHS = [6, 14, 36, 30, 6, 24, 10, 12, 10, 10, 10, 10, 24, 30, 10, 14]

SITE_USE = [("internal_exam", "校内考核"), ("internal_training", "校内培训"), ("external_training", "社会培训")]


def percent(value: Any) -> str:
    return f"{value}%"


def pilot_rows(*, institution: Institution, year: int, on_date: dt.date) -> tuple[list[list[Any]], list[Any]]:
    """试点明细表: one row per pilot of the year, and the 合计 row."""
    costs = pilot_costs(institution_id=institution.pk, year=year)
    pilots = [row["pilot"] for row in costs]
    prefetch_related_objects(pilots, "majors")
    assessors = {
        row.certificate.pk: row.assessors
        for row in assessor_counts(institution_id=institution.pk, on_date=on_date).rows
    }
    exams = pilot_exam_details(pilot_ids=[p.pk for p in pilots])
    accredited = sites_by_certificate(institution_id=institution.pk)
    totals = Counts()
    spent_total = 0
    rows = []
    for i, cost in enumerate(costs, start=1):
        p = cost["pilot"]
        totals.add(p)
        spent_total += cost["spent"]
        exam = exams.get(p.pk, {"dates": [], "sites": []})
        rows.append(
            [
                i,
                p.department.name,
                p.certificate.name,
                p.certificate.organization.name,
                LEVEL_CHINESE.get(p.level, p.level),
                "、".join(m.name for m in p.majors.all()),
                p.registered,
                p.completed,
                percent(rate(p.completed, p.registered)),
                p.passed,
                percent(rate(p.passed, p.completed)),
                p.certified,
                "、".join(d.isoformat() for d in exam["dates"]),
                "、".join(exam["sites"] or accredited.get(p.certificate_id, [])),
                assessors.get(p.certificate_id, 0),
                cost["spent"],
            ]
        )
    total_row = [
        "合计",
        "",
        f"{len(rows)}个证书",
        "",
        "",
        "",
        totals.registered,
        totals.completed,
        percent(totals.completion_rate),
        totals.passed,
        percent(totals.pass_rate),
        totals.certified,
        "",
        "",
        "",
        spent_total,
    ]
    return rows, total_row


def write_pilots_xlsx(target: str | IO[bytes], *, institution: Institution, year: int, on_date: dt.date) -> None:
    rows, total = pilot_rows(institution=institution, year=year, on_date=on_date)
    writer = WorkbookWriter(target, sheet_name="试点明细表")
    writer.header_row(PILOT_HEADERS, widths=PILOT_WIDTHS)
    for row in rows:
        writer.write_row(row)
    writer.write_row(total, fmt=writer.header)
    writer.close()


def site_headers(year: int) -> list[str]:
    use = [f"{year}年{label}（{unit}）" for _key, label in SITE_USE for unit in ("天", "人次")]
    return [
        "序号",
        "考核站点",
        "认证机构",
        "考场数",
        "考场",
        "座位数",
        "认证证书",
        "位置",
        "建成年份",
        "面向社会开放",
        *use,
    ]


def site_table_rows(*, institution: Institution, year: int) -> list[list[Any]]:
    """考场一览: one row per exam site with its rooms, seats, certificates, location and use in the year."""
    rows = []
    for i, row in enumerate(site_rows(institution_id=institution.pk, year=year), start=1):
        site = row.site
        use = {p["purpose"]: p for p in row.usage["purposes"]}
        rows.append(
            [
                i,
                site.name,
                site.organization.name,
                row.rooms,
                "、".join(f"{room.name}（{room.seats}座）" for room in site.examroom_set.all()),
                row.seats,
                "、".join(c.name for c in site.certificates.all()),
                site.location,
                site.year_built or "",
                "是" if site.open_to_public else "否",
                *[use.get(key, {}).get(field, 0) for key, _label in SITE_USE for field in ("days", "headcount")],
            ]
        )
    return rows


def write_sites_xlsx(target: str | IO[bytes], *, institution: Institution, year: int) -> None:
    writer = WorkbookWriter(target, sheet_name="考场一览")
    headers = site_headers(year)
    writer.header_row(headers, widths=[6, 30, 30, 8, 40, 8, 50, 30, 10, 12] + [14] * (len(headers) - 10))
    for row in site_table_rows(institution=institution, year=year):
        writer.write_row(row)
    writer.close()
