"""Every exam page for every role: who may open it, who gets a 403, whose scope hides it (404)."""

import datetime as dt

from django.urls import reverse

from onex.exams.models import AssessorAssignment, AssessorRole, ExamKind, ExamSession, Seat
from onex.exams.services.scheduling import exam_sessions_schedule

from .base import ExamTestCase, at

OK, DENIED, HIDDEN = 200, 403, 404


class ExamPageTestCase(ExamTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        [cls.session] = exam_sessions_schedule(
            actor=None,
            pilot=cls.pilot,
            rooms=[cls.room_a],
            kind=ExamKind.BOTH,
            starts_at=at("2023-11-18", 9),
            ends_at=at("2023-11-18", 11),
            registrations=cls.regs[:3],
            assessors=[cls.teacher_person],
        )

    def assert_statuses(self, url: str, expected: dict[str, int]) -> None:
        users = self.all_users()
        self.assertEqual(set(expected), set(users), "every role must be listed")
        for name, status in expected.items():
            self.client.force_login(users[name])
            response = self.client.get(url)
            self.assertEqual(response.status_code, status, f"{name} on {url}")
        self.client.logout()


class PageAccessTests(ExamPageTestCase):
    def test_the_session_list_is_open_to_readers_and_teachers(self):
        self.assert_statuses(
            reverse("exams:sessions"),
            {
                "office": OK,
                "coordinator": OK,
                "coordinator_other": OK,
                "teacher": OK,
                "finance": DENIED,
                "leader": OK,
                "student": DENIED,
                "province": OK,
                "office2": OK,
            },
        )

    def test_the_session_list_shows_only_sessions_in_scope(self):
        url = reverse("exams:session", args=[self.session.pk])
        for user, visible in [
            (self.office, True),
            (self.coordinator, True),
            (self.coordinator_other, False),
            (self.teacher, True),
            (self.office2, False),
        ]:
            self.client.force_login(user)
            self.assertEqual(url in self.client.get(reverse("exams:sessions")).content.decode(), visible, user)

    def test_a_teacher_sees_only_sessions_they_assess(self):
        AssessorAssignment.objects.filter(session=self.session).delete()
        self.client.force_login(self.teacher)
        self.assertEqual(self.client.get(reverse("exams:session", args=[self.session.pk])).status_code, HIDDEN)

    def test_the_session_page_follows_role_and_scope(self):
        self.assert_statuses(
            reverse("exams:session", args=[self.session.pk]),
            {
                "office": OK,
                "coordinator": OK,
                "coordinator_other": HIDDEN,
                "teacher": OK,
                "finance": DENIED,
                "leader": OK,
                "student": DENIED,
                "province": OK,
                "office2": HIDDEN,
            },
        )

    def test_only_the_office_may_open_the_scheduling_page(self):
        self.assert_statuses(
            reverse("exams:schedule"),
            {
                "office": OK,
                "coordinator": DENIED,
                "coordinator_other": DENIED,
                "teacher": DENIED,
                "finance": DENIED,
                "leader": DENIED,
                "student": DENIED,
                "province": DENIED,
                "office2": OK,
            },
        )

    def test_only_the_office_may_move_a_session(self):
        self.assert_statuses(
            reverse("exams:session_reschedule", args=[self.session.pk]),
            {
                "office": OK,
                "coordinator": DENIED,
                "coordinator_other": DENIED,
                "teacher": DENIED,
                "finance": DENIED,
                "leader": DENIED,
                "student": DENIED,
                "province": DENIED,
                "office2": HIDDEN,
            },
        )

    def test_the_sign_in_sheet_is_for_office_coordinator_and_assessor(self):
        self.assert_statuses(
            reverse("exams:sign_in_sheet", args=[self.session.pk]),
            {
                "office": OK,
                "coordinator": OK,
                "coordinator_other": HIDDEN,
                "teacher": OK,
                "finance": DENIED,
                "leader": DENIED,
                "student": DENIED,
                "province": DENIED,
                "office2": HIDDEN,
            },
        )

    def test_the_seat_plan_follows_the_session_page(self):
        self.assert_statuses(
            reverse("exams:seat_plan", args=[self.session.pk]),
            {
                "office": OK,
                "coordinator": OK,
                "coordinator_other": HIDDEN,
                "teacher": OK,
                "finance": DENIED,
                "leader": OK,
                "student": DENIED,
                "province": OK,
                "office2": HIDDEN,
            },
        )

    def test_admission_tickets_are_for_office_and_coordinator(self):
        self.assert_statuses(
            reverse("exams:tickets", args=[self.session.pk]),
            {
                "office": OK,
                "coordinator": OK,
                "coordinator_other": HIDDEN,
                "teacher": DENIED,
                "finance": DENIED,
                "leader": DENIED,
                "student": DENIED,
                "province": DENIED,
                "office2": HIDDEN,
            },
        )

    def test_the_site_list_is_open_to_readers(self):
        self.assert_statuses(
            reverse("exams:sites"),
            {
                "office": OK,
                "coordinator": OK,
                "coordinator_other": OK,
                "teacher": DENIED,
                "finance": DENIED,
                "leader": OK,
                "student": DENIED,
                "province": OK,
                "office2": OK,
            },
        )

    def test_a_site_is_hidden_from_other_institutions(self):
        self.assert_statuses(
            reverse("exams:site", args=[self.site.pk]),
            {
                "office": OK,
                "coordinator": OK,
                "coordinator_other": OK,
                "teacher": DENIED,
                "finance": DENIED,
                "leader": OK,
                "student": DENIED,
                "province": OK,
                "office2": HIDDEN,
            },
        )

    def test_only_the_office_may_create_a_site(self):
        self.assert_statuses(
            reverse("exams:site_create"),
            {
                "office": OK,
                "coordinator": DENIED,
                "coordinator_other": DENIED,
                "teacher": DENIED,
                "finance": DENIED,
                "leader": DENIED,
                "student": DENIED,
                "province": DENIED,
                "office2": OK,
            },
        )

    def test_the_qualification_list_is_open_to_readers_and_teachers(self):
        self.assert_statuses(
            reverse("exams:qualifications"),
            {
                "office": OK,
                "coordinator": OK,
                "coordinator_other": OK,
                "teacher": OK,
                "finance": DENIED,
                "leader": OK,
                "student": DENIED,
                "province": OK,
                "office2": OK,
            },
        )

    def test_anonymous_visitors_are_sent_to_log_in(self):
        for name in ["exams:sessions", "exams:schedule", "exams:sites", "exams:qualifications"]:
            response = self.client.get(reverse(name))
            self.assertEqual(response.status_code, 302, name)


class SchedulingPageTests(ExamPageTestCase):
    def post_schedule(self, **overrides):
        data = {
            "pilot": self.pilot.pk,
            "kind": ExamKind.THEORY,
            "starts_at": "2023-11-18T10:00",
            "ends_at": "2023-11-18T12:00",
            "rooms": [self.room_a.pk],
        }
        data.update(overrides)
        return self.client.post(reverse("exams:schedule"), data)

    def test_the_form_refuses_a_busy_room_in_chinese(self):
        self.client.force_login(self.office)
        response = self.post_schedule()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "考场 农林考核站点 A101 在该时段已被另一考核场次占用")
        self.assertEqual(ExamSession.objects.count(), 1)

    def test_the_form_refuses_too_many_candidates(self):
        self.session.seat_set.all().delete()
        self.client.force_login(self.office)
        response = self.post_schedule(rooms=[self.room_b.pk], starts_at="2023-11-19T09:00", ends_at="2023-11-19T11:00")
        self.assertContains(response, "考生 5 人，超过座位数 2")

    def test_the_form_splits_candidates_over_the_rooms_chosen(self):
        self.session.seat_set.all().delete()
        self.client.force_login(self.office)
        response = self.post_schedule(
            rooms=[self.room_a.pk, self.room_b.pk], starts_at="2023-11-19T09:00", ends_at="2023-11-19T11:00"
        )
        self.assertEqual(response.status_code, 302)
        counts = sorted(s.seat_set.count() for s in ExamSession.objects.filter(starts_at__day=19))
        self.assertEqual(counts, [2, 3])

    def test_the_form_refuses_an_assessor_in_two_sessions_at_once(self):
        self.client.force_login(self.office)
        response = self.post_schedule(rooms=[self.room_b.pk], assessors=[self.teacher_person.pk])
        self.assertContains(response, "考评员 李老师 在该时段已安排在另一考核场次")

    def test_the_form_refuses_a_session_outside_the_pilots_year(self):
        self.client.force_login(self.office)
        response = self.post_schedule(rooms=[self.room_b.pk], starts_at="2024-03-01T09:00", ends_at="2024-03-01T11:00")
        self.assertContains(response, "考核时间不在试点年度 2023 内")

    def test_the_form_reads_times_in_shanghai(self):
        self.client.force_login(self.office)
        response = self.post_schedule(rooms=[self.room_b.pk], starts_at="2023-11-19T09:00", ends_at="2023-11-19T11:00")
        self.assertEqual(response.status_code, 302)
        session = ExamSession.objects.get(room=self.room_b)
        self.assertEqual(session.starts_at, dt.datetime(2023, 11, 19, 1, 0, tzinfo=dt.UTC))

    def test_a_coordinator_cannot_post_a_schedule(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(self.post_schedule(starts_at="2023-11-19T09:00").status_code, 403)

    def test_another_institutions_office_cannot_schedule_our_pilot(self):
        self.client.force_login(self.office2)
        response = self.post_schedule(starts_at="2023-11-19T09:00", ends_at="2023-11-19T11:00")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].has_error("pilot"))
        self.assertEqual(ExamSession.objects.count(), 1)

    def test_the_scheduling_page_flags_candidates_below_the_minimum_hours(self):
        self.pilot.min_training_hours = 8
        self.pilot.save()
        self.client.force_login(self.office)
        response = self.client.get(reverse("exams:schedule"), {"pilot": self.pilot.pk})
        self.assertContains(response, "培训学时不足的考生")
        self.assertContains(response, "学生3号")


