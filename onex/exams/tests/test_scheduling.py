import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import translation

from onex.audit.models import AuditEvent
from onex.catalog.models import Certificate
from onex.core.fields import Level
from onex.exams.models import AssessorAssignment, AssessorQualification, AssessorRole, ExamKind, ExamSession, Seat
from onex.exams.services.scheduling import (
    assessor_assign,
    exam_session_reschedule,
    exam_sessions_schedule,
    qualifications_expiring,
)
from onex.exams.services.sites import exam_room_create, exam_site_create
from onex.pilots.models import Pilot, Registration
from onex.training.models import Attendance
from onex.training.services import training_session_create

from .base import ExamTestCase, at


class ScheduleTests(ExamTestCase):
    def schedule(self, **kw):
        args = {
            "actor": self.office,
            "pilot": self.pilot,
            "rooms": [self.room_a],
            "kind": ExamKind.THEORY,
            "starts_at": at("2023-11-18", 9),
            "ends_at": at("2023-11-18", 11),
            "registrations": self.regs[:3],
        }
        args.update(kw)
        return exam_sessions_schedule(**args)

    def refusal(self, **kw) -> str:
        with translation.override("zh-hans"), self.assertRaises(ValidationError) as ctx:
            self.schedule(**kw)
        return " ".join(ctx.exception.messages)

    def test_it_schedules_a_session_with_numbered_seats(self):
        [session] = self.schedule()
        numbers = list(Seat.objects.filter(session=session).values_list("seat_number", flat=True))
        self.assertEqual(numbers, [1, 2, 3])
        self.assertTrue(AuditEvent.objects.filter(action="exam_session.create", target_id=str(session.pk)).exists())

    def test_it_splits_candidates_into_rooms_when_one_is_too_small(self):
        sessions = self.schedule(rooms=[self.room_a, self.room_b], registrations=self.regs)
        self.assertEqual([s.room for s in sessions], [self.room_a, self.room_b])
        self.assertEqual([s.seat_set.count() for s in sessions], [3, 2])
        self.assertEqual(list(sessions[1].seat_set.values_list("seat_number", flat=True)), [1, 2])

    def test_it_uses_only_the_rooms_it_needs(self):
        sessions = self.schedule(rooms=[self.room_a, self.room_b], registrations=self.regs[:2])
        self.assertEqual(len(sessions), 1)

    def test_it_refuses_a_room_used_twice_at_once(self):
        self.schedule(registrations=self.regs[:1])
        message = self.refusal(
            registrations=self.regs[1:2], starts_at=at("2023-11-18", 10), ends_at=at("2023-11-18", 12)
        )
        self.assertIn("考场 农林考核站点 A101 在该时段已被另一考核场次占用", message)

    def test_it_accepts_a_room_right_after_the_previous_session(self):
        self.schedule(registrations=self.regs[:1])
        self.schedule(registrations=self.regs[1:2], starts_at=at("2023-11-18", 11), ends_at=at("2023-11-18", 12))
        self.assertEqual(ExamSession.objects.filter(room=self.room_a).count(), 2)

    def test_it_refuses_more_candidates_than_seats(self):
        message = self.refusal(registrations=self.regs)
        self.assertIn("考生 5 人，超过座位数 3", message)
        self.assertFalse(ExamSession.objects.exists())

    def test_it_refuses_a_candidate_in_two_sessions_at_once(self):
        self.schedule(registrations=self.regs[:1])
        message = self.refusal(rooms=[self.room_b], registrations=self.regs[:1], starts_at=at("2023-11-18", 10, 30))
        self.assertIn("考生 张三 在该时段已安排在另一考核场次", message)

    def test_it_refuses_a_candidate_sitting_another_pilot_at_the_same_time(self):
        other_pilot = Pilot.objects.create(
            institution=self.inst, year=2023, certificate=self.cert, level=Level.SENIOR, department=self.dept
        )
        self.cert.levels = [Level.INTERMEDIATE, Level.SENIOR]
        self.cert.save()
        reg = Registration.objects.create(
            pilot=other_pilot, student=self.student_person, applied_on=dt.date(2023, 3, 1), filed_on=dt.date(2023, 3, 2)
        )
        self.schedule(registrations=self.regs[:1])
        message = self.refusal(pilot=other_pilot, rooms=[self.room_b], registrations=[reg])
        self.assertIn("考生 张三", message)

    def test_it_refuses_an_assessor_in_two_sessions_at_once(self):
        self.schedule(registrations=self.regs[:1], assessors=[self.teacher_person])
        message = self.refusal(rooms=[self.room_b], registrations=self.regs[1:2], assessors=[self.teacher_person])
        self.assertIn("考评员 李老师 在该时段已安排在另一考核场次", message)

    def test_it_refuses_an_assessor_without_a_qualification(self):
        message = self.refusal(assessors=[self.teacher_other_person])
        self.assertIn("王老师 没有 测试证书（中级）在 2023-11-18 有效的考评员资格", message)

    def test_it_refuses_an_assessor_whose_qualification_has_expired_on_that_day(self):
        self.qualification.valid_until = dt.date(2023, 11, 17)
        self.qualification.save()
        message = self.refusal(assessors=[self.teacher_person])
        self.assertIn("李老师 没有", message)

    def test_it_refuses_an_assessor_qualified_for_another_level(self):
        self.qualification.level = Level.SENIOR
        self.qualification.save()
        self.assertIn("李老师 没有", self.refusal(assessors=[self.teacher_person]))

    def test_it_refuses_a_supervisor_without_a_supervisor_qualification(self):
        message = self.refusal(supervisors=[self.teacher_person])
        self.assertIn("督导员资格", message)

    def test_it_accepts_a_qualified_assessor_and_supervisor(self):
        [session] = self.schedule(assessors=[self.teacher_person], supervisors=[self.teacher_other_person])
        roles = dict(session.assessorassignment_set.values_list("teacher__name", "role"))
        self.assertEqual(roles, {"李老师": AssessorRole.ASSESSOR, "王老师": AssessorRole.SUPERVISOR})

    def test_it_refuses_a_site_not_accredited_for_the_certificate(self):
        other_cert = Certificate.objects.create(
            code="T-002", name="另一证书", organization=self.org_, levels=[Level.INTERMEDIATE]
        )
        site = exam_site_create(
            actor=None, institution=self.inst, name="另一站点", organization=self.org_, certificates=[other_cert]
        )
        room = exam_room_create(actor=None, site=site, name="C1", seats=40)
        message = self.refusal(rooms=[room])
        self.assertIn("考核站点 另一站点 未获 测试证书 的考核资质", message)

    def test_it_refuses_a_session_outside_the_pilots_year(self):
        message = self.refusal(starts_at=at("2024-01-05", 9), ends_at=at("2024-01-05", 11))
        self.assertIn("不在试点年度 2023 内", message)

    def test_it_judges_the_year_in_shanghai_time(self):
        # 17:00 UTC on 2023-12-31 is already 2024 in Shanghai.
        starts = dt.datetime(2023, 12, 31, 17, 0, tzinfo=dt.UTC)
        message = self.refusal(starts_at=starts, ends_at=starts + dt.timedelta(hours=1))
        self.assertIn("不在试点年度 2023 内", message)

    def test_it_refuses_a_room_of_another_institution(self):
        message = self.refusal(rooms=[self.room2])
        self.assertIn("属于其他院校", message)

    def test_it_lists_every_problem_at_once(self):
        self.qualification.delete()
        with self.assertRaises(ValidationError) as ctx:
            self.schedule(
                registrations=self.regs,
                assessors=[self.teacher_person],
                starts_at=at("2024-01-05", 9),
                ends_at=at("2024-01-05", 11),
            )
        self.assertEqual(len(ctx.exception.messages), 3)

    def test_it_takes_every_registered_candidate_not_yet_seated_by_default(self):
        sessions = self.schedule(rooms=[self.room_a, self.room_b], registrations=None)
        self.assertEqual(sum(s.seat_set.count() for s in sessions), 5)
        with self.assertRaises(ValidationError):
            # Nobody left to seat is fine, but the rooms are now busy.
            self.schedule(rooms=[self.room_a], registrations=None)

    def test_it_leaves_out_candidates_below_the_minimum_hours_unless_asked(self):
        self.pilot.min_training_hours = 2
        self.pilot.save()
        training = training_session_create(
            actor=self.office,
            pilot=self.pilot,
            topic="实操",
            starts_at=at("2023-10-10", 14),
            ends_at=at("2023-10-10", 17),
        )
        for reg in self.regs[:2]:
            Attendance.objects.create(session=training, registration=reg, present=True)
        [session] = self.schedule(registrations=None)
        self.assertEqual(set(session.seat_set.values_list("registration_id", flat=True)), {r.id for r in self.regs[:2]})
        sessions = self.schedule(
            rooms=[self.room_b, self.room_a],
            registrations=None,
            include_below_minimum=True,
            starts_at=at("2023-11-19", 9),
            ends_at=at("2023-11-19", 11),
        )
        self.assertEqual(sum(s.seat_set.count() for s in sessions), 3)


