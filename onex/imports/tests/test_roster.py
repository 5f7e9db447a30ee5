import datetime as dt
import io
import json
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from onex.audit.models import AuditEvent
from onex.core import crypto
from onex.core.uploads import UnusableFileError
from onex.imports.services import roster_import
from onex.imports.tests.files import HEADERS, roster_row, write_csv, write_xlsx
from onex.org.models import IdType, Student
from onex.pilots.models import Registration
from testsupport.base import OneXTestCase, make_id_number


def sheet(path):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


class RosterCase(OneXTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())

    def run_import(self, rows, *, name="roster.xlsx", **kw):
        path = write_xlsx(
            self.tmp / name, rows, **{k: kw.pop(k) for k in ("title", "headers", "numeric_columns") if k in kw}
        )
        return roster_import(path=path, institution=self.inst, year=2023, errors_path=self.tmp / "errors.xlsx", **kw)

    def reason_of(self, summary, line=None):
        rows = sheet(summary.errors_file)
        body = rows[1:]
        if line is not None:
            body = [r for r in body if str(r[0]) == str(line)]
        return " ".join(str(r[-1]) for r in body)


class TestRosterImport(RosterCase):
    def test_new_students_and_registrations_are_created(self):
        summary = self.run_import([roster_row("李四", make_id_number(10), student_number="S100")])
        assert summary.as_dict() == {
            "rows": 1,
            "imported": 1,
            "updated": 0,
            "unchanged": 0,
            "rejected": 0,
            "errors_file": None,
            "warnings": 0,
        }
        student = Student.objects.get(institution=self.inst, id_number_hash=crypto.lookup_hash(make_id_number(10)))
        assert student.name == "李四"
        assert student.student_number == "S100"
        assert student.name_pinyin == "li3 si4"
        assert student.class_group == self.klass
        assert crypto.decrypt(student.id_number_cipher) == make_id_number(10)
        assert student.id_number_masked.startswith("440902") and "*" in student.id_number_masked
        reg = Registration.objects.get(pilot=self.pilot, student=student)
        assert reg.filed_on is None

    def test_importing_the_same_file_twice_changes_nothing(self):
        rows = [roster_row(f"学生{i}", make_id_number(20 + i)) for i in range(5)]
        self.run_import(rows)
        counts = (Student.objects.count(), Registration.objects.count())
        again = self.run_import(rows)
        assert (again.imported, again.updated, again.unchanged) == (0, 0, 5)
        assert (Student.objects.count(), Registration.objects.count()) == counts

    def test_an_existing_student_is_matched_by_id_number_and_updated(self):
        summary = self.run_import([roster_row("张三", make_id_number(1), phone="13912345678")])
        assert (summary.imported, summary.updated) == (0, 1)
        self.student_person.refresh_from_db()
        assert self.student_person.phone == "13912345678"
        assert Student.objects.filter(institution=self.inst).count() == 2

    def test_an_existing_registration_gets_its_filing_date_and_counts_as_updated(self):
        rows = [roster_row("张三", make_id_number(1), student_number="S001", filed_on="2023-04-01")]
        # Approved by the department and waiting to be filed: only such a sign-up may be filed.
        Registration.objects.filter(pk=self.registration.pk).update(filed_on=None, department_approved_on="2023-03-05")
        summary = self.run_import(rows)
        assert summary.updated == 1
        self.registration.refresh_from_db()
        assert self.registration.filed_on == dt.date(2023, 4, 1)

    def test_filing_date_comes_from_the_row_else_the_option_else_none(self):
        rows = [
            roster_row("甲", make_id_number(30), filed_on="2023/3/5"),
            roster_row("乙", make_id_number(31)),
        ]
        self.run_import(rows, filed_on=dt.date(2023, 3, 9))
        dates = dict(Registration.objects.filter(pilot=self.pilot).values_list("student__name", "filed_on"))
        assert dates["甲"] == dt.date(2023, 3, 5)
        assert dates["乙"] == dt.date(2023, 3, 9)

    def test_a_title_row_above_the_header_is_skipped(self):
        summary = self.run_import([roster_row("李四", make_id_number(10))], title="2024年1+X证书考生信息表")
        assert summary.imported == 1
        assert summary.header_row == 3

    def test_full_width_digits_spaces_and_a_lowercase_x_are_normalised(self):
        number = next(make_id_number(i) for i in range(100) if make_id_number(i).endswith("X"))
        fullwidth = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number[:-1]) + "x"
        typed = " " + fullwidth[:6] + " " + fullwidth[6:] + "　"
        summary = self.run_import([roster_row("李　四", typed, phone="１３８ ００１３ ８０００")])
        assert summary.imported == 1, self.reason_of(summary)
        student = Student.objects.get(id_number_hash=crypto.lookup_hash(number))
        assert crypto.decrypt(student.id_number_cipher) == number
        assert student.name == "李四"
        assert student.phone == "13800138000"

    def test_csv_in_gbk_and_utf8_with_bom_are_read(self):
        for encoding, n in (("gbk", 40), ("utf-8-sig", 41), ("utf-8", 42)):
            path = write_csv(self.tmp / f"{encoding}.csv", [roster_row("王小明", make_id_number(n))], encoding=encoding)
            summary = roster_import(path=path, institution=self.inst, year=2023)
            assert summary.imported == 1, encoding
        assert Student.objects.filter(name="王小明").count() == 3

    def test_invalid_rows_are_rejected_with_chinese_reasons_and_the_rest_imported(self):
        bad_checksum = make_id_number(50)[:-1] + ("1" if make_id_number(50)[-1] != "1" else "2")
        summary = self.run_import(
            [
                roster_row("好人", make_id_number(51)),
                roster_row("错号", bad_checksum),
                roster_row("", make_id_number(52)),
            ]
        )
        assert (summary.imported, summary.rejected) == (1, 2)
        assert "校验" in self.reason_of(summary, 3)
        assert "姓名" in self.reason_of(summary, 4)

    def test_the_error_workbook_keeps_the_original_row_its_number_and_highlights_the_bad_cell(self):
        bad = make_id_number(50)[:-1] + ("1" if make_id_number(50)[-1] != "1" else "2")
        summary = self.run_import([roster_row("好人", make_id_number(51)), roster_row("错号", bad)], title="名单")
        rows = sheet(summary.errors_file)
        assert "行号" in rows[0][0]
        assert rows[0][1:-1] == HEADERS
        assert rows[1][0] == "5"
        assert rows[1][1] == "错号" and rows[1][3] == bad
        with zipfile.ZipFile(summary.errors_file) as book:
            styles = book.read("xl/styles.xml").decode()
            cells = book.read("xl/worksheets/sheet1.xml").decode()
        assert "FFFECACA" in styles
        # The ID cell (column D of row 2) carries a different style from the name cell next to it.
        import re

        style_of = dict(re.findall(r'<c r="([A-Z]+2)" s="(\d+)"', cells))
        assert style_of["D2"] != style_of.get("B2")

    def test_an_id_number_that_excel_turned_into_a_number_is_explained(self):
        mangled = float(make_id_number(60))
        summary = self.run_import([roster_row("数字", mangled)], numeric_columns=[2])
        assert summary.rejected == 1
        reason = self.reason_of(summary)
        assert "文本" in reason and "Excel" in reason

    def test_an_id_number_whose_last_digits_became_zeros_is_explained(self):
        number = make_id_number(61)[:15] + "000"
        summary = self.run_import([roster_row("零尾", number)])
        assert "文本" in self.reason_of(summary)

    def test_an_id_number_in_scientific_notation_is_explained(self):
        summary = self.run_import([roster_row("科学", "4.40902200401019E+17")])
        assert "文本" in self.reason_of(summary)

    def test_an_impossible_birth_date_is_rejected(self):
        from stdnum.cn import ric

        body = "44090220040231910"
        summary = self.run_import([roster_row("二月", body + ric.calc_check_digit(body + "0"))])
        assert "出生日期" in self.reason_of(summary)

    def test_an_area_code_unknown_to_the_table_is_a_warning_not_a_refusal(self):
        number = make_id_number(62, area="440904")
        summary = self.run_import([roster_row("电白", number)])
        assert (summary.imported, summary.warning_count) == (1, 1)
        assert "440904" in summary.warnings[0]["message"]

    def test_gender_that_contradicts_the_id_number_is_rejected(self):
        number = make_id_number(63)
        wrong = "女" if int(number[16]) % 2 else "男"
        summary = self.run_import([roster_row("性别", number, gender=wrong)])
        assert summary.rejected == 1
        assert "性别" in self.reason_of(summary)

    def test_gender_is_taken_from_the_id_number_when_the_column_is_empty(self):
        number = make_id_number(64)
        self.run_import([roster_row("无性别", number)])
        expected = "M" if int(number[16]) % 2 else "F"
        assert Student.objects.get(name="无性别").gender == expected

    def test_a_phone_number_that_cannot_exist_is_rejected(self):
        summary = self.run_import([roster_row("电话", make_id_number(65), phone="12345")])
        assert "手机号" in self.reason_of(summary)

    def test_a_certificate_the_institution_does_not_pilot_that_year_is_rejected(self):
        summary = self.run_import(
            [
                roster_row("高级", make_id_number(66), level="高级"),
                roster_row("无证", make_id_number(67), certificate="不存在的证书"),
            ]
        )
        assert summary.rejected == 2
        assert "试点" in self.reason_of(summary, 2)
        assert "不存在的证书" in self.reason_of(summary, 3)

    def test_the_same_person_twice_in_the_file_is_rejected_the_second_time(self):
        summary = self.run_import([roster_row("重复", make_id_number(68)), roster_row("重复", make_id_number(68))])
        assert (summary.imported, summary.rejected) == (1, 1)
        assert "第 2 行" in self.reason_of(summary, 3)

    def test_rows_beyond_the_pilot_quota_are_rejected(self):
        self.pilot.quota = 3  # one registration exists already
        self.pilot.save()
        summary = self.run_import([roster_row(f"额{i}", make_id_number(70 + i)) for i in range(4)])
        assert (summary.imported, summary.rejected) == (2, 2)
        assert "名额" in self.reason_of(summary)

    def test_a_student_number_of_another_person_is_rejected(self):
        summary = self.run_import([roster_row("冒名", make_id_number(75), student_number="S001")])
        assert "学号" in self.reason_of(summary)

    def test_residence_permits_and_foreign_permanent_residence_cards_follow_their_own_rules(self):
        from stdnum.cn import ric

        hk = "81000020000101100"
        hk += ric.calc_check_digit(hk + "0")
        foreign_new = "93115620000101100"
        foreign_new += ric.calc_check_digit(foreign_new + "0")
        summary = self.run_import(
            [
                roster_row("陈港", hk, id_type="港澳台居民居住证"),
                roster_row("Smith John", foreign_new, id_type="外国人永久居留身份证"),
                roster_row("Old Card", "USA310001011234", id_type="外国人永久居留身份证"),
                roster_row("Wrong", "12345", id_type="外国人永久居留身份证"),
                roster_row("误填", hk, id_type="居民身份证"),
            ]
        )
        assert (summary.imported, summary.rejected) == (3, 2), self.reason_of(summary)
        assert Student.objects.get(name="陈港").id_type == IdType.HMT_RESIDENCE
        assert Student.objects.get(name="Old Card").id_type == IdType.FOREIGN_PERMANENT
        assert "港澳台居民居住证" in self.reason_of(summary, 6)

    def test_dry_run_checks_and_writes_nothing(self):
        before = (Student.objects.count(), Registration.objects.count(), AuditEvent.objects.count())
        summary = self.run_import([roster_row("试跑", make_id_number(80))], dry_run=True)
        assert summary.imported == 1
        assert (Student.objects.count(), Registration.objects.count(), AuditEvent.objects.count()) == before

    def test_a_failure_halfway_through_the_writes_leaves_the_database_unchanged(self):
        before = (Student.objects.count(), Registration.objects.count())

        def crash(phase, done, total):
            if done > 0:
                assert Student.objects.count() > before[0]  # the rows are written, not yet committed
                raise RuntimeError("power cut")

        with pytest.raises(RuntimeError):
            self.run_import([roster_row(f"断{i}", make_id_number(81 + i)) for i in range(3)], progress=crash)
        assert (Student.objects.count(), Registration.objects.count()) == before

    def test_an_import_is_recorded_in_the_audit_trail(self):
        self.run_import([roster_row("审计", make_id_number(85))], actor=self.office)
        event = AuditEvent.objects.get(action="registration.import")
        assert event.actor == self.office and event.after["imported"] == 1


