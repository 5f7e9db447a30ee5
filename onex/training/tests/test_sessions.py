import datetime as dt
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from onex.audit.models import AuditEvent
from onex.pilots.models import Registration
from onex.training.models import Attendance, TrainingSession
from onex.training.selectors import training_hours_table
from onex.training.services import attendance_record, series_dates, training_series_create, training_session_create
from testsupport.base import OneXTestCase

SHANGHAI = ZoneInfo("Asia/Shanghai")
TUESDAY, THURSDAY = 1, 3


def at(day: str, hour: int) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=SHANGHAI)


class TrainingServiceTests(OneXTestCase):
    def test_it_creates_a_session_counting_hours_from_the_times(self):
        session = training_session_create(
            actor=self.office,
            pilot=self.pilot,
            topic="宠物美容基础",
            starts_at=at("2023-04-04", 14),
            ends_at=at("2023-04-04", 17),
            room="实训室 1",
            teachers=[self.teacher_person],
        )
        self.assertEqual(session.hours, Decimal("3.0"))
        self.assertEqual(list(session.teachers.all()), [self.teacher_person])
        self.assertTrue(AuditEvent.objects.filter(action="training_session.create", target_id=str(session.pk)).exists())

    def test_it_refuses_a_session_ending_before_it_starts(self):
        with translation.override("zh-hans"), self.assertRaisesMessage(ValidationError, "结束时间必须晚于开始时间"):
            training_session_create(
                actor=self.office,
                pilot=self.pilot,
                topic="x",
                starts_at=at("2023-04-04", 14),
                ends_at=at("2023-04-04", 9),
            )

    def test_it_refuses_a_teacher_of_another_institution(self):
        with translation.override("zh-hans"), self.assertRaisesMessage(ValidationError, "赵老师 属于其他院校"):
            training_session_create(
                actor=self.office,
                pilot=self.pilot,
                topic="x",
                starts_at=at("2023-04-04", 9),
                ends_at=at("2023-04-04", 11),
                teachers=[self.teacher2_person],
            )

    def test_a_series_of_tuesdays_and_thursdays_for_six_weeks_has_twelve_sessions(self):
        sessions = training_series_create(
            actor=self.coordinator,
            pilot=self.pilot,
            topic="畜禽养殖实操",
            first_day=dt.date(2023, 4, 3),  # a Monday
            weeks=6,
            weekdays=[TUESDAY, THURSDAY],
            start_time=dt.time(14, 30),
            end_time=dt.time(16, 30),
            teachers=[self.teacher_person],
        )
        self.assertEqual(len(sessions), 12)
        self.assertEqual({s.starts_at.astimezone(SHANGHAI).weekday() for s in sessions}, {TUESDAY, THURSDAY})
        self.assertEqual(sessions[0].starts_at, at("2023-04-04", 14) + dt.timedelta(minutes=30))
        self.assertEqual(sessions[-1].starts_at.astimezone(SHANGHAI).date(), dt.date(2023, 5, 11))
        self.assertEqual(sessions[0].topic, "畜禽养殖实操 (1/12)")
        self.assertTrue(all(s.hours == Decimal("2.0") for s in sessions))

    def test_series_dates_start_on_the_first_day_when_it_is_one_of_the_weekdays(self):
        days = series_dates(first_day=dt.date(2023, 4, 4), weeks=1, weekdays=[TUESDAY, THURSDAY])
        self.assertEqual(days, [dt.date(2023, 4, 4), dt.date(2023, 4, 6)])

    def test_a_series_without_weekdays_is_refused(self):
        with self.assertRaises(ValidationError):
            training_series_create(
                actor=self.office,
                pilot=self.pilot,
                topic="x",
                first_day=dt.date(2023, 4, 3),
                weeks=6,
                weekdays=[],
                start_time=dt.time(9),
                end_time=dt.time(10),
            )
        self.assertFalse(TrainingSession.objects.exists())


