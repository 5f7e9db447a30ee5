"""A real Chromium against a live server: the office schedules a session, meets a conflict, fixes it,
then enters the seated candidates' results and approves them."""

import datetime as dt
from decimal import Decimal

import pytest

from onex.accounts.services import user_create
from onex.catalog.models import Certificate, EvaluationOrganization
from onex.core.fields import Level
from onex.core.roles import Role
from onex.exams.models import ExamKind, ExamSession, Outcome, Result
from onex.exams.services.scheduling import exam_sessions_schedule
from onex.exams.services.sites import exam_room_create, exam_site_create
from onex.org import services as org
from onex.pilots.models import Pilot, Registration
from testsupport.base import PASSWORD, make_id_number
from testsupport.browser import BrowserTestCase

from .base import at


@pytest.mark.browser
class SchedulingInChromiumTestCase(BrowserTestCase):
    def setUp(self):
        super().setUp()
        organization = EvaluationOrganization.objects.create(name="测试评价组织有限公司")
        cert = Certificate.objects.create(
            code="T-001", name="宠物护理与美容", organization=organization, levels=[Level.INTERMEDIATE]
        )
        inst = org.institution_create(code="AAA", name="甲职业学院", province="广东省")
        dept = org.department_create(institution=inst, name="动物科技系")
        major = org.major_create(department=dept, name="宠物养护与驯导")
        klass = org.class_group_create(major=major, name="宠物2201", entry_year=2022)
        self.pilot = Pilot.objects.create(
            institution=inst,
            year=2023,
            certificate=cert,
            level=Level.INTERMEDIATE,
            department=dept,
            fee_per_candidate=Decimal("300.00"),
        )
        regs = []
        for n, name in enumerate(["张三", "李四", "王五", "赵六"]):
            student = org.student_create(
                institution=inst, name=name, id_number=make_id_number(n), student_number=f"S{n}", class_group=klass
            )
            regs.append(
                Registration.objects.create(
                    pilot=self.pilot, student=student, applied_on=dt.date(2023, 3, 1), filed_on=dt.date(2023, 3, 9)
                )
            )
        site = exam_site_create(
            actor=None, institution=inst, name="宠物考核站点", organization=organization, certificates=[cert]
        )
        self.regs = regs
        self.room = exam_room_create(actor=None, site=site, name="101", seats=10)
        # Two candidates already sit in room 101 on the morning of 18 November.
        exam_sessions_schedule(
            actor=None,
            pilot=self.pilot,
            rooms=[self.room],
            kind=ExamKind.THEORY,
            starts_at=at("2023-11-18", 9),
            ends_at=at("2023-11-18", 11),
            registrations=regs[:2],
        )
        user_create(username="alice", password=PASSWORD, role=Role.OFFICE, institution=inst)

    def test_the_office_schedules_meets_a_room_conflict_fixes_it_then_enters_and_approves_results(self):
        from playwright.sync_api import expect

        page = self.page
        self.log_in("alice", PASSWORD)

        page.goto(f"{self.live_server_url}/exams/schedule/?pilot={self.pilot.pk}")
        expect(page.locator("#content h1")).to_contain_text("安排考核场次")
        page.select_option("#id_kind", ExamKind.PRACTICAL)
        page.fill("#id_starts_at", "2023-11-18T10:00")
        page.fill("#id_ends_at", "2023-11-18T12:00")
        page.check(f"input[name=rooms][value='{self.room.pk}']")
        page.click("#schedule-form button[type=submit]")

        refusal = page.locator(".refusals")
        expect(refusal).to_contain_text("考场 宠物考核站点 101 在该时段已被另一考核场次占用（2023-11-18 09:00–11:00）")
        self.assertEqual(ExamSession.objects.count(), 1)

        # Fixed: the afternoon instead. The form kept what was typed.
        expect(page.locator("#id_kind")).to_have_value(ExamKind.PRACTICAL)
        page.fill("#id_starts_at", "2023-11-18T14:00")
        page.fill("#id_ends_at", "2023-11-18T16:00")
        page.click("#schedule-form button[type=submit]")

        expect(page.locator("#seats")).to_contain_text("王五")
        expect(page.locator("#seats")).to_contain_text("赵六")
        session = ExamSession.objects.get(kind=ExamKind.PRACTICAL)
        self.assertEqual(session.starts_at, at("2023-11-18", 14))
        self.assertEqual(session.seat_set.count(), 2)

        # From the session to the pilot's results: every seated candidate has a row.
        page.click("#results-link")
        expect(page.locator("#content h1")).to_contain_text("成绩")
        zhang, li, wang, zhao = (f"#result-{reg.pk}" for reg in self.regs)
        for name in ["张三", "李四", "王五", "赵六"]:
            expect(page.locator("#results")).to_contain_text(name)
        page.fill(f"{zhang} input[name$=theory_score]", "80")
        page.fill(f"{zhang} input[name$=practical_score]", "70")
        page.fill(f"{li} input[name$=theory_score]", "90")
        page.fill(f"{li} input[name$=practical_score]", "50")
        page.fill(f"{wang} input[name$=theory_score]", "65")  # typed by mistake for an absent candidate
        page.check(f"{wang} input[name$=absent]")
        page.fill(f"{zhao} input[name$=theory_score]", "120")
        page.fill(f"{zhao} input[name$=practical_score]", "88")
        page.click("#results-form button[type=submit]")

        expect(page.locator(wang)).to_contain_text("缺考考生不应有成绩：请清除成绩或取消勾选缺考。")
        expect(page.locator(zhao)).to_contain_text("成绩应为 0 至 100 之间的数字。")
        self.assertFalse(Result.objects.exists())

        # Fixed, and saved: totals and outcomes come back from the pass rule.
        page.fill(f"{wang} input[name$=theory_score]", "")
        page.fill(f"{zhao} input[name$=theory_score]", "92")
        page.click("#results-form button[type=submit]")
        expect(page.locator(f"{zhang} .total")).to_have_text("75.00")
        expect(page.locator(f"{zhang} .outcome")).to_have_text("通过")
        expect(page.locator(f"{li} .outcome")).to_have_text("不通过")
        expect(page.locator(f"{wang} .outcome")).to_have_text("缺考")
        expect(page.locator(f"{zhao} .total")).to_have_text("90.00")
        expect(page.locator("#result-figures")).to_contain_text("66.67%")

        # Approval, confirmed on its own page, locks the grid.
        page.click("#approve-link")
        expect(page.locator("#content")).to_contain_text("4 名备案考生中 4 名已有成绩")
        page.click("#approve-form button[type=submit]")
        expect(page.locator("#results-state")).to_contain_text("成绩已锁定")
        expect(page.locator("#results input[name$=theory_score]")).to_have_count(0)
        expect(page.locator("#approve-link")).to_have_count(0)
        self.pilot.refresh_from_db()
        self.assertIsNotNone(self.pilot.results_approved_at)
        self.assertEqual(
            sorted(Result.objects.values_list("outcome", flat=True)),
            sorted([Outcome.PASS, Outcome.FAIL, Outcome.ABSENT, Outcome.PASS]),
        )
        self.assertFalse(Result.objects.filter(approved_at__isnull=True).exists())
        self.assertEqual(self.outside_requests, [])
