"""Results (成绩) wait for their exam session (考核场次) to end; the clock is mocked.

A candidate seated in a session that has not ended has no result yet, by any door; a candidate
with no seat (results imported from the national platform) has no session to wait for.
"""

import tempfile
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from onex.exams.models import ExamSession, Outcome, Result, Seat
from onex.exams.services import ResultEntry, result_record, results_grid_save
from onex.imports.services import results_import
from onex.imports.tests.files import write_xlsx
from testsupport.base import make_id_number

from .base import ExamTestCase, at

NOT_ENDED = "考核场次结束前不能录入成绩。"
DURING = at("2023-06-10", 10)  # the session runs 09:00-11:00
AFTER = at("2023-06-10", 11, 1)


def clock(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


class ResultDateTests(ExamTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.session = ExamSession.objects.create(
            pilot=cls.pilot, room=cls.room_a, starts_at=at("2023-06-10", 9), ends_at=at("2023-06-10", 11)
        )
        # regs[0] and regs[1] sit the session; regs[2] has no seat.
        Seat.objects.create(session=cls.session, registration=cls.regs[0], seat_number=1)
        Seat.objects.create(session=cls.session, registration=cls.regs[1], seat_number=2)

    def test_a_result_of_a_session_still_running_is_refused(self):
        with clock(DURING), pytest.raises(ValidationError) as caught:
            result_record(registration=self.regs[0], outcome=Outcome.PASS, total_score=Decimal("80"))
        assert caught.value.messages == [NOT_ENDED]
        assert not Result.objects.exists()

    def test_a_result_is_recorded_once_the_session_has_ended(self):
        with clock(AFTER):
            _result, changed = result_record(registration=self.regs[0], outcome=Outcome.PASS, total_score=Decimal("80"))
        assert changed

    def test_a_candidate_without_a_session_follows_only_the_clock_of_today(self):
        with clock(DURING):
            _result, changed = result_record(registration=self.regs[2], outcome=Outcome.FAIL, total_score=Decimal("40"))
        assert changed

    def test_the_grid_names_the_rows_of_a_running_session_and_writes_none(self):
        entries = [
            ResultEntry(registration=self.regs[2], theory_score=Decimal("80"), practical_score=Decimal("80")),
            ResultEntry(registration=self.regs[1], theory_score=Decimal("70"), practical_score=Decimal("70")),
        ]
        with clock(DURING), pytest.raises(ValidationError) as caught:
            results_grid_save(pilot=self.pilot, entries=entries, actor=self.office)
        assert caught.value.message_dict == {str(self.regs[1].pk): [NOT_ENDED]}
        assert not Result.objects.exists()

    def test_the_results_import_refuses_the_row_of_a_running_session(self):
        tmp = Path(tempfile.mkdtemp())
        path = write_xlsx(
            tmp / "r.xlsx",
            [
                [1, "学生0号", make_id_number(10), "", "", "80", "合格"],
                [2, "学生1号", make_id_number(11), "", "", "80", "合格"],
            ],
            headers=["序号", "姓名", "身份证号码", "理论成绩", "实操成绩", "总成绩", "考核结果"],
        )
        with clock(DURING):
            summary = results_import(path=path, institution=self.inst, pilot=self.pilot, errors_path=tmp / "e.xlsx")
        assert (summary.imported, summary.rejected) == (1, 1)
        assert list(Result.objects.values_list("registration_id", flat=True)) == [self.regs[2].pk]
