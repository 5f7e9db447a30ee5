"""The results import judges scores by the pilot's pass rule, the one the results grid uses."""

from decimal import Decimal

from python_calamine import CalamineWorkbook

from onex.exams.models import Outcome, Result
from onex.exams.services import result_compute
from onex.imports.tests.test_results import ResultsCase
from onex.org import services as org
from onex.pilots.services import registration_create
from testsupport.base import make_id_number

D = Decimal


def reasons(summary):
    rows = CalamineWorkbook.from_path(summary.errors_file).get_sheet_by_index(0).to_python()
    return {int(row[0]): str(row[-1]) for row in rows[1:]}


class PilotRuleCase(ResultsCase):
    def setUp(self):
        super().setUp()
        self.wang = org.student_create(institution=self.inst, name="王五", id_number=make_id_number(41))
        self.zhao = org.student_create(institution=self.inst, name="赵六", id_number=make_id_number(42))
        self.reg_wang = registration_create(pilot=self.pilot, student=self.wang)
        self.reg_zhao = registration_create(pilot=self.pilot, student=self.zhao)
        self.set_rule(theory_weight=D("0.40"), both_parts_required=True)

    def set_rule(self, **rule):
        for name, value in rule.items():
            setattr(self.pilot, name, value)
        self.pilot.save(update_fields=list(rule))

    def result(self, registration):
        return Result.objects.get(registration=registration)


class TestTheImportAppliesThePilotsRule(PilotRuleCase):
    def test_a_pilot_weighing_theory_at_0_4_with_both_parts_required_gets_the_outcomes_result_compute_gives(self):
        rows = [
            [1, "张三", make_id_number(1), "90", "55", "", "", ""],  # a good total, a weak part
            [2, "李四", make_id_number(40), "67", "61", "63", "", ""],  # the file rounds its total
            [3, "王五", make_id_number(41), "60", "60", "59.5", "合格", ""],
            [4, "赵六", make_id_number(42), "55", "90", "", "不合格", ""],
        ]
        summary = self.run_import(rows)
        assert (summary.imported, summary.rejected) == (4, 0)
        for registration, row in zip((self.registration, self.reg_li, self.reg_wang, self.reg_zhao), rows, strict=True):
            expected = result_compute(pilot=self.pilot, theory_score=D(row[3]), practical_score=D(row[4]), absent=False)
            stored = self.result(registration)
            assert (stored.total_score, stored.outcome) == (expected.total_score, expected.outcome), row
        assert self.result(self.registration).outcome == Outcome.FAIL
        assert self.result(self.reg_li).total_score == D("63.40")
        assert self.result(self.reg_wang).total_score == D("60.00")

    def test_a_part_of_weight_zero_is_not_needed(self):
        self.set_rule(theory_weight=D("0"))
        summary = self.run_import([[1, "张三", make_id_number(1), "", "65", "", "", ""]])
        assert summary.rejected == 0
        result = self.result(self.registration)
        assert (result.total_score, result.outcome) == (D("65.00"), Outcome.PASS)

    def test_it_rejects_a_row_missing_a_part_the_pilot_counts(self):
        summary = self.run_import([[1, "张三", make_id_number(1), "80", "", "80", "合格", ""]])
        assert summary.rejected == 1
        assert reasons(summary)[4].startswith("实操成绩：")
        assert not Result.objects.exists()


class TestAStatedOutcome(PilotRuleCase):
    def test_it_rejects_a_stated_outcome_the_scores_contradict_and_says_why_in_chinese(self):
        rows = [
            [1, "张三", make_id_number(1), "90", "55", "69", "合格", "ZS-0001"],
            [2, "李四", make_id_number(40), "70", "65", "67", "合格", ""],
        ]
        summary = self.run_import(rows)
        assert (summary.imported, summary.rejected, summary.certificates) == (1, 1, 0)
        reason = reasons(summary)[4]
        assert reason.startswith("考核结果：")
        assert "“通过”" in reason and "“不通过”" in reason and "合格分数线" in reason and "权重" in reason
        assert not Result.objects.filter(registration=self.registration).exists()
        assert self.result(self.reg_li).outcome == Outcome.PASS

    def test_it_rejects_a_total_a_point_or_more_from_the_weighted_one(self):
        # theory and practical weighed equally, as the pilot does not
        summary = self.run_import([[1, "张三", make_id_number(1), "90", "60", "75", "合格", ""]])
        assert summary.rejected == 1
        reason = reasons(summary)[4]
        assert reason.startswith("总成绩：") and "72.00" in reason and "0.40" in reason

    def test_it_accepts_an_outcome_stated_without_scores(self):
        summary = self.run_import([[1, "张三", make_id_number(1), "", "", "", "合格", ""]])
        assert (summary.imported, summary.rejected) == (1, 0)
        result = self.result(self.registration)
        assert result.outcome == Outcome.PASS and result.total_score is None

    def test_with_a_total_alone_it_accepts_a_stated_outcome_the_total_allows(self):
        rows = [
            [1, "张三", make_id_number(1), "", "", "75", "不合格", ""],  # a part may have failed
            [2, "李四", make_id_number(40), "", "", "75", "合格", ""],
        ]
        summary = self.run_import(rows)
        assert summary.rejected == 0
        assert self.result(self.registration).outcome == Outcome.FAIL
        assert (self.result(self.reg_li).outcome, self.result(self.reg_li).total_score) == (Outcome.PASS, D("75.00"))

    def test_with_a_total_alone_it_rejects_a_pass_below_the_pass_mark(self):
        summary = self.run_import([[1, "张三", make_id_number(1), "", "", "58", "合格", ""]])
        assert summary.rejected == 1 and reasons(summary)[4].startswith("考核结果：")

    def test_with_a_total_alone_and_no_outcome_it_decides_only_what_the_total_shows(self):
        rows = [
            [1, "张三", make_id_number(1), "", "", "58", "", ""],
            [2, "李四", make_id_number(40), "", "", "75", "", ""],
        ]
        summary = self.run_import(rows)
        assert self.result(self.registration).outcome == Outcome.FAIL
        assert summary.rejected == 1 and "理论成绩" in reasons(summary)[5]
        self.set_rule(both_parts_required=False)
        summary = self.run_import(rows)
        assert summary.rejected == 0 and self.result(self.reg_li).outcome == Outcome.PASS