class RescheduleAndAssignTests(ExamTestCase):
    def setUp(self):
        [self.session] = exam_sessions_schedule(
            actor=self.office,
            pilot=self.pilot,
            rooms=[self.room_a],
            kind=ExamKind.BOTH,
            starts_at=at("2023-11-18", 9),
            ends_at=at("2023-11-18", 11),
            registrations=self.regs[:3],
        )

    def test_it_moves_a_session_to_another_time(self):
        exam_session_reschedule(
            actor=self.office,
            session=self.session,
            room=self.room_a,
            starts_at=at("2023-11-20", 9),
            ends_at=at("2023-11-20", 11),
        )
        self.session.refresh_from_db()
        self.assertEqual(self.session.starts_at, at("2023-11-20", 9))

    def test_it_refuses_to_move_a_session_into_a_smaller_room(self):
        with translation.override("zh-hans"), self.assertRaisesMessage(ValidationError, "超过座位数 2"):
            exam_session_reschedule(
                actor=self.office,
                session=self.session,
                room=self.room_b,
                starts_at=at("2023-11-18", 9),
                ends_at=at("2023-11-18", 11),
            )

    def test_it_refuses_to_move_a_session_onto_a_busy_room(self):
        exam_sessions_schedule(
            actor=self.office,
            pilot=self.pilot,
            rooms=[self.room_a],
            kind=ExamKind.BOTH,
            starts_at=at("2023-11-18", 13),
            ends_at=at("2023-11-18", 15),
            registrations=[],
        )
        with translation.override("zh-hans"), self.assertRaisesMessage(ValidationError, "已被另一考核场次占用"):
            exam_session_reschedule(
                actor=self.office,
                session=self.session,
                room=self.room_a,
                starts_at=at("2023-11-18", 14),
                ends_at=at("2023-11-18", 16),
            )
        # The room of the session itself does not count as a clash.
        exam_session_reschedule(
            actor=self.office,
            session=self.session,
            room=self.room_a,
            starts_at=at("2023-11-18", 10),
            ends_at=at("2023-11-18", 12),
        )

    def test_it_assigns_a_qualified_assessor(self):
        assessor_assign(
            actor=self.office, session=self.session, teacher=self.teacher_person, role=AssessorRole.ASSESSOR
        )
        self.assertTrue(AssessorAssignment.objects.filter(session=self.session, teacher=self.teacher_person).exists())

    def test_it_refuses_to_assign_an_unqualified_assessor(self):
        with translation.override("zh-hans"), self.assertRaisesMessage(ValidationError, "王老师 没有"):
            assessor_assign(
                actor=self.office, session=self.session, teacher=self.teacher_other_person, role=AssessorRole.ASSESSOR
            )

    def test_it_refuses_to_assign_an_assessor_busy_elsewhere(self):
        [other] = exam_sessions_schedule(
            actor=self.office,
            pilot=self.pilot,
            rooms=[self.room_b],
            kind=ExamKind.BOTH,
            starts_at=at("2023-11-18", 10),
            ends_at=at("2023-11-18", 12),
            registrations=self.regs[3:],
        )
        assessor_assign(actor=self.office, session=other, teacher=self.teacher_person, role=AssessorRole.ASSESSOR)
        with translation.override("zh-hans"), self.assertRaisesMessage(ValidationError, "在该时段已安排在另一考核场次"):
            assessor_assign(
                actor=self.office, session=self.session, teacher=self.teacher_person, role=AssessorRole.ASSESSOR
            )

    def test_it_refuses_to_assign_a_teacher_of_another_institution(self):
        with self.assertRaises(ValidationError):
            assessor_assign(
                actor=self.office, session=self.session, teacher=self.teacher2_person, role=AssessorRole.ASSESSOR
            )


class ExpiringQualificationTests(ExamTestCase):
    def test_it_lists_qualifications_ending_within_ninety_days(self):
        soon = AssessorQualification.objects.create(
            teacher=self.teacher_person,
            certificate=self.cert,
            level=Level.INTERMEDIATE,
            number="KP-OLD",
            valid_from=dt.date(2022, 1, 1),
            valid_until=dt.date(2023, 3, 31),
        )
        listed = qualifications_expiring(qualifications=AssessorQualification.objects.all(), today=dt.date(2023, 1, 1))
        self.assertEqual(list(listed), [soon])

    def test_it_leaves_out_qualifications_already_expired(self):
        listed = qualifications_expiring(qualifications=AssessorQualification.objects.all(), today=dt.date(2026, 1, 1))
        self.assertEqual(list(listed), [])