class SessionEditingTests(ExamPageTestCase):
    def test_the_office_swaps_two_seats_by_hand(self):
        first, second = Seat.objects.filter(session=self.session).order_by("seat_number")[:2]
        self.client.force_login(self.office)
        response = self.client.post(
            reverse("exams:seat_move", args=[self.session.pk]),
            {"seat": first.pk, "session": self.session.pk, "seat_number": 2},
        )
        self.assertEqual(response.status_code, 302)
        first.refresh_from_db()
        second.refresh_from_db()
        self.assertEqual((first.seat_number, second.seat_number), (2, 1))

    def test_a_coordinator_cannot_move_seats(self):
        seat = Seat.objects.filter(session=self.session).first()
        self.client.force_login(self.coordinator)
        response = self.client.post(
            reverse("exams:seat_move", args=[self.session.pk]),
            {"seat": seat.pk, "session": self.session.pk, "seat_number": 3},
        )
        self.assertEqual(response.status_code, 403)

    def test_assigning_an_unqualified_assessor_shows_the_refusal(self):
        self.client.force_login(self.office)
        response = self.client.post(
            reverse("exams:assessor_assign", args=[self.session.pk]),
            {"teacher": self.teacher_other_person.pk, "role": AssessorRole.ASSESSOR},
            follow=True,
        )
        self.assertContains(response, "王老师 没有 测试证书（中级）在 2023-11-18 有效的考评员资格")
        self.assertFalse(AssessorAssignment.objects.filter(teacher=self.teacher_other_person).exists())

    def test_assigning_a_qualified_supervisor_works(self):
        self.client.force_login(self.office)
        self.client.post(
            reverse("exams:assessor_assign", args=[self.session.pk]),
            {"teacher": self.teacher_other_person.pk, "role": AssessorRole.SUPERVISOR},
        )
        self.assertTrue(
            AssessorAssignment.objects.filter(teacher=self.teacher_other_person, role=AssessorRole.SUPERVISOR).exists()
        )

    def test_seating_more_candidates_respects_capacity(self):
        self.client.force_login(self.office)
        response = self.client.post(
            reverse("exams:seats_add", args=[self.session.pk]),
            {"registrations": [self.regs[3].pk, self.regs[4].pk]},
            follow=True,
        )
        self.assertContains(response, "考生 5 人，超过座位数 3")
        self.assertEqual(self.session.seat_set.count(), 3)

    def test_another_institution_cannot_touch_our_session(self):
        self.client.force_login(self.office2)
        response = self.client.post(reverse("exams:session_delete", args=[self.session.pk]))
        self.assertEqual(response.status_code, 404)
        self.assertTrue(ExamSession.objects.filter(pk=self.session.pk).exists())

    def test_the_office_deletes_a_session_with_its_seats(self):
        self.client.force_login(self.office)
        self.client.post(reverse("exams:session_delete", args=[self.session.pk]))
        self.assertFalse(ExamSession.objects.exists())
        self.assertFalse(Seat.objects.exists())

    def test_the_office_moves_a_session_and_sees_refusals(self):
        self.client.force_login(self.office)
        url = reverse("exams:session_reschedule", args=[self.session.pk])
        response = self.client.post(
            url,
            {
                "room": self.room_b.pk,
                "kind": ExamKind.BOTH,
                "starts_at": "2023-11-18T09:00",
                "ends_at": "2023-11-18T11:00",
            },
        )
        self.assertContains(response, "考生 3 人，超过座位数 2")
        response = self.client.post(
            url,
            {
                "room": self.room_a.pk,
                "kind": ExamKind.BOTH,
                "starts_at": "2023-11-20T09:00",
                "ends_at": "2023-11-20T11:00",
            },
        )
        self.assertEqual(response.status_code, 302)


