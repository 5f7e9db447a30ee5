"""The student's page: open pilots and sign-up, own registrations, seats, tickets, results, certificates, notices."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from onex.accounts.services import user_create
from onex.audit.models import AuditEvent
from onex.catalog.models import Certificate
from onex.core.fields import Level
from onex.core.roles import Role
from onex.credentials.badges import verify_url
from onex.credentials.models import Course, CreditConversion, CreditRule
from onex.credentials.services import certificate_issue
from onex.exams.models import ExamRoom, ExamSession, ExamSite, Result, Seat
from onex.notices.services import notice_publish
from onex.pilots.models import Pilot, PilotStatus, Registration
from onex.training.models import Attendance, TrainingSession
from testsupport.base import PASSWORD, OneXTestCase


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class StudentPortalTestCase(OneXTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.cert_open = Certificate.objects.create(
            code="T-101", name="开放测试证书", organization=cls.org_, levels=[Level.INTERMEDIATE], name_pinyin="kai1"
        )
        cls.open_pilot = cls.pilot_for(cls.inst, cls.dept, cls.cert_open, quota=2, majors=[cls.major])
        cls.student_other = user_create(
            username="qian",
            password=PASSWORD,
            role=Role.STUDENT,
            institution=cls.inst,
            student=cls.student_other_person,
        )

    @classmethod
    def pilot_for(cls, inst, dept, cert, *, quota=None, majors=(), status=PilotStatus.OPEN, year=2025):
        pilot = Pilot.objects.create(
            institution=inst,
            year=year,
            certificate=cert,
            level=Level.INTERMEDIATE,
            department=dept,
            quota=quota,
            fee_per_candidate=Decimal("300.00"),
            status=status,
        )
        pilot.majors.set(majors)
        return pilot

    def page(self, user):
        self.client.force_login(user)
        return self.client.get(reverse("portal_student"))

    def sign_up(self, user, pilot):
        self.client.force_login(user)
        return self.client.post(reverse("portal_student_sign_up", args=[pilot.pk]), follow=True)


class OpenPilotsTestCase(StudentPortalTestCase):
    def test_a_student_sees_the_pilots_open_to_the_students_major(self):
        response = self.page(self.student)
        self.assertContains(response, "开放测试证书")
        self.assertContains(response, reverse("portal_student_sign_up", args=[self.open_pilot.pk]))

    def test_a_student_of_another_major_does_not_see_it(self):
        response = self.page(self.student_other)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "开放测试证书")

    def test_a_pilot_not_open_for_sign_up_is_not_shown(self):
        Pilot.objects.filter(pk=self.open_pilot.pk).update(status=PilotStatus.TRAINING)
        self.assertNotContains(self.page(self.student), "开放测试证书")

    def test_a_full_pilot_is_not_shown_and_refuses_sign_ups(self):
        for person in (self.student_other_person,):
            Registration.objects.create(pilot=self.open_pilot, student=person, applied_on=dt.date(2025, 3, 1))
        Pilot.objects.filter(pk=self.open_pilot.pk).update(quota=1)
        self.assertNotContains(self.page(self.student), "开放测试证书")
        self.assertEqual(self.sign_up(self.student, self.open_pilot).status_code, 404)
        self.assertFalse(Registration.objects.filter(pilot=self.open_pilot, student=self.student_person).exists())

    def test_withdrawn_sign_ups_do_not_count_against_the_quota(self):
        Registration.objects.create(
            pilot=self.open_pilot,
            student=self.student_other_person,
            applied_on=dt.date(2025, 3, 1),
            withdrawn_on=dt.date(2025, 3, 2),
        )
        Pilot.objects.filter(pk=self.open_pilot.pk).update(quota=1)
        self.assertContains(self.page(self.student), "开放测试证书")


class SignUpTestCase(StudentPortalTestCase):
    def test_signing_up_applies_today_awaiting_the_department_and_is_audited(self):
        response = self.sign_up(self.student, self.open_pilot)
        self.assertEqual(response.status_code, 200)
        reg = Registration.objects.get(pilot=self.open_pilot, student=self.student_person)
        self.assertEqual(reg.applied_on, timezone.localdate())
        self.assertIsNone(reg.department_approved_on)
        self.assertIsNone(reg.filed_on)
        self.assertContains(response, 'data-status="applied"')
        event = AuditEvent.objects.get(action="registration.apply", target_id=str(reg.pk))
        self.assertEqual(event.actor, self.student)

    def test_a_student_signs_up_once(self):
        self.sign_up(self.student, self.open_pilot)
        self.assertEqual(self.sign_up(self.student, self.open_pilot).status_code, 404)
        self.assertEqual(Registration.objects.filter(pilot=self.open_pilot).count(), 1)

    def test_a_student_cannot_sign_up_for_a_pilot_of_another_major(self):
        self.assertEqual(self.sign_up(self.student_other, self.open_pilot).status_code, 404)
        self.assertFalse(Registration.objects.filter(pilot=self.open_pilot).exists())

    def test_a_student_of_another_institution_gets_404(self):
        self.assertEqual(self.sign_up(self.student2, self.open_pilot).status_code, 404)

    def test_sign_up_is_post_only(self):
        self.client.force_login(self.student)
        response = self.client.get(reverse("portal_student_sign_up", args=[self.open_pilot.pk]))
        self.assertEqual(response.status_code, 405)

    def test_other_roles_may_not_sign_up(self):
        for name, user in self.all_users().items():
            if name == "student":
                continue
            with self.subTest(role=name):
                self.assertEqual(self.sign_up(user, self.open_pilot).status_code, 403)
        self.assertFalse(Registration.objects.filter(pilot=self.open_pilot).exists())


class OwnRecordTestCase(StudentPortalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Pilot.objects.filter(pk=cls.pilot.pk).update(min_training_hours=Decimal("8"))
        for hours, present in ((Decimal("4"), True), (Decimal("2"), True), (Decimal("3"), False)):
            session = TrainingSession.objects.create(
                pilot=cls.pilot,
                topic="实训",
                starts_at=at(dt.date(2023, 4, 1), 9),
                ends_at=at(dt.date(2023, 4, 1), 12),
                hours=hours,
            )
            Attendance.objects.create(session=session, registration=cls.registration, present=present)
        site = ExamSite.objects.create(institution=cls.inst, name="第一考核站点", organization=cls.org_)
        room = ExamRoom.objects.create(site=site, name="实训楼301", seats=30)
        cls.exam = ExamSession.objects.create(
            pilot=cls.pilot, room=room, starts_at=at(dt.date(2023, 6, 10), 9), ends_at=at(dt.date(2023, 6, 10), 11)
        )
        cls.seat = Seat.objects.create(session=cls.exam, registration=cls.registration, seat_number=17)
        # Filed: only a filed candidate with a pass gets a certificate.
        cls.other_reg = Registration.objects.create(
            pilot=cls.pilot,
            student=cls.student_other_person,
            applied_on=dt.date(2023, 3, 1),
            filed_on=dt.date(2023, 3, 9),
        )
        cls.other_seat = Seat.objects.create(session=cls.exam, registration=cls.other_reg, seat_number=18)
        Result.objects.create(registration=cls.registration, outcome="pass", total_score=Decimal("86.50"))
        Result.objects.create(registration=cls.other_reg, outcome="pass", total_score=Decimal("77.25"))
        cls.issued, _ = certificate_issue(registration=cls.registration, number="NO-2023-0001")
        certificate_issue(registration=cls.other_reg, number="NO-2023-0002")
        course = Course.objects.create(
            institution=cls.inst, major=cls.major, code="C-88", name="畜禽生产", credits=Decimal("3")
        )
        rule = CreditRule.objects.create(
            institution=cls.inst, certificate=cls.cert, level=Level.INTERMEDIATE, course=course, credits=Decimal("3")
        )
        CreditConversion.objects.create(issued_certificate=cls.issued, rule=rule, credits=Decimal("3"))

    def test_the_student_sees_hours_attended_against_the_minimum(self):
        response = self.page(self.student)
        self.assertContains(response, 'data-hours="6.0"')
        self.assertContains(response, "8.0")
        self.assertContains(response, "hours warn")

    def test_the_student_sees_the_exam_time_room_and_seat_and_a_ticket_link(self):
        response = self.page(self.student)
        self.assertContains(response, "2023-06-10 09:00")
        self.assertContains(response, "实训楼301")
        self.assertContains(response, f'data-seat="{self.seat.pk}"')
        self.assertContains(response, reverse("portal_student_ticket", args=[self.seat.pk]))
        self.assertNotContains(response, f'data-seat="{self.other_seat.pk}"')

    def test_the_student_opens_the_own_admission_ticket(self):
        self.client.force_login(self.student)
        response = self.client.get(reverse("portal_student_ticket", args=[self.seat.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "张三")
        self.assertContains(response, "实训楼301")
        self.assertContains(response, "<td>17</td>", html=False)
        self.assertNotContains(response, "钱四")
        self.assertContains(response, self.student_person.id_number_masked)

    def test_another_students_ticket_is_a_404(self):
        self.client.force_login(self.student)
        response = self.client.get(reverse("portal_student_ticket", args=[self.other_seat.pk]))
        self.assertEqual(response.status_code, 404)
        self.client.force_login(self.student2)
        self.assertEqual(self.client.get(reverse("portal_student_ticket", args=[self.seat.pk])).status_code, 404)

    def test_staff_and_teachers_do_not_use_the_students_ticket_page(self):
        for name, user in self.all_users().items():
            if name == "student":
                continue
            with self.subTest(role=name):
                self.client.force_login(user)
                response = self.client.get(reverse("portal_student_ticket", args=[self.seat.pk]))
                self.assertEqual(response.status_code, 403)

    def test_the_student_sees_the_own_result_certificate_qr_and_verification_link(self):
        response = self.page(self.student)
        self.assertContains(response, "86.50")
        self.assertNotContains(response, "77.25")
        self.assertContains(response, "NO-2023-0001")
        self.assertNotContains(response, "NO-2023-0002")
        self.assertContains(response, f'href="{verify_url(self.issued)}"')
        self.assertContains(response, "<svg")

    def test_the_qr_encodes_the_verification_link(self):
        import segno

        expected = segno.make(verify_url(self.issued), error="m").svg_inline(scale=3)
        path = expected[expected.index(' d="') :].split('"')[1]
        self.assertContains(self.page(self.student), path)

    def test_the_student_sees_the_credit_conversions_of_the_certificate(self):
        response = self.page(self.student)
        self.assertContains(response, "C-88 畜禽生产")
        self.assertContains(response, "3.0")

    def test_the_page_takes_the_same_number_of_queries_however_many_rows(self):
        self.page(self.student)  # warm the caches
        with CaptureQueriesContext(connection) as small:
            self.page(self.student)
        pilot = self.pilot_for(self.inst, self.dept, self.cert_open, status=PilotStatus.CLOSED, year=2024)
        reg = Registration.objects.create(
            pilot=pilot, student=self.student_person, applied_on=dt.date(2024, 3, 1), filed_on=dt.date(2024, 3, 9)
        )
        Seat.objects.create(session=self.exam, registration=reg, seat_number=30)
        Result.objects.create(registration=reg, outcome="pass", total_score=Decimal("80.00"))
        certificate_issue(registration=reg, number="NO-2024-0009")
        with CaptureQueriesContext(connection) as large:
            response = self.page(self.student)
        self.assertContains(response, "NO-2024-0009")
        self.assertEqual(len(large.captured_queries), len(small.captured_queries))


class StatusAndNoticesTestCase(StudentPortalTestCase):
    def test_each_status_of_a_registration_is_shown(self):
        reg = Registration.objects.create(
            pilot=self.open_pilot, student=self.student_person, applied_on=dt.date(2025, 3, 1)
        )
        cases = [
            ({}, "applied"),
            ({"department_approved_on": dt.date(2025, 3, 2)}, "approved"),
            ({"filed_on": dt.date(2025, 3, 3)}, "filed"),
            ({"withdrawn_on": dt.date(2025, 3, 4), "withdrawal_reason": "名额已满"}, "withdrawn"),
        ]
        for changes, status in cases:
            with self.subTest(status=status):
                Registration.objects.filter(pk=reg.pk).update(**changes)
                response = self.page(self.student)
                self.assertContains(response, f'data-registration="{reg.pk}"')
                self.assertContains(response, f'data-status="{status}"')
        self.assertContains(response, "名额已满")

    def test_the_student_sees_the_number_of_unread_notices_and_a_link(self):
        response = self.page(self.student)
        self.assertContains(response, reverse("notices:mine"))
        self.assertNotContains(response, "data-unread")
        notice_publish(actor=self.office, title="考前须知", body="带身份证", audience="everyone")
        notice_publish(actor=self.office, title="培训安排", body="周三", audience="everyone")
        self.assertContains(self.page(self.student), 'data-unread="2"')

    def test_only_students_open_the_students_page(self):
        for name, user in self.all_users().items():
            with self.subTest(role=name):
                self.client.force_login(user)
                expected = 200 if name == "student" else 403
                self.assertEqual(self.client.get(reverse("portal_student")).status_code, expected)
        self.client.logout()
        self.assertRedirects(
            self.client.get(reverse("portal_student")),
            reverse("login") + "?next=" + reverse("portal_student"),
            fetch_redirect_response=False,
        )

    def test_the_page_works_on_a_phone_without_the_internet(self):
        response = self.page(self.student)
        self.assertContains(response, 'name="viewport"')
        self.assertNotContains(response, "https://")
        self.assertNotContains(response, "<script src")
