import io
import json
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from onex.audit.models import AuditEvent
from onex.credentials.models import IssuedCertificate
from onex.exams.models import Outcome, Result
from onex.exams.services import ResultLockedError, result_record, results_approve
from onex.imports.services import results_import
from onex.imports.tests.files import write_xlsx
from onex.org import services as org
from onex.pilots.services import registration_create
from testsupport.base import OneXTestCase, make_id_number

HEADERS = ["序号", "姓名", "身份证号码", "理论成绩", "实操成绩", "总成绩", "考核结果", "证书编号"]


class ResultsCase(OneXTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.li = org.student_create(institution=self.inst, name="李四", id_number=make_id_number(40))
        self.reg_li = registration_create(pilot=self.pilot, student=self.li)

    def run_import(self, rows, **kw):
        path = write_xlsx(self.tmp / "results.xlsx", rows, headers=HEADERS, title="考核结果")
        return results_import(
            path=path, institution=self.inst, pilot=self.pilot, errors_path=self.tmp / "err.xlsx", **kw
        )

    def rows(self):
        return [
            [1, "张三", make_id_number(1), "85", "90", "87.5", "合格", "ZS-0001"],
            [2, "李四", make_id_number(40), "缺考", "缺考", "", "缺考", ""],
        ]


class TestResultsImport(ResultsCase):
    def test_results_and_certificates_are_recorded(self):
        summary = self.run_import(self.rows())
        assert (summary.imported, summary.certificates, summary.rejected) == (2, 1, 0)
        result = Result.objects.get(registration=self.registration)
        assert result.outcome == Outcome.PASS and result.total_score == Decimal("87.50")
        assert Result.objects.get(registration=self.reg_li).outcome == Outcome.ABSENT
        cert = IssuedCertificate.objects.get(registration=self.registration)
        assert cert.number == "ZS-0001" and len(cert.verify_code) == 20

    def test_importing_the_results_twice_changes_nothing(self):
        self.run_import(self.rows())
        again = self.run_import(self.rows())
        assert (again.imported, again.updated, again.unchanged, again.certificates) == (0, 0, 2, 0)
        assert IssuedCertificate.objects.count() == 1

    def test_pass_and_fail_words_of_both_styles_are_understood(self):
        rows = self.rows()
        rows[0][3:8] = ["50", "90", "70", "未通过", ""]
        rows[1] = [2, "李四", make_id_number(40), "70", "65", "", "通过", ""]
        self.run_import(rows)
        assert Result.objects.get(registration=self.registration).outcome == Outcome.FAIL
        li = Result.objects.get(registration=self.reg_li)
        assert li.outcome == Outcome.PASS and li.total_score == Decimal("67.50")

    def test_candidates_that_match_no_registration_are_reported_masked(self):
        stranger = make_id_number(77)
        summary = self.run_import([[1, "陌生人", stranger, "80", "80", "80", "合格", ""]])
        assert summary.unmatched == [
            {"row": 4, "name": "陌生人", "id_number": stranger[:6] + "********" + stranger[-4:]}
        ]
        assert not Result.objects.exists()

    def test_an_approved_result_is_not_overwritten(self):
        self.run_import(self.rows())
        results_approve(pilot=self.pilot, actor=self.office)
        rows = self.rows()
        rows[0][3:7] = ["40", "60", "50", "不合格"]
        summary = self.run_import(rows)
        assert summary.locked == 1
        assert Result.objects.get(registration=self.registration).outcome == Outcome.PASS

    def test_an_approved_result_is_amended_with_a_reason_and_audited(self):
        self.run_import(self.rows())
        results_approve(pilot=self.pilot, actor=self.office)
        rows = self.rows()
        rows[0][3:8] = ["85", "50", "67.5", "不合格", ""]
        summary = self.run_import(rows, amend=True, reason="评价组织更正", actor=self.office)
        assert summary.updated == 1
        assert Result.objects.get(registration=self.registration).outcome == Outcome.FAIL
        event = AuditEvent.objects.get(action="result.amend")
        assert event.reason == "评价组织更正" and event.before["outcome"] == "pass"

    def test_a_score_out_of_range_is_rejected_in_chinese(self):
        rows = self.rows()
        rows[0][3] = "120"
        summary = self.run_import(rows)
        assert summary.rejected == 1

    def test_a_failure_in_the_middle_leaves_no_result(self):
        rows = self.rows()

        def crash(phase, done, total):
            if done >= 1:
                raise RuntimeError("power cut")

        rows.append([3, "张三", make_id_number(1), "60", "60", "60", "合格", ""])
        with pytest.raises(RuntimeError):
            # progress is called every 500 rows; make it fire on the first row after the writes started
            results_import(
                path=write_xlsx(self.tmp / "r.xlsx", rows * 300, headers=HEADERS),
                institution=self.inst,
                pilot=self.pilot,
                progress=crash,
            )
        assert not Result.objects.exists() and not IssuedCertificate.objects.exists()


class TestResultServices(ResultsCase):
    def test_amending_an_approved_result_needs_amend_and_a_reason(self):
        result_record(registration=self.registration, outcome=Outcome.PASS, total_score=Decimal("80"))
        results_approve(pilot=self.pilot, actor=self.office)
        with pytest.raises(ResultLockedError):
            result_record(registration=self.registration, outcome=Outcome.FAIL, total_score=Decimal("40"))
        with pytest.raises(ValidationError):
            result_record(registration=self.registration, outcome=Outcome.FAIL, amend=True, reason=" ")
        _result, changed = result_record(
            registration=self.registration, outcome=Outcome.FAIL, total_score=Decimal("40"), amend=True, reason="复核"
        )
        assert changed

    def test_approval_stamps_the_pilot_and_its_results(self):
        result_record(registration=self.registration, outcome=Outcome.PASS, total_score=Decimal("80"))
        assert results_approve(pilot=self.pilot, actor=self.office) == 1
        self.pilot.refresh_from_db()
        assert self.pilot.results_approved_at is not None and self.pilot.results_approved_by == self.office
        assert Result.objects.get(registration=self.registration).approved_at == self.pilot.results_approved_at


class TestImportResultsCommand(ResultsCase):
    def call(self, *args):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("import_results", *args, stdout=out, stderr=err)
        except SystemExit as exc:
            return exc.code, out.getvalue(), err.getvalue()
        return 0, out.getvalue(), err.getvalue()

    def test_the_command_prints_json(self):
        path = write_xlsx(self.tmp / "c.xlsx", self.rows(), headers=HEADERS)
        code, out, _ = self.call(
            str(path), "--institution", "AAA", "--year", "2023", "--certificate", "测试证书", "--level", "中级"
        )
        assert code == 0
        assert json.loads(out)["imported"] == 2

    def test_the_command_exits_two_on_an_unusable_file(self):
        path = self.tmp / "x.xlsx"
        path.write_bytes(b"\x00\x01garbage")
        code, _out, err = self.call(
            str(path), "--institution", "AAA", "--year", "2023", "--certificate", "测试证书", "--level", "中级"
        )
        assert code == 2 and "xlsx" in err