class AttendanceTests(OneXTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.pilot.min_training_hours = Decimal("4")
        cls.pilot.save()
        cls.other_student_reg = Registration.objects.create(
            pilot=cls.pilot, student=cls.student_other_person, applied_on=dt.date(2023, 3, 1)
        )
        cls.first = training_session_create(
            actor=None,
            pilot=cls.pilot,
            topic="一",
            starts_at=at("2023-04-04", 14),
            ends_at=at("2023-04-04", 17),
            teachers=[cls.teacher_person],
        )
        cls.second = training_session_create(
            actor=None, pilot=cls.pilot, topic="二", starts_at=at("2023-04-06", 14), ends_at=at("2023-04-06", 16)
        )

    def test_it_records_who_was_present_and_marks_the_rest_absent(self):
        result = attendance_record(
            actor=self.teacher, session=self.first, present_registration_ids=[self.registration.pk]
        )
        self.assertEqual(result["present"], 1)
        self.assertEqual(result["absent"], 1)
        rows = dict(Attendance.objects.filter(session=self.first).values_list("registration_id", "present"))
        self.assertEqual(rows, {self.registration.pk: True, self.other_student_reg.pk: False})

    def test_unticking_a_candidate_changes_the_record(self):
        attendance_record(actor=self.teacher, session=self.first, present_registration_ids=[self.registration.pk])
        attendance_record(actor=self.teacher, session=self.first, present_registration_ids=[])
        self.assertFalse(Attendance.objects.get(session=self.first, registration=self.registration).present)

    def test_it_refuses_a_candidate_of_another_pilot(self):
        with self.assertRaises(ValidationError):
            attendance_record(actor=self.teacher, session=self.first, present_registration_ids=[self.registration2.pk])

    def test_hours_attended_add_up_and_those_below_the_minimum_are_flagged(self):
        attendance_record(actor=self.teacher, session=self.first, present_registration_ids=[self.registration.pk])
        attendance_record(
            actor=self.office,
            session=self.second,
            present_registration_ids=[self.registration.pk, self.other_student_reg.pk],
        )
        table = {row["registration"].pk: row for row in training_hours_table(pilot=self.pilot)}
        self.assertEqual(table[self.registration.pk]["hours"], Decimal("5.0"))
        self.assertFalse(table[self.registration.pk]["below_minimum"])
        self.assertEqual(table[self.other_student_reg.pk]["hours"], Decimal("2.0"))
        self.assertTrue(table[self.other_student_reg.pk]["below_minimum"])


class TrainingPageTests(OneXTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.session = training_session_create(
            actor=None,
            pilot=cls.pilot,
            topic="理论课",
            starts_at=at("2023-04-04", 14),
            ends_at=at("2023-04-04", 17),
            teachers=[cls.teacher_person],
        )
        cls.not_mine = training_session_create(
            actor=None,
            pilot=cls.pilot,
            topic="别人的课",
            starts_at=at("2023-04-05", 14),
            ends_at=at("2023-04-05", 17),
            teachers=[cls.teacher_other_person],
        )

    def assert_statuses(self, url, expected):
        users = self.all_users()
        self.assertEqual(set(expected), set(users))
        for name, status in expected.items():
            self.client.force_login(users[name])
            self.assertEqual(self.client.get(url).status_code, status, f"{name} on {url}")

    def test_the_training_overview_is_for_readers(self):
        self.assert_statuses(
            reverse("training:pilots"),
            {
                "office": 200,
                "coordinator": 200,
                "coordinator_other": 200,
                "teacher": 403,
                "finance": 403,
                "leader": 200,
                "student": 403,
                "province": 200,
                "office2": 200,
            },
        )

    def test_a_pilots_training_page_follows_its_department(self):
        self.assert_statuses(
            reverse("training:pilot", args=[self.pilot.pk]),
            {
                "office": 200,
                "coordinator": 200,
                "coordinator_other": 404,
                "teacher": 403,
                "finance": 403,
                "leader": 200,
                "student": 403,
                "province": 200,
                "office2": 404,
            },
        )

    def test_the_attendance_page_is_for_the_sessions_teacher_and_organisers(self):
        self.assert_statuses(
            reverse("training:attendance", args=[self.session.pk]),
            {
                "office": 200,
                "coordinator": 200,
                "coordinator_other": 404,
                "teacher": 200,
                "finance": 403,
                "leader": 403,
                "student": 403,
                "province": 403,
                "office2": 404,
            },
        )

    def test_a_teacher_cannot_take_attendance_for_someone_elses_session(self):
        self.client.force_login(self.teacher)
        url = reverse("training:attendance", args=[self.not_mine.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, {"present": [self.registration.pk]}).status_code, 404)
        self.assertFalse(Attendance.objects.exists())

    def test_my_sessions_is_the_teachers_page(self):
        self.assert_statuses(
            reverse("training:mine"),
            {
                "office": 403,
                "coordinator": 403,
                "coordinator_other": 403,
                "teacher": 200,
                "finance": 403,
                "leader": 403,
                "student": 403,
                "province": 403,
                "office2": 403,
            },
        )
        self.client.force_login(self.teacher)
        response = self.client.get(reverse("training:mine"))
        self.assertContains(response, "理论课")
        self.assertNotContains(response, "别人的课")

    def test_the_teacher_ticks_and_saves_on_a_phone_sized_page(self):
        self.client.force_login(self.teacher)
        url = reverse("training:attendance", args=[self.session.pk])
        page = self.client.get(url)
        self.assertContains(page, 'name="viewport"')
        self.assertContains(page, "张三")
        response = self.client.post(url, {"present": [str(self.registration.pk)]}, follow=True)
        self.assertContains(response, "考勤已保存：到课 1 人，缺课 0 人。")
        self.assertTrue(Attendance.objects.get(session=self.session, registration=self.registration).present)
        self.client.post(url, {})
        self.assertFalse(Attendance.objects.get(session=self.session, registration=self.registration).present)

    def test_a_coordinator_adds_a_weekly_series(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(
            reverse("training:series_create", args=[self.pilot.pk]),
            {
                "topic": "实操",
                "first_day": "2023-04-03",
                "weeks": 6,
                "weekdays": [TUESDAY, THURSDAY],
                "start_time": "14:30",
                "end_time": "16:30",
                "teachers": [self.teacher_person.pk],
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(TrainingSession.objects.filter(topic__startswith="实操").count(), 12)

    def test_a_coordinator_of_another_department_cannot_add_sessions(self):
        self.client.force_login(self.coordinator_other)
        response = self.client.post(
            reverse("training:session_create", args=[self.pilot.pk]),
            {"topic": "x", "starts_at": "2023-04-04T09:00", "ends_at": "2023-04-04T11:00"},
        )
        self.assertEqual(response.status_code, 404)

    def test_the_leader_reads_but_cannot_add_sessions(self):
        self.client.force_login(self.leader)
        response = self.client.post(
            reverse("training:session_create", args=[self.pilot.pk]),
            {"topic": "x", "starts_at": "2023-04-04T09:00", "ends_at": "2023-04-04T11:00"},
        )
        self.assertEqual(response.status_code, 403)

    def test_the_office_adds_one_session(self):
        self.client.force_login(self.office)
        self.client.post(
            reverse("training:session_create", args=[self.pilot.pk]),
            {"topic": "单次课", "starts_at": "2023-04-10T09:00", "ends_at": "2023-04-10T11:30", "room": "A1"},
        )
        session = TrainingSession.objects.get(topic="单次课")
        self.assertEqual(session.hours, Decimal("2.5"))
        self.assertEqual(session.starts_at, at("2023-04-10", 9))


class MinimumHoursTests(OneXTestCase):
    def test_the_coordinator_sets_the_minimum_hours_and_it_is_audited(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(
            reverse("training:minimum_hours", args=[self.pilot.pk]), {"min_training_hours": "16"}
        )
        self.assertEqual(response.status_code, 302)
        self.pilot.refresh_from_db()
        self.assertEqual(self.pilot.min_training_hours, Decimal("16"))
        self.assertTrue(
            AuditEvent.objects.filter(action="pilot.min_training_hours", target_id=str(self.pilot.pk)).exists()
        )

    def test_clearing_the_field_removes_the_minimum(self):
        self.client.force_login(self.office)
        self.client.post(reverse("training:minimum_hours", args=[self.pilot.pk]), {"min_training_hours": "8"})
        self.client.post(reverse("training:minimum_hours", args=[self.pilot.pk]), {"min_training_hours": ""})
        self.pilot.refresh_from_db()
        self.assertIsNone(self.pilot.min_training_hours)

    def test_only_organisers_in_scope_may_set_it(self):
        for user, status in [
            (self.leader, 403),
            (self.teacher, 403),
            (self.coordinator_other, 404),
            (self.office2, 404),
        ]:
            self.client.force_login(user)
            response = self.client.post(
                reverse("training:minimum_hours", args=[self.pilot.pk]), {"min_training_hours": "3"}
            )
            self.assertEqual(response.status_code, status, user)
        self.pilot.refresh_from_db()
        self.assertIsNone(self.pilot.min_training_hours)


class TrainingWriteAccessTests(OneXTestCase):
    def test_every_write_is_refused_outside_the_organisers_in_scope(self):
        session = training_session_create(
            actor=None, pilot=self.pilot, topic="课", starts_at=at("2023-04-04", 9), ends_at=at("2023-04-04", 11)
        )
        posts = [
            reverse("training:session_create", args=[self.pilot.pk]),
            reverse("training:series_create", args=[self.pilot.pk]),
            reverse("training:minimum_hours", args=[self.pilot.pk]),
            reverse("training:session_delete", args=[session.pk]),
        ]
        expected = {
            "coordinator_other": 404,
            "teacher": 403,
            "finance": 403,
            "leader": 403,
            "student": 403,
            "province": 403,
            "office2": 404,
        }
        users = self.all_users()
        for name, status in expected.items():
            self.client.force_login(users[name])
            for url in posts:
                with self.subTest(role=name, url=url):
                    self.assertEqual(self.client.post(url, {}).status_code, status)
        self.assertTrue(TrainingSession.objects.filter(pk=session.pk).exists())
        # Attendance: the session's teachers, the office and the department only.
        url = reverse("training:attendance", args=[session.pk])
        for name, status in {**expected, "teacher": 404}.items():
            self.client.force_login(users[name])
            with self.subTest(role=name, url=url):
                self.assertEqual(self.client.post(url, {"present": [self.registration.pk]}).status_code, status)
        self.assertFalse(Attendance.objects.exists())


class AttendanceDateTests(OneXTestCase):
    """A training session (培训课次) that has not started has no attendance (考勤) yet; the clock is mocked."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.session = training_session_create(
            actor=None, pilot=cls.pilot, topic="实操", starts_at=at("2023-04-04", 14), ends_at=at("2023-04-04", 17)
        )

    def record(self):
        return attendance_record(
            actor=self.teacher, session=self.session, present_registration_ids=[self.registration.pk]
        )

    def test_it_refuses_attendance_for_a_session_that_has_not_started(self):
        with mock.patch("django.utils.timezone.now", return_value=at("2023-04-04", 13)):
            with self.assertRaises(ValidationError) as caught:
                self.record()
        self.assertEqual(caught.exception.messages, ["培训课次尚未开始，不能记录考勤。"])
        self.assertFalse(Attendance.objects.filter(session=self.session).exists())

    def test_it_takes_attendance_once_the_session_has_started(self):
        with mock.patch("django.utils.timezone.now", return_value=at("2023-04-04", 15)):
            self.assertEqual(self.record()["present"], 1)
        self.assertEqual(
            list(Attendance.objects.filter(session=self.session).values_list("registration_id", "present")),
            [(self.registration.pk, True)],
        )