class TestUnusableFiles(RosterCase):
    def assert_refused(self, path, name, words):
        with pytest.raises(UnusableFileError) as info:
            roster_import(path=path, original_name=name, institution=self.inst, year=2023)
        for word in words:
            assert word in str(info.value)

    def test_a_file_whose_signature_contradicts_its_extension_is_refused(self):
        path = write_csv(self.tmp / "x.csv", [roster_row("a", make_id_number(1))], encoding="utf-8")
        self.assert_refused(path, "roster.xlsx", ["xlsx"])
        xlsx = write_xlsx(self.tmp / "y.xlsx", [roster_row("a", make_id_number(1))])
        self.assert_refused(xlsx, "roster.csv", ["CSV"])
        self.assert_refused(xlsx, "roster.xls", ["xls"])

    def test_a_zip_bomb_is_refused_before_parsing(self):
        path = self.tmp / "bomb.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("xl/workbook.xml", "<workbook/>")
            z.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
        self.assert_refused(path, "bomb.xlsx", ["炸弹"])

    def test_an_xml_entity_declaration_is_refused(self):
        path = self.tmp / "entities.xlsx"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("xl/workbook.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><workbook/>')
        self.assert_refused(path, "entities.xlsx", ["XML"])

    def test_too_many_sheets_are_refused(self):
        import xlsxwriter

        path = self.tmp / "sheets.xlsx"
        book = xlsxwriter.Workbook(str(path))
        for i in range(60):
            book.add_worksheet(f"s{i}")
        book.close()
        self.assert_refused(path, "sheets.xlsx", ["60"])

    def test_an_oversized_file_is_refused(self):
        path = write_xlsx(self.tmp / "big.xlsx", [roster_row("a", make_id_number(1))])
        with self.settings(ONEX_MAX_UPLOAD_BYTES=1024):
            self.assert_refused(path, "big.xlsx", ["MB"])

    def test_a_file_without_a_recognisable_header_is_refused(self):
        path = write_xlsx(self.tmp / "noheader.xlsx", [["a", "b"]], headers=["甲", "乙"])
        self.assert_refused(path, "noheader.xlsx", ["表头"])

    def test_a_header_without_a_required_column_is_refused_naming_it(self):
        path = write_xlsx(self.tmp / "partial.xlsx", [["a", "b"]], headers=["姓名", "证件号码", "证书名称"])
        self.assert_refused(path, "partial.xlsx", ["等级"])

    def test_a_text_file_that_is_not_a_spreadsheet_is_refused(self):
        path = self.tmp / "notes.xlsx"
        path.write_text("hello")
        self.assert_refused(path, "notes.xlsx", ["xlsx"])


class TestImportRosterCommand(RosterCase):
    def call(self, *args):
        out, err = io.StringIO(), io.StringIO()
        code = 0
        try:
            call_command("import_roster", *args, stdout=out, stderr=err)
        except SystemExit as exc:
            code = exc.code
        return code, out.getvalue(), err.getvalue()

    def test_the_command_prints_one_json_object_and_exits_zero_with_rejected_rows(self):
        path = write_xlsx(self.tmp / "cmd.xlsx", [roster_row("命令", make_id_number(90)), roster_row("坏", "123")])
        errors = self.tmp / "out.xlsx"
        code, out, _err = self.call(str(path), "--institution", "AAA", "--year", "2023", "--errors", str(errors))
        assert code == 0
        data = json.loads(out)
        assert {k: data[k] for k in ("rows", "imported", "updated", "unchanged", "rejected")} == {
            "rows": 2,
            "imported": 1,
            "updated": 0,
            "unchanged": 0,
            "rejected": 1,
        }
        assert data["errors_file"] == str(errors) and errors.exists()

    def test_the_command_exits_two_with_a_chinese_message_for_an_unusable_file(self):
        path = self.tmp / "fake.xlsx"
        path.write_text("not a workbook")
        code, out, err = self.call(str(path), "--institution", "AAA", "--year", "2023")
        assert code == 2
        assert out == ""
        assert "工作簿" in err

    def test_the_command_dry_run_writes_nothing(self):
        path = write_xlsx(self.tmp / "dry.xlsx", [roster_row("干跑", make_id_number(91))])
        code, out, _err = self.call(str(path), "--institution", "AAA", "--year", "2023", "--dry-run")
        assert code == 0 and json.loads(out)["imported"] == 1
        assert not Student.objects.filter(name="干跑").exists()

    def test_the_command_never_shows_an_id_number(self):
        number = make_id_number(92)
        bad = number[:-1] + ("1" if number[-1] != "1" else "2")
        path = write_xlsx(self.tmp / "secret.xlsx", [roster_row("保密", bad)])
        _code, out, err = self.call(str(path), "--institution", "AAA", "--year", "2023")
        assert bad not in out + err
