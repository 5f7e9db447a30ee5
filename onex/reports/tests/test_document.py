"""The computed paragraphs say what the figures' selectors say, and follow the data."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from onex.catalog.models import SkillModule
from onex.core.fields import Level
from onex.credentials.models import Course, CourseModuleMap
from onex.exams.models import ExamRoom, ExamSite, SiteUsage, UsagePurpose
from onex.finance.models import Budget
from onex.notices.models import Notice, NoticeReceipt
from onex.notices.selectors import publicity_figures
from onex.reports.document import report_document, yuan
from testsupport.base import OneXTestCase


def paragraphs(doc, key):
    """The paragraphs under one section's heading."""
    out, inside = [], False
    for block in doc["blocks"]:
        if block["kind"] in ("h1", "h2"):
            inside = block["key"] == key
        elif inside and block["kind"] == "p":
            out.append(block["text"])
    return "".join(out)


class ComputedParagraphTests(OneXTestCase):
    def doc(self):
        return report_document(institution=self.inst, year=2023)

    def test_money_is_written_in_whole_yuan_unless_there_are_cents(self):
        self.assertEqual(yuan(Decimal("1116600.00")), "1116600")
        self.assertEqual(yuan(Decimal("1000.5")), "1000.50")

    def test_a_year_without_pilots_says_so(self):
        doc = report_document(institution=self.inst2, year=2019)
        self.assertIn("2019年我校未开展“1+X”证书试点。", paragraphs(doc, "overview"))

    def test_publicity_says_the_notices_reached_and_read(self):
        self.assertEqual(paragraphs(self.doc(), "publicity"), "")
        notice = Notice.objects.create(
            institution=self.inst,
            title="报名通知",
            body="请报名",
            published_at=timezone.make_aware(dt.datetime(2023, 3, 1)),
        )
        NoticeReceipt.objects.create(notice=notice, user=self.student, read_at=timezone.now())
        NoticeReceipt.objects.create(notice=notice, user=self.teacher)
        figures = publicity_figures(institution_id=self.inst.pk, year=2023)
        text = paragraphs(self.doc(), "publicity")
        self.assertIn(f"发布“1+X”相关通知{figures['notices']}则", text)
        self.assertIn(f"送达师生{figures['reached']}人次，已阅读{figures['read']}人次，阅读率为50.00%", text)

    def test_sites_say_rooms_seats_and_external_use(self):
        self.assertIn("暂未建成", paragraphs(self.doc(), "sites"))
        site = ExamSite.objects.create(
            institution=self.inst, name="甲站点", organization=self.org_, open_to_public=True
        )
        site.certificates.set([self.cert])
        ExamRoom.objects.create(site=site, name="一号考场", seats=40)
        ExamRoom.objects.create(site=site, name="二号考场", seats=30)
        SiteUsage.objects.create(
            site=site, used_on=dt.date(2023, 7, 1), purpose=UsagePurpose.EXTERNAL_TRAINING, headcount=25
        )
        text = paragraphs(self.doc(), "sites")
        self.assertIn("考核站点1个，考场2间，座位70个，可承担1个证书的考核，其中1个站点面向社会开放", text)
        self.assertIn("面向社会开展培训1天、25人次", text)

    def test_integration_says_how_much_of_the_modules_the_courses_teach(self):
        self.pilot.majors.add(self.major)
        m1 = SkillModule.objects.create(certificate=self.cert, level=Level.INTERMEDIATE, code="M1", title="模块一")
        SkillModule.objects.create(certificate=self.cert, level=Level.INTERMEDIATE, code="M2", title="模块二")
        self.assertIn("尚未有模块", paragraphs(self.doc(), "integration"))
        course = Course.objects.create(
            institution=self.inst, major=self.major, code="C1", name="畜牧实训", credits=Decimal("2")
        )
        CourseModuleMap.objects.create(course=course, skill_module=m1)
        self.assertIn("已有1个（共2个）融入相关专业课程，覆盖率为50.00%", paragraphs(self.doc(), "integration"))

    def test_funding_names_each_source_when_there_are_several(self):
        Budget.objects.create(institution=self.inst, year=2023, source="创新强校专项", amount=Decimal("1000"))
        Budget.objects.create(institution=self.inst, year=2023, source="学校自筹", amount=Decimal("500.25"))
        text = paragraphs(self.doc(), "funding")
        self.assertIn("经费预算为1500.25元，其中创新强校专项1000元、学校自筹500.25元", text)