class SitePageTests(ExamPageTestCase):
    def test_the_office_creates_a_site_with_a_room_and_logs_its_use(self):
        self.client.force_login(self.office)
        response = self.client.post(
            reverse("exams:site_create"),
            {"name": "新站点", "organization": self.org_.pk, "certificates": [self.cert.pk], "open_to_public": "on"},
        )
        self.assertEqual(response.status_code, 302)
        site = self.inst.examsite_set.get(name="新站点")
        self.client.post(reverse("exams:room_create", args=[site.pk]), {"name": "101", "seats": 40})
        self.client.post(
            reverse("exams:usage_record", args=[site.pk]),
            {
                "used_on": "2023-07-01",
                "purpose": "external_training",
                "headcount": 35,
                "organization": "茂名市农业农村局",
            },
        )
        self.assertEqual(site.examroom_set.get().seats, 40)
        response = self.client.get(reverse("exams:sites"), {"year": 2023})
        self.assertEqual(response.context["figures"]["external_headcount"], 35)

    def test_a_coordinator_cannot_add_a_room(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(reverse("exams:room_create", args=[self.site.pk]), {"name": "X", "seats": 4})
        self.assertEqual(response.status_code, 403)


class WriteAccessTests(ExamPageTestCase):
    def test_every_write_is_refused_to_every_role_but_the_office_of_the_institution(self):
        seat = Seat.objects.filter(session=self.session).first()
        assignment = AssessorAssignment.objects.get(session=self.session)
        posts = [
            reverse("exams:session_delete", args=[self.session.pk]),
            reverse("exams:session_reschedule", args=[self.session.pk]),
            reverse("exams:assessor_assign", args=[self.session.pk]),
            reverse("exams:assessor_unassign", args=[self.session.pk, assignment.pk]),
            reverse("exams:seats_add", args=[self.session.pk]),
            reverse("exams:seat_move", args=[self.session.pk]),
            reverse("exams:seat_remove", args=[self.session.pk, seat.pk]),
            reverse("exams:room_create", args=[self.site.pk]),
            reverse("exams:usage_record", args=[self.site.pk]),
            reverse("exams:schedule"),
            reverse("exams:site_create"),
        ]
        users = self.all_users()
        for name, user in users.items():
            if name in ("office", "office2"):
                continue
            self.client.force_login(user)
            for url in posts:
                with self.subTest(role=name, url=url):
                    self.assertEqual(self.client.post(url, {}).status_code, 403)
        self.client.force_login(self.office2)
        for url in posts[:-2]:
            with self.subTest(role="office2", url=url):
                self.assertEqual(self.client.post(url, {}).status_code, 404)
        self.assertTrue(Seat.objects.filter(pk=seat.pk).exists())
        self.assertTrue(AssessorAssignment.objects.filter(pk=assignment.pk).exists())
        self.assertTrue(ExamSession.objects.filter(pk=self.session.pk).exists())


class SiteEditTests(ExamPageTestCase):
    def test_the_office_edits_the_certificates_a_site_may_examine_and_scheduling_follows(self):
        self.client.force_login(self.office)
        url = reverse("exams:site_edit", args=[self.site.pk])
        self.assertContains(self.client.get(url), "农林考核站点")
        response = self.client.post(url, {"name": "农林考核站点", "organization": self.org_.pk, "certificates": []})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(self.site.certificates.exists())
        response = self.client.post(
            reverse("exams:schedule"),
            {
                "pilot": self.pilot.pk,
                "kind": ExamKind.THEORY,
                "starts_at": "2023-11-20T09:00",
                "ends_at": "2023-11-20T11:00",
                "rooms": [self.room_b.pk],
            },
        )
        self.assertContains(response, "考核站点 农林考核站点 未获 测试证书 的考核资质")

    def test_only_the_office_of_the_institution_edits_a_site(self):
        url = reverse("exams:site_edit", args=[self.site.pk])
        for user, status in [(self.coordinator, 403), (self.leader, 403), (self.province, 403), (self.office2, 404)]:
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, status, user)
