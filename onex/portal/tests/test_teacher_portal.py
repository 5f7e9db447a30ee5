"""The teacher's page: own sessions with attendance links, qualifications and expiry, exam duties, workload."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from onex.core.fields import Level
from onex.exams.models import AssessorAssignment, AssessorQualification, ExamRoom, ExamSession, ExamSite
from onex.finance.models import SubsidyLine, SubsidyStatement, WorkloadEntry
from onex.portal.tests import helpers
from onex.training.models import TrainingSession
from testsupport.base import OneXTestCase


def qualification(teacher, certificate, number, valid_until):
    return AssessorQualification.objects.create(
        teacher=teacher,
        certificate=certificate,
        level=Level.INTERMEDIATE,
        number=number,
        valid_from=valid_until - dt.timedelta(days=1000),
        valid_until=valid_until,
    )


class TeacherPortalTestCase(OneXTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        today = timezone.localdate()
        cls.past_session = helpers.session(cls.pilot, cls.teacher_person, "畜禽养殖实训")
        start = timezone.now() + dt.timedelta(days=3)
        cls.next_session = TrainingSession.objects.create(
            pilot=cls.pilot,
            topic="下周实训",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            hours=Decimal("2"),
        )
        cls.next_session.teachers.add(cls.teacher_person)
        cls.other_session = helpers.session(cls.pilot_other, cls.teacher_other_person, "电商直播实训")
        cls.q_soon = qualification(cls.teacher_person, cls.cert, "Q-SOON", today + dt.timedelta(days=30))
        cls.q_later = qualification(cls.teacher_person, cls.cert, "Q-LATER", today + dt.timedelta(days=400))
        cls.q_gone = qualification(cls.teacher_person, cls.cert, "Q-GONE", today - dt.timedelta(days=5))
        cls.q_other = qualification(cls.teacher_other_person, cls.cert, "Q-OTHER", today + dt.timedelta(days=10))
        site = ExamSite.objects.create(institution=cls.inst, name="第一考核站点", organization=cls.org_)
        room = ExamRoom.objects.create(site=site, name="实训楼302", seats=30)
        begins = timezone.make_aware(dt.datetime(2023, 6, 10, 9))
        cls.exam = ExamSession.objects.create(
            pilot=cls.pilot, room=room, starts_at=begins, ends_at=begins + dt.timedelta(hours=2)
        )
        cls.duty = AssessorAssignment.objects.create(session=cls.exam, teacher=cls.teacher_person)
        other_room = ExamRoom.objects.create(site=site, name="实训楼999", seats=30)
        other_exam = ExamSession.objects.create(
            pilot=cls.pilot_other, room=other_room, starts_at=begins, ends_at=begins + dt.timedelta(hours=2)
        )
        AssessorAssignment.objects.create(session=other_exam, teacher=cls.teacher_other_person)
        for teacher, quantity in ((cls.teacher_person, "12.0"), (cls.teacher_other_person, "99.0")):
            WorkloadEntry.objects.create(
                teacher=teacher, year=2023, activity="other", quantity=Decimal(quantity), source="manual", reason="教研"
            )
        statement = SubsidyStatement.objects.create(institution=cls.inst, department=cls.dept, year=2023)
        SubsidyLine.objects.create(
            statement=statement,
            teacher=cls.teacher_person,
            activity="training_hour",
            quantity=Decimal("12.0"),
            rate=Decimal("50.00"),
            amount=Decimal("600.00"),
        )
        other_statement = SubsidyStatement.objects.create(institution=cls.inst, department=cls.dept_other, year=2023)
        SubsidyLine.objects.create(
            statement=other_statement,
            teacher=cls.teacher_other_person,
            activity="training_hour",
            quantity=Decimal("99.0"),
            rate=Decimal("50.00"),
            amount=Decimal("4950.00"),
        )

    def page(self, **params):
        self.client.force_login(self.teacher)
        return self.client.get(reverse("portal_teacher"), params)

    def test_the_teacher_sees_own_sessions_with_links_to_take_attendance(self):
        response = self.page()
        self.assertContains(response, "下周实训")
        self.assertContains(response, "畜禽养殖实训")
        self.assertContains(response, reverse("training:attendance", args=[self.next_session.pk]))
        self.assertNotContains(response, "电商直播实训")

    def test_the_attendance_link_opens_for_the_teacher(self):
        self.client.force_login(self.teacher)
        url = reverse("training:attendance", args=[self.next_session.pk])
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_qualifications_expiring_within_90_days_or_expired_are_highlighted(self):
        body = self.page().content.decode()

        def article(number):
            start = body.index(number)
            return body[body.rindex("<article", 0, start) : body.index("</article>", start)]

        self.assertIn('data-expiry="expiring"', article("Q-SOON"))
        self.assertIn('data-expiry="expired"', article("Q-GONE"))
        self.assertNotIn("data-expiry", article("Q-LATER"))
        self.assertNotIn("Q-OTHER", body)

    def test_the_teacher_sees_own_exam_duties(self):
        response = self.page()
        self.assertContains(response, f'data-assignment="{self.duty.pk}"')
        self.assertContains(response, "实训楼302")
        self.assertContains(response, reverse("exams:session", args=[self.exam.pk]))
        self.assertNotContains(response, "实训楼999")

    def test_the_teacher_sees_own_workload_and_subsidy_lines(self):
        response = self.page()
        self.assertContains(response, "12.0")
        self.assertContains(response, 'data-total="600.00"')
        self.assertNotContains(response, "99.0")
        self.assertNotContains(response, "4950.00")
        self.assertContains(response, reverse("finance:workload") + "?year=2023")

    def test_a_year_without_workload_falls_back_to_the_latest(self):
        self.assertContains(self.page(year=2019), 'data-total="600.00"')

    def test_only_teachers_open_the_teachers_page(self):
        for name, user in self.all_users().items():
            with self.subTest(role=name):
                self.client.force_login(user)
                expected = 200 if name == "teacher" else 403
                self.assertEqual(self.client.get(reverse("portal_teacher")).status_code, expected)

    def test_another_teachers_session_attendance_is_out_of_reach(self):
        self.client.force_login(self.teacher)
        url = reverse("training:attendance", args=[self.other_session.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_page_works_on_a_phone_without_the_internet(self):
        response = self.page()
        self.assertContains(response, 'name="viewport"')
        self.assertNotContains(response, "https://")
        self.assertNotContains(response, "http://")
