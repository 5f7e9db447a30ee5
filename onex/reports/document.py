"""The report as a document: headings, paragraphs and tables, from data and the office's text.

``report_document`` returns a plain, JSON-safe dict. The preview page, the
.docx writer and the province's snapshot all read that one dict, so what the
office previews is what is exported and what is submitted.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from onex.core.fields import LEVEL_CHINESE
from onex.core.percent import money, rate
from onex.credentials.services.curriculum import module_coverage
from onex.exams.selectors import assessor_counts
from onex.finance.figures import year_figures
from onex.finance.selectors import budget_execution, year_subsidies
from onex.notices.selectors import publicity_figures
from onex.org.models import Institution
from onex.reports.models import AnnualReport
from onex.reports.outline import numbered_headings, paragraphs
from onex.reports.selectors import report_date_of, report_for, site_totals, teacher_training_figures

DOCUMENT_VERSION = 1
TITLE_SUFFIX = "“1+X”证书制度情况报告"


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def yuan(amount: Decimal | int | str) -> str:
    """Money as the report writes it: 1116600 for whole yuan, 1116600.50 otherwise."""
    value = money(Decimal(amount))
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"


def number(value: Decimal | int) -> str:
    value = Decimal(value)
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value.normalize():f}"


def pilots_attachment_title(year: int) -> str:
    return f"{year}年1+X证书试点明细表"


def sites_attachment_title(institution: Institution) -> str:
    return f"{institution.name}1+X考场一览表"


# ------------------------------------------------------------ computed parts


def opening(figures: Any) -> list[str]:
    """一、: the certificates of the year with 备案人数, 完成考核人数 and 完成率."""
    year = figures.year
    if not figures.pilots:
        return [f"{year}年我校未开展“1+X”证书试点。"]
    names = "、".join(f"{p.certificate.name}（{LEVEL_CHINESE.get(p.level, p.level)}）" for p in figures.pilots)
    t = figures.totals
    first = (
        f"{year}年我校开展{names}共计{figures.certificates}个证书试点，"
        f"备案人数{t.registered}人，完成考核人数{t.completed}人，完成率为{t.completion_rate}%。"
    )
    second = (
        f"其中通过考核{t.passed}人，通过率为{t.pass_rate}%；取得证书{t.certified}人，取证率为{t.certification_rate}%。"
    )
    return [first, second]


def coverage_paragraphs(rows: list[Any]) -> list[str]:
    if not rows:
        return []
    modules = sum(len(r.modules) for r in rows)
    covered = sum(len(r.covered) for r in rows)
    parts = "；".join(f"{r.certificate}（{r.level}）在{r.major}专业为{r.share}%" for r in rows)
    if not covered:
        return [f"在书证融通方面，试点证书共有标准模块{modules}个，尚未有模块登记融入相关专业课程。"]
    return [
        f"在书证融通方面，试点证书的标准模块已有{covered}个（共{modules}个）融入相关专业课程，"
        f"覆盖率为{rate(covered, modules)}%，其中{parts}。"
    ]


def training_paragraphs(*, training: dict[str, Any], assessors: Any, on_date: dt.date, year: int) -> list[str]:
    out = []
    if training["trainings"]:
        out.append(
            f"{year}年学校共组织{training['teachers']}名教师参加“1+X”相关师资培训{training['trainings']}人次，"
            f"累计{number(training['hours'])}学时。"
        )
    out.append(
        f"截至{chinese_date(on_date)}，学校共有考评员{assessors.total}人次，覆盖{len(assessors.rows)}个证书，详见表1。"
    )
    return out


def assessor_table(assessors: Any) -> dict[str, Any]:
    rows = [[row.certificate.name, row.assessors] for row in assessors.rows]
    return {
        "kind": "table",
        "caption": "表1 1+X证书考评员人数",
        "headers": ["1+X证书名称", "考评员人数"],
        "rows": rows,
        "footer": ["小计", assessors.total],
        "numeric": [1],
    }


def incentive_paragraphs(subsidies: dict[str, Any], year: int) -> list[str]:
    total = Decimal(subsidies["total"])
    if not total:
        return []
    teachers = len({line["staff_number"] for line in subsidies["lines"]})
    return [f"{year}年学校按工作量核定{teachers}名教师的“1+X”工作补助，合计{yuan(total)}元。"]


def site_paragraphs(sites: dict[str, Any], year: int) -> list[str]:
    if not sites["sites"]:
        return ["学校暂未建成“1+X”考核站点。"]
    out = [
        f"学校现有“1+X”考核站点{sites['sites']}个，考场{sites['rooms']}间，座位{sites['seats']}个，"
        f"可承担{sites['certificates']}个证书的考核，其中{sites['open_sites']}个站点面向社会开放。"
    ]
    usage = {p["purpose"]: p for p in sites["usage"]["purposes"]}
    internal_exam = usage.get("internal_exam", {"days": 0, "headcount": 0})
    internal_training = usage.get("internal_training", {"days": 0, "headcount": 0})
    sentence = (
        f"{year}年站点用于校内考核{internal_exam['days']}天、{internal_exam['headcount']}人次，"
        f"校内培训{internal_training['days']}天、{internal_training['headcount']}人次"
    )
    if sites["usage"]["external_headcount"]:
        sentence += (
            f"，面向社会开展培训{sites['usage']['external_days']}天、{sites['usage']['external_headcount']}人次。"
        )
    else:
        sentence += "，暂未开展面向社会的培训。"
    out.append(sentence)
    return out


def funding_paragraphs(*, budget: Decimal, execution: dict[str, Any], year: int) -> list[str]:
    sentence = f"{year}年“1+X”证书经费预算为{yuan(budget)}元"
    sources = [b for b in execution["by_budget"] if b["amount"]]
    if len(sources) > 1:
        sentence += "，其中" + "、".join(f"{b['source']}{yuan(b['amount'])}元" for b in sources)
    elif len(sources) == 1:
        sentence += f"，来源为{sources[0]['source']}"
    sentence += "。"
    out = [sentence]
    if execution["spent"]:
        out.append(f"截至目前已支出{yuan(execution['spent'])}元，预算执行率为{execution['execution_rate']}%。")
    return out


def publicity_paragraphs(publicity: dict[str, int], year: int) -> list[str]:
    if not publicity["notices"]:
        return []
    return [
        f"{year}年学校通过平台发布“1+X”相关通知{publicity['notices']}则，送达师生{publicity['reached']}人次，"
        f"已阅读{publicity['read']}人次，阅读率为{rate(publicity['read'], publicity['reached'])}%。"
    ]


# ------------------------------------------------------------------ document


def report_document(*, institution: Institution, year: int, report: AnnualReport | None = None) -> dict[str, Any]:
    """The whole report for an institution and year, as a JSON-safe dict of blocks."""
    report = report if report is not None else report_for(institution=institution, year=year)
    on_date = report_date_of(report)
    figures = year_figures(institution_id=institution.pk, year=year)
    assessors = assessor_counts(institution_id=institution.pk, on_date=on_date)
    execution = budget_execution(institution_id=institution.pk, year=year)
    sites = site_totals(institution_id=institution.pk, year=year)
    publicity = publicity_figures(institution_id=institution.pk, year=year)
    training = teacher_training_figures(institution_id=institution.pk, year=year)
    coverage = module_coverage(institution_id=institution.pk, year=year)
    subsidies = year_subsidies(institution_id=institution.pk, year=year)

    computed: dict[str, list[str]] = {
        "overview": opening(figures),
        "integration": coverage_paragraphs(coverage),
        "training": training_paragraphs(training=training, assessors=assessors, on_date=on_date, year=year),
        "incentives": incentive_paragraphs(subsidies, year),
        "sites": site_paragraphs(sites, year),
        "funding": funding_paragraphs(budget=figures.budget, execution=execution, year=year),
        "publicity": publicity_paragraphs(publicity, year),
    }
    tables = {"training": [assessor_table(assessors)]}

    sections = report.sections or {}
    blocks: list[dict[str, Any]] = []
    for section, heading in numbered_headings():
        blocks.append({"kind": "h1" if section.level == 1 else "h2", "text": heading, "key": section.key})
        for text in computed.get(section.key, []):
            blocks.append({"kind": "p", "text": text, "computed": True})
        for text in paragraphs(sections.get(section.key, "")):
            blocks.append({"kind": "p", "text": text, "computed": False})
        blocks.extend(tables.get(section.key, []))

    t = figures.totals
    return {
        "version": DOCUMENT_VERSION,
        "institution": {"code": institution.code, "name": institution.name},
        "year": year,
        "report_date": on_date.isoformat(),
        "date_text": chinese_date(on_date),
        "title_lines": [institution.name, TITLE_SUFFIX],
        "blocks": blocks,
        "attachments": [pilots_attachment_title(year), sites_attachment_title(institution)],
        "figures": {
            "certificates": figures.certificates,
            "registered": t.registered,
            "completed": t.completed,
            "completion_rate": str(t.completion_rate),
            "passed": t.passed,
            "pass_rate": str(t.pass_rate),
            "certified": t.certified,
            "certification_rate": str(t.certification_rate),
            "assessors": assessors.total,
            "budget": str(figures.budget),
            "spent": str(execution["spent"]),
            "sites": sites["sites"],
            "external_headcount": sites["usage"]["external_headcount"],
            "notices": publicity["notices"],
        },
    }
