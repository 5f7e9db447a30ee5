"""The results pages: who opens them, the grid, approval, amendment, and the figures that follow."""

import io
import json
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse

from onex.audit.models import AuditEvent
from onex.exams.models import ExamKind, Outcome, Result
from onex.exams.services import results_approve
from onex.exams.services.scheduling import exam_sessions_schedule

from .base import ExamTestCase, at

OK, DENIED, HIDDEN = 200, 403, 404


class ResultsPageTestCase(ExamTestCase):
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

    def url(self, name="exams:results", *args):
        return reverse(name, args=[self.pilot.pk, *args])

    def assert_statuses(self, url, expected):
        users = self.all_users()
        self.assertEqual(set(expected), set(users), "every role must be listed")
        for name, status in expected.items():
            self.client.force_login(users[name])
            self.assertEqual(self.client.get(url).status_code, status, f"{name} on {url}")
        self.client.logout()

    def grid_data(self, rows):
        """rows: {registration index: (theory, practical, absent)}; every registered candidate is posted."""
        data = {"r-TOTAL_FORMS": str(len(self.regs)), "r-INITIAL_FORMS": str(len(self.regs))}
        for i, reg in enumerate(self.regs):
            theory, practical, absent = rows.get(i, ("", "", False))
            data[f"r-{i}-registration"] = str(reg.pk)
            data[f"r-{i}-theory_score"] = theory
            data[f"r-{i}-practical_score"] = practical
            if absent:
                data[f"r-{i}-absent"] = "on"
        return data

    def post_grid(self, rows, user=None):
        self.client.force_login(user or self.office)
        return self.client.post(self.url(), self.grid_data(rows))


