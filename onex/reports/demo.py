"""The report part of the demo (演示数据): invented narrative for the main institution's report.

The numbers of the report always come from data; this only gives the office's
paragraphs some text so that the demo report reads as a whole. It never
overwrites what someone has written, so running it again changes nothing.
"""

from __future__ import annotations

from onex.demo import facts
from onex.org.models import Institution
from onex.reports.models import AnnualReport

DEMO_SECTIONS = {
    "overview": "以下文字为演示数据，由系统演示程序生成，仅用于展示报告格式。",
    "mechanism": "学校由分管教学的副校长牵头，教务部1+X办公室统筹试点申报、备案、考核与经费，各系部负责本系学生的报名组织与培训。",
    "integration": "各试点专业对照证书标准模块修订课程标准，把模块内容纳入专业核心课程，并以项目化教学组织实训。\n"
    "学校鼓励教师编写活页式教材，推进线上线下混合式教学。",
    "training": "学校每年安排专项经费支持教师参加培训评价组织举办的师资培训和考评员培训，培训结束后在系部内开展分享。",
    "incentives": "教师参与培训授课、考核组织与监考的工作量按学校补助标准核算，经系部和教务部审核后发放。",
    "sites": "考核站点按培训评价组织的建设标准配置设备，除承担校内考核外，也逐步面向社会学员开放。",
    "funding": "证书考核费用列入部门年度预算，由专项资金统一支付，财务部按月跟踪执行情况。",
    "publicity": "教务部通过平台通知、系部宣讲和班会向学生介绍证书的内容与报考要求。",
    "experience": "一是学校统筹、系部落实，分工明确；二是提前培养考评员，保证考核力量；三是与合作企业共建实训条件。",
    "problems": "部分证书在用人单位中的认知度仍不高，学生报考积极性有待提升。",
    "next_steps": "一是扩大试点证书和专业的覆盖面；二是继续加强考评员队伍建设；三是完善考核站点的开放共享机制。",
}


def load(institution: Institution) -> None:
    if institution.code != facts.MAIN_CODE:
        return
    report = AnnualReport.objects.filter(institution=institution, year=facts.REPORT_YEAR).first()
    if report is None or report.sections:
        return
    report.sections = dict(DEMO_SECTIONS)
    report.save(update_fields=["sections", "updated_at"])
