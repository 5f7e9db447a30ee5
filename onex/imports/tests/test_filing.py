"""Filing (备案) held at every door: the service, the roster import and the national platform's export.

Only a sign-up the department approved (系部审核通过) is filed or reported; a pending one or one
the department turned down (驳回) never is.
"""

import datetime as dt
import io
import json
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from onex.imports.services import roster_export, roster_import
from onex.imports.tests.files import roster_row, write_xlsx
from onex.org import services as org
from onex.pilots.models import Registration
from onex.pilots.services import registration_approve, registration_file, registration_reject
from testsupport.base import OneXTestCase, make_id_number

PENDING = "系部尚未审核通过该报名，只有审核通过的报名才能备案。"
REJECTED = "系部已驳回该报名，被驳回的报名不能备案。"


class FilingCase(OneXTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())

    def sign_up(self, name, n, *, phone=""):
        student = org.student_create(
            institution=self.inst, name=name, id_number=make_id_number(n), class_group=self.klass, phone=phone
        )
        return Registration.objects.create(pilot=self.pilot, student=student, applied_on=dt.date(2023, 3, 1))


class TestTheFilingService(FilingCase):
    def test_it_refuses_to_file_a_sign_up_the_department_has_not_approved(self):
        reg = self.sign_up("待审", 60)
        with pytest.raises(ValidationError) as caught:
            registration_file(registration=reg, filed_on=dt.date(2023, 3, 9), actor=self.office)
        assert caught.value.messages == [PENDING]
        reg.refresh_from_db()
        assert reg.filed_on is None

    def test_it_refuses_to_file_a_rejected_registration(self):
        reg = self.sign_up("驳回", 61)
        registration_reject(registration=reg, reason="不符合条件", actor=self.coordinator)
        with pytest.raises(ValidationError) as caught:
            registration_file(registration=reg, filed_on=dt.date(2023, 3, 9), actor=self.office)
        assert caught.value.messages == [REJECTED]
        reg.refresh_from_db()
        assert reg.filed_on is None

    def test_it_decides_on_the_stored_state_not_on_the_callers_copy(self):
        reg = self.sign_up("过期", 62)
        stale = Registration.objects.get(pk=reg.pk)
        stale.department_approved_on = dt.date(2023, 3, 2)  # never saved
        with pytest.raises(ValidationError) as caught:
            registration_file(registration=stale, filed_on=dt.date(2023, 3, 9), actor=self.office)
        assert caught.value.messages == [PENDING]

    def test_an_approved_sign_up_is_filed(self):
        reg = self.sign_up("通过", 63)
        registration_approve(registration=reg, actor=self.coordinator)
        registration_file(registration=reg, filed_on=dt.date(2023, 3, 9), actor=self.office)
        reg.refresh_from_db()
        assert reg.filed_on == dt.date(2023, 3, 9)


class TestTheRosterImportFilesOnlyApprovedSignUps(FilingCase):
    def call(self, *args):
        out = io.StringIO()
        call_command("import_roster", *args, stdout=out, stderr=io.StringIO())
        return json.loads(out.getvalue())

    def reasons(self, errors_file):
        rows = CalamineWorkbook.from_path(str(errors_file)).get_sheet_by_index(0).to_python()
        return {int(float(r[0])): str(r[-1]) for r in rows[1:]}

    def test_the_command_with_filed_on_refuses_pending_and_rejected_rows_and_changes_nothing_for_them(self):
        pending = self.sign_up("待审", 70, phone="13800000070")
        rejected = self.sign_up("驳回", 71, phone="13800000071")
        registration_reject(registration=rejected, reason="不符合条件", actor=self.coordinator)
        approved = self.sign_up("通过", 72, phone="13800000072")
        registration_approve(registration=approved, actor=self.coordinator)
        rows = [
            roster_row("待审", make_id_number(70), phone="13900000070"),
            roster_row("驳回", make_id_number(71), phone="13900000071"),
            roster_row("通过", make_id_number(72), phone="13900000072"),
        ]
        path = write_xlsx(self.tmp / "filed.xlsx", rows)
        errors = self.tmp / "errors.xlsx"
        data = self.call(
            str(path), "--institution", "AAA", "--year", "2023", "--filed-on", "2023-03-20", "--errors", str(errors)
        )
        assert (data["rejected"], data["updated"], data["imported"]) == (2, 1, 0)
        reasons = self.reasons(errors)
        assert sorted(reasons) == [2, 3]
        assert PENDING in reasons[2] and REJECTED in reasons[3]
        for reg in (pending, rejected, approved):
            reg.refresh_from_db()
            reg.student.refresh_from_db()
        assert (pending.filed_on, pending.student.phone) == (None, "13800000070")
        assert (rejected.filed_on, rejected.student.phone) == (None, "13800000071")
        assert (approved.filed_on, approved.student.phone) == (dt.date(2023, 3, 20), "13900000072")

    def test_a_filing_date_in_the_row_is_refused_for_a_pending_sign_up_through_the_import_service(self):
        pending = self.sign_up("待审", 73)
        path = write_xlsx(self.tmp / "row.xlsx", [roster_row("待审", make_id_number(73), filed_on="2023-03-20")])
        summary = roster_import(path=path, institution=self.inst, year=2023, errors_path=self.tmp / "e.xlsx")
        assert summary.rejected == 1
        assert PENDING in self.reasons(summary.errors_file)[2]
        pending.refresh_from_db()
        assert pending.filed_on is None

    def test_a_row_without_a_filing_date_still_updates_a_pending_sign_ups_student(self):
        pending = self.sign_up("待审", 74, phone="13800000074")
        path = write_xlsx(self.tmp / "plain.xlsx", [roster_row("待审", make_id_number(74), phone="13900000074")])
        summary = roster_import(path=path, institution=self.inst, year=2023)
        assert (summary.rejected, summary.updated) == (0, 1)
        pending.refresh_from_db()
        pending.student.refresh_from_db()
        assert (pending.filed_on, pending.student.phone) == (None, "13900000074")

    def test_a_new_registration_from_the_platform_is_created_filed(self):
        path = write_xlsx(self.tmp / "new.xlsx", [roster_row("新人", make_id_number(75), filed_on="2023-03-20")])
        summary = roster_import(path=path, institution=self.inst, year=2023)
        assert (summary.rejected, summary.imported) == (0, 1)
        assert Registration.objects.get(student__name="新人").filed_on == dt.date(2023, 3, 20)


class TestTheExportListsOnlyApprovedOrFiledSignUps(FilingCase):
    def test_pending_and_rejected_sign_ups_are_left_out_of_the_export(self):
        self.sign_up("待审", 80)
        rejected = self.sign_up("驳回", 81)
        registration_reject(registration=rejected, reason="不符合条件", actor=self.coordinator)
        approved = self.sign_up("通过", 82)
        registration_approve(registration=approved, actor=self.coordinator)
        out = self.tmp / "export.xlsx"
        count = roster_export(institution=self.inst, year=2023, target=str(out), actor=self.office)
        rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
        # 张三 of the base case is filed; 通过 is approved and waits to be filed.
        assert sorted(r[0] for r in rows[1:]) == sorted(["张三", "通过"])
        assert count == 2