class AccessTests(ResultsPageTestCase):
    def test_the_grid_is_read_by_the_departments_coordinator_and_leadership_not_by_teachers_or_students(self):
        self.assert_statuses(
            self.url(),
            {
                "office": OK,
                "coordinator": OK,
                "coordinator_other": HIDDEN,
                "teacher": DENIED,
                "finance": DENIED,
                "leader": OK,
                "student": DENIED,
                "province": OK,
                "office2": HIDDEN,
            },
        )

    def test_approval_and_amendment_pages_are_the_offices_alone(self):
        self.assert_statuses(
            self.url("exams:results_approve"),
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

    def test_readers_see_the_results_without_inputs_or_buttons(self):
        self.post_grid({0: ("80", "70", False)})
        for user in (self.coordinator, self.leader, self.province):
            self.client.force_login(user)
            body = self.client.get(self.url()).content.decode()
            assert "75.00" in body, user
            assert 'name="r-0-theory_score"' not in body and 'id="approve-link"' not in body, user
            assert 'id="pass-rule-form"' not in body, user

    def test_a_coordinator_cannot_save_the_grid(self):
        response = self.post_grid({0: ("80", "80", False)}, user=self.coordinator)
        assert response.status_code == DENIED and not Result.objects.exists()

    def test_another_institutions_office_cannot_save_the_grid(self):
        response = self.post_grid({0: ("80", "80", False)}, user=self.office2)
        assert response.status_code == HIDDEN and not Result.objects.exists()

    def test_the_grid_is_linked_from_the_session_page_for_readers_only(self):
        link = self.url()
        self.client.force_login(self.office)
        assert link in self.client.get(reverse("exams:session", args=[self.session.pk])).content.decode()
        assert link in self.client.get(reverse("exams:sessions")).content.decode()
        assert link in self.client.get(reverse("exams:schedule") + f"?pilot={self.pilot.pk}").content.decode()
        self.client.force_login(self.teacher)
        assert link not in self.client.get(reverse("exams:session", args=[self.session.pk])).content.decode()


class GridTests(ResultsPageTestCase):
    def test_the_grid_lists_every_registered_candidate_with_their_seat(self):
        self.client.force_login(self.office)
        body = self.client.get(self.url()).content.decode()
        for reg in self.regs:
            assert reg.student.name in body
        assert "11-18 09:00 A101 #1" in body
        assert body.count('name="r-') >= len(self.regs) * 4

    def test_saved_results_show_their_total_and_outcome(self):
        response = self.post_grid({0: ("80", "70", False), 1: ("90", "50", False), 2: ("", "", True)})
        assert response.status_code == 302
        results = {r.registration_id: r for r in Result.objects.all()}
        assert results[self.regs[0].pk].total_score == Decimal("75.00")
        assert results[self.regs[1].pk].outcome == Outcome.FAIL  # both parts required
        assert results[self.regs[2].pk].outcome == Outcome.ABSENT
        body = self.client.get(self.url()).content.decode()
        assert "75.00" in body and "通过" in body and "不通过" in body and "缺考" in body
        assert "已录入 3 条" in body

    def test_wrong_rows_are_marked_in_chinese_and_nothing_is_saved(self):
        response = self.post_grid({0: ("80", "70", False), 1: ("120", "70", False), 2: ("60", "", True)})
        assert response.status_code == 400
        assert not Result.objects.exists()
        body = response.content.decode()
        assert "成绩应为 0 至 100 之间的数字。" in body
        assert "缺考考生不应有成绩：请清除成绩或取消勾选缺考。" in body
        assert "未保存任何内容" in body
        # What was typed is kept.
        assert 'value="120"' in body

    def test_the_office_changes_the_pass_rule_before_approval(self):
        self.post_grid({0: ("90", "50", False)})
        assert Result.objects.get().outcome == Outcome.FAIL
        response = self.client.post(
            self.url("exams:pass_rule"), {"pass_mark": "60", "theory_weight": "0.6", "both_parts_required": ""}
        )
        assert response.status_code == 302
        self.pilot.refresh_from_db()
        assert self.pilot.theory_weight == Decimal("0.60") and not self.pilot.both_parts_required
        assert Result.objects.get().outcome == Outcome.PASS

    def test_a_pass_rule_out_of_range_is_refused(self):
        self.client.force_login(self.office)
        response = self.client.post(
            self.url("exams:pass_rule"), {"pass_mark": "60", "theory_weight": "1.5", "both_parts_required": "on"}
        )
        assert response.status_code == 400
        self.pilot.refresh_from_db()
        assert self.pilot.theory_weight == Decimal("0.50")


class ApprovalTests(ResultsPageTestCase):
    def test_approval_asks_for_confirmation_then_locks_the_grid(self):
        self.post_grid({0: ("80", "70", False)})
        confirm = self.client.get(self.url("exams:results_approve")).content.decode()
        assert "1 / 5" in confirm or "5 名备案考生中 1 名已有成绩" in confirm
        assert Result.objects.get().approved_at is None  # a GET approves nothing
        response = self.client.post(self.url("exams:results_approve"))
        assert response.status_code == 302
        self.pilot.refresh_from_db()
        assert self.pilot.results_approved_by == self.office
        body = self.client.get(self.url()).content.decode()
        assert 'name="r-0-theory_score"' not in body and "已审核" in body
        # A post to the locked grid changes nothing.
        response = self.post_grid({0: ("10", "10", False)})
        assert response.status_code == 302 and Result.objects.get().total_score == Decimal("75.00")

    def test_an_amendment_needs_a_reason_and_lands_in_the_audit_trail(self):
        self.post_grid({0: ("80", "70", False)})
        results_approve(pilot=self.pilot, actor=self.office)
        url = self.url("exams:result_amend", self.regs[0].pk)
        response = self.client.post(url, {"theory_score": "40", "practical_score": "70", "reason": ""})
        assert response.status_code == 200 and "须填写" in response.content.decode()
        assert Result.objects.get().outcome == Outcome.PASS
        response = self.client.post(url, {"theory_score": "40", "practical_score": "70", "reason": "复核更正"})
        assert response.status_code == 302
        result = Result.objects.get()
        assert result.total_score == Decimal("55.00") and result.outcome == Outcome.FAIL
        event = AuditEvent.objects.get(action="result.amend")
        assert event.reason == "复核更正" and event.before["outcome"] == "pass" and event.after["outcome"] == "fail"
        body = self.client.get(self.url()).content.decode()
        assert (
            "复核更正" in body and "80.00 / 70.00 / 75.00 · 通过" in body and "40.00 / 70.00 / 55.00 · 不通过" in body
        )

    def test_a_candidate_of_another_pilot_cannot_be_amended_here(self):
        results_approve(pilot=self.pilot, actor=self.office)
        self.client.force_login(self.office)
        response = self.client.get(self.url("exams:result_amend", self.registration_other.pk))
        assert response.status_code == HIDDEN


class FiguresFollowTests(ResultsPageTestCase):
    def stats(self):
        out = io.StringIO()
        call_command("stats", "--institution", self.inst.code, "--year", "2023", stdout=out)
        return json.loads(out.getvalue())

    def test_results_entered_in_the_grid_change_the_stats_at_once(self):
        before = self.stats()
        assert (before["registered"], before["completed"], before["passed"]) == (5, 0, 0)
        self.post_grid({0: ("80", "70", False), 1: ("90", "50", False), 2: ("", "", True), 3: ("61", "60", False)})
        after = self.stats()
        assert (after["registered"], after["completed"], after["passed"]) == (5, 3, 2)
        assert after["completion_rate"] == "60.00" and after["pass_rate"] == "66.67"
        # An amendment after approval moves them too.
        results_approve(pilot=self.pilot, actor=self.office)
        self.client.post(
            self.url("exams:result_amend", self.regs[1].pk),
            {"theory_score": "90", "practical_score": "60", "reason": "复核"},
        )
        assert self.stats()["passed"] == 3 and self.stats()["pass_rate"] == "100.00"
