"""The pass rule, the results grid, approval and amendment, at the service level."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from onex.audit.models import AuditEvent
from onex.exams.models import Outcome, Result
from onex.exams.services import (
    ResultEntry,
    ResultLockedError,
    registered_candidates,
    result_amend,
    result_compute,
    result_record,
    results_approve,
    results_grid_save,
    results_pass_rule_set,
)
from onex.pilots.models import Registration

from .base import ExamTestCase

D = Decimal


class PassRuleTests(ExamTestCase):
    def compute(self, theory, practical, absent=False):
        return result_compute(
            pilot=self.pilot,
            theory_score=None if theory is None else D(theory),
            practical_score=None if practical is None else D(practical),
            absent=absent,
        )

    def test_the_total_weighs_theory_and_practical_by_the_pilots_weight(self):
        self.pilot.theory_weight = D("0.30")
        computed = self.compute("70", "80.5")
        assert computed.total_score == D("77.35") and computed.outcome == Outcome.PASS

    def test_the_total_is_rounded_half_up_to_cents(self):
        self.pilot.theory_weight = D("0.50")
        assert self.compute("60.01", "60").total_score == D("60.01")  # 60.005 → 60.01

    def test_with_both_parts_required_a_weak_part_fails_a_good_total(self):
        assert self.compute("95", "55").outcome == Outcome.FAIL

    def test_without_both_parts_required_the_total_decides(self):
        self.pilot.both_parts_required = False
        computed = self.compute("95", "55")
        assert computed.total_score == D("75.00") and computed.outcome == Outcome.PASS

    def test_a_total_below_the_pass_mark_fails(self):
        self.pilot.pass_mark = D("70")
        self.pilot.both_parts_required = False
        assert self.compute("70", "69.98").outcome == Outcome.FAIL
        assert self.compute("70", "70").outcome == Outcome.PASS

    def test_a_part_of_weight_zero_is_not_required(self):
        self.pilot.theory_weight = D("0")
        computed = self.compute(None, "65")
        assert computed.total_score == D("65.00") and computed.outcome == Outcome.PASS

    def test_a_missing_part_is_refused_in_chinese(self):
        with pytest.raises(ValidationError) as exc:
            self.compute("80", None)
        assert exc.value.messages == ["请填写实操成绩，或勾选缺考。"]

    def test_a_score_outside_0_to_100_is_refused_in_chinese(self):
        with pytest.raises(ValidationError) as exc:
            self.compute("101", "60")
        assert "成绩应为 0 至 100 之间的数字。" in exc.value.messages

    def test_an_absent_candidate_has_no_scores(self):
        assert self.compute(None, None, absent=True).outcome == Outcome.ABSENT
        with pytest.raises(ValidationError) as exc:
            self.compute("60", None, absent=True)
        assert exc.value.messages == ["缺考考生不应有成绩：请清除成绩或取消勾选缺考。"]


class GridTests(ExamTestCase):
    def entry(self, n, theory=None, practical=None, absent=False):
        return ResultEntry(
            registration=self.regs[n],
            theory_score=None if theory is None else D(theory),
            practical_score=None if practical is None else D(practical),
            absent=absent,
        )

    def test_the_grid_lists_filed_candidates_that_did_not_withdraw(self):
        Registration.objects.filter(pk=self.regs[1].pk).update(withdrawn_on=dt.date(2023, 5, 1))
        Registration.objects.filter(pk=self.regs[2].pk).update(filed_on=None)
        assert set(registered_candidates(pilot=self.pilot)) == {self.regs[0], self.regs[3], self.regs[4]}

    def test_saving_the_grid_records_totals_and_outcomes_and_skips_blank_rows(self):
        saved = results_grid_save(
            pilot=self.pilot,
            entries=[self.entry(0, "80", "70"), self.entry(1, "50", "90"), self.entry(2, absent=True), self.entry(3)],
            actor=self.office,
        )
        assert (saved.recorded, saved.updated, saved.unchanged) == (3, 0, 0)
        results = {r.registration_id: r for r in Result.objects.all()}
        assert results[self.regs[0].pk].total_score == D("75.00") and results[self.regs[0].pk].outcome == "pass"
        assert results[self.regs[1].pk].total_score == D("70.00") and results[self.regs[1].pk].outcome == "fail"
        assert results[self.regs[2].pk].outcome == "absent" and results[self.regs[2].pk].total_score is None
        assert self.regs[3].pk not in results
        assert AuditEvent.objects.filter(action="result.record").count() == 3

    def test_one_wrong_row_saves_nothing_and_names_the_row(self):
        with pytest.raises(ValidationError) as exc:
            results_grid_save(
                pilot=self.pilot,
                entries=[self.entry(0, "80", "70"), self.entry(1, "60", "60", absent=True)],
                actor=self.office,
            )
        assert set(exc.value.message_dict) == {str(self.regs[1].pk)}
        assert not Result.objects.exists()

    def test_a_row_as_stored_is_left_alone(self):
        result_record(registration=self.regs[0], outcome=Outcome.PASS)  # imported as a word, no scores
        saved = results_grid_save(pilot=self.pilot, entries=[self.entry(0)], actor=self.office)
        assert saved.unchanged == 1
        assert Result.objects.get(registration=self.regs[0]).outcome == Outcome.PASS

    def test_a_recorded_result_cannot_be_emptied(self):
        results_grid_save(pilot=self.pilot, entries=[self.entry(0, "80", "70")])
        with pytest.raises(ValidationError):
            results_grid_save(pilot=self.pilot, entries=[self.entry(0)])

    def test_a_candidate_of_another_pilot_is_refused(self):
        with pytest.raises(ValidationError) as exc:
            results_grid_save(pilot=self.pilot, entries=[ResultEntry(registration=self.registration2, absent=True)])
        assert set(exc.value.message_dict) == {str(self.registration2.pk)}

    def test_after_approval_the_grid_is_refused(self):
        results_grid_save(pilot=self.pilot, entries=[self.entry(0, "80", "70")])
        results_approve(pilot=self.pilot, actor=self.office)
        with pytest.raises(ResultLockedError):
            results_grid_save(pilot=self.pilot, entries=[self.entry(0, "50", "70")])
        with pytest.raises(ResultLockedError):
            results_grid_save(pilot=self.pilot, entries=[self.entry(1, "50", "70")])
        assert Result.objects.count() == 1


class ApprovalAndAmendmentTests(ExamTestCase):
    def setUp(self):
        results_grid_save(
            pilot=self.pilot,
            entries=[ResultEntry(registration=self.regs[0], theory_score=D("80"), practical_score=D("70"))],
        )

    def test_approval_happens_once(self):
        results_approve(pilot=self.pilot, actor=self.office)
        with pytest.raises(ValidationError):
            results_approve(pilot=self.pilot, actor=self.office)

    def test_a_new_result_of_an_approved_pilot_is_locked_too(self):
        results_approve(pilot=self.pilot, actor=self.office)
        with pytest.raises(ResultLockedError):
            result_record(registration=self.regs[1], outcome=Outcome.PASS, total_score=D("90"))
        result, changed = result_record(
            registration=self.regs[1], outcome=Outcome.ABSENT, amend=True, reason="补录缺考"
        )
        self.pilot.refresh_from_db()
        assert changed and result.approved_at == self.pilot.results_approved_at

    def test_an_amendment_needs_a_reason(self):
        results_approve(pilot=self.pilot, actor=self.office)
        with pytest.raises(ValidationError):
            result_amend(
                registration=self.regs[0], theory_score=D("40"), practical_score=D("70"), absent=False, reason="  "
            )
        assert Result.objects.get(registration=self.regs[0]).outcome == Outcome.PASS

    def test_an_amendment_is_recomputed_and_audited_before_and_after(self):
        results_approve(pilot=self.pilot, actor=self.office)
        result, changed = result_amend(
            registration=self.regs[0],
            theory_score=D("40"),
            practical_score=D("70"),
            absent=False,
            reason="复核更正理论成绩",
            actor=self.office,
        )
        assert changed and result.total_score == D("55.00") and result.outcome == Outcome.FAIL
        event = AuditEvent.objects.get(action="result.amend")
        assert event.reason == "复核更正理论成绩" and event.actor == self.office
        assert event.before["theory_score"] == "80.00" and event.before["outcome"] == "pass"
        assert event.after["theory_score"] == "40.00" and event.after["outcome"] == "fail"


class PassRuleChangeTests(ExamTestCase):
    def test_changing_the_pass_rule_recomputes_the_recorded_results(self):
        results_grid_save(
            pilot=self.pilot,
            entries=[ResultEntry(registration=self.regs[0], theory_score=D("90"), practical_score=D("50"))],
        )
        assert Result.objects.get().outcome == Outcome.FAIL
        changed = results_pass_rule_set(
            pilot=self.pilot,
            pass_mark=D("60"),
            theory_weight=D("0.60"),
            both_parts_required=False,
            actor=self.office,
        )
        result = Result.objects.get()
        assert changed == 1 and result.total_score == D("74.00") and result.outcome == Outcome.PASS
        event = AuditEvent.objects.get(action="pilot.pass_rule")
        assert event.before["theory_weight"] == "0.50" and event.after["theory_weight"] == "0.60"

    def test_the_pass_rule_is_fixed_after_approval(self):
        results_approve(pilot=self.pilot, actor=self.office)
        with pytest.raises(ResultLockedError):
            results_pass_rule_set(
                pilot=self.pilot, pass_mark=D("50"), theory_weight=D("0.5"), both_parts_required=False
            )
        self.pilot.refresh_from_db()
        assert self.pilot.pass_mark == D("60.00")
